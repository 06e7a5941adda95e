// Multi-level feedback queue (OSTEP ch. 8): new processes start at the top, use up an allotment to move down, and a periodic boost lifts everyone back.
import type { Policy, PolicyModule, ReadyReason, Schedulable } from '../policy.js';
import { LevelQueues } from './levels.js';

/** Where a process stands: its level and the ticks it has used there since it arrived. */
interface Standing {
  level: number;
  used: number;
}

class Mlfq implements Policy {
  private readonly queues: LevelQueues;
  private readonly standing = new Map<number, Standing>();
  private readonly bottom: number;
  private nextBoost: number;

  constructor(
    private readonly top: number,
    levels: number,
    private readonly allotment: number,
    private readonly boost: number,
  ) {
    this.queues = new LevelQueues(levels);
    this.bottom = levels - 1;
    this.nextBoost = boost > 0 ? boost : Infinity;
  }

  quantum(p: Schedulable): number {
    const s = this.of(p);
    const slice = this.sliceAt(s.level);
    // Ending the slice exactly when the allotment runs out makes demotion happen at a tick one can work out by hand.
    return s.level === this.bottom ? slice : Math.min(slice, this.allotted(s.level) - s.used);
  }

  ready(p: Schedulable, _why: ReadyReason, now: number): void {
    this.boostBy(now);
    this.queues.push(p, this.of(p).level);
  }

  pick(now: number): Schedulable | null {
    this.boostBy(now);
    return this.queues.shift();
  }

  remove(p: Schedulable): void {
    this.queues.remove(p);
  }

  ran(p: Schedulable, ticks: number): void {
    const s = this.of(p);
    if (s.level === this.bottom) return;
    // Rule 4: ticks add up across dispatches, so giving up the CPU just before the timer does not keep a level.
    s.used += ticks;
    if (s.used >= this.allotted(s.level)) {
      s.level++;
      s.used = 0;
    }
  }

  changed(): void {}

  exited(p: Schedulable): void {
    this.standing.delete(p.pid);
  }

  private sliceAt(level: number): number {
    return this.top * 2 ** level;
  }

  private allotted(level: number): number {
    return this.allotment * this.sliceAt(level);
  }

  /** p's standing; a process not seen before enters at the top (Rule 3). */
  private of(p: Schedulable): Standing {
    let s = this.standing.get(p.pid);
    if (!s) this.standing.set(p.pid, (s = { level: 0, used: 0 }));
    return s;
  }

  /** Rule 5: at every multiple of the boost period, every process goes back to the top with a fresh allotment. */
  private boostBy(now: number): void {
    if (now < this.nextBoost) return;
    for (const s of this.standing.values()) {
      s.level = 0;
      s.used = 0;
    }
    for (const p of this.queues.drain()) this.queues.push(p, 0);
    this.nextBoost = (Math.floor(now / this.boost) + 1) * this.boost;
  }
}

export const mlfq: PolicyModule = {
  describe: 'multi-level feedback queue: levels, allotment, periodic boost (top quantum = --quantum, doubled per level)',
  knobs: {
    'mlfq-levels': { describe: 'number of queue levels', type: 'int', default: 3, min: 1, max: 64 },
    'mlfq-allotment': { describe: "quanta of its level's length a process may use there before it moves down", type: 'int', default: 2, min: 1, max: 1_000_000 },
    'mlfq-boost': { describe: 'move every process to the top level every this many ticks (0: never)', type: 'int', default: 1_000_000, min: 0, max: 1e12 },
  },
  create: (options) =>
    new Mlfq(
      options.quantum,
      options.knobs['mlfq-levels'] as number,
      options.knobs['mlfq-allotment'] as number,
      options.knobs['mlfq-boost'] as number,
    ),
};
