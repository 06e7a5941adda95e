// Scheduling policies driven through the Policy interface by a simulated CPU: shared guarantees, then each policy's behaviour.
import { describe, expect, it } from 'vitest';
import type { Policy, Schedulable } from '../../kernel/policy.js';
import { createPolicy, POLICIES } from '../../kernel/policies/index.js';
import { machineOptions } from '../../kernel/options.js';
import { weightOf } from '../../kernel/policies/cfs.js';
import { Random } from '../../kernel/random.js';

/** A simulated program: `work` ticks of CPU in bursts of `burst`, each followed by `block` ticks of sleep (0: a yield). */
interface Job {
  pid: number;
  work: number;
  nice?: number;
  tickets?: number;
  arrive?: number;
  burst?: number;
  block?: number;
}

class Proc implements Schedulable {
  nice: number;
  tickets: number;
  readonly length = Infinity;
  left: number;
  burstLeft: number;
  constructor(readonly job: Job) {
    this.nice = job.nice ?? 0;
    this.tickets = job.tickets ?? 100;
    this.left = job.work;
    this.burstLeft = job.burst ?? Infinity;
  }
  get pid(): number {
    return this.job.pid;
  }
}

/** One dispatch: who ran, from when, for how long, and the quantum it was given. */
interface Slice {
  pid: number;
  start: number;
  ticks: number;
  quantum: number;
}

interface DriveOptions {
  /** Stop dispatching at this tick. */
  until?: number;
  /** Stop after this many dispatches. */
  dispatches?: number;
  /** Report ran() in pieces of at most this many ticks, as the kernel does between traps. */
  chunk?: number;
  /** Called before each pick with the pids then ready. */
  beforePick?: (ready: ReadonlySet<number>, now: number) => void;
}

/**
 * Run jobs under a policy the way the kernel's mechanism does (docs/KERNEL.md): arrivals and wakes join in pid order
 * before the preempted or yielding process; a dispatch runs min(quantum, rest of burst, rest of work) ticks.
 */
function drive(policy: Policy, jobs: Job[], opts: DriveOptions = {}) {
  const procs = jobs.map((j) => new Proc(j));
  const arriving = [...procs].sort((a, b) => (a.job.arrive ?? 0) - (b.job.arrive ?? 0) || a.pid - b.pid);
  const sleeping: { p: Proc; until: number }[] = [];
  const ready = new Set<number>();
  const slices: Slice[] = [];
  const end = new Map<number, number>();
  let now = 0;
  const join = (p: Proc, why: 'new' | 'wake' | 'preempt' | 'yield') => {
    ready.add(p.pid);
    policy.ready(p, why, now);
  };
  const admit = () => {
    while (arriving.length > 0 && (arriving[0].job.arrive ?? 0) <= now) join(arriving.shift()!, 'new');
    const due = sleeping.filter((s) => s.until <= now).sort((a, b) => a.p.pid - b.p.pid);
    for (const s of due) {
      sleeping.splice(sleeping.indexOf(s), 1);
      join(s.p, 'wake');
    }
  };
  while (end.size < procs.length && now < (opts.until ?? Infinity) && slices.length < (opts.dispatches ?? Infinity)) {
    admit();
    opts.beforePick?.(ready, now);
    const p = policy.pick(now) as Proc | null;
    if (p === null) {
      if (ready.size > 0) throw new Error(`nothing picked at ${now} while ${[...ready]} are ready`);
      now = Math.min(...sleeping.map((s) => s.until), ...arriving.map((a) => a.job.arrive ?? 0));
      continue;
    }
    // Plain throws rather than expect(): this loop runs hundreds of thousands of times.
    if (!ready.has(p.pid)) throw new Error(`pid ${p.pid} picked at ${now} while not ready`);
    ready.delete(p.pid);
    const quantum = policy.quantum(p);
    const ticks = Math.min(quantum, p.left, p.burstLeft);
    if (!(ticks >= 1)) throw new Error(`quantum ${quantum} for pid ${p.pid} at ${now}`);
    slices.push({ pid: p.pid, start: now, ticks, quantum });
    for (let done = 0; done < ticks; ) {
      const piece = Math.min(opts.chunk ?? Infinity, ticks - done);
      done += piece;
      now += piece;
      policy.ran(p, piece, now);
    }
    p.left -= ticks;
    p.burstLeft -= ticks;
    if (p.left === 0) {
      end.set(p.pid, now);
      policy.exited(p);
    } else if (p.burstLeft === 0) {
      p.burstLeft = p.job.burst!;
      if (p.job.block) sleeping.push({ p, until: now + p.job.block });
      else {
        admit();
        join(p, 'yield');
      }
    } else {
      admit();
      join(p, 'preempt');
    }
  }
  return { slices, end, now };
}

function make(name: string, quantum = 100, seed = 1, knobs: Record<string, number> = {}): Policy {
  return createPolicy(machineOptions({ policy: name, quantum, seed, knobs }));
}

const cpuTime = (slices: Slice[]) => {
  const t = new Map<number, number>();
  for (const s of slices) t.set(s.pid, (t.get(s.pid) ?? 0) + s.ticks);
  return t;
};
const dispatchCount = (slices: Slice[]) => {
  const n = new Map<number, number>();
  for (const s of slices) n.set(s.pid, (n.get(s.pid) ?? 0) + 1);
  return n;
};
const procOf = (pid: number, nice = 0, tickets = 100): Schedulable => ({ pid, nice, tickets, length: Infinity });

/** A mixed workload: CPU hogs, sleepers and yielders with assorted nice values, tickets and arrival times. */
function mixedJobs(seed: number): Job[] {
  const r = new Random(seed);
  return Array.from({ length: 8 }, (_, k) => {
    const kind = r.below(3);
    return {
      pid: k + 1,
      work: 200 + r.below(3000),
      nice: r.below(40) - 20,
      tickets: 1 + r.below(300),
      arrive: r.below(4) === 0 ? r.below(2000) : 0,
      ...(kind === 0 ? {} : { burst: 1 + r.below(150), block: kind === 1 ? 1 + r.below(500) : 0 }),
    };
  });
}

describe.each(Object.keys(POLICIES))('every policy: %s', (name) => {
  it('finishes every job, giving each exactly its work, never picking a process that is not ready', () => {
    for (const seed of [1, 2, 3]) {
      const jobs = mixedJobs(seed);
      const { slices, end } = drive(make(name, 50, seed), jobs, { chunk: 7 });
      expect(end.size).toBe(jobs.length);
      expect(cpuTime(slices)).toEqual(new Map(jobs.map((j) => [j.pid, j.work])));
      for (const s of slices) expect(s.start).toBeGreaterThanOrEqual(jobs[s.pid - 1].arrive ?? 0);
    }
  });

  it('runs CPU-bound jobs to completion with no process on the CPU twice at once', () => {
    const jobs = [1, 2, 3, 4].map((pid) => ({ pid, work: 1000 + 250 * pid, tickets: 50 * pid, nice: pid - 2 }));
    const { slices, end, now } = drive(make(name), jobs);
    expect(end.size).toBe(4);
    for (let k = 1; k < slices.length; k++) expect(slices[k].start).toBe(slices[k - 1].start + slices[k - 1].ticks);
    expect(now).toBe(jobs.reduce((t, j) => t + j.work, 0));
  });

  it('returns null when nothing is ready, before and after a process has come and gone', () => {
    const policy = make(name);
    expect(policy.pick(0)).toBeNull();
    const p = procOf(1);
    policy.ready(p, 'new', 0);
    expect(policy.pick(0)).toBe(p);
    expect(policy.pick(0)).toBeNull();
    policy.ran(p, 10, 10);
    policy.exited(p);
    expect(policy.pick(10)).toBeNull();
  });

  it('never picks a removed process', () => {
    const policy = make(name);
    const procs = [1, 2, 3, 4].map((pid) => procOf(pid));
    for (const p of procs) policy.ready(p, 'new', 0);
    policy.remove(procs[1]);
    policy.remove(procs[3]);
    const picked = [policy.pick(0), policy.pick(0), policy.pick(0)];
    expect(picked.map((p) => p?.pid ?? null).sort()).toEqual([1, 3, null].sort());
    // A removed process may come back (stopped, then continued) and is then scheduled again.
    policy.ready(procs[1], 'wake', 0);
    expect(policy.pick(0)).toBe(procs[1]);
  });

  it('gives the same schedule for the same jobs and seed', () => {
    const jobs = mixedJobs(7);
    const once = drive(make(name, 50, 7), jobs, { chunk: 13 }).slices;
    const again = drive(make(name, 50, 7), jobs, { chunk: 13 }).slices;
    expect(again).toEqual(once);
  });

  it('decides the same whether ran() reports a dispatch at once or in pieces', () => {
    const jobs = mixedJobs(11);
    expect(drive(make(name, 50, 5), jobs, { chunk: 3 }).slices).toEqual(drive(make(name, 50, 5), jobs).slices);
  });
});

describe('fifo', () => {
  it('never preempts: each CPU-bound job runs once, start to finish, in arrival order', () => {
    const jobs = [3, 1, 2].map((pid) => ({ pid, work: 5000 * pid, arrive: pid === 3 ? 0 : 1 }));
    const { slices } = drive(make('fifo'), jobs);
    expect(slices.map((s) => [s.pid, s.ticks, s.quantum])).toEqual([
      [3, 15000, Infinity],
      [1, 5000, Infinity],
      [2, 10000, Infinity],
    ]);
  });
});

describe('priority', () => {
  it('runs the nicer process first and round-robins within a level', () => {
    const jobs = [
      { pid: 1, work: 300, nice: 0 },
      { pid: 2, work: 300, nice: 0 },
      { pid: 3, work: 250, nice: -5 },
      { pid: 4, work: 100, nice: 10 },
    ];
    const { slices } = drive(make('priority', 100), jobs);
    expect(slices.map((s) => s.pid)).toEqual([3, 3, 3, 1, 2, 1, 2, 1, 2, 4]);
    expect(slices[2].ticks).toBe(50);
  });

  it('moves a ready process to its new level when its nice changes, and keeps its place when only tickets change', () => {
    const policy = make('priority');
    const procs = [1, 2, 3].map((pid) => ({ pid, nice: 0, tickets: 100 }));
    for (const p of procs) policy.ready(p, 'new', 0);
    procs[0].tickets = 5;
    policy.changed(procs[0]);
    procs[2].nice = -1;
    policy.changed(procs[2]);
    expect([policy.pick(0), policy.pick(0), policy.pick(0)].map((p) => p?.pid)).toEqual([3, 1, 2]);
  });
});

describe('mlfq', () => {
  const knobs = { 'mlfq-levels': 3, 'mlfq-allotment': 2, 'mlfq-boost': 0 };

  it('demotes a CPU hog level by level once it has used its allotment', () => {
    const { slices } = drive(make('mlfq', 100, 1, knobs), [{ pid: 1, work: 3000 }]);
    // Two top quanta of 100, two of 200 one level down, then 400s at the bottom.
    expect(slices.map((s) => s.quantum)).toEqual([100, 100, 200, 200, 400, 400, 400, 400, 400, 400]);
  });

  it('counts a slice across dispatches, so yielding just before the timer does not keep a level', () => {
    const gamer = { pid: 1, work: 1000, burst: 99, block: 0 };
    const { slices } = drive(make('mlfq', 100, 1, knobs), [gamer]);
    // After a yield the next dispatch gets the rest of the slice (1 tick); two slices used, it moves down.
    expect(slices.slice(0, 6).map((s) => [s.quantum, s.ticks])).toEqual([
      [100, 99],
      [1, 1],
      [100, 98],
      [2, 2],
      [200, 97],
      [103, 99],
    ]);
  });

  it('lets the same gamer keep the top level under --mlfq-io-stay (rules 4a/4b)', () => {
    const gamer = { pid: 1, work: 2000, burst: 99, block: 0 };
    const { slices } = drive(make('mlfq', 100, 1, { ...knobs, 'mlfq-io-stay': 1 }), [gamer]);
    expect(new Set(slices.map((s) => [s.quantum, s.ticks].join()))).toEqual(new Set(['100,99', '100,20']));
  });

  it('keeps an interactive job at the top, ahead of demoted hogs, whenever it is ready', () => {
    const hogs = [1, 2, 3].map((pid) => ({ pid, work: 40_000 }));
    const interactive = { pid: 4, work: 100, burst: 10, block: 1000 };
    const contested = new Set<number>();
    const { slices } = drive(make('mlfq', 100, 1, knobs), [...hogs, interactive], {
      until: 30_000,
      beforePick: (ready, now) => {
        if (ready.has(4) && ready.size > 1) contested.add(now);
      },
    });
    const after = slices.filter((s) => s.start > 3000);
    const mine = after.filter((s) => s.pid === 4);
    expect(mine.length).toBeGreaterThan(5);
    // Whenever it woke while hogs waited it was dispatched next, with what is left of a top slice; the hogs sit at the bottom.
    for (const s of after) expect(s.pid === 4).toBe(contested.has(s.start));
    for (const s of after) expect(s.pid === 4 ? s.quantum <= 100 : s.quantum === 400).toBe(true);
  });

  it('forgets an exited process: a process with its pid would start again at the top', () => {
    const policy = make('mlfq', 100, 1, knobs);
    const hog = procOf(1);
    for (let now = 0; now < 600; now += policy.quantum(hog)) {
      policy.ready(hog, 'preempt', now);
      policy.pick(now);
      policy.ran(hog, policy.quantum(hog), now + policy.quantum(hog));
    }
    expect(policy.quantum(hog)).toBe(400);
    policy.exited(hog);
    expect(policy.quantum(procOf(1))).toBe(100);
  });

  it('refuses knobs that would break it, naming the option', () => {
    expect(() => make('mlfq', 100, 1, { 'mlfq-levels': 0 })).toThrow('--mlfq-levels');
    expect(() => make('mlfq', 100, 1, { 'mlfq-boost': -1 })).toThrow('--mlfq-boost');
  });
});

describe('lottery', () => {
  const shares = (seed: number, quanta: number) => {
    const jobs = [
      { pid: 1, work: 1e9, tickets: 300 },
      { pid: 2, work: 1e9, tickets: 100 },
    ];
    return dispatchCount(drive(make('lottery', 100, seed), jobs, { dispatches: quanta }).slices);
  };

  it('gives CPU in proportion to tickets: 3:1 tickets → 75% within 2% over 10,000 quanta', () => {
    for (const seed of [1, 2, 42]) {
      const n = shares(seed, 10_000);
      expect(Math.abs(n.get(1)! / 10_000 - 0.75)).toBeLessThan(0.02);
    }
  });

  it('draws differently for different seeds', () => {
    const jobs = [1, 2, 3].map((pid) => ({ pid, work: 1e6 }));
    const order = (seed: number) => drive(make('lottery', 100, seed), jobs, { dispatches: 50 }).slices.map((s) => s.pid);
    expect(order(1)).not.toEqual(order(2));
    expect(order(1)).toEqual(order(1));
  });

  it('follows a ticket change from the next draw', () => {
    const policy = make('lottery', 100, 3);
    const a = { pid: 1, nice: 0, tickets: 100 };
    const b = { pid: 2, nice: 0, tickets: 100 };
    let wins = 0;
    b.tickets = 1_000_000;
    policy.changed(b);
    for (let k = 0; k < 1000; k++) {
      policy.ready(a, 'new', k);
      policy.ready(b, 'new', k);
      if (policy.pick(k) === b) wins++;
      policy.remove(a);
      policy.remove(b);
    }
    expect(wins).toBeGreaterThan(990);
  });
});

describe('stride', () => {
  it('is exact: tickets 3:2:1 give exactly 3:2:1 dispatches in every period of 6', () => {
    const jobs = [
      { pid: 1, work: 1e9, tickets: 300 },
      { pid: 2, work: 1e9, tickets: 200 },
      { pid: 3, work: 1e9, tickets: 100 },
    ];
    const { slices } = drive(make('stride', 100), jobs, { dispatches: 600 });
    expect(slices.slice(0, 6).map((s) => s.pid)).toEqual([1, 2, 3, 1, 2, 1]);
    for (let k = 0; k < 600; k += 6) {
      expect(dispatchCount(slices.slice(k, k + 6))).toEqual(new Map([[1, 3], [2, 2], [3, 1]]));
    }
  });

  it('charges by ticks run, so a process that yields early keeps its share of CPU time', () => {
    const jobs = [
      { pid: 1, work: 1e9, tickets: 100, burst: 10, block: 0 },
      { pid: 2, work: 1e9, tickets: 100 },
    ];
    const cpu = cpuTime(drive(make('stride', 100), jobs, { until: 100_000 }).slices);
    expect(Math.abs(cpu.get(1)! - cpu.get(2)!)).toBeLessThanOrEqual(100);
  });

  it('forgets an exited process: a process with its pid would start at the system pass, not its old one', () => {
    const policy = make('stride');
    const [a, b] = [procOf(1), procOf(2)];
    policy.ready(a, 'new', 0);
    policy.ready(b, 'new', 0);
    expect(policy.pick(0)).toBe(a);
    policy.ran(a, 10_000, 10_000);
    policy.exited(a);
    const again = procOf(1);
    policy.ready(again, 'new', 10_000);
    expect(policy.pick(10_000)).toBe(again);
  });

  it('lets a latecomer or a long sleeper run only its share, not catch up on time it was away', () => {
    const jobs = [
      { pid: 1, work: 1e9, tickets: 100 },
      { pid: 2, work: 1e9, tickets: 100, arrive: 50_000 },
      { pid: 3, work: 1e9, tickets: 100, burst: 100, block: 40_000 },
    ];
    const { slices } = drive(make('stride', 100), jobs, { until: 60_000 });
    const late = cpuTime(slices.filter((s) => s.start >= 50_000));
    expect(Math.abs(late.get(1)! - late.get(2)!)).toBeLessThanOrEqual(200);
    // The sleeper woke at ~40,100 and ran one quantum, not 40,000 ticks of catching up.
    const streak = slices.filter((s) => s.start >= 40_000 && s.start < 50_000 && s.pid === 3);
    expect(streak.length).toBe(1);
  });
});

describe('cfs', () => {
  it('gives CPU in proportion to weight: nice 0 vs nice 5 ≈ 1024:335', () => {
    const jobs = [
      { pid: 1, work: 1e9, nice: 0 },
      { pid: 2, work: 1e9, nice: 5 },
    ];
    const cpu = cpuTime(drive(make('cfs'), jobs, { until: 5_000_000 }).slices);
    expect(weightOf(5)).toBe(335);
    expect(cpu.get(1)! / cpu.get(2)!).toBeCloseTo(1024 / 335, 1);
  });

  it('divides the target latency among the ready by weight, never below the minimum granularity', () => {
    const knobs = { 'cfs-latency': 12_000, 'cfs-min-granularity': 1_000 };
    const two = drive(make('cfs', 100, 1, knobs), [{ pid: 1, work: 1e9 }, { pid: 2, work: 1e9 }], { dispatches: 4 });
    expect(two.slices.map((s) => s.quantum)).toEqual([6000, 6000, 6000, 6000]);
    const many = Array.from({ length: 20 }, (_, k) => ({ pid: k + 1, work: 1e9 }));
    expect(drive(make('cfs', 100, 1, knobs), many, { dispatches: 1 }).slices[0].quantum).toBe(1000);
    const alone = drive(make('cfs', 100, 1, knobs), [{ pid: 1, work: 30_000 }]).slices;
    expect(alone.map((s) => s.quantum)).toEqual([12000, 12000, 12000]);
  });

  it('gives a woken sleeper at most half a latency of credit, so it does not starve the others', () => {
    const knobs = { 'cfs-latency': 12_000, 'cfs-min-granularity': 1_000 };
    const jobs = [
      { pid: 1, work: 1e9 },
      { pid: 2, work: 1e9, burst: 100, block: 100_000 },
    ];
    const { slices } = drive(make('cfs', 100, 1, knobs), jobs, { until: 300_000 });
    // After each long sleep pid 2 runs its short burst first (it is behind), then pid 1 goes on: no long streak for 2.
    const wakes = slices.filter((s) => s.pid === 2 && s.start > 0);
    expect(wakes.length).toBeGreaterThan(1);
    for (const s of wakes) expect(s.ticks).toBe(100);
    const cpu = cpuTime(slices);
    expect(cpu.get(1)!).toBeGreaterThan(290_000);
  });

  it('refuses a zero latency', () => {
    expect(() => make('cfs', 100, 1, { 'cfs-latency': 0 })).toThrow('--cfs-latency');
  });
});

describe('Random', () => {
  it('is a fixed stream for a seed, different for another seed, and uniform enough', () => {
    const a = new Random(1);
    const first = [a.next(), a.next(), a.next()];
    const b = new Random(1);
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(new Random(2).next()).not.toBe(first[0]);
    const counts = [0, 0, 0];
    const r = new Random(9);
    for (let k = 0; k < 30_000; k++) counts[r.below(3)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });
});
