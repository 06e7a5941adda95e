// Build a kernel from run options, load the programs into it, attach the trace, and run it.
import { formatEvent, SCHED_EVENTS } from '../kernel/events.js';
import { BufferSink, type HostInput, type Sink } from '../kernel/io.js';
import { DEFAULTS, Kernel, type KernelOptions } from '../kernel/kernel.js';
import { POLICIES } from '../kernel/policies/index.js';
import { kernelLoader, loadProgram } from './program.js';
import { collectStats, formatStats } from '../kernel/stats.js';
import { Timeline } from '../kernel/timeline.js';
import * as fs from 'node:fs';
import type { Executable } from '../vm/image.js';
import type { EngineName } from '../vm/engine.js';
import { parseSize, positiveInt, UsageError } from './options.js';

export interface RunRequest {
  /** Each program with its argv (argv[0] the path as given). */
  programs: string[][];
  policy?: string;
  quantum?: number;
  seed?: number;
  ioLatency?: number;
  root?: string;
  mem?: string | number;
  maxProcs?: number;
  maxFiles?: number;
  stack?: string | number;
  maxTicks?: number;
  engine?: EngineName;
  trace?: 'all' | 'sched';
  stats?: boolean;
  statsJson?: string;
  timeline?: string;
  knobs?: Record<string, number>;
  stdin: HostInput;
  stdout: Sink;
  stderr: Sink;
}

const encoder = new TextEncoder();

/** Check and complete the options; throws UsageError for a bad value. */
export function kernelOptions(req: RunRequest): KernelOptions {
  const policy = req.policy ?? DEFAULTS.policy;
  if (!POLICIES[policy]) throw new UsageError(`unknown policy '${policy}' (choose from ${Object.keys(POLICIES).join(', ')})`);
  const mem = parseSize(req.mem ?? DEFAULTS.mem);
  if (!(mem >= 64 * 1024 && mem <= 1 << 30)) throw new UsageError(`--mem must be between 64K and 1G (got '${String(req.mem)}')`);
  const stack = parseSize(req.stack ?? DEFAULTS.stack);
  if (!(stack >= 4096 && stack <= 8 << 20 && stack % 4096 === 0)) {
    throw new UsageError(`--stack must be a multiple of 4K between 4K and 8M (got '${String(req.stack)}')`);
  }
  return {
    policy,
    quantum: positiveInt('quantum', req.quantum ?? DEFAULTS.quantum),
    seed: positiveInt('seed', req.seed ?? DEFAULTS.seed, 0),
    ioLatency: positiveInt('io-latency', req.ioLatency ?? DEFAULTS.ioLatency, 0),
    root: req.root ?? '.',
    mem,
    maxProcs: positiveInt('max-procs', req.maxProcs ?? DEFAULTS.maxProcs),
    maxFiles: positiveInt('max-files', req.maxFiles ?? DEFAULTS.maxFiles, 3),
    stack,
    maxTicks: req.maxTicks === undefined ? DEFAULTS.maxTicks : positiveInt('max-ticks', req.maxTicks),
    engine: req.engine ?? DEFAULTS.engine,
    knobs: req.knobs ?? {},
    loadProgram: kernelLoader(req.root ?? '.'),
    stdin: req.stdin,
    stdout: req.stdout,
    stderr: req.stderr,
  };
}

/** Run the programs under one kernel; resolves to the command's exit status. */
export async function runMachine(req: RunRequest): Promise<number> {
  const options = kernelOptions(req);
  let kernel: Kernel;
  try {
    kernel = new Kernel(options);
  } catch (e) {
    // The kernel refuses only a configuration it cannot run (a policy knob out of range).
    throw new UsageError((e as Error).message);
  }
  if (req.trace) {
    const keep = req.trace === 'sched' ? SCHED_EVENTS : null;
    kernel.on((e) => {
      if (!keep || keep.has(e.type)) req.stderr.write(encoder.encode(formatEvent(e) + '\n'));
    });
  }
  const timeline = req.timeline ? new Timeline() : null;
  if (timeline) kernel.on((e) => timeline.record(e));
  // One executable per file, so that processes running the same program share its code pages.
  const loads = new Map<string, Executable>();
  for (const argv of req.programs) {
    let exe = loads.get(argv[0]);
    if (!exe) {
      const loaded = await loadProgram(argv[0]);
      if (!loaded.ok) {
        req.stderr.write(encoder.encode(loaded.message + '\n'));
        return loaded.status;
      }
      if (loaded.warnings) req.stderr.write(encoder.encode(loaded.warnings + '\n'));
      exe = loaded.exe;
      loads.set(argv[0], exe);
    }
    const p = kernel.create(exe, argv, null);
    if (typeof p === 'number') {
      req.stderr.write(encoder.encode(`${argv[0]}: cannot start process (error ${-p})\n`));
      return 2;
    }
  }
  const started = performance.now(); // host time, for the MIPS figure only: the kernel sees none
  const status = await kernel.run();
  const stats = collectStats(kernel, (performance.now() - started) / 1000);
  if (req.stats) req.stderr.write(encoder.encode(formatStats(stats)));
  if (req.statsJson) writeOutput(req.statsJson, JSON.stringify(stats, null, 2) + '\n');
  if (timeline) writeOutput(req.timeline!, timeline.render(kernel.clock, { policy: options.policy, quantum: options.quantum }));
  return status;
}

/** Write a report file named on the command line; a failure is a usage error (exit 2). */
function writeOutput(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UsageError(`cannot write '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** Run one program with captured output: for tests and the golden runner. */
export async function runCaptured(req: Omit<RunRequest, 'stdout' | 'stderr'>): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const status = await runMachine({ ...req, stdout, stderr });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}
