// Test helper: run inline assembly sources as processes under a kernel, capturing output and trace.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as asm from '../../assembler/index.js';
import { formatEvent, type KernelEvent } from '../../kernel/events.js';
import { BufferInput, BufferSink } from '../../kernel/io.js';
import type { Kernel } from '../../kernel/kernel.js';
import { machineOptions } from '../../kernel/options.js';
import { nodeKernel } from '../../host/machine.js';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
  trace: string[];
  events: KernelEvent[];
  kernel: Kernel;
}

/** A kernel over a sandbox root with captured streams; spawn and exec assemble with the assembler's sources. */
export function testKernel(root: string, options: Record<string, unknown> = {}, input = ''): { kernel: Kernel; stdout: BufferSink; stderr: BufferSink } {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const kernel = nodeKernel(machineOptions({ ...options, root }), { stdin: new BufferInput(input), stdout, stderr }, asm);
  return { kernel, stdout, stderr };
}

/** Assemble a file (its path as given, so that messages name it so); throws on errors. */
export function build(file: string, cwd?: string): asm.AssembleResult['exe'] & object {
  const source = fs.readFileSync(cwd ? path.join(cwd, file) : file, 'utf8');
  const r = asm.assemble(file, { source, host: asm.memorySource({}) });
  if (!r.exe) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
  return r.exe;
}

/**
 * Write sources into a fresh sandbox directory and run the named ones as the command line would
 * (`quanta run --procs a.asm b.asm` in that directory), each with argv [name, ...args].
 */
export async function runSources(
  sources: Record<string, string>,
  programs: (string | string[])[],
  options: Record<string, unknown> & { input?: string; attach?: (k: Kernel) => void } = {},
): Promise<Run> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-'));
  for (const [name, text] of Object.entries(sources)) fs.writeFileSync(path.join(root, name), text);
  const { input, attach, ...rest } = options;
  const { kernel, stdout, stderr } = testKernel(root, rest, input ?? '');
  attach?.(kernel);
  const events: KernelEvent[] = [];
  kernel.on((e) => events.push(e));
  for (const prog of programs) {
    const argv = Array.isArray(prog) ? prog : [prog];
    const p = kernel.create(build(argv[0], root), argv, null);
    if (typeof p === 'number') throw new Error(`create failed: ${p}`);
  }
  const status = await kernel.run();
  fs.rmSync(root, { recursive: true, force: true });
  return { status, stdout: stdout.text(), stderr: stderr.text(), trace: events.map(formatEvent), events, kernel };
}
