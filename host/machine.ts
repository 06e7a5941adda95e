// A machine on the Node host: a kernel built from the run options, the programs loaded, the views attached, run.
import * as fs from 'node:fs';
import { formatEvent, SCHED_EVENTS } from '../kernel/events.js';
import type { KernelHost } from '../kernel/host.js';
import type { HostInput, Sink } from '../kernel/io.js';
import { Kernel } from '../kernel/kernel.js';
import { formatMessage, MESSAGE_EVENTS } from '../kernel/messages.js';
import { machineOptions, type MachineOptions, OptionError } from '../kernel/options.js';
import { createPolicy } from '../kernel/policies/index.js';
import { collectStats, formatStats } from '../kernel/stats.js';
import { Timeline } from '../kernel/timeline.js';
import type { Executable } from '../vm/image.js';
import { nodeHost } from './node.js';
import { type AssemblerModule, loadProgram } from './programs.js';

/** What to show of a run besides the programs' own output. */
export interface Views {
  /** Kernel events on stderr: all of them, or the scheduling ones. */
  trace?: 'all' | 'sched';
  /** The statistics table on stderr at the end. */
  stats?: boolean;
  /** Files written at the end: the statistics as JSON, the timeline as SVG. */
  statsJson?: string;
  timeline?: string;
}

export interface RunRequest {
  /** Each program with its argv (argv[0] the path as given). */
  programs: string[][];
  /** Run options by name or key; the table in kernel/options.ts checks them. */
  options: Readonly<Record<string, unknown>>;
  views?: Views;
  stdin: HostInput;
  stdout: Sink;
  stderr: Sink;
}

const encoder = new TextEncoder();

/** A file a view writes at the end, opened before the run so that a bad path is refused before anything runs. */
class Report {
  private readonly fd: number;
  constructor(readonly path: string, what: string) {
    if (path === '') throw new OptionError(`--${what} needs a file name`);
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (e) {
      throw new OptionError(`--${what}: cannot write '${path}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  write(text: string): void {
    try {
      fs.writeSync(this.fd, text);
    } finally {
      fs.closeSync(this.fd);
    }
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

/**
 * Load each program (a file given on the command line, with its argv) and create its process; null, or the
 * command's exit status when one cannot be loaded or started (its reason on stderr).
 */
export async function startPrograms(kernel: Kernel, programs: string[][], stderr: Sink): Promise<number | null> {
  // One executable per file, so that processes running the same program share its code pages.
  const loads = new Map<string, Executable>();
  for (const argv of programs) {
    let exe = loads.get(argv[0]);
    if (!exe) {
      const loaded = await loadProgram(argv[0]);
      if (!loaded.ok) {
        stderr.write(encoder.encode(loaded.message + '\n'));
        return loaded.status;
      }
      if (loaded.warnings) stderr.write(encoder.encode(loaded.warnings + '\n'));
      exe = loaded.exe;
      loads.set(argv[0], exe);
    }
    const p = kernel.create(exe, argv, null);
    if (typeof p === 'number') {
      stderr.write(encoder.encode(`${argv[0]}: cannot start process (error ${-p})\n`));
      return 2;
    }
  }
  return null;
}

/**
 * Run the programs under one kernel; resolves to the command's exit status. Throws OptionError for a bad
 * option or output path, before anything runs.
 */
export async function runMachine(req: RunRequest): Promise<number> {
  const options = hostOptions(req.options);
  const views = req.views ?? {};
  const statsJson = views.statsJson !== undefined ? new Report(views.statsJson, 'stats-json') : null;
  const svg = views.timeline !== undefined ? new Report(views.timeline, 'timeline') : null;
  const kernel = nodeKernel(options, req);
  if (views.trace) {
    const say = (e: Parameters<Parameters<Kernel['on']>[0]>[0]): void => void req.stderr.write(encoder.encode(formatEvent(e) + '\n'));
    kernel.on(say, views.trace === 'sched' ? SCHED_EVENTS : undefined);
  }
  const timeline = svg ? new Timeline(kernel) : null;
  const failed = await startPrograms(kernel, req.programs, req.stderr);
  if (failed !== null) return failed;
  const started = performance.now(); // host time, for the MIPS figure only: the kernel sees none
  const status = await kernel.run();
  const stats = collectStats(kernel, (performance.now() - started) / 1000);
  if (views.stats) req.stderr.write(encoder.encode(formatStats(stats)));
  statsJson?.write(JSON.stringify(stats, null, 2) + '\n');
  svg?.write(timeline!.render());
  return status;
}
