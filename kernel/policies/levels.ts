// Ready queues by level, best (0) first, round robin within each: priority's structure.
import type { Schedulable } from '../policy.js';
import { Ring } from './queue.js';

export class LevelQueues {
  private readonly queues: Ring[];
  /** The level each ready process waits at, by pid. */
  private readonly waiting = new Map<number, number>();

  constructor(levels: number) {
    this.queues = Array.from({ length: levels }, () => new Ring());
  }

  /** p joins the tail of level (the head with `front`). */
  push(p: Schedulable, level: number, front = false): void {
    if (front) this.queues[level].unshift(p);
    else this.queues[level].push(p);
    this.waiting.set(p.pid, level);
  }

  /** Remove and return the head of the best non-empty level. */
  shift(): Schedulable | null {
    for (const queue of this.queues) {
      const p = queue.shift();
      if (p) {
        this.waiting.delete(p.pid);
        return p;
      }
    }
    return null;
  }

  /** The level p waits at, or undefined if it is not ready. */
  levelOf(p: Schedulable): number | undefined {
    return this.waiting.get(p.pid);
  }

  /** Take p out of its queue; false if it was not ready. */
  remove(p: Schedulable): boolean {
    const level = this.waiting.get(p.pid);
    if (level === undefined) return false;
    this.queues[level].remove(p);
    this.waiting.delete(p.pid);
    return true;
  }
}
