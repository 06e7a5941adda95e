// The scheduling-policy interface: policies see processes and scheduling events, never registers or memory.

/** What a policy may know about a process. */
export interface Schedulable {
  readonly pid: number;
  /** -20 (most favoured) … 19, set by the nice system call. */
  readonly nice: number;
  /** Lottery/stride share, set by settickets (default 100). */
  readonly tickets: number;
}

/** Why a process joins the ready set. */
export type ReadyReason = 'new' | 'wake' | 'preempt' | 'yield';

export interface Policy {
  /** The timer's quantum for this dispatch of p; Infinity for no preemption. */
  quantum(p: Schedulable): number;
  /** p became ready at tick now. */
  ready(p: Schedulable, why: ReadyReason, now: number): void;
  /** Remove and return the process to dispatch at tick now, or null if none is ready. */
  pick(now: number): Schedulable | null;
  /** p left the ready set other than by pick (killed or stopped while ready). */
  remove(p: Schedulable): void;
  /** p ran for ticks of its current dispatch, which ended at tick now (it may go on running). */
  ran(p: Schedulable, ticks: number, now: number): void;
  /** p's nice value or tickets changed. */
  changed(p: Schedulable): void;
  /** p has exited: forget it. */
  exited(p: Schedulable): void;
}

export interface PolicyOptions {
  quantum: number;
  seed: number;
  /** The policy's own knobs (see PolicyModule.knobs), defaults filled in. */
  knobs: Readonly<Record<string, number>>;
}

/** A policy as the registry and the command line know it. */
export interface PolicyModule {
  describe: string;
  /** Options of this policy only, offered on the command line as --NAME (e.g. --mlfq-levels). */
  knobs?: Readonly<Record<string, { describe: string; default: number }>>;
  create(options: PolicyOptions): Policy;
}
