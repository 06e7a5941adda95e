// Ready queues by level, best (0) first, round robin within each: the structure shared by priority and mlfq.
import type { Schedulable } from '../policy.js';
import { ReadyQueue } from './queue.js';

export class LevelQueues {
  private readonly queues: ReadyQueue[];
  /** The level each ready process waits at, by pid. */
  private readonly waiting = new Map<number, number>();

  constructor(levels: number) {
    // Only the queue discipline of ReadyQueue is used here; the owning policy decides quanta.
    this.queues = Array.from({ length: levels }, () => new ReadyQueue(Infinity));
  }

  /** p joins the tail of level. */
  push(p: Schedulable, level: number): void {
    this.queues[level].ready(p);
    this.waiting.set(p.pid, level);
  }

  /** Remove and return the head of the best non-empty level. */
  shift(): Schedulable | null {
    for (const queue of this.queues) {
      const p = queue.pick();
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

  /** Empty every queue: the ready processes best level first, each level in queue order. */
  drain(): Schedulable[] {
    const all: Schedulable[] = [];
    for (let p = this.shift(); p; p = this.shift()) all.push(p);
    return all;
  }
}
