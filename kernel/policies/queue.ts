// One FIFO ready queue: the mechanism shared by the fifo and rr policies (docs/KERNEL.md), with their knobs.
import type { Knob, Policy, ReadyReason, Schedulable } from '../policy.js';

/** A ring buffer of processes: taking the head is O(1) however many wait (Array.shift is O(n)). */
export class Ring {
  private ring: (Schedulable | null)[] = new Array(16).fill(null);
  private head = 0;
  size = 0;

  private grow(): void {
    if (this.size < this.ring.length) return;
    this.ring = Array.from({ length: 2 * this.size }, (_, k) => (k < this.size ? this.ring[(this.head + k) % this.size] : null));
    this.head = 0;
  }

  push(p: Schedulable): void {
    this.grow();
    this.ring[(this.head + this.size++) % this.ring.length] = p;
  }

  unshift(p: Schedulable): void {
    this.grow();
    this.head = (this.head + this.ring.length - 1) % this.ring.length;
    this.ring[this.head] = p;
    this.size++;
  }

  shift(): Schedulable | null {
    if (this.size === 0) return null;
    const p = this.ring[this.head];
    this.ring[this.head] = null;
    this.head = (this.head + 1) % this.ring.length;
    this.size--;
    return p;
  }

  /** Rare (a ready process stopped or killed): close the gap, keeping the order. */
  remove(p: Schedulable): void {
    const n = this.ring.length;
    let k = 0;
    while (k < this.size && this.ring[(this.head + k) % n] !== p) k++;
    if (k === this.size) return;
    for (; k < this.size - 1; k++) this.ring[(this.head + k) % n] = this.ring[(this.head + k + 1) % n];
    this.ring[(this.head + this.size - 1) % n] = null;
    this.size--;
  }
}

/** fifo's and rr's knob: process-run.py's -I IO_RUN_IMMEDIATE. */
export const WAKE_PREEMPTS: Knob = {
  describe: 'a process whose sleep or I/O ends preempts the running one and runs at once (process-run.py -I IO_RUN_IMMEDIATE)',
  type: 'flag',
  default: false,
};

/** fifo's knob: process-run.py's -S SWITCH_ON_END. */
export const SWITCH_ON_END: Knob = {
  describe: 'the CPU waits, idle, while the process that had it is blocked: it switches only when that process ends (process-run.py -S SWITCH_ON_END)',
  type: 'flag',
  default: false,
};

export interface QueueRules {
  /** The slice of every dispatch; Infinity for none. */
  slice: number;
  wakePreempts?: boolean;
  switchOnEnd?: boolean;
}

/**
 * fifo and rr: a process that becomes ready joins the tail and the head is dispatched. With wakePreempts one
 * whose sleep or I/O ended joins the head instead and preempts, and the process it displaced comes right
 * after it; with switchOnEnd the CPU stays with the process it was given to until that process exits (or
 * yields), idle while it is blocked.
 */
export class ReadyQueue implements Policy {
  private readonly queue = new Ring();
  /** Processes whose sleep or I/O ended at tick `wokeAt` (they preempt under wakePreempts). */
  private readonly woken = new Set<number>();
  private wokeAt = -1;
  /** Under switchOnEnd: the process the CPU is held for, and whether it is ready again. */
  private holder: Schedulable | null = null;
  private holderReady = false;

  constructor(private readonly rules: QueueRules) {}

  quantum(): number {
    return this.rules.slice;
  }

  ready(p: Schedulable, why: ReadyReason, now: number): void {
    if (this.rules.switchOnEnd && p === this.holder) {
      if (why !== 'yield') {
        this.holderReady = true;
        return;
      }
      this.holder = null;
    }
    if (why === 'io' && this.rules.wakePreempts) {
      if (this.wokeAt !== now) this.woken.clear();
      this.wokeAt = now;
      this.woken.add(p.pid);
      this.queue.unshift(p);
    } else if (why === 'displaced') {
      // It had not finished its turn: it resumes as soon as the process that took the CPU gives it up.
      const taker = this.queue.shift();
      this.queue.unshift(p);
      if (taker) this.queue.unshift(taker);
    } else this.queue.push(p);
  }

  pick(): Schedulable | null {
    if (this.holder) {
      if (!this.holderReady) return null;
      this.holderReady = false;
      return this.holder;
    }
    const p = this.queue.shift();
    if (this.rules.switchOnEnd) this.holder = p;
    return p;
  }

  remove(p: Schedulable): void {
    if (p === this.holder) this.holderReady = false;
    else this.queue.remove(p);
  }

  preempts(p: Schedulable, _running: Schedulable, now: number): boolean {
    return this.wokeAt === now && this.woken.has(p.pid);
  }

  ran(): void {}
  changed(): void {}

  exited(p: Schedulable): void {
    if (p === this.holder) this.holder = null;
  }
}
