// Loading programs on the Node host: files the user names on the command line, and guest paths for spawn and exec.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Executable } from '../vm/image.js';
import { MAX_QX_SIZE, readExecutable } from '../vm/format.js';
import { Errno } from '../vm/syscalls.js';
import type { Sandbox } from './sandbox.js';

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
 * The assembler when a running machine must load a .asm at once (spawn, exec): Node ≥ 20.19 can
 * require an ES module synchronously.
 */
function assemblerNow(): AssemblerModule {
  assembler ??= createRequire(import.meta.url)('../assembler/index.js') as AssemblerModule;
  return assembler;
}

export const isSource = (file: string): boolean => file.toLowerCase().endsWith('.asm');

/** Programs a guest loader keeps loaded for reuse: a guest cannot grow the cache by loading ever new files. */
export const LOADED_PROGRAMS = 64;

/** Largest source a guest may have assembled on the fly by spawn or exec (a file, or one it includes). */
export const MAX_GUEST_SOURCE = 1 << 20;

/** One-line reason a host file cannot be read, in the words of `ls` and friends. */
export function cannotRead(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
  return `quanta: cannot open '${file}': ${why}`;
}

/** A file the user named, read whole if it is a regular file of at most max bytes. */
function readUserFile(file: string, max: number): Uint8Array | string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    return cannotRead(file, e);
  }
  if (st.isDirectory()) return cannotRead(file, { code: 'EISDIR' });
  if (!st.isFile()) return `quanta: cannot open '${file}': not a regular file`;
  if (st.size > max) return `${file}: not a Quanta executable (larger than ${max} bytes)`;
  try {
    return fs.readFileSync(file);
  } catch (e) {
    return cannotRead(file, e);
  }
}

/**
 * Load a file the user named on the command line: a .asm is assembled in memory (errors: status 1), a
 * .qx is checked for size before it is read and validated before anything is built from it (status 2).
 */
export async function loadProgram(file: string): Promise<Loaded> {
  if (isSource(file)) {
    const asm = await loadAssembler();
    const result = asm.assemble(file);
    const text = result.diagnostics.map((d) => asm.formatDiagnostic(d)).join('\n');
    return result.exe ? { ok: true, exe: result.exe, warnings: text } : { ok: false, status: 1, message: text };
  }
  const bytes = readUserFile(file, MAX_QX_SIZE);
  if (typeof bytes === 'string') return { ok: false, status: 2, message: bytes };
  const r = readExecutable(bytes);
  return r.ok ? { ok: true, exe: r.exe, warnings: '' } : { ok: false, status: 2, message: `${file}: ${r.error}` };
}

/** A regular file inside the sandbox, whole, if it has at most max bytes; null otherwise. */
function readGuestFile(sandbox: Sandbox, guest: string, max: number): Uint8Array | number {
  const where = sandbox.resolve(guest);
  if (!where.ok) return -where.errno;
  if (where.kind !== 'file') return where.kind === 'missing' ? -Errno.ENOENT : -Errno.ENOEXEC;
  let fd: number;
  try {
    fd = fs.openSync(where.host, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return -Errno.ENOENT;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > max) return -Errno.ENOEXEC;
    const buf = new Uint8Array(st.size);
    return buf.subarray(0, fs.readSync(fd, buf, 0, st.size, 0));
  } catch {
    return -Errno.ENOEXEC;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The kernel's program loader for a sandbox: a guest path → an executable, or -ENOENT, -EPERM, -ENOEXEC.
 * Sources are assembled under their guest path (so that faults name `faults/null.asm:5`), their
 * includes confined to the sandbox like every other path. Loads are cached by path, modification time
 * and size, so that processes running the same program share one executable and its code pages.
 */
export function guestProgramLoader(sandbox: Sandbox, asm?: AssemblerModule): (guest: string) => Executable | number {
  const cache = new Map<string, { stamp: string; exe: Executable }>();
  const decoder = new TextDecoder();
  const sources = {
    read(p: string): string | null {
      const bytes = readGuestFile(sandbox, p, MAX_GUEST_SOURCE);
      return typeof bytes === 'number' ? null : decoder.decode(bytes);
    },
  };
  return (guest) => {
    const where = sandbox.resolve(guest);
    if (!where.ok) return -where.errno;
    if (where.kind !== 'file') return where.kind === 'missing' ? -Errno.ENOENT : -Errno.ENOEXEC;
    let stamp: string;
    try {
      const st = fs.statSync(where.host);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      return -Errno.ENOENT;
    }
    const hit = cache.get(where.host);
    if (hit?.stamp === stamp) return hit.exe;
    let exe: Executable | null = null;
    if (isSource(guest)) {
      const text = sources.read(guest);
      try {
        exe = text === null ? null : (asm ?? assemblerNow()).assemble(guest, { host: sources, source: text }).exe;
      } catch {
        // The host could not load the assembler (out of descriptors, say): this spawn fails, not the machine.
      }
    } else {
      const bytes = readGuestFile(sandbox, guest, MAX_QX_SIZE);
      const r = typeof bytes === 'number' ? null : readExecutable(bytes);
      exe = r?.ok ? r.exe : null;
    }
    if (!exe) return -Errno.ENOEXEC;
    cache.delete(where.host);
    cache.set(where.host, { stamp, exe });
    if (cache.size > LOADED_PROGRAMS) cache.delete(cache.keys().next().value!);
    return exe;
  };
}
