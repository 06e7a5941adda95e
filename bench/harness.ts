// `quanta bench` as a library: measure each case with benchmark.js, beside its plain-JS twin, and report.
import * as os from 'node:os';
import Benchmark from 'benchmark';
import { type BaselineResult, compareBaseline } from './baseline.js';
import { startupCases } from './startup.js';
import { workloadCases, type Case } from './workloads.js';

/** A --filter that matches no workload: a usage error, not a failure of the benchmark. */
export class FilterError extends Error {}

export interface BenchOptions {
  /** Substring of the case names to run (case-insensitive); all when empty. */
  filter?: string;
  /** Small sizes and one short sample each: seconds in all, for CI smoke runs; skips the start-up cases. */
  quick?: boolean;
  progress?: (line: string) => void;
  /** Another build's directory: its interpreter is measured against this one's, interleaved (CPU time). */
  baseline?: string;
}

export interface Stat {
  /** Mean wall time of one run, in milliseconds. */
  ms: number;
  /** Relative margin of error of the mean, in percent (benchmark.js stats.rme). */
  rme: number;
  samples: number;
  /**
   * Median CPU time of one run (process.cpuUsage), in milliseconds, over a few extra runs: on a busy
   * host it moves far less than wall time. For host cases it is this process's share only.
   */
  cpuMs: number;
}

export interface Result {
  name: string;
  describe: string;
  via: Case['via'];
  engine: Case['engine'];
  op: string;
  /** Exact ticks of one run (instructions executed). */
  ticks: number;
  ops: number;
  vm: Stat;
  /** Ticks per microsecond of wall time, and of CPU time; null for host cases, which run no instructions here. */
  mips: number | null;
  cpuMips: number | null;
  nsPerOp: number;
  js: (Stat & { name: string }) | null;
  /** How many times longer a run takes than its JS twin. */
  ratio: number | null;
  /** The same code on the bare switch interpreter: its MIPS (wall, CPU), and our CPU MIPS as a fraction of its. */
  bare: (Stat & { mips: number; cpuMips: number; fraction: number }) | null;
  /** CPU-time MIPS lost against another case of the same engine (the preemption overhead), as a fraction. */
  versus: { name: string; overhead: number } | null;
  /** For a tier other than the interpreter: how many times the interpreter's CPU time its own is. */
  speedup: number | null;
}

export interface Report {
  machine: { cpu: string; cores: number; node: string; v8: string; platform: string; date: string };
  quick: boolean;
  results: Result[];
  baseline: { dir: string; results: BaselineResult[] } | null;
}

/** Extra runs timed in CPU time after benchmark.js's wall-time samples. */
const CPU_RUNS = 5;

async function measure(name: string, fn: () => unknown, quick: boolean): Promise<Stat> {
  const options: Benchmark.Options = quick ? { maxTime: 0.01, minSamples: 1, minTime: 0.001, initCount: 1, delay: 0 } : { maxTime: 2, minSamples: 5 };
  const probe = fn();
  // Promise-returning runs (the kernel's) need benchmark.js's deferred mode.
  const deferred = probe instanceof Promise;
  await probe;
  const bench = deferred
    ? new Benchmark(name, { ...options, defer: true, fn: (d: Benchmark.Deferred) => void (fn() as Promise<unknown>).then(() => d.resolve()) })
    : new Benchmark(name, { ...options, fn });
  await new Promise<void>((resolve) => {
    bench.on('complete', () => resolve());
    bench.run({ async: true });
  });
  if (bench.error) throw bench.error;
  const cpu: number[] = [];
  for (let k = 0; k < (quick ? 1 : CPU_RUNS); k++) {
    const t0 = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(t0);
    cpu.push((used.user + used.system) / 1e3);
  }
  cpu.sort((a, b) => a - b);
  return { ms: bench.stats.mean * 1e3, rme: bench.stats.rme, samples: bench.stats.sample.length, cpuMs: cpu[cpu.length >> 1] };
}

/** The plain-JS twins measured so far, by workload: both tiers of a workload compare with one measurement. */
type Twins = Map<string, Stat & { name: string }>;

async function measureCase(c: Case, quick: boolean, twins: Twins, step: (what: string) => void): Promise<Result> {
  const first = await c.run();
  if ((first.result & c.mask) !== (c.expect & c.mask)) {
    throw new Error(`${c.name}: the program gave ${first.result & c.mask}, plain JS ${c.expect & c.mask}`);
  }
  step('vm');
  const vm = await measure(c.name, c.run, quick);
  const ticks = first.ticks;
  const mips = c.via === 'host' ? null : ticks / vm.ms / 1e3;
  const cpuMips = c.via === 'host' ? null : ticks / vm.cpuMs / 1e3;
  let js: Result['js'] = twins.get(c.name) ?? null;
  if (c.js && !js) {
    step(c.js.name);
    js = { name: c.js.name, ...(await measure(`${c.name} (js)`, c.js.run, quick)) };
    twins.set(c.name, js);
  }
  let bare: Result['bare'] = null;
  if (c.bare) {
    step('bare switch');
    if (c.bare() !== c.expect) throw new Error(`${c.name}: the bare interpreter disagrees with plain JS`);
    const stat = await measure(`${c.name} (bare)`, c.bare, quick);
    // The fraction compares CPU times, the steadier of the two on a shared host.
    bare = { ...stat, mips: ticks / stat.ms / 1e3, cpuMips: ticks / stat.cpuMs / 1e3, fraction: stat.cpuMs / vm.cpuMs };
  }
  const ops = c.ops ?? ticks;
  return {
    name: c.name, describe: c.describe, via: c.via, engine: c.engine, op: c.op, ticks, ops, vm, mips, cpuMips,
    nsPerOp: (vm.ms * 1e6) / ops, js, ratio: js ? vm.ms / js.ms : null, bare, versus: null, speedup: null,
  };
}

export async function runBench(options: BenchOptions = {}): Promise<Report> {
  const quick = options.quick ?? false;
  const all = [...(await workloadCases(quick)), ...(quick ? [] : await startupCases())];
  const needle = (options.filter ?? '').toLowerCase();
  const chosen = all.filter((c) => `${c.name} ${c.engine ?? ''}`.toLowerCase().includes(needle));
  if (chosen.length === 0) throw new FilterError(`no workload matches '${options.filter}' (workloads: ${all.map((c) => c.name).join(', ')})`);
  const results: Result[] = [];
  const twins: Twins = new Map();
  try {
    for (const [k, c] of chosen.entries()) {
      const what = `bench ${k + 1}/${chosen.length} ${c.name}${c.engine ? ` (${c.engine})` : ''}`;
      results.push(await measureCase(c, quick, twins, (step) => options.progress?.(`${what}: ${step}`)));
    }
  } finally {
    for (const c of all) c.cleanup?.();
  }
  for (const r of results) {
    const base = chosen.find((c) => c.name === r.name)?.versus;
    const ref = results.find((x) => x.name === base && x.engine === r.engine);
    if (ref?.cpuMips && r.cpuMips) r.versus = { name: ref.name, overhead: 1 - r.cpuMips / ref.cpuMips };
    const interp = results.find((x) => x.name === r.name && x.engine === 'interp');
    if (r.engine !== 'interp' && interp && r.engine !== null) r.speedup = interp.vm.cpuMs / r.vm.cpuMs;
  }
  let baseline: Report['baseline'] = null;
  if (options.baseline !== undefined) {
    options.progress?.(`bench: this interpreter against ${options.baseline}'s`);
    baseline = { dir: options.baseline, results: await compareBaseline(options.baseline, quick) };
  }
  const cpus = os.cpus();
  return {
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      node: process.version,
      v8: process.versions.v8,
      platform: `${process.platform}-${process.arch}`,
      date: new Date().toISOString().slice(0, 10),
    },
    quick,
    results,
    baseline,
  };
}

const fixed = (n: number, digits: number): string => n.toFixed(digits);

function duration(ms: number): string {
  return ms >= 1000 ? `${fixed(ms / 1000, 2)} s` : ms >= 1 ? `${fixed(ms, 2)} ms` : `${fixed(ms * 1000, 1)} µs`;
}

function count(n: number): string {
  return n >= 1e6 ? `${fixed(n / 1e6, 1)}M` : n >= 1e3 ? `${fixed(n / 1e3, 1)}k` : String(n);
}

/** The report as an aligned text table, one row per workload, notes below. */
export function formatReport(report: Report): string {
  const head = ['workload', 'via', 'tier', 'instr/run', 'MIPS', '±%', 'CPU MIPS', 'per op', 'run', 'JS run', '±%', '×JS', 'notes'];
  const rows = report.results.map((r) => {
    const notes: string[] = [];
    if (r.speedup !== null) notes.push(`${fixed(r.speedup, 2)}× the interpreter (CPU)`);
    if (r.bare) notes.push(`bare switch ${fixed(r.bare.mips, 0)} MIPS ±${fixed(r.bare.rme, 1)}%, CPU ${fixed(r.bare.cpuMips, 0)} (we run at ${fixed(100 * r.bare.fraction, 0)}%)`);
    if (r.versus) notes.push(`${r.versus.overhead >= 0 ? '-' : '+'}${fixed(Math.abs(100 * r.versus.overhead), 1)}% MIPS vs ${r.versus.name}`);
    if (r.js && r.via === 'host') notes.push(`vs ${r.js.name}`);
    return [
      r.name,
      r.via,
      r.engine ?? '—',
      r.via === 'host' ? '—' : count(r.ticks),
      r.mips === null ? '—' : fixed(r.mips, 1),
      fixed(r.vm.rme, 1),
      r.cpuMips === null ? '—' : fixed(r.cpuMips, 1),
      `${r.nsPerOp >= 1e5 ? duration(r.nsPerOp / 1e6) : `${fixed(r.nsPerOp, 1)} ns`}/${r.op}`,
      duration(r.vm.ms),
      r.js ? duration(r.js.ms) : '—',
      r.js ? fixed(r.js.rme, 1) : '—',
      r.ratio === null ? '—' : `${fixed(r.ratio, 2)}×`,
      notes.join('; '),
    ];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const right = new Set([3, 4, 5, 6, 8, 9, 10, 11]);
  const line = (cells: string[]): string =>
    cells.map((cell, k) => (right.has(k) ? cell.padStart(widths[k]) : cell.padEnd(widths[k]))).join('  ').trimEnd();
  const m = report.machine;
  return [
    `quanta bench — ${m.cpu}, ${m.cores} cores, node ${m.node} (V8 ${m.v8}), ${m.platform}, ${m.date}${report.quick ? ' (quick: small sizes, few samples)' : ''}`,
    '',
    line(head),
    ...rows.map(line),
    '',
    'MIPS = exact ticks / mean wall time (benchmark.js); ±% = its relative margin of error; CPU MIPS = ticks / median CPU time',
    'of 5 more runs; ×JS = run time / the same algorithm in plain JS; "we run at" and "× the interpreter" compare CPU times.',
    ...(report.baseline ? ['', `The interpreter against ${report.baseline.dir} (median CPU MIPS of interleaved rounds):`,
      ...report.baseline.results.map((b) => `  ${b.name.padEnd(8)} ${fixed(b.cpuMips, 1).padStart(7)} vs ${fixed(b.baselineCpuMips, 1).padStart(7)}  (${fixed(b.cpuMips / b.baselineCpuMips, 3)}×)`)] : []),
  ].join('\n') + '\n';
}
