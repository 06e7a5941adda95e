// An in-memory host: a small virtual file system and a program loader, for the browser, the bench and tests.
import { canonical, compareBytes, type FileSystem, type HostFile, type KernelHost, type OpenMode } from '../kernel/host.js';
import type { Executable } from '../vm/image.js';
import { includePath, tooLarge, type SourceHost } from '../assembler/source.js';
import { readExecutable } from '../vm/format.js';
import { Errno } from '../vm/syscalls.js';

/** Bytes all files of a memory file system may hold together: guests writing files cannot grow the host without end. */
export const MEMORY_FS_LIMIT = 64 << 20;

interface Entry {
  data: Uint8Array;
  size: number;
}

/** Files by canonical path; a directory exists where some file's path passes through it. */
export class MemoryFiles implements FileSystem {
  private readonly files = new Map<string, Entry>();
  private used = 0;

  constructor(initial: Readonly<Record<string, string | Uint8Array>> = {}) {
    for (const [path, content] of Object.entries(initial)) this.put(path, content);
  }

  /** Add or replace a file (the host's own doing: no limit). */
  put(path: string, content: string | Uint8Array): void {
    const key = canonical(path);
    if (typeof key === 'number') throw new Error(`bad path '${path}'`);
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
    this.used += data.length - (this.files.get(key)?.size ?? 0);
    this.files.set(key, { data, size: data.length });
  }

  /** A file's bytes, or null if there is none. */
  get(path: string): Uint8Array | null {
    const key = canonical(path);
    const e = typeof key === 'string' ? this.files.get(key) : undefined;
    return e ? e.data.slice(0, e.size) : null;
  }

  /** These files as the assembler reads them: `.include` resolves with posix rules inside this file system. */
  source(): SourceHost {
    return {
      resolve: (from, name) => ({ path: includePath(from, name) }),
      read: (path, maxBytes) => {
        const bytes = this.get(path);
        if (bytes === null) return { error: 'no such file' };
        return bytes.length > maxBytes ? { error: tooLarge(maxBytes) } : { text: new TextDecoder().decode(bytes) };
      },
    };
  }

  private isDir(key: string): boolean {
    if (key === '') return true;
    for (const k of this.files.keys()) if (k.startsWith(key + '/')) return true;
    return false;
  }

  open(path: string, mode: OpenMode): HostFile | number {
    const key = canonical(path);
    if (typeof key === 'number') return key;
    if (this.isDir(key)) return -Errno.EINVAL;
    let entry = this.files.get(key);
    if (!entry) {
      if (mode === 0) return -Errno.ENOENT;
      const parent = key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '';
      if (!this.isDir(parent)) return -Errno.ENOENT;
      entry = { data: new Uint8Array(0), size: 0 };
      this.files.set(key, entry);
    } else if (mode === 1) {
      this.used -= entry.size;
      entry.size = 0;
    }
    const e = entry;
    return {
      read: (pos, max) => e.data.slice(Math.min(pos, e.size), Math.min(pos + max, e.size)),
      write: (pos, bytes) => {
        const at = pos ?? e.size;
        const end = at + bytes.length;
        if (end > e.size && this.used + (end - e.size) > MEMORY_FS_LIMIT) return -Errno.ENOSPC;
        if (end > e.data.length) {
          const grown = new Uint8Array(Math.max(end, 2 * e.data.length));
          grown.set(e.data.subarray(0, e.size));
          e.data = grown;
        }
        e.data.set(bytes, at);
        if (end > e.size) {
          this.used += end - e.size;
          e.size = end;
        }
        return bytes.length;
      },
      close: () => {},
    };
  }

  readdir(path: string): string[] | number {
    const key = canonical(path);
    if (typeof key === 'number') return key;
    if (this.files.has(key)) return -Errno.ENOTDIR;
    if (!this.isDir(key)) return -Errno.ENOENT;
    const prefix = key === '' ? '' : key + '/';
    const names = new Set<string>();
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf('/');
      names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
    }
    const enc = new TextEncoder();
    return [...names].sort((a, b) => compareBytes(enc.encode(a), enc.encode(b)));
  }
}

/** Assemble a source held in the file system (given so that this host does not load the assembler itself). */
export type SourceAssembler = (path: string, files: MemoryFiles) => Executable | null;

/** A host whose files live in memory: programs are .qx files there, or .asm ones when an assembler is given. */
export function memoryHost(
  streams: Pick<KernelHost, 'stdin' | 'stdout' | 'stderr'>,
  files: MemoryFiles = new MemoryFiles(),
  assemble?: SourceAssembler,
): KernelHost & { files: MemoryFiles } {
  const load = (path: string): Executable | number => {
    const bytes = files.get(path);
    if (bytes === null) return typeof canonical(path) === 'number' ? (canonical(path) as number) : -Errno.ENOENT;
    if (path.toLowerCase().endsWith('.asm')) return assemble?.(path, files) ?? -Errno.ENOEXEC;
    const r = readExecutable(bytes);
    return r.ok ? r.exe : -Errno.ENOEXEC;
  };
  return { ...streams, files, load };
}
