// The one confinement of guest paths in the Node host: everything the kernel touches on a guest's behalf
// (open, readdir, spawn, exec, and the .include files of a source they assemble) is resolved here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Errno } from '../vm/syscalls.js';

/** What a guest path leads to inside the root. */
export type Confined =
  | { ok: true; host: string; kind: 'file' | 'dir' | 'missing' }
  | { ok: false; errno: number };

/** Links followed in one path before it is refused (a loop, or a maze). */
const MAX_LINKS = 40;

const refuse = (errno: number): Confined => ({ ok: false, errno });

/**
 * Guest paths relative to a root directory. A path may not be absolute nor lead out by `..`; a symbolic
 * link anywhere in it is followed only while it stays inside the root (dangling or not, a link never
 * leads out, and nothing is created through a dangling one); only regular files and directories are
 * reachable (no devices, FIFOs or sockets).
 */
export class Sandbox {
  private readonly root: string;

  /** root must exist: the caller has checked it (a usage error otherwise). */
  constructor(root: string) {
    this.root = fs.realpathSync(root);
  }

  /** Where guest path leads, walking it one component at a time without letting the host follow links. */
  resolve(guest: string): Confined {
    if (guest.length === 0 || guest.includes('\0')) return refuse(Errno.ENOENT);
    if (guest.startsWith('/')) return refuse(Errno.EPERM);
    let pending = guest.split('/').filter((c) => c !== '' && c !== '.');
    const at: string[] = []; // components below the root, all existing directories
    let links = 0;
    // Whether the last component came from a link's text: then a missing file is a dangling link's.
    let lastViaLink = false;
    while (pending.length > 0) {
      const c = pending.shift()!;
      if (c === '..') {
        if (at.length === 0) return refuse(Errno.EPERM);
        at.pop();
        continue;
      }
      const host = path.join(this.root, ...at, c);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(host);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') return refuse(code === 'ENOTDIR' ? Errno.ENOTDIR : code === 'EACCES' ? Errno.EPERM : Errno.EIO);
        if (pending.length > 0) return refuse(Errno.ENOENT);
        return lastViaLink ? refuse(Errno.EPERM) : { ok: true, host, kind: 'missing' };
      }
      if (st.isSymbolicLink()) {
        if (++links > MAX_LINKS) return refuse(Errno.EPERM);
        if (pending.length === 0) lastViaLink = true;
        let target: string;
        try {
          target = fs.readlinkSync(host);
        } catch {
          return refuse(Errno.EIO);
        }
        // The link's text replaces it: absolute targets must name a place inside the root.
        if (path.isAbsolute(target)) {
          const rel = path.relative(this.root, target);
          if (rel.startsWith('..') || path.isAbsolute(rel)) return refuse(Errno.EPERM);
          at.length = 0;
          target = rel;
        }
        pending = [...target.split('/').filter((x) => x !== '' && x !== '.'), ...pending];
        if (pending.length === 0) return { ok: true, host: this.root, kind: 'dir' };
        continue;
      }
      if (st.isDirectory()) {
        at.push(c);
        if (pending.length === 0) return { ok: true, host, kind: 'dir' };
        continue;
      }
      if (!st.isFile()) return refuse(Errno.EPERM);
      return pending.length === 0 ? { ok: true, host, kind: 'file' } : refuse(Errno.ENOTDIR);
    }
    return { ok: true, host: path.join(this.root, ...at), kind: 'dir' };
  }
}
