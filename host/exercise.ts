// `quanta exercise`: OSTEP homework problems generated from a seed (as scheduler.py, process-run.py, mlfq.py
// and lottery.py make them), answered by running the generated workload on the kernel, never by a model of it.
import { type Span, SpanLog } from '../kernel/accounting.js';
import { BufferInput, NULL_SINK } from '../kernel/io.js';
import { Kernel } from '../kernel/kernel.js';
import { DEFAULTS, machineOptions, OptionError, parseOption } from '../kernel/options.js';
import { createPolicy } from '../kernel/policies/index.js';
import type { Draw, KnobValue, Policy } from '../kernel/policy.js';
import { Random } from '../kernel/random.js';
import { StateTable } from '../kernel/states.js';
import { collectStats, mean, type Stats } from '../kernel/stats.js';
import { JOB, jobExecutable, MAX_PHASE, parsePhases } from './job.js';
import { memoryHost } from './memory.js';
import { formatWorkload, type WorkloadLine } from './workload.js';

export const EXERCISE_KINDS = ['sched', 'prun', 'mlfq', 'lottery'] as const;
export type ExerciseKind = (typeof EXERCISE_KINDS)[number];

/** A process of a generated workload, as a workload file line has it. */
export type WorkloadProcess = Omit<WorkloadLine, 'line'>;

/** Run options by name, as `quanta run` takes them. */
export type RunOptions = Record<string, KnobValue | string>;

/** Ticks an exercise may run on the kernel. */
export const MAX_EXERCISE_TICKS = 10_000_000;

/** An exercise, its run options holding enough process slots for its jobs (their parent, 0, never reaps them). */
function exercise(kind: ExerciseKind, seed: number, workload: WorkloadProcess[], options: RunOptions, question: string[]): Exercise {
  if (workload.length > DEFAULTS.maxProcs) options['max-procs'] = workload.length;
  return { kind, seed, workload, options, question };
}

/** A generated problem: its workload, the run options under which the kernel answers it, and the question. */
export interface Exercise {
  kind: ExerciseKind;
  seed: number;
  workload: WorkloadProcess[];
  options: RunOptions;
  question: string[];
}

/** The answers: as text, and as data for --json. */
export interface Solution {
  text: string[];
  data: Record<string, unknown>;
}

// ---- Running a workload

/** One stretch on the CPU and how it ended. */
export interface RunSpan {
  pid: number;
  from: number;
  to: number;
  /** exit; a wait (with its kind and length); the slice ran out; another process took the CPU (by). */
  then: { how: 'exit' } | { how: 'wait'; on: string; ticks: number } | { how: 'slice' } | { how: 'preempted'; by: number } | { how: 'yield' };
}

export interface Simulation {
  kernel: Kernel;
  stats: Stats;
  runs: RunSpan[];
  draws: Draw[];
  /** process-run.py's table of the run. */
  states: string;
}

/** The executable of a workload process: only the built-in job here, the workloads being generated. */
function jobOf(argv: readonly string[]) {
  const phases = argv[0] === JOB ? parsePhases(argv.slice(1)) : `only the built-in job runs in memory (got '${argv[0]}')`;
  if (typeof phases === 'string') throw new OptionError(phases);
  return jobExecutable(phases);
}

/**
 * Run a workload of jobs on an in-memory kernel under the given run options (or a policy made outside,
 * for the lottery's oracle test) to the end, and read off the views the answers need.
 */
export function simulate(workload: readonly WorkloadProcess[], options: RunOptions, policy?: Policy): Simulation {
  // A job touches a stack page of its own and the code page all jobs share: a small memory is quicker to set up.
  const mem = Math.max(64, 8 * workload.length + 16) << 10;
  const machine = machineOptions({ 'max-ticks': MAX_EXERCISE_TICKS, mem, ...options });
  const kernel = new Kernel(machine, memoryHost({ stdin: new BufferInput(), stdout: NULL_SINK, stderr: NULL_SINK }), policy ?? createPolicy(machine));
  const draws: Draw[] = [];
  const displaced = new Map<string, number>();
  kernel.on((e) => {
    if (e.type === 'draw') draws.push(e.fields as unknown as Draw);
    else if (e.fields.by !== undefined) displaced.set(`${e.tick}:${e.pid}`, e.fields.by as number);
  }, ['draw', 'preempt']);
  const log = new SpanLog(kernel);
  const table = new StateTable(kernel);
  const yields = new Set<string>();
  kernel.on((e) => yields.add(`${e.tick}:${e.pid}`), ['yield']);
  for (const p of workload) kernel.arrive(p.at, jobOf(p.argv), p.argv, p.settings);
  const why = kernel.advance();
  if (why !== 'exited') throw new OptionError(`the workload runs past tick ${machine.maxTicks}: make it smaller (an exercise is worked by hand)`);
  const runs: RunSpan[] = [];
  for (const [pid, spans] of log.upTo(kernel.clock)) {
    spans.forEach((s, k) => {
      if (s.state === 'running') runs.push({ pid, from: s.from, to: s.to, then: ending(spans[k + 1], s, displaced, yields) });
    });
  }
  runs.sort((a, b) => a.from - b.from);
  return { kernel, stats: collectStats(kernel), runs, draws, states: table.render() };
}

function ending(next: Span | undefined, run: Span, displaced: Map<string, number>, yields: Set<string>): RunSpan['then'] {
  if (!next) return { how: 'exit' };
  if (next.state === 'blocked') return { how: 'wait', on: next.on ?? '?', ticks: next.to - next.from };
  const by = displaced.get(`${run.to}:${run.pid}`);
  if (by !== undefined) return { how: 'preempted', by };
  return yields.has(`${run.to}:${run.pid}`) ? { how: 'yield' } : { how: 'slice' };
}

// ---- Settings the simulators' flags give

/** A whole number flag within a range; OptionError naming it otherwise. */
export function whole(name: string, v: unknown, min: number, max = MAX_PHASE): number {
  const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(String(v)) ? Number(v) : NaN;
  if (!(Number.isInteger(n) && n >= min && n <= max)) throw new OptionError(`--${name} must be a whole number from ${min} to ${max} (got '${String(v)}')`);
  return n;
}

/** A comma list of whole numbers, each within the range. */
function wholeList(name: string, v: string, min: number): number[] {
  return v.split(',').map((item) => whole(name, item, min));
}

/** Job k as the simulators number them (from 0) with its pid here (from 1). */
const job = (k: number): string => `job ${k} (pid ${k + 1})`;
const jobOfPid = (pid: number): number => pid - 1;

/** The view of a run that shows an exercise's answers. */
const VIEW: Record<ExerciseKind, string> = { sched: '--stats', prun: '--states', mlfq: '--trace=sched --stats', lottery: '--trace=sched' };

/** The command that answers an exercise, its workload saved as FILE. */
export function command(ex: Exercise): string {
  const flags = Object.entries(ex.options).flatMap(([name, v]) => {
    if (v === false) return [];
    if (v === true) return [`--${name}`];
    return [`--${name} ${Array.isArray(v) ? v.join(',') : String(v)}`];
  });
  return ['quanta run --workload FILE', ...flags, VIEW[ex.kind]].join(' ');
}

/** The workload file of an exercise, with the command that answers it as its header. */
export function workloadFile(ex: Exercise): string {
  return formatWorkload(ex.workload, [`quanta exercise ${ex.kind}, seed ${ex.seed}`, `answer: ${command(ex)}`]);
}

/** The per-job figures of a run, in pid order. */
function perJob(stats: Stats): { job: number; start: number; response: number; turnaround: number; wait: number }[] {
  return stats.processes.map((p) => ({ job: jobOfPid(p.pid), start: p.start, response: p.response!, turnaround: p.turnaround!, wait: p.ready }));
}

function averages(stats: Stats): { response: number; turnaround: number; wait: number } {
  const a = stats.averages!;
  return { response: a.response, turnaround: a.turnaround, wait: a.ready };
}

/** How a run ended, in words. */
function then(r: RunSpan): string {
  switch (r.then.how) {
    case 'exit': return `DONE at ${r.to}`;
    case 'wait': return r.then.on === 'io' ? `then I/O for ${r.then.ticks}` : `then ${r.then.on} for ${r.then.ticks}`;
    case 'slice': return 'slice used up';
    case 'preempted': return `preempted by job ${jobOfPid(r.then.by)}`;
    case 'yield': return 'yields';
  }
}

function trace(runs: readonly RunSpan[]): string[] {
  const width = String(runs[runs.length - 1]?.to ?? 0).length;
  return runs.map((r) => `  [ time ${String(r.from).padStart(width)} ] Run job ${jobOfPid(r.pid)} for ${r.to - r.from} ticks (${then(r)})`);
}

// ---- sched: scheduler.py

export interface SchedFlags {
  jobs: number;
  jlist?: string;
  maxlen: number;
  policy: string;
  quantum: number;
  /** Quanta's own: arrival ticks drawn up to this (scheduler.py has every job arrive at 0). */
  maxArrival: number;
}

/** A flag whose value is one of a few words (any case), checked as the run options are: did-you-mean included. */
function choice(name: string, choices: readonly string[], value: string): string {
  return parseOption({ name, type: 'choice', describe: '', default: undefined, choices }, value) as string;
}

export function schedExercise(seed: number, f: SchedFlags): Exercise {
  const policy = choice('policy', ['FIFO', 'SJF', 'STCF', 'RR'], f.policy).toLowerCase();
  const random = new Random(seed);
  const lengths = f.jlist ? wholeList('jlist', f.jlist, 1) : Array.from({ length: whole('jobs', f.jobs, 1, 1000) }, () => 1 + random.below(whole('maxlen', f.maxlen, 1)));
  const arrivals = lengths.map(() => (f.maxArrival > 0 ? random.below(whole('max-arrival', f.maxArrival, 0) + 1) : 0));
  const order = lengths.map((_, k) => k).sort((a, b) => arrivals[a] - arrivals[b] || a - b);
  const workload = order.map((k) => ({ at: arrivals[k], settings: { length: lengths[k] }, argv: [JOB, `c${lengths[k]}`] }));
  const options: RunOptions = policy === 'rr' ? { policy, quantum: whole('quantum', f.quantum, 1) } : { policy };
  const question = [
    `Policy ${policy.toUpperCase()}${policy === 'rr' ? `, quantum ${options.quantum}` : ''}. The jobs, each needing its length in ticks of CPU:`,
    ...workload.map((p, k) => `  ${job(k)}: length ${p.settings.length}${p.at > 0 ? `, arrives at ${p.at}` : ''}`),
    '',
    'Compute the response time, turnaround time and wait (ticks ready but not running) of each job,',
    'and their averages. Run again with -c for the answers.',
  ];
  return exercise('sched', seed, workload, options, question);
}

/**
 * The answer to a per-job exercise (scheduler.py's and mlfq.py's layout): the trace of who ran when, each
 * job's figures as the simulator prints them, and the averages.
 */
function perJobSolution(sim: Simulation, row: (j: ReturnType<typeof perJob>[number]) => string, average: (a: ReturnType<typeof averages>) => string): Solution {
  const jobs = perJob(sim.stats);
  const avg = averages(sim.stats);
  return {
    text: ['Execution trace:', ...trace(sim.runs), '', 'Final statistics:', ...jobs.map(row), '', average(avg)],
    data: { runs: sim.runs, jobs, averages: avg },
  };
}

function schedSolution(sim: Simulation): Solution {
  return perJobSolution(
    sim,
    (j) => `  Job ${String(j.job).padStart(3)} -- Response: ${j.response}  Turnaround ${j.turnaround}  Wait ${j.wait}`,
    (a) => `  Average -- Response: ${mean(a.response)}  Turnaround ${mean(a.turnaround)}  Wait ${mean(a.wait)}`,
  );
}

// ---- prun: process-run.py

export interface PrunFlags {
  processlist?: string;
  program?: string;
  iolength: number;
  switch: string;
  iodone: string;
}

/** process-run.py's instructions of one process. */
export type Instruction = 'cpu' | 'io' | 'io_done';

/** A process-run.py process as job phases: the `io` instruction is the sys that starts the I/O. */
export function prunPhases(code: readonly Instruction[], ioLength: number): string[] {
  const phases: string[] = [];
  let compute = 0;
  for (const op of code) {
    compute++;
    if (op !== 'io') continue;
    phases.push(`c${compute}`, `i${ioLength}`);
    compute = 0;
  }
  if (compute > 0) phases.push(`c${compute}`);
  return phases;
}

/** The run options that give process-run.py's -S and -I behaviours. */
export function prunOptions(switchOn: string, ioDone: string): RunOptions {
  const s = choice('switch', ['SWITCH_ON_IO', 'SWITCH_ON_END'], switchOn);
  const d = choice('iodone', ['IO_RUN_LATER', 'IO_RUN_IMMEDIATE'], ioDone);
  return { policy: 'fifo', 'wake-preempts': d === 'IO_RUN_IMMEDIATE', 'switch-on-end': s === 'SWITCH_ON_END' };
}

export function prunExercise(seed: number, f: PrunFlags): Exercise {
  const random = new Random(seed);
  const ioLength = whole('iolength', f.iolength, 1);
  let programs: Instruction[][];
  if (f.program) {
    programs = f.program.split(':').map((text) =>
      text.split(',').flatMap((op): Instruction[] => {
        if (op === 'i') return ['io', 'io_done'];
        if (/^c\d+$/.test(op)) return Array<Instruction>(whole('program', op.slice(1), 1, 10_000)).fill('cpu');
        throw new OptionError(`--program: '${op}' is not cN or i (e.g. c7,i,c1,i:c3)`);
      }),
    );
  } else {
    programs = (f.processlist || '5:50,5:50').split(',').map((item) => {
      const m = /^(\d+):(\d+)$/.exec(item);
      if (!m) throw new OptionError(`--processlist: '${item}' is not X:Y (X instructions, Y percent of them CPU)`);
      const count = whole('processlist', m[1], 1, 10_000);
      const cpu = whole('processlist', m[2], 0, 100);
      return Array.from({ length: count }, (): Instruction[] => (random.below(100) < cpu ? ['cpu'] : ['io', 'io_done'])).flat();
    });
  }
  const workload = programs.map((code) => ({ at: 0, settings: {}, argv: [JOB, ...prunPhases(code, ioLength)] }));
  const options = prunOptions(f.switch, f.iodone);
  const question = [
    'Produce a trace of what would happen when you run these processes:',
    ...programs.flatMap((code, k) => [`Process ${k} (pid ${k + 1}): ${code.join(' ')}`, `  as a job: ${workload[k].argv.join(' ')}`]),
    '',
    `Each I/O takes ${ioLength} ticks. Important behaviors:`,
    `  The system switches when the current process is FINISHED${options['switch-on-end'] ? '' : ' or ISSUES AN IO'}`,
    `  After IOs, the process issuing the IO runs ${options['wake-preempts'] ? 'IMMEDIATELY' : 'LATER (when it is its turn)'}`,
    '',
    'Which process runs, and which are ready or blocked, at each tick? How busy are the CPU and the I/O device?',
  ];
  return exercise('prun', seed, workload, options, question);
}

function prunSolution(sim: Simulation): Solution {
  const s = sim.stats;
  return { text: sim.states.trimEnd().split('\n'), data: { table: sim.states.split('\n'), total: s.ticks, cpu_busy: s.instructions, io_busy: s.io_busy } };
}

// ---- mlfq: mlfq.py

export interface MlfqFlags {
  numQueues: number;
  quantum: number;
  allotment: number;
  quantumList?: string;
  allotmentList?: string;
  numJobs: number;
  maxlen: number;
  maxio: number;
  boost: number;
  iotime: number;
  stay: boolean;
  iobump: boolean;
  jlist?: string;
}

/** An mlfq.py job (start time, run time, I/O frequency) as job phases: an I/O after every ioFreq ticks of CPU but the last. */
export function mlfqPhases(run: number, ioFreq: number, ioTime: number): string[] {
  const phases: string[] = [];
  let left = run;
  for (; ioFreq > 0 && left > ioFreq; left -= ioFreq) phases.push(`c${ioFreq}`, `i${ioTime}`);
  phases.push(`c${left}`);
  return phases;
}

/** The run options of mlfq.py's -n, -q, -a, -Q, -A, -B, -S, -I. */
export function mlfqOptions(f: Pick<MlfqFlags, 'numQueues' | 'quantum' | 'allotment' | 'quantumList' | 'allotmentList' | 'boost' | 'stay' | 'iobump'>): RunOptions {
  const quanta = f.quantumList ? wholeList('quantumList', f.quantumList, 1) : null;
  const levels = quanta ? quanta.length : whole('numQueues', f.numQueues, 1, 64);
  const allot = f.allotmentList ? wholeList('allotmentList', f.allotmentList, 1) : null;
  if (allot && allot.length !== levels) throw new OptionError(`--allotmentList has ${allot.length} entries for ${levels} queues`);
  return {
    policy: 'mlfq',
    'mlfq-levels': levels,
    'mlfq-quanta': quanta ?? whole('quantum', f.quantum, 1),
    'mlfq-allotment': allot ?? whole('allotment', f.allotment, 1),
    'mlfq-boost': whole('boost', f.boost, 0),
    'mlfq-io-stay': f.stay,
    'mlfq-io-front': f.iobump,
  };
}

export function mlfqExercise(seed: number, f: MlfqFlags): Exercise {
  const random = new Random(seed);
  const ioTime = whole('iotime', f.iotime, 1);
  const jobs = f.jlist
    ? f.jlist.split(':').map((item) => {
        const parts = item.split(',');
        if (parts.length !== 3) throw new OptionError(`--jlist: '${item}' is not start,run,ioFreq (e.g. 0,180,0:100,20,0)`);
        return { start: whole('jlist', parts[0], 0), run: whole('jlist', parts[1], 1), io: whole('jlist', parts[2], 0) };
      })
    : Array.from({ length: whole('numJobs', f.numJobs, 1, 1000) }, () => {
        // As mlfq.py draws them: a run time below maxlen, an I/O frequency below maxio (0: none at all).
        const run = 1 + random.below(Math.max(1, whole('maxlen', f.maxlen, 1) - 1));
        const io = whole('maxio', f.maxio, 0) === 0 ? 0 : 1 + random.below(Math.max(1, f.maxio - 1));
        return { start: 0, run, io };
      });
  const order = jobs.map((_, k) => k).sort((a, b) => jobs[a].start - jobs[b].start || a - b);
  if (order.some((k, n) => k !== n)) throw new OptionError('--jlist: list the jobs in order of start time (pids follow the list)');
  const workload = jobs.map((j) => ({ at: j.start, settings: { length: j.run }, argv: [JOB, ...mlfqPhases(j.run, j.io, ioTime)] }));
  const options = mlfqOptions(f);
  const levels = options['mlfq-levels'] as number;
  const per = (v: KnobValue, level: number): number => (Array.isArray(v) ? v[level] : (v as number));
  const question = [
    `MLFQ with ${levels} queue${levels > 1 ? 's' : ''} (level 0 is the top; mlfq.py numbers the top ${levels - 1}):`,
    ...Array.from({ length: levels }, (_, l) => `  level ${l}: slice ${per(options['mlfq-quanta'] as KnobValue, l)} ticks, allotment ${per(options['mlfq-allotment'] as KnobValue, l)} slices`),
    `  ${options['mlfq-boost'] ? `a boost every ${options['mlfq-boost']} ticks` : 'no boost'}, I/O takes ${ioTime} ticks` +
      `${f.stay ? ', a job that does I/O keeps its level (-S)' : ''}${f.iobump ? ', a job back from I/O goes to the front (-I)' : ''}`,
    '',
    'Jobs (start time, CPU ticks needed, an I/O after every ioFreq ticks of CPU; 0: none):',
    ...jobs.map((j, k) => `  ${job(k)}: startTime ${j.start} - runTime ${j.run} - ioFreq ${j.io}`),
    '',
    'Compute the execution trace, and the response and turnaround time of each job.',
  ];
  return exercise('mlfq', seed, workload, options, question);
}

function mlfqSolution(sim: Simulation): Solution {
  return perJobSolution(
    sim,
    (j) => `  Job ${String(j.job).padStart(2)}: startTime ${String(j.start).padStart(3)} - response ${String(j.response).padStart(3)} - turnaround ${String(j.turnaround).padStart(3)}`,
    (a) => `  Avg: response ${mean(a.response)} - turnaround ${mean(a.turnaround)}`,
  );
}

// ---- lottery: lottery.py

export interface LotteryFlags {
  jobs: number;
  jlist?: string;
  maxlen: number;
  maxticket: number;
  quantum: number;
}

export function lotteryExercise(seed: number, f: LotteryFlags): Exercise {
  const random = new Random(seed);
  const jobs = f.jlist
    ? f.jlist.split(',').map((item) => {
        const m = /^(\d+):(\d+)$/.exec(item);
        if (!m) throw new OptionError(`--jlist: '${item}' is not length:tickets (e.g. 10:100,20:100)`);
        return { length: whole('jlist', m[1], 1), tickets: whole('jlist', m[2], 1, 1_000_000) };
      })
    : Array.from({ length: whole('jobs', f.jobs, 1, 1000) }, () => ({
        length: 1 + random.below(whole('maxlen', f.maxlen, 2) - 1),
        tickets: 1 + random.below(whole('maxticket', f.maxticket, 2, 1_000_001) - 1),
      }));
  const workload = jobs.map((j) => ({ at: 0, settings: { tickets: j.tickets, length: j.length }, argv: [JOB, `c${j.length}`] }));
  const quantum = whole('quantum', f.quantum, 1);
  const options: RunOptions = { policy: 'lottery', quantum, seed };
  const ex = exercise('lottery', seed, workload, options, []);
  // The random numbers the question lists are the ones the kernel's draws will use: the run decides them.
  const draws = simulate(workload, ex.options).draws;
  ex.question = [
    `Lottery scheduling, a slice of ${quantum} tick${quantum > 1 ? 's' : ''}. The jobs (tickets counted in job order):`,
    ...jobs.map((j, k) => `  ${job(k)}: length ${j.length}, tickets ${j.tickets}`),
    '',
    'The random numbers the draws use (the winning ticket is the number modulo the tickets of the jobs',
    'still running):',
    ...draws.map((d) => `  Random ${d.random}`),
    '',
    'Which job runs after each draw, and when does each job finish?',
  ];
  return ex;
}

function lotterySolution(sim: Simulation): Solution {
  const ends = sim.stats.processes.map((p) => ({ job: jobOfPid(p.pid), end: p.end! })).sort((a, b) => a.end - b.end);
  const runs = sim.runs;
  const text: string[] = [];
  sim.draws.forEach((d, k) => {
    text.push(`Random ${d.random} -> Winning ticket ${d.ticket} (of ${d.total}) -> Run job ${jobOfPid(d.winner)} at ${runs[k].from}`);
    if (runs[k].then.how === 'exit') text.push(`--> JOB ${jobOfPid(d.winner)} DONE at time ${runs[k].to}`);
  });
  return { text, data: { draws: sim.draws.map((d) => ({ ...d, job: jobOfPid(d.winner) })), done: ends } };
}

// ---- Answers

/** Run an exercise's workload on the kernel and read off its answers. */
export function solve(ex: Exercise): Solution {
  const sim = simulate(ex.workload, ex.options);
  switch (ex.kind) {
    case 'sched': return schedSolution(sim);
    case 'prun': return prunSolution(sim);
    case 'mlfq': return mlfqSolution(sim);
    case 'lottery': return lotterySolution(sim);
  }
}
