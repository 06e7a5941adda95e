// Loading programs on the Node host: files the user names on the command line, and guest paths for spawn and exec.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Executable } from '../vm/image.js';
import { MAX_QX_SIZE, readExecutable } from '../vm/format.js';
import { Errno } from '../vm/syscalls.js';
import { includePath, type SourceHost } from '../assembler/source.js';
import { nodeSource, readRegularFile } from './node-source.js';
import type { Sandbox } from './sandbox.js';

export type Loaded =
  | { ok: true; exe: Executable; warnings: string }
  | { ok: false; status: 1 | 2; message: string };

/** The assembler module, loaded only when a .asm file is: `run x.qx` never pays for the parser. */
export type AssemblerModule = typeof import('../assembler/index.js');
let assembler: AssemblerModule | null = null;

export async function loadAssembler(): Promise<AssemblerModule> {
  assembler ??= await import('../assembler/index.js');
  return assembler;
}

/**
 * The assembler when a running machine must load a .asm at once (spawn, exec). In the command's bundle
 * (CommonJS, scripts/build.mjs) `require` is the bundle's own, which esbuild resolves to the same module
 * as the import above; in the library's ES modules Node ≥ 20.19 requires the ES module synchronously.
 */
function assemblerNow(): AssemblerModule {
  assembler ??= (typeof require === 'function' ? require('../assembler/index.js') : createRequire(import.meta.url)('../assembler/index.js')) as AssemblerModule;
  return assembler;
}

export const isSource = (file: string): boolean => file.toLowerCase().endsWith('.asm');

/** Programs a guest loader keeps loaded for reuse: a guest cannot grow the cache by loading ever new files. */
export const LOADED_PROGRAMS = 64;

/** One-line reason a host file cannot be read. */
function cannotRead(file: string, why: string): string {
  return `quanta: cannot open '${file}': ${why}`;
}

/**
 * Load a file the user named on the command line: a .asm is assembled in memory (its errors: status 1),
 * a .qx is checked for size before it is read and validated before anything is built from it; a file
 * that cannot be read at all is status 2.
 */
export async function loadProgram(file: string): Promise<Loaded> {
  const max = isSource(file) ? (await loadAssembler()).DEFAULT_LIMITS.fileBytes : MAX_QX_SIZE;
  const read = readRegularFile(file, max);
  if ('error' in read) return { ok: false, status: 2, message: isSource(file) || !read.error.startsWith('larger') ? cannotRead(file, read.error) : `${file}: not a Quanta executable (${read.error})` };
  if (isSource(file)) {
    const asm = await loadAssembler();
    const result = asm.assemble(file, { host: nodeSource, source: new TextDecoder().decode(read.bytes) });
    const text = result.diagnostics.map((d) => asm.formatDiagnostic(d)).join('\n');
    return result.exe ? { ok: true, exe: result.exe, warnings: text } : { ok: false, status: 1, message: text };
  }
  const r = readExecutable(read.bytes);
  return r.ok ? { ok: true, exe: r.exe, warnings: '' } : { ok: false, status: 2, message: `${file}: ${r.error}` };
}

/** A file a load read, and its modification stamp then: the load is reused while none has changed. */
type Stamp = [host: string, stamp: string];

function stampOf(host: string): string {
  try {
    const st = fs.statSync(host);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

/**
 * The kernel's program loader for a sandbox: a guest path → an executable, or -ENOENT, -EPERM, -ENOEXEC.
 * Sources are assembled under their guest path (so that faults name `faults/null.asm:5`) with the
 * assembler's guest limits, their includes confined to the sandbox like every other path. Loads — failed
 * ones too, so that a guest spawning a bomb again and again pays once — are kept while none of the
 * files they read has changed, so that processes running the same program share one executable.
 */
export function guestProgramLoader(sandbox: Sandbox, asm?: AssemblerModule): (guest: string) => Executable | number {
  const cache = new Map<string, { stamps: Stamp[]; result: Executable | number }>();
  return (guest) => {
    const where = sandbox.resolve(guest);
    if (!where.ok) return -where.errno;
    if (where.kind !== 'file') return where.kind === 'missing' ? -Errno.ENOENT : -Errno.ENOEXEC;
    const hit = cache.get(where.host);
    if (hit && hit.stamps.every(([host, stamp]) => stampOf(host) === stamp)) return hit.result;
    const stamps: Stamp[] = [];
    /** A regular file inside the sandbox, read with a cap, its stamp noted. */
    const read = (path: string, max: number): { bytes: Uint8Array } | { error: string } => {
      const at = sandbox.resolve(path);
      if (!at.ok) return { error: at.errno === Errno.EPERM ? 'outside the sandbox root, or not a regular file' : 'no such file' };
      stamps.push([at.host, stampOf(at.host)]);
      return readRegularFile(at.host, max);
    };
    let result: Executable | number = -Errno.ENOEXEC;
    if (isSource(guest)) {
      const sources: SourceHost = {
        resolve: (from, name) => (name.startsWith('/') ? { error: 'outside the sandbox root' } : { path: includePath(from, name) }),
        read: (path, max) => {
          const r = read(path, max);
          return 'bytes' in r ? { text: new TextDecoder().decode(r.bytes) } : r;
        },
      };
      try {
        const a = asm ?? assemblerNow();
        result = a.assemble(guest, { host: sources, limits: a.GUEST_LIMITS }).exe ?? -Errno.ENOEXEC;
      } catch {
        // The host could not load the assembler (out of descriptors, say): this spawn fails, not the machine.
      }
    } else {
      const r = read(guest, MAX_QX_SIZE);
      const loaded = 'bytes' in r ? readExecutable(r.bytes) : null;
      if (loaded?.ok) result = loaded.exe;
    }
    cache.delete(where.host);
    cache.set(where.host, { stamps, result });
    if (cache.size > LOADED_PROGRAMS) cache.delete(cache.keys().next().value!);
    return result;
  };
}
