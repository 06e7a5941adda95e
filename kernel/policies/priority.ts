// Static priority: one queue per nice level, the best non-empty level runs, round robin within it; a better one preempts.
import type { Policy, PolicyModule, ReadyReason, Schedulable } from '../policy.js';
import { LevelQueues } from './levels.js';

/** Queue index of a nice value: -20 → 0 (first) … 19 → 39. */
const level = (p: Schedulable): number => p.nice + 20;

class Priority implements Policy {
  private readonly queues = new LevelQueues(40);

  constructor(private readonly slice: number) {}

  quantum(): number {
    return this.slice;
  }

  ready(p: Schedulable, why: ReadyReason): void {
    // A process a better one took the CPU from has not had its turn: it goes back to the head of its level.
    this.queues.push(p, level(p), why === 'displaced');
  }

  pick(): Schedulable | null {
    return this.queues.shift();
  }

  remove(p: Schedulable): void {
    this.queues.remove(p);
  }

  preempts(p: Schedulable, running: Schedulable): boolean {
    return level(p) < level(running);
  }

  ran(): void {}

  changed(p: Schedulable): void {
    // settickets also lands here: only a real change of level may cost p its place in line.
    const at = this.queues.levelOf(p);
    if (at === undefined || at === level(p)) return;
    this.queues.remove(p);
    this.queues.push(p, level(p));
  }

  exited(): void {}
}

export const priority: PolicyModule = {
  describe: 'static priority from nice (-20 first), round robin within a level, preempted after --quantum ticks or by a better process that becomes ready',
  create: ({ quantum }) => new Priority(quantum),
};
