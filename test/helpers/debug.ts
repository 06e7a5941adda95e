// Test helper: a debugger session over a sandbox root, driven by command lines, with its output captured.
import * as asm from '../../assembler/index.js';
import { Session } from '../../kernel/debug/commands.js';
import { Debugger } from '../../kernel/debug/debugger.js';
import { DebugHost, debugStreams } from '../../kernel/debug/host.js';
import type { SnapshotLimits } from '../../kernel/debug/snapshots.js';
import { BufferSink } from '../../kernel/io.js';
import type { Kernel } from '../../kernel/kernel.js';
import { machineOptions } from '../../kernel/options.js';
import { nodeKernel } from '../../host/machine.js';
import type { Executable } from '../../vm/image.js';

export interface Machine {
  kernel: Kernel;
  host: DebugHost;
  stdout: BufferSink;
  stderr: BufferSink;
}

/**
 * A kernel on the debugger's host (in-memory files over root), running exe with argv; with `arrival`, another
 * process of exe arrives at that tick, as a workload line would start it.
 */
export function debugMachine(root: string, exe: Executable, options: Record<string, unknown> = {}, input = '', argv = ['prog'], arrival?: number): Machine {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const streams = debugStreams(input, stdout, stderr);
  let host: DebugHost | null = null;
  const kernel = nodeKernel(machineOptions({ ...options, root }), streams, asm, (base) => (host = new DebugHost(base, streams)));
  const p = kernel.create(exe, argv, null);
  if (typeof p === 'number') throw new Error(`create failed: ${p}`);
  if (arrival !== undefined) kernel.arrive(arrival, exe, ['late'], { nice: 3 });
  return { kernel, host: host!, stdout, stderr };
}

export interface Sessioned extends Machine {
  dbg: Debugger;
  session: Session;
  /** The debugger's output so far. */
  out: string[];
}

export function debugSession(m: Machine, limits?: SnapshotLimits): Sessioned {
  const dbg = new Debugger(m.kernel, m.host, { limits, yieldToHost: () => Promise.resolve() });
  const out: string[] = [];
  const session = new Session(dbg, { print: (t) => void out.push(t), source: () => null });
  return { ...m, dbg, session, out };
}
