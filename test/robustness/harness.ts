// Shared by the kernel-level robustness suites: run an executable or a source under a fresh kernel, then check for leaks.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'vitest';
import * as asm from '../../assembler/index.js';
import { assemble, formatDiagnostic, memorySource } from '../../assembler/index.js';
import type { KernelEvent } from '../../kernel/events.js';
import { BufferInput, BufferSink, type Sink } from '../../kernel/io.js';
import type { Kernel } from '../../kernel/kernel.js';
import { machineOptions } from '../../kernel/options.js';
import { nodeKernel } from '../../host/machine.js';
import type { Executable } from '../../vm/image.js';
import { readExecutable } from '../../vm/format.js';
import { Errno } from '../../vm/syscalls.js';

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
  readonly congested = false;
  bytes = 0;
  first = new Uint8Array(0);
  write(bytes: Uint8Array): number {
    if (this.first.length === 0) this.first = bytes.slice(0, 256);
    this.bytes += bytes.length;
    return bytes.length;
  }
  drained(): Promise<void> {
    return Promise.resolve();
  }
}

/** Keeps raw bytes: BufferSink decodes as UTF-8, which would hide what a program really wrote. */
export class ByteSink extends BufferSink {
  /** As a Buffer, for its comparisons and little-endian readers. */
  buffer(): Buffer {
    return Buffer.from(this.bytes());
  }
}

/** Run options for the robustness suites: small machines, a tick limit, and streams of the test's choice. */
export type RunOptions = Record<string, unknown> & { stdout?: Sink; stderr?: Sink };

export async function runExe(exe: Executable, options: RunOptions = {}, argv = ['prog'], listen?: (e: KernelEvent) => void): Promise<Ran> {
  const { stdout: out, stderr: err, ...given } = options;
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const machine = machineOptions({ quantum: 1000, mem: 1 << 20, maxProcs: 8, maxFiles: 8, stack: 1 << 16, maxTicks: 100_000, ...given });
  const kernel = nodeKernel(machine, { stdin: new BufferInput('first line\nsecond\n'), stdout: out ?? stdout, stderr: err ?? stderr }, asm);
  if (listen) kernel.on(listen);
  const p = kernel.create(exe, argv, null);
  if (typeof p === 'number') throw new Error(`cannot create process: ${p}`);
  const status = await kernel.run();
  // A halted machine (--max-ticks, deadlock) has given back what its processes held: nothing may be left.
  // Sinks passed in options replace these two, and the caller reads them itself.
  return { status, kernel, leaked: kernel.pool.used, stdout: stdout.text(), stderr: stderr.text() };
}

/** Assemble a source (it must assemble) and run it. */
export async function runSource(source: string, options: RunOptions = {}, listen?: (e: KernelEvent) => void): Promise<Ran> {
  return runExe(build(source), options, ['prog.asm'], listen);
}

/** Assemble a source that must assemble. */
export function build(source: string): Executable {
  const r = assemble('prog.asm', { source, host: memorySource({}) });
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  return r.exe!;
}

/** Every stderr line a run may print: a process's fault or kill, or the machine's halt. */
export const STDERR_LINE = /^(\[\d+ [^\]]*\] (illegal instruction|bus error|arithmetic fault|killed|segmentation fault)(: .*)?|quanta: (stopped at tick \d+ \(--max-ticks\)|deadlock at tick \d+: .*))$/;

export function expectCleanEnd(r: Ran): void {
  expect(r.leaked).toBe(0);
  expect(Number.isInteger(r.status) && r.status >= 0 && r.status <= 255).toBe(true);
  // Guests may write to fd 2 themselves: only the lines shaped like the kernel's are checked.
  for (const line of r.stderr.split('\n').filter((l) => /^(\[\d+ |quanta:)/.test(l))) expect(line).toMatch(STDERR_LINE);
  expect(r.stderr).not.toMatch(/undefined|NaN|\[object /);
}
