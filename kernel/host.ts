// The host boundary: everything the kernel needs from outside the machine, passed in (Node's, or an in-memory one).
import type { Executable } from '../vm/image.js';
import { Errno } from '../vm/syscalls.js';
import type { HostInput, Sink } from './io.js';

/** How `open` opens a file (docs/SYSCALLS.md): read, write+create+truncate, append+create. */
export type OpenMode = 0 | 1 | 2;

/** A regular file opened by the host on a guest's behalf. Failures are negative errnos, never exceptions. */
export interface HostFile {
  /** Up to max bytes from byte position pos; an empty array at the end of the file. */
  read(pos: number, max: number): Uint8Array | number;
  /** Write bytes at pos (null: at the end, for append); bytes written. */
  write(pos: number | null, bytes: Uint8Array): number;
  close(): void;
}

/**
 * The guest's view of files: paths are relative to the sandbox root, and the host confines them there
 * (no absolute paths, no `..` or link leading out, only regular files and directories).
 */
export interface FileSystem {
  open(path: string, mode: OpenMode): HostFile | number;
  /** The names in a directory, in byte order, a directory's name ending in '/'; -ENOTDIR for a file. */
  readdir(path: string): string[] | number;
}

export interface KernelHost {
  stdin: HostInput;
  stdout: Sink;
  stderr: Sink;
  files: FileSystem;
  /**
   * The program a guest path names, for spawn and exec (`.qx`, or `.asm` assembled on the fly under
   * bounded work): -ENOENT if missing, -EPERM outside the sandbox, -ENOEXEC if it does not load.
   */
  load(path: string): Executable | number;
}

/** A guest path made canonical ('a/./b/../c' → 'a/c', '.' → ''), or a negative errno. */
export function canonical(path: string): string | number {
  if (path.length === 0 || path.includes('\0')) return -Errno.ENOENT;
  if (path.startsWith('/')) return -Errno.EPERM;
  const out: string[] = [];
  for (const c of path.split('/')) {
    if (c === '' || c === '.') continue;
    if (c !== '..') out.push(c);
    else if (out.pop() === undefined) return -Errno.EPERM;
  }
  return out.join('/');
}

/** Byte order of names, as readdir lists them. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return a[k] - b[k];
  return a.length - b.length;
}
