// Multi-level feedback queue (OSTEP ch. 8), run as mlfq.py runs it: levels, slices, allotments, boost, rule 1 preemption.
import type { KnobValue, Policy, PolicyModule, ReadyReason, Schedulable } from '../policy.js';

/** Where a process stands: its level (0 = top), the ticks left of its slice and the slices left of its allotment. */
interface Standing {
  level: number;
  ticks: number;
  allot: number;
  /** The level whose slice ran out in its last tick on the CPU, until it leaves or runs again; -1 if none. */
  expiredFrom: number;
}

/** How a process joined its queue: arriving, at the tail after a wait, or at the front (--mlfq-io-front). */
type Join = 'new' | 'tail' | 'front';

/**
 * mlfq.py's model: the process on the CPU stays at the head of its level's queue while it runs, so that one
 * that a process of a higher level displaces (rule 1) keeps its place and the rest of its slice. A slice
 * is counted in ticks across dispatches and waits; when it runs out the process uses one slice of its
 * level's allotment and goes to the tail (one level down once the allotment is spent). Processes that
 * become ready at one tick join as mlfq.py has them: arrivals before those back from a wait, all of them
 * after a boost at that tick, which lifts the others to the top in mlfq.py's order (the top queue, then
 * the bottom level up).
 */
class Mlfq implements Policy {
  private readonly queues: Schedulable[][];
  private readonly standing = new Map<number, Standing>();
  private readonly bottom: number;
  /** The processes that joined a queue at tick `joinedAt`, in order: a boost at that tick replays them after it. */
  private joins: { p: Schedulable; how: Join }[] = [];
  private joinedAt = -1;
  /** The process last picked, until it is known to have left the CPU (it may have blocked unseen). */
  private holder: Schedulable | null = null;
  private nextBoost: number;

  constructor(
    private readonly quanta: readonly number[],
    private readonly allotments: readonly number[],
    private readonly boost: number,
    private readonly ioStay: boolean,
    private readonly ioFront: boolean,
  ) {
    this.queues = quanta.map(() => []);
    this.bottom = quanta.length - 1;
    this.nextBoost = boost > 0 ? boost : Infinity;
  }

  quantum(p: Schedulable): number {
    const s = this.of(p);
    s.expiredFrom = -1;
    return s.ticks;
  }

  ready(p: Schedulable, why: ReadyReason, now: number): void {
    if (p === this.holder) {
      // Taken off the CPU (timer, boost, rule 1): it keeps its place, which ran() or a boost already set.
      if (why === 'preempt' || why === 'displaced') {
        this.holder = null;
        return;
      }
      this.leave(p);
    }
    this.catchUp(now);
    if (why === 'yield') this.queues[this.of(p).level].push(p);
    else this.join(p, why === 'new' ? 'new' : why === 'io' && this.ioFront ? 'front' : 'tail', now);
  }

  pick(now: number): Schedulable | null {
    // Still held here: it blocked or stopped in its last tick, and left its queue then (as mlfq.py's I/O does).
    if (this.holder) this.leave(this.holder);
    this.catchUp(now);
    const p = this.head();
    this.holder = p;
    return p;
  }

  remove(p: Schedulable): void {
    this.unqueue(p);
  }

  preempts(_p: Schedulable, running: Schedulable): boolean {
    return this.head() !== running;
  }

  ran(p: Schedulable, ticks: number): void {
    const s = this.of(p);
    s.ticks -= ticks;
    if (s.ticks > 0) return;
    // To the tail at once, as mlfq.py does at the end of the tick: before whoever joins at the next one.
    this.unqueue(p);
    s.expiredFrom = s.level;
    this.expire(s);
    this.queues[s.level].push(p);
  }

  changed(): void {}

  exited(p: Schedulable): void {
    if (p === this.holder) this.holder = null;
    this.unqueue(p);
    this.standing.delete(p.pid);
  }

  nextEvent(): number {
    // Only while someone could run: a boost of an idle system is applied when the next process joins.
    return this.holder || this.queues.some((q) => q.length > 0) ? this.nextBoost : Infinity;
  }

  event(now: number, running: Schedulable | null): boolean {
    if (this.holder && this.holder !== running) this.leave(this.holder);
    this.boostAt(now);
    // Its slice starts afresh at the top: it is dispatched again, unless another is now ahead of it.
    return running !== null;
  }

  /** p's standing; a process not seen before enters at the top (rule 3). */
  private of(p: Schedulable): Standing {
    let s = this.standing.get(p.pid);
    if (!s) this.standing.set(p.pid, (s = { level: 0, ticks: this.quanta[0], allot: this.allotments[0], expiredFrom: -1 }));
    return s;
  }

  private head(): Schedulable | null {
    for (const q of this.queues) if (q.length > 0) return q[0];
    return null;
  }

  private unqueue(p: Schedulable): void {
    const s = this.standing.get(p.pid);
    const q = s ? this.queues[s.level] : [];
    const k = q.indexOf(p);
    if (k >= 0) q.splice(k, 1);
  }

  /** One slice of s's level used up: a slice of its allotment goes, and with the last one a level (rule 4). */
  private expire(s: Standing): void {
    if (--s.allot <= 0) {
      if (s.level < this.bottom) s.level++;
      s.allot = this.allotments[s.level];
    }
    s.ticks = this.quanta[s.level];
  }

  /**
   * p gave up the CPU before the timer took it (a wait, a yield, a stop): it leaves its queue. Under
   * --mlfq-io-stay (rules 4a/4b) it keeps its level with a fresh slice and allotment; if its slice ran out in
   * that same tick, mlfq.py charges that slice to the fresh allotment.
   */
  private leave(p: Schedulable): void {
    if (p === this.holder) this.holder = null;
    this.unqueue(p);
    const s = this.of(p);
    if (this.ioStay) {
      if (s.expiredFrom >= 0) s.level = s.expiredFrom;
      s.ticks = this.quanta[s.level];
      s.allot = this.allotments[s.level];
      if (s.expiredFrom >= 0) this.expire(s);
    }
    s.expiredFrom = -1;
  }

  /** p joins its level's queue at tick now: arrivals go before those that came back from a wait at this tick. */
  private join(p: Schedulable, how: Join, now: number): void {
    if (this.joinedAt !== now) {
      this.joins = [];
      this.joinedAt = now;
    }
    this.joins.push({ p, how });
    const q = this.queues[this.of(p).level];
    if (how === 'front') q.unshift(p);
    else if (how === 'tail') q.push(p);
    else {
      let at = q.length;
      while (at > 0 && this.joins.some((j) => j.p === q[at - 1] && j.how === 'tail')) at--;
      q.splice(at, 0, p);
    }
  }

  /** A boost that fell due while nobody could run: applied before anyone joins again. */
  private catchUp(now: number): void {
    if (now > this.nextBoost) this.boostAt(now);
  }

  /** Rule 5: everyone back to the top with a fresh slice and allotment, in mlfq.py's order. */
  private boostAt(now: number): void {
    const joined = this.joinedAt === now ? this.joins : [];
    for (const { p } of joined) this.unqueue(p);
    const lifted = [...this.queues[0]];
    for (let level = this.bottom; level > 0; level--) lifted.push(...this.queues[level]);
    for (const q of this.queues) q.length = 0;
    this.queues[0].push(...lifted);
    for (const s of this.standing.values()) {
      s.level = 0;
      s.ticks = this.quanta[0];
      s.allot = this.allotments[0];
      s.expiredFrom = -1;
    }
    this.joins = [];
    for (const j of [...joined.filter((j) => j.how === 'new'), ...joined.filter((j) => j.how !== 'new')]) this.join(j.p, j.how, now);
    this.nextBoost = (Math.floor(now / this.boost) + 1) * this.boost;
  }
}

/** A knob that is one number for every level or a list from the top level down, as one entry per level. */
function perLevel(value: KnobValue, levels: number, otherwise: (level: number) => number): number[] {
  if (Array.isArray(value)) return [...value];
  return Array.from({ length: levels }, (_, level) => ((value as number) > 0 ? (value as number) : otherwise(level)));
}

export const mlfq: PolicyModule = {
  describe: 'multi-level feedback queue as mlfq.py: levels, slices, allotments, boost; a process ready on a higher level preempts',
  knobs: {
    'mlfq-levels': { describe: 'number of queue levels', type: 'int', default: 3, min: 1, max: 64 },
    'mlfq-quanta': { describe: 'slice per level in ticks: one number, or a comma list from the top level down (0: --quantum, doubling per level)', type: 'list', default: 0, min: 0, max: 1e9 },
    'mlfq-allotment': { describe: 'slices a process may use at a level before it moves down: one number, or a comma list from the top down', type: 'list', default: 2, min: 1, max: 1_000_000 },
    'mlfq-boost': { describe: 'move every process to the top level every this many ticks, at that tick (0: never)', type: 'int', default: 1_000_000, min: 0, max: 1e12 },
    'mlfq-io-stay': { describe: 'a process that gives up the CPU before its slice ends keeps its level with a fresh allotment (rules 4a/4b, gameable: mlfq.py -S)', type: 'flag', default: false },
    'mlfq-io-front': { describe: 'a process whose sleep or I/O ends joins the front of its level (mlfq.py -I)', type: 'flag', default: false },
  },
  check: (knobs) => {
    const levels = knobs['mlfq-levels'] as number;
    for (const name of ['mlfq-quanta', 'mlfq-allotment']) {
      const v = knobs[name];
      if (!Array.isArray(v)) continue;
      if (v.length !== levels) return `--${name} lists ${v.length} levels but --mlfq-levels is ${levels}`;
      if (v.includes(0)) return `--${name}: every level's entry must be at least 1`;
    }
    return null;
  },
  create: ({ quantum, knobs }) => {
    const levels = knobs['mlfq-levels'] as number;
    return new Mlfq(
      perLevel(knobs['mlfq-quanta'], levels, (level) => quantum * 2 ** level),
      perLevel(knobs['mlfq-allotment'], levels, () => 1),
      knobs['mlfq-boost'] as number,
      knobs['mlfq-io-stay'] === true,
      knobs['mlfq-io-front'] === true,
    );
  },
};
