// The scheduling-policy interface: policies see processes and scheduling events, never registers or memory.

/** What a policy may know about a process. */
export interface Schedulable {
  readonly pid: number;
  readonly nice: number;
  readonly tickets: number;
}

/** Why a process joins the ready set. */
export type ReadyReason = 'new' | 'wake' | 'preempt' | 'yield';

export interface Policy {
  /** The timer's quantum for this dispatch of p; Infinity for no preemption. */
  quantum(p: Schedulable): number;
  /** p became ready. */
  ready(p: Schedulable, why: ReadyReason): void;
  /** Remove and return the process to dispatch next, or null if none is ready. */
  pick(): Schedulable | null;
  /** p left the ready set other than by pick (killed or stopped while ready). */
  remove(p: Schedulable): void;
  /** p ran for ticks during its last dispatch. */
  ran(p: Schedulable, ticks: number): void;
}

export interface PolicyOptions {
  quantum: number;
  seed: number;
}

export type PolicyFactory = (options: PolicyOptions) => Policy;
