// Load a program for the CLI and the kernel: read and validate a .qx, or assemble a .asm in memory.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Executable } from '../vm/image.js';
import { Errno } from '../vm/syscalls.js';
import { MAX_QX_SIZE, readExecutable } from '../vm/format.js';
import { GUEST_LIMITS } from '../assembler/limits.js';
import { includePath, type SourceHost } from '../assembler/source.js';
import { hostErrorText, nodeSource, readSourceFile } from '../host/node-source.js';

export type Loaded =
  | { ok: true; exe: Executable; warnings: string }
  | { ok: false; status: 1 | 2; message: string };

/** The assembler module, imported only when a .asm file is loaded: `run x.qx` never pays for the parser. */
export type AssemblerModule = typeof import('../assembler/index.js');
let assembler: AssemblerModule | null = null;

export async function loadAssembler(): Promise<AssemblerModule> {
  assembler ??= await import('../assembler/index.js');
  return assembler;
}

/**
 * The assembler when a running kernel must load a .asm at once (spawn, exec): Node ≥ 20.19 can
 * require an ES module synchronously.
 */
function assemblerNow(): AssemblerModule {
  assembler ??= createRequire(import.meta.url)('../assembler/index.js') as AssemblerModule;
  return assembler;
}

export const isSource = (file: string): boolean => file.toLowerCase().endsWith('.asm');

/** One-line reason a host file cannot be read, in the words of `ls` and friends. */
export function cannotRead(file: string, e: unknown): string {
  return `quanta: cannot open '${file}': ${hostErrorText(e)}`;
}

/**
 * Load file as an executable. Sources need the assembler module (see loadAssembler); executables are
 * checked for size before they are read and validated before anything is built from them.
 */
export function loadProgramWith(asm: AssemblerModule | null, file: string): Loaded {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) return { ok: false, status: 2, message: cannotRead(file, { code: 'EISDIR' }) };
    size = st.size;
  } catch (e) {
    return { ok: false, status: 2, message: cannotRead(file, e) };
  }
  if (isSource(file)) {
    if (!asm) return { ok: false, status: 2, message: `${file}: assembler not loaded` };
    const result = asm.assemble(file, { host: nodeSource });
    const text = result.diagnostics.map((d) => asm.formatDiagnostic(d)).join('\n');
    if (!result.exe) return { ok: false, status: 1, message: text };
    return { ok: true, exe: result.exe, warnings: text };
  }
  if (size > MAX_QX_SIZE) return { ok: false, status: 2, message: `${file}: not a Quanta executable (larger than ${MAX_QX_SIZE} bytes)` };
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { ok: false, status: 2, message: cannotRead(file, e) };
  }
  const r = readExecutable(bytes);
  return r.ok ? { ok: true, exe: r.exe, warnings: '' } : { ok: false, status: 2, message: `${file}: ${r.error}` };
}

export async function loadProgram(file: string): Promise<Loaded> {
  return loadProgramWith(isSource(file) ? await loadAssembler() : null, file);
}

/**
 * The kernel's program loader: a guest path (resolved to hostPath inside the sandbox root) → an
 * executable, or -ENOEXEC. Sources are assembled under their guest path, so that faults name
 * `faults/null.asm:5`, not a host directory. Loads are cached by path and modification time, so
 * that processes running the same program share one executable and its code pages.
 */
export function kernelLoader(root: string): (hostPath: string, guestPath: string) => Executable | number {
  const cache = new Map<string, { stamp: string; exe: Executable }>();
  // Sources and their includes are read relative to the sandbox root, where guest paths start.
  const inRoot: SourceHost = {
    resolve: (from, name) => ({ path: includePath(from, name) }),
    read: (p, maxBytes) => readSourceFile(path.resolve(root, p), maxBytes),
  };
  return (hostPath, guestPath) => {
    const key = path.resolve(hostPath);
    let stamp: string;
    try {
      const st = fs.statSync(key);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      return -Errno.ENOENT;
    }
    const hit = cache.get(key);
    if (hit?.stamp === stamp) return hit.exe;
    let exe: Executable | null;
    if (isSource(key)) exe = assemblerNow().assemble(guestPath, { host: inRoot, limits: GUEST_LIMITS }).exe;
    else {
      const loaded = loadProgramWith(null, key);
      exe = loaded.ok ? loaded.exe : null;
    }
    if (!exe) return -Errno.ENOEXEC;
    cache.set(key, { stamp, exe });
    return exe;
  };
}
