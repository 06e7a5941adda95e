// How the assembler reaches source files: the host interface it is given, an in-memory host, and posix path arithmetic.
//
// The assembler never touches a file system itself (it also runs in a browser): the caller passes
// a SourceHost that decides what an `.include` name means and which files may be read. The Node
// host of the command line is host/node-source.ts; the kernel's spawn/exec use a host confined to
// the sandbox root; tests and the playground use memorySource().

/** Where `.include "name"` leads, or why it may not be followed (shown after "cannot read include file 'name': "). */
export type Resolved = { path: string } | { error: string };

/** The text of a file, or why it cannot be had (shown after "cannot read 'path': " or "cannot read include file 'name': "). */
export type SourceText = { text: string } | { error: string };

export interface SourceHost {
  /** The path that `.include "name"` in file `from` names. */
  resolve(from: string, name: string): Resolved;
  /**
   * The text of a source file. A file larger than maxBytes must be refused with tooLarge(maxBytes)
   * without being read whole, and only regular files may be read (a device or FIFO could block or
   * never end).
   */
  read(path: string, maxBytes: number): SourceText;
}

/** The refusal of a file over the size limit, worded the same by every host. */
export const tooLarge = (maxBytes: number): string => `larger than the limit of ${maxBytes} bytes`;

/** Bytes of s in UTF-8 (what file sizes and the executable format's name limit count). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4; // a surrogate pair is one code point
      i++;
    } else n += 3; // a lone surrogate is encoded as U+FFFD
  }
  return n;
}

// ---- posix path arithmetic (no file system): '/' separates, '.' and '..' are resolved textually ----

/** path with '.', '..' and repeated '/' resolved; '..' that climbs above a relative start is kept. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const body = parts.join('/');
  return absolute ? `/${body}` : body || '.';
}

/** The directory part of path ('.' for a bare name). */
function dirnamePath(path: string): string {
  const k = path.lastIndexOf('/');
  return k < 0 ? '.' : k === 0 ? '/' : path.slice(0, k);
}

/** name (absolute, or relative to the directory of from), normalized. */
export function includePath(from: string, name: string): string {
  return normalizePath(name.startsWith('/') ? name : `${dirnamePath(from)}/${name}`);
}

/**
 * A host over a fixed set of files, keyed by normalized path ('lib/io.asm', '/abs.asm'); includes
 * resolve with posix rules and nothing outside the set exists.
 */
export function memorySource(files: Readonly<Record<string, string>> | ReadonlyMap<string, string>): SourceHost {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    resolve: (from, name) => ({ path: includePath(from, name) }),
    read(path, maxBytes) {
      const text = map.get(path) ?? map.get(normalizePath(path));
      if (text === undefined) return { error: 'no such file' };
      return utf8Length(text) > maxBytes ? { error: tooLarge(maxBytes) } : { text };
    },
  };
}
