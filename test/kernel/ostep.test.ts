// OSTEP chapters 4–9 on the kernel: the job program's exact phases, arrivals, the new policies and knobs,
// lottery draws, I/O busy and the state table, and the two lessons of chapter 8 that must come out right.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RunOptions, simulate, type WorkloadProcess } from '../../host/exercise.js';
import { parsePhases } from '../../host/job.js';
import { parseWorkload } from '../../host/workload.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

const job = (phases: string, at = 0, settings: WorkloadProcess['settings'] = {}): WorkloadProcess => ({ at, settings, argv: ['job', ...phases.split(' ')] });
const times = (n: number, text: string): string => Array(n).fill(text).join(' ');

describe('the job program', () => {
  it('is process-run.py\'s 1:0 for `job c1 i5 c1`: 2 ticks of CPU around 5 of I/O', () => {
    const p = simulate([job('c1 i5 c1')], { policy: 'fifo' }).stats.processes[0];
    expect([p.cpu, p.blocked, p.turnaround]).toEqual([2, 5, 7]);
  });

  it('takes exactly its c phases in CPU, its s and i phases blocked, its i phases as I/O busy', () => {
    const phase = fc.record({ c: fc.integer({ min: 1, max: 40 }), wait: fc.constantFrom('s', 'i'), ticks: fc.integer({ min: 1, max: 30 }) });
    fc.assert(
      fc.property(fc.array(phase, { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (waits, last) => {
        const words = [...waits.flatMap((w) => [`c${w.c}`, `${w.wait}${w.ticks}`]), `c${last}`];
        const sim = simulate([{ at: 0, settings: {}, argv: ['job', ...words] }], { policy: 'rr', quantum: 7 });
        const p = sim.stats.processes[0];
        const sum = (f: (w: (typeof waits)[number]) => number): number => waits.reduce((n, w) => n + f(w), 0);
        expect(p.status).toBe(0);
        expect(p.cpu).toBe(sum((w) => w.c) + last);
        expect(p.blocked).toBe(sum((w) => w.ticks));
        expect(sim.stats.io_busy).toBe(sum((w) => (w.wait === 'i' ? w.ticks : 0)));
        expect(p.turnaround).toBe(p.cpu + p.blocked);
      }),
      params(10, runs(60, 2000)),
    );
  });

  it('refuses phases that are not cN, sN, iN in order, in one line', () => {
    expect(parsePhases(['c0'])).toMatch(/'c0' is not a phase/);
    expect(parsePhases(['i5', 'c1'])).toMatch(/i5 must follow a c phase/);
    expect(parsePhases(['c1', 'i5'])).toMatch(/must end with a c phase/);
    expect(parsePhases(['c1', 's2', 'i3', 'c1'])).toMatch(/i3 must follow a c phase/);
    expect(parsePhases([])).toMatch(/no phases/);
    expect(parsePhases(['c2', 'c3'])).toEqual([{ kind: 'c', ticks: 5 }]);
  });
});

describe('workload files', () => {
  it('give each process its arrival tick, settings and arguments, in line order', () => {
    const lines = parseWorkload('# two jobs\n  length=5 job c5 # short\n\nat=3 nice=-2 tickets=7 job c1 i4 c2\n', 'w');
    expect(lines).toEqual([
      { line: 2, at: 0, settings: { length: 5 }, argv: ['job', 'c5'] },
      { line: 4, at: 3, settings: { nice: -2, tickets: 7 }, argv: ['job', 'c1', 'i4', 'c2'] },
    ]);
  });

  it.each([
    ['at=x job c1', 'w:1: at must be a whole number from 0'],
    ['at=5 job c1\nat=4 job c1', 'w:2: at=4 is before the previous line'],
    ['speed=3 job c1', "w:1: unknown setting 'speed'"],
    ['nice=20 job c1', 'w:1: nice must be a whole number from -20 to 19'],
    ['tickets=0 job c1', 'w:1: tickets must be a whole number from 1'],
    ['at=1 at=2 job c1', "w:1: 'at' is set twice"],
    ['at=1', 'w:1: no program after the settings'],
    ['# nothing\n', 'w: no processes'],
  ])('refuse %j with one line naming file:line', (text, message) => {
    expect(() => parseWorkload(text, 'w')).toThrow(message);
  });

  it('create each process at the start of its tick, before the decision there', () => {
    const sim = simulate([job('c10', 0, { length: 10 }), job('c3', 4, { length: 3 })], { policy: 'stcf' });
    expect(sim.stats.processes.map((p) => p.start)).toEqual([0, 4]);
    expect(sim.runs.map((r) => [r.pid, r.from, r.to])).toEqual([[1, 0, 4], [2, 4, 7], [1, 7, 13]]);
  });
});

describe('sjf and stcf', () => {
  const lengths = { a: job('c8', 0, { length: 8 }), b: job('c4', 1, { length: 4 }), c: job('c2', 2, { length: 2 }) };

  it('sjf runs the shortest declared job when the CPU is free and never preempts', () => {
    const sim = simulate([lengths.a, lengths.b, lengths.c], { policy: 'sjf' });
    expect(sim.runs.map((r) => [r.pid, r.from, r.to])).toEqual([[1, 0, 8], [3, 8, 10], [2, 10, 14]]);
  });

  it('stcf lets an arrival with less left preempt, the preempted one resuming when it is shortest again', () => {
    const sim = simulate([lengths.a, lengths.b, lengths.c], { policy: 'stcf' });
    expect(sim.runs.map((r) => [r.pid, r.from, r.to])).toEqual([[1, 0, 1], [2, 1, 2], [3, 2, 4], [2, 4, 7], [1, 7, 14]]);
    expect(sim.runs[0].then).toEqual({ how: 'preempted', by: 2 });
  });

  it('count a process without a declared length as endless', () => {
    const sim = simulate([job('c3'), job('c6', 0, { length: 6 })], { policy: 'sjf' });
    expect(sim.runs.map((r) => r.pid)).toEqual([2, 1]);
  });
});

describe('priority', () => {
  it('lets a process of better priority that becomes ready preempt, the displaced one resuming first in its level', () => {
    const sim = simulate([job('c20'), job('c20'), job('c2 s5 c3', 0, { nice: -5 })], { policy: 'priority', quantum: 10 });
    // pid 3 sleeps from 2 to 7 and takes the CPU back then; pid 1 resumes before pid 2 has had a turn.
    expect(sim.runs.map((r) => [r.pid, r.from, r.to])).toEqual([
      [3, 0, 2], [1, 2, 7], [3, 7, 10], [1, 10, 20], [2, 20, 30], [1, 30, 35], [2, 35, 45],
    ]);
  });
});

describe('mlfq', () => {
  const hog = { policy: 'mlfq', quantum: 100, 'mlfq-levels': 3, 'mlfq-allotment': 2 };

  it('boosts at the boost tick itself, even in the middle of a slice', () => {
    const sim = simulate([job('c4500')], { ...hog, 'mlfq-boost': 2000 });
    expect(sim.runs.map((r) => r.from)).toEqual([
      0, 100, 200, 400, 600, 1000, 1400, 1800, 2000, 2100, 2200, 2400, 2600, 3000, 3400, 3800, 4000, 4100, 4200, 4400,
    ]);
  });

  it('lets a process ready on a higher level preempt at once (rule 1)', () => {
    const sim = simulate([job('c1000'), job('c5', 450)], { ...hog, 'mlfq-boost': 0 });
    expect(sim.runs.find((r) => r.pid === 2)!.from).toBe(450);
  });

  // Chapter 8's lesson: interactive jobs keep a high priority and wait far less than under round robin; the
  // one that uses more CPU sinks by rule 4 until the boost (rule 5) lifts it again.
  it('makes I/O-bound jobs wait no longer than round robin does', () => {
    const workload = [job('c3000'), job(`${times(40, 'c1 i9')} c1`), job('c3000'), job(`${times(40, 'c3 i7')} c1`)];
    const wait = (options: RunOptions): number[] => simulate(workload, options).stats.processes.filter((p) => p.pid % 2 === 0).map((p) => p.ready);
    const rr = wait({ policy: 'rr', quantum: 10 });
    const mlfq = wait({ policy: 'mlfq', quantum: 10, 'mlfq-boost': 500 });
    for (const k of [0, 1]) expect(mlfq[k]).toBeLessThan(rr[k] / 1.5);
    const sinking = wait({ policy: 'mlfq', quantum: 10, 'mlfq-boost': 0 });
    expect(sinking[0]).toBeLessThan(rr[0] / 10);
    expect(sinking[1]).toBeGreaterThan(rr[1]);
  });

  // Figure 8.6: a job that gives up the CPU just before its slice ends games rules 4a/4b, not rule 4.
  it('can be gamed with --mlfq-io-stay and not without it', () => {
    const workload = [job('c20000'), job(`${times(60, 'c99 i1')} c1`)];
    const options = { policy: 'mlfq', 'mlfq-quanta': 100, 'mlfq-allotment': 1, 'mlfq-boost': 0 };
    const share = (stay: boolean): number => {
      const sim = simulate(workload, { ...options, 'mlfq-io-stay': stay });
      // The gamer's share of the CPU over ticks 1000–5000, both jobs wanting it throughout.
      const mine = sim.runs.filter((r) => r.pid === 2).reduce((n, r) => n + Math.max(0, Math.min(5000, r.to) - Math.max(1000, r.from)), 0);
      return mine / 4000;
    };
    expect(share(true)).toBeGreaterThanOrEqual(0.99);
    expect(share(false)).toBeLessThan(0.6);
  });
});

describe('fifo and rr knobs', () => {
  it('--wake-preempts: a process whose I/O ends runs at once, the displaced one right after it', () => {
    const sim = simulate([job('c1 i3 c2'), job('c10'), job('c4')], { policy: 'rr', quantum: 100, 'wake-preempts': true });
    expect(sim.runs.map((r) => [r.pid, r.from, r.to])).toEqual([[1, 0, 1], [2, 1, 4], [1, 4, 6], [2, 6, 13], [3, 13, 17]]);
    expect(simulate([job('c1 i3 c2'), job('c10'), job('c4')], { policy: 'rr', quantum: 100 }).runs.map((r) => r.pid)).toEqual([1, 2, 3, 1]);
  });

  it('--switch-on-end: the CPU waits idle for the process that blocked', () => {
    const sim = simulate([job('c1 i5 c1'), job('c4')], { policy: 'fifo', 'switch-on-end': true });
    expect(sim.runs.map((r) => [r.pid, r.from, r.to])).toEqual([[1, 0, 1], [1, 6, 7], [2, 7, 11]]);
    expect(sim.stats.idle).toBe(5);
  });
});

describe('lottery', () => {
  it('reports each draw: the ticket is the random number modulo the tickets of the ready jobs, counted in pid order', () => {
    const sim = simulate([job('c30', 0, { tickets: 10 }), job('c30', 0, { tickets: 30 })], { policy: 'lottery', quantum: 5, seed: 7 });
    expect(sim.draws).toHaveLength(12);
    const firstEnd = Math.min(...sim.stats.processes.map((p) => p.end!));
    sim.draws.forEach((d, k) => {
      expect(d.ticket).toBe(d.random % d.total);
      expect(d.winner).toBe(sim.runs[k].pid);
      if (sim.runs[k].from < firstEnd) {
        expect(d.total).toBe(40);
        expect(d.winner).toBe(d.ticket < 10 ? 1 : 2);
      } else expect(d.total).toBe(d.winner === 1 ? 10 : 30);
    });
    expect(simulate([job('c30', 0, { tickets: 10 }), job('c30', 0, { tickets: 30 })], { policy: 'lottery', quantum: 5, seed: 7 }).draws).toEqual(sim.draws);
  });
});

describe('the state table', () => {
  it("is process-run.py's", () => {
    const sim = simulate([job('c1 i5 c1'), job('c4')], { policy: 'fifo' });
    expect(sim.states).toBe(
      [
        'Time        PID: 1        PID: 2           CPU           IOs',
        '  1            RUN         READY             1',
        '  2        BLOCKED           RUN             1             1',
        '  3        BLOCKED           RUN             1             1',
        '  4        BLOCKED           RUN             1             1',
        '  5        BLOCKED           RUN             1             1',
        '  6        BLOCKED          DONE                           1',
        '  7*           RUN          DONE             1',
        '',
        'Stats: Total Time 7',
        'Stats: CPU Busy 6 (85.71%)',
        'Stats: IO Busy  5 (71.43%)',
        '',
      ].join('\n') + '\n',
    );
  });
});

describe('every policy and knob on random job workloads', () => {
  const phases = fc.array(fc.record({ c: fc.integer({ min: 1, max: 30 }), wait: fc.constantFrom('s', 'i'), ticks: fc.integer({ min: 1, max: 20 }) }), { maxLength: 4 });
  const proc = fc.record({ at: fc.integer({ min: 0, max: 60 }), waits: phases, last: fc.integer({ min: 1, max: 30 }), nice: fc.integer({ min: -3, max: 3 }), tickets: fc.integer({ min: 1, max: 50 }) });
  const options = fc.oneof(
    fc.record({ policy: fc.constantFrom('fifo', 'rr'), quantum: fc.integer({ min: 1, max: 12 }), 'wake-preempts': fc.boolean() }),
    fc.record({ policy: fc.constant('fifo'), 'switch-on-end': fc.boolean(), 'wake-preempts': fc.boolean() }),
    fc.record({ policy: fc.constantFrom('sjf', 'stcf', 'priority', 'lottery', 'stride', 'cfs'), quantum: fc.integer({ min: 1, max: 12 }), seed: fc.nat() }),
    fc.record({
      policy: fc.constant('mlfq'), 'mlfq-levels': fc.constant(3), 'mlfq-quanta': fc.oneof(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 })),
      'mlfq-allotment': fc.integer({ min: 1, max: 3 }), 'mlfq-boost': fc.integer({ min: 0, max: 40 }), 'mlfq-io-stay': fc.boolean(), 'mlfq-io-front': fc.boolean(),
    }),
  );

  it('runs every job to its end with exactly its CPU and waits, one on the CPU at a time, the same twice', () => {
    fc.assert(
      fc.property(fc.array(proc, { minLength: 1, maxLength: 5 }), options, (procs, opts) => {
        const sorted = [...procs].sort((a, b) => a.at - b.at);
        const workload = sorted.map((p) => ({
          at: p.at,
          settings: { nice: p.nice, tickets: p.tickets, length: p.waits.reduce((n, w) => n + w.c, p.last) },
          argv: ['job', ...p.waits.flatMap((w) => [`c${w.c}`, `${w.wait}${w.ticks}`]), `c${p.last}`],
        }));
        const sim = simulate(workload, opts);
        sorted.forEach((p, k) => {
          const s = sim.stats.processes[k];
          expect(s.status).toBe(0);
          expect(s.start).toBe(p.at);
          expect(s.cpu).toBe(workload[k].settings.length);
          expect(s.blocked).toBe(p.waits.reduce((n, w) => n + w.ticks, 0));
        });
        const runs = [...sim.runs].sort((a, b) => a.from - b.from);
        for (let k = 1; k < runs.length; k++) expect(runs[k].from).toBeGreaterThanOrEqual(runs[k - 1].to);
        expect(simulate(workload, opts).runs).toEqual(sim.runs);
      }),
      params(11, runs(150, 5000)),
    );
  }, TIMEOUT);
});
