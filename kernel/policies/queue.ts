// One FIFO ready queue: the mechanism shared by the fifo and rr policies (SPEC §4).
import type { Policy, Schedulable } from '../policy.js';

export class ReadyQueue implements Policy {
  private queue: Schedulable[] = [];

  constructor(private readonly slice: number) {}

  quantum(): number {
    return this.slice;
  }

  ready(p: Schedulable): void {
    this.queue.push(p);
  }

  pick(): Schedulable | null {
    return this.queue.shift() ?? null;
  }

  remove(p: Schedulable): void {
    const k = this.queue.indexOf(p);
    if (k >= 0) this.queue.splice(k, 1);
  }

  ran(): void {}
  changed(): void {}
  exited(): void {}
}
