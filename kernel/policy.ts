// The scheduling-policy interface: policies see processes and scheduling events, never registers or memory.

/** What a policy may know about a process. */
export interface Schedulable {
  readonly pid: number;
  /** -20 (most favoured) … 19, set by the nice system call or a workload's `nice=`. */
  readonly nice: number;
  /** Lottery/stride share, set by settickets or a workload's `tickets=` (default 100). */
  readonly tickets: number;
  /** Declared CPU ticks (workload `length=`), for sjf and stcf; Infinity when not declared. */
  readonly length: number;
}

/**
 * Why a process joins the ready set: created ('new'), its wait ended ('wake': a child, a pipe, input;
 * 'io': its sleep or simulated I/O), the timer took the CPU ('preempt'), another process that became
 * ready took it ('displaced'), or it gave it up ('yield').
 */
export type ReadyReason = 'new' | 'wake' | 'io' | 'preempt' | 'displaced' | 'yield';

/**
 * A policy decides three things and nothing else (docs/KERNEL.md): which ready process runs next, the slice
 * it gets, and whether a process that has just become ready preempts the running one.
 */
export interface Policy {
  /** The slice, in ticks of running, for this dispatch of p; Infinity for no preemption. */
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
  /**
   * Whether p, which became ready at this tick boundary, takes the CPU from running. Absent: never
   * (fifo and rr without --wake-preempts).
   */
  preempts?(p: Schedulable, running: Schedulable, now: number): boolean;
  /** The next tick at which the policy must act on its own (mlfq's boost); Infinity if none. */
  nextEvent?(now: number): number;
  /**
   * Called at that tick, before any decision there (running: the process on the CPU, null if it blocked,
   * stopped or exited in its last tick); true if the running process must leave the CPU now.
   */
  event?(now: number, running: Schedulable | null): boolean;
  /**
   * What the last pick drew, for the trace's `draw` event (lottery); null if it drew nothing. Asked after
   * each pick, so that a policy reports its randomness without seeing the kernel.
   */
  drawn?(): Draw | null;
}

/** One lottery draw: ticket `ticket` of `total` (counted in pid order) won; `random` is the number drawn, ticket = random mod total. */
export interface Draw {
  winner: number;
  ticket: number;
  total: number;
  random: number;
}

/** A knob's value: a whole number, a list of them, or a switch. */
export type KnobValue = number | boolean | readonly number[];

export interface PolicyOptions {
  quantum: number;
  seed: number;
  /** The policy's own knobs (see PolicyModule.knobs), defaults filled in and checked. */
  knobs: Readonly<Record<string, KnobValue>>;
}

/** A policy's own option, offered on the command line as --NAME (e.g. --mlfq-levels). */
export interface Knob {
  describe: string;
  /**
   * A whole number, a comma list of them ('list': "10,20,40", or one number meaning every entry), or a
   * switch given without a value ('flag').
   */
  type: 'int' | 'list' | 'flag';
  default: KnobValue;
  min?: number;
  max?: number;
}

/** A policy as the registry and the command line know it. */
export interface PolicyModule {
  describe: string;
  knobs?: Readonly<Record<string, Knob>>;
  /** Checks that involve several knobs at once: a one-line complaint, or null. */
  check?(knobs: Readonly<Record<string, KnobValue>>): string | null;
  create(options: PolicyOptions): Policy;
}
