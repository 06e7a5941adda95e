// Test helper: run inline assembly sources as processes under a kernel, capturing output and trace.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assemble } from '../../assembler/index.js';
import { nodeSource } from '../../host/node-source.js';
import { formatEvent, type KernelEvent } from '../../kernel/events.js';
import { BufferInput, BufferSink } from '../../kernel/io.js';
import { DEFAULTS, Kernel, type KernelOptions } from '../../kernel/kernel.js';
import type { Executable } from '../../vm/image.js';
import { Errno } from '../../vm/syscalls.js';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
  trace: string[];
  events: KernelEvent[];
  kernel: Kernel;
}

function build(file: string): Executable | number {
  const r = assemble(file, { host: nodeSource });
  if (!r.exe) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
  return r.exe;
}

/**
 * Write sources into a fresh sandbox directory and run the named ones as the command line would
 * (`quanta run --procs a.asm b.asm`), each with argv [name, ...args].
 */
export async function runSources(
  sources: Record<string, string>,
  programs: (string | string[])[],
  options: Partial<KernelOptions> & { input?: string } = {},
): Promise<Run> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-'));
  for (const [name, text] of Object.entries(sources)) fs.writeFileSync(path.join(root, name), text);
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const kernel = new Kernel({
    ...DEFAULTS,
    knobs: {},
    root,
    stdin: new BufferInput(options.input ?? ''),
    stdout,
    stderr,
    loadProgram: (host) => (fs.existsSync(host) ? build(host) : -Errno.ENOENT),
    ...options,
  });
  const events: KernelEvent[] = [];
  kernel.on((e) => events.push(e));
  for (const prog of programs) {
    const argv = Array.isArray(prog) ? prog : [prog];
    const exe = build(path.join(root, argv[0]));
    const p = kernel.create(exe as Executable, argv, null);
    if (typeof p === 'number') throw new Error(`create failed: ${p}`);
  }
  const status = await kernel.run();
  fs.rmSync(root, { recursive: true, force: true });
  return { status, stdout: stdout.text(), stderr: stderr.text(), trace: events.map(formatEvent), events, kernel };
}
