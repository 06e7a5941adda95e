// Resolve guest paths inside the --root sandbox: no absolute paths, no escape by '..' or links.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Errno } from '../vm/syscalls.js';

export type Resolved = { ok: true; host: string } | { ok: false; errno: number };

/** The host path of a guest path, or the errno refusing it. */
export function resolveGuestPath(root: string, guest: string): Resolved {
  if (guest.length === 0 || guest.includes('\0')) return { ok: false, errno: Errno.ENOENT };
  if (guest.startsWith('/')) return { ok: false, errno: Errno.EPERM };
  const rel = path.posix.normalize(guest);
  if (rel === '..' || rel.startsWith('../')) return { ok: false, errno: Errno.EPERM };
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return { ok: false, errno: Errno.ENOENT };
  }
  const host = path.join(realRoot, rel);
  // Links may point anywhere: the deepest existing ancestor, resolved, must stay inside the root.
  let probe = host;
  for (;;) {
    try {
      const real = fs.realpathSync(probe);
      const inside = real === realRoot || real.startsWith(realRoot + path.sep);
      return inside ? { ok: true, host } : { ok: false, errno: Errno.EPERM };
    } catch {
      const parent = path.dirname(probe);
      if (parent === probe) return { ok: false, errno: Errno.EPERM };
      probe = parent;
    }
  }
}
