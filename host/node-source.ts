// Source files from the host's file system, for `quanta asm` and `quanta run x.asm`: any regular file the user names, read with a size cap.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tooLarge, type SourceHost, type SourceText } from '../assembler/source.js';

/** Why a host file cannot be opened or read, in the words of `ls` and friends. */
export function hostErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT': case 'ENOTDIR': return 'no such file';
    case 'EISDIR': return 'is a directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    case 'ENAMETOOLONG': return 'file name too long';
    default: return code ?? (e instanceof Error ? e.message : String(e));
  }
}

/**
 * Read a regular file of at most maxBytes. Opened without blocking, so that a FIFO with no writer is
 * refused rather than waited for; devices, FIFOs, sockets and directories are refused; at most
 * maxBytes + 1 bytes are ever read, so a file that grows (or lies about its size, as /proc files do)
 * cannot get past the cap.
 */
export function readRegularFile(file: string, maxBytes: number): { bytes: Uint8Array } | { error: string } {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { error: hostErrorText(e) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { error: 'is a directory' };
    if (!st.isFile()) return { error: 'not a regular file (a device, FIFO or socket)' };
    if (st.size > maxBytes) return { error: tooLarge(maxBytes) };
    // The size is only a first guess: files under /proc say 0, and a file may grow meanwhile.
    let buffer = new Uint8Array(Math.min(st.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { error: tooLarge(maxBytes) };
        const grown = new Uint8Array(Math.min(2 * length + 4096, maxBytes + 1));
        grown.set(buffer);
        buffer = grown;
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { error: hostErrorText(e) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A regular file of at most maxBytes as UTF-8 source (invalid sequences become U+FFFD). */
export function readSourceFile(file: string, maxBytes: number): SourceText {
  const r = readRegularFile(file, maxBytes);
  return 'bytes' in r ? { text: new TextDecoder().decode(r.bytes) } : r;
}

/** Includes are relative to the including file's directory (absolute names as they are), with the host's path rules. */
export const nodeSource: SourceHost = {
  resolve: (from, name) => ({ path: path.isAbsolute(name) ? path.normalize(name) : path.join(path.dirname(from), name) }),
  read: readSourceFile,
};
