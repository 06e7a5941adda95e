// Shared by the kernel-level robustness suites: run an executable or a source under a fresh kernel, then check for leaks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import { assemble, formatDiagnostic } from '../../assembler/index.js';
import { BufferInput, BufferSink, type Sink } from '../../kernel/io.js';
import { Kernel, type KernelOptions } from '../../kernel/kernel.js';
import type { Executable } from '../../vm/image.js';

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
  kernel: Kernel;
  /** Frames still held after the run, once the processes a halted machine left behind are ended. */
  leaked: number;
}

/** A sandbox root of its own, so that random `open` calls create files nowhere else. */
export function sandbox(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-robust-'));
}

/** Counts output without keeping it, for runs that write megabytes. */
export class CountingSink implements Sink {
  bytes = 0;
  first = new Uint8Array(0);
  write(bytes: Uint8Array): void {
    if (this.first.length === 0) this.first = bytes.slice(0, 256);
    this.bytes += bytes.length;
  }
}

export async function runExe(exe: Executable, options: Partial<KernelOptions> = {}, argv = ['prog']): Promise<Ran> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const kernel = new Kernel({
    policy: 'rr', quantum: 1000, seed: 1, ioLatency: 0, root: options.root ?? '.', mem: 1 << 20, maxProcs: 8, maxFiles: 8,
    stack: 1 << 16, maxTicks: 100_000, knobs: {}, stdin: new BufferInput('first line\nsecond\n'), stdout, stderr, ...options,
  });
  const p = kernel.create(exe, argv, null);
  if (typeof p === 'number') throw new Error(`cannot create process: ${p}`);
  const status = await kernel.run();
  // A halted machine (--max-ticks, deadlock) leaves its processes as they were; end them to see what they held.
  for (const q of kernel.live()) kernel.exit(q, 137);
  // Sinks passed in options replace these two, and the caller reads them itself.
  return { status, kernel, leaked: kernel.pool.used, stdout: stdout.text(), stderr: stderr.text() };
}

/** Assemble a source (it must assemble) and run it. */
export async function runSource(source: string, options: Partial<KernelOptions> = {}, argv = ['prog.asm']): Promise<Ran> {
  const r = assemble('prog.asm', { source, host: { read: () => null } });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return runExe(r.exe!, options, argv);
}

/** Every stderr line a run may print: a process's fault or kill, or the machine's halt. */
export const STDERR_LINE = /^(\[\d+ [^\]]*\] (illegal instruction|bus error|arithmetic fault|killed|segmentation fault)(: .*)?|quanta: (stopped at tick \d+ \(--max-ticks\)|deadlock at tick \d+: .*))$/;

export function expectCleanEnd(r: Ran): void {
  expect(r.leaked).toBe(0);
  expect(Number.isInteger(r.status) && r.status >= 0 && r.status <= 255).toBe(true);
  for (const line of r.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(STDERR_LINE);
  expect(r.stderr).not.toMatch(/undefined|NaN|\[object /);
}
