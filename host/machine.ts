// A machine on the Node host: a kernel built from the run options, the programs loaded, the views attached, run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatEvent, SCHED_EVENTS } from '../kernel/events.js';
import type { KernelHost } from '../kernel/host.js';
import type { HostInput, Sink } from '../kernel/io.js';
import { Kernel } from '../kernel/kernel.js';
import { formatMessage, MESSAGE_EVENTS } from '../kernel/messages.js';
import { machineOptions, type MachineOptions, OptionError } from '../kernel/options.js';
import { createPolicy } from '../kernel/policies/index.js';
import { StateTable } from '../kernel/states.js';
import { collectStats, formatStats } from '../kernel/stats.js';
import { Timeline } from '../kernel/timeline.js';
import type { Executable } from '../vm/image.js';
import { JOB, jobExecutable, parsePhases } from './job.js';
import { nodeHost } from './node.js';
import { type AssemblerModule, type Loaded, loadProgram } from './programs.js';
import { hostErrorText, readSourceFile } from './node-source.js';
import { parseWorkload, WorkloadError, type WorkloadLine } from './workload.js';

/** What to show of a run besides the programs' own output. */
export interface Views {
  /** Kernel events on stderr: all of them, or the scheduling ones. */
  trace?: 'all' | 'sched';
  /** The statistics table on stderr at the end. */
  stats?: boolean;
  /** The state table (process-run.py's layout) on stderr at the end, a row per this many ticks. */
  states?: number;
  /** Files written at the end: the statistics as JSON, the timeline as SVG. */
  statsJson?: string;
  timeline?: string;
}

export interface RunRequest {
  /** Each program with its argv (argv[0] the path as given, or `job`), all started at tick 0. */
  programs?: string[][];
  /** Or a workload file (docs/CLI.md) listing the processes, their arrival ticks and settings. */
  workload?: string;
  /** Run options by name or key; the table in kernel/options.ts checks them. */
  options: Readonly<Record<string, unknown>>;
  views?: Views;
  stdin: HostInput;
  stdout: Sink;
  stderr: Sink;
}

const encoder = new TextEncoder();

/**
 * A file a view writes at the end, opened before the run so that a bad path is refused before anything
 * runs; a write that fails at the end (a full disk) is the same one-line error.
 */
class Report {
  private readonly fd: number;
  constructor(readonly path: string, private readonly what: string) {
    if (path === '') throw new OptionError(`--${what} needs a file name`);
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (e) {
      throw this.cannotWrite(e);
    }
  }
  write(text: string): void {
    try {
      fs.writeSync(this.fd, text);
    } catch (e) {
      throw this.cannotWrite(e);
    } finally {
      fs.closeSync(this.fd);
    }
  }
  private cannotWrite(e: unknown): OptionError {
    return new OptionError(`--${this.what}: cannot write '${this.path}': ${hostErrorText(e)}`);
  }
}

/** The checked options of a machine on this host: the table's, and a root that is a directory. */
export function hostOptions(given: Readonly<Record<string, unknown>>): MachineOptions {
  const options = machineOptions(given);
  let dir = false;
  try {
    dir = fs.statSync(options.root).isDirectory();
  } catch {
    // reported below
  }
  if (!dir) throw new OptionError(`--root: '${options.root}' is not a directory`);
  return options;
}

/**
 * A kernel for these options on the Node host with these streams, its fault and halt lines going to
 * stderr; spawn and exec assemble sources with asm (by default the built assembler). wrap may put the
 * host inside another (the debugger's).
 */
export function nodeKernel(
  options: MachineOptions,
  streams: Pick<RunRequest, 'stdin' | 'stdout' | 'stderr'>,
  asm?: AssemblerModule,
  wrap: (host: KernelHost) => KernelHost = (host) => host,
): Kernel {
  const kernel = new Kernel(options, wrap(nodeHost(options.root, streams, asm)), createPolicy(options));
  kernel.on((e) => {
    const line = formatMessage(e);
    if (line !== null) streams.stderr.write(encoder.encode(line + '\n'));
  }, MESSAGE_EVENTS);
  return kernel;
}

/** Largest workload file read. */
const MAX_WORKLOAD = 1 << 20;

/** The workload file's lines, its programs' paths made relative to it; a WorkloadError if it is not one. */
export function readWorkload(file: string): WorkloadLine[] {
  const read = readSourceFile(file, MAX_WORKLOAD);
  if ('error' in read) throw new WorkloadError(`quanta: cannot open '${file}': ${read.error}`);
  const text = read.text;
  const dir = path.dirname(file);
  return parseWorkload(text, file).map((l) => {
    const prog = l.argv[0];
    return prog === JOB || path.isAbsolute(prog) ? l : { ...l, argv: [path.join(dir, prog), ...l.argv.slice(1)] };
  });
}

/**
 * Executables by what names them, loaded once each: one per file, so that processes running the same
 * program share its code pages, and one per list of job phases.
 */
class Programs {
  private readonly loads = new Map<string, Executable>();

  async load(argv: readonly string[]): Promise<Loaded> {
    const key = argv[0] === JOB ? argv.join(' ') : argv[0];
    const known = this.loads.get(key);
    if (known) return { ok: true, exe: known, warnings: '' };
    let loaded: Loaded;
    if (argv[0] === JOB) {
      const phases = parsePhases(argv.slice(1));
      loaded = typeof phases === 'string' ? { ok: false, status: 2, message: phases } : { ok: true, exe: jobExecutable(phases), warnings: '' };
    } else loaded = await loadProgram(argv[0]);
    if (loaded.ok) this.loads.set(key, loaded.exe);
    return loaded;
  }
}

/** What a machine starts with: programs at tick 0, or the processes of a workload file. */
export type Load = Pick<RunRequest, 'programs' | 'workload'>;

/**
 * Load what the machine starts with into the kernel: the processes of tick 0 created, later arrivals
 * scheduled. null, or the command's exit status when something cannot be loaded or started (why, through say).
 */
export async function startPrograms(kernel: Kernel, load: Load, say: (text: string) => void): Promise<number | null> {
  let lines: Omit<WorkloadLine, 'line'>[];
  let where = (_k: number): string => '';
  try {
    const workload = load.workload !== undefined ? readWorkload(load.workload) : null;
    lines = workload ?? (load.programs ?? []).map((argv) => ({ at: 0, settings: {}, argv }));
    if (workload) where = (k) => `${load.workload}:${workload[k].line}: `;
    // Their parent is 0, which never waits: each keeps its slot, as a zombie once it has exited.
    const slots = kernel.config.maxProcs;
    if (workload && workload.length > slots) {
      throw new WorkloadError(`${load.workload}: ${workload.length} processes, more than --max-procs ${slots} (process-table slots, zombies included)`);
    }
  } catch (e) {
    if (!(e instanceof WorkloadError)) throw e;
    say(e.message);
    return 2;
  }
  const programs = new Programs();
  for (const [k, line] of lines.entries()) {
    const loaded = await programs.load(line.argv);
    if (!loaded.ok) {
      say(where(k) + loaded.message);
      return loaded.status;
    }
    if (loaded.warnings) say(loaded.warnings);
    if (load.workload !== undefined) {
      kernel.arrive(line.at, loaded.exe, line.argv, line.settings);
      continue;
    }
    const p = kernel.create(loaded.exe, line.argv, null);
    if (typeof p === 'number') {
      say(`${line.argv[0]}: cannot start process (error ${-p})`);
      return 2;
    }
  }
  return null;
}

/**
 * Run the programs (or the workload) under one kernel; resolves to the command's exit status. Throws
 * OptionError for a bad option or output path, before anything runs.
 */
export async function runMachine(req: RunRequest): Promise<number> {
  const options = hostOptions(req.options);
  const views = req.views ?? {};
  const statsJson = views.statsJson !== undefined ? new Report(views.statsJson, 'stats-json') : null;
  const svg = views.timeline !== undefined ? new Report(views.timeline, 'timeline') : null;
  const say = (text: string): void => void req.stderr.write(encoder.encode(text + '\n'));
  const kernel = nodeKernel(options, req);
  if (views.trace) kernel.on((e) => say(formatEvent(e)), views.trace === 'sched' ? SCHED_EVENTS : undefined);
  const timeline = svg ? new Timeline(kernel) : null;
  const states = views.states !== undefined ? new StateTable(kernel, views.states) : null;
  const failed = await startPrograms(kernel, req, say);
  if (failed !== null) return failed;
  const started = performance.now(); // host time, for the MIPS figure only: the kernel sees none
  const status = await kernel.run();
  const stats = collectStats(kernel, (performance.now() - started) / 1000);
  if (states) req.stderr.write(encoder.encode(states.render()));
  if (views.stats) req.stderr.write(encoder.encode(formatStats(stats)));
  statsJson?.write(JSON.stringify(stats, null, 2) + '\n');
  svg?.write(timeline!.render({ policy: options.policy, quantum: options.quantum }));
  return status;
}
