// Shortest job first (sjf) and shortest time to completion first (stcf), on declared lengths (OSTEP ch. 7).
import type { Policy, PolicyModule, Schedulable } from '../policy.js';

/**
 * The ready process with the least declared length (workload `length=`) minus the CPU it has used runs,
 * ties by pid; a process without a declared length counts as endless. Under stcf a process that becomes
 * ready with less left than the running one preempts it.
 */
class Shortest implements Policy {
  private readonly pool = new Map<number, Schedulable>();
  /** CPU ticks used, by pid. */
  private readonly used = new Map<number, number>();

  constructor(private readonly preemptive: boolean) {}

  private left(p: Schedulable): number {
    return p.length - (this.used.get(p.pid) ?? 0);
  }

  quantum(): number {
    return Infinity;
  }

  ready(p: Schedulable): void {
    this.pool.set(p.pid, p);
  }

  pick(): Schedulable | null {
    let best: Schedulable | null = null;
    for (const p of this.pool.values()) {
      if (!best || this.left(p) < this.left(best) || (this.left(p) === this.left(best) && p.pid < best.pid)) best = p;
    }
    if (best) this.pool.delete(best.pid);
    return best;
  }

  remove(p: Schedulable): void {
    this.pool.delete(p.pid);
  }

  preempts(p: Schedulable, running: Schedulable): boolean {
    return this.preemptive && this.left(p) < this.left(running);
  }

  ran(p: Schedulable, ticks: number): void {
    this.used.set(p.pid, (this.used.get(p.pid) ?? 0) + ticks);
  }

  changed(): void {}

  exited(p: Schedulable): void {
    this.used.delete(p.pid);
  }
}

export const sjf: PolicyModule = {
  describe: 'shortest job first: least declared length (workload length=) minus CPU used runs, ties by pid; never preempts',
  create: () => new Shortest(false),
};

export const stcf: PolicyModule = {
  describe: 'shortest time to completion first: as sjf, and a process that becomes ready with less left than the running one preempts it',
  create: () => new Shortest(true),
};
