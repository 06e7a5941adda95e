// System calls (SPEC §5): one handler per number; each returns r0, or null when the caller blocked or ended.
import * as fs from 'node:fs';
import { PTE_W } from '../vm/mmu.js';
import { Errno, Signal, SYSCALLS, type SyscallName } from '../vm/syscalls.js';
import { BLOCK, HostFile, type OpenFile } from './files.js';
import type { Kernel } from './kernel.js';
import type { Process } from './process.js';
import { resolveGuestPath } from './sandbox.js';

export type Handler = (k: Kernel, p: Process, r: Int32Array) => number | null;

/** Longest path a program may pass, terminator excluded. */
export const PATH_MAX = 4096;

function descriptor(p: Process, fd: number): OpenFile | null {
  return fd >= 0 && fd < p.fds.length ? p.fds[fd] : null;
}

/**
 * A kernel access to the caller's memory failed: -EFAULT, unless it failed for want of a frame,
 * which kills the caller as any page fault without a free frame does (SPEC §4).
 */
function memoryError(k: Kernel, p: Process): number | null {
  if (p.space.fault.signal !== Signal.KILL) return -Errno.EFAULT;
  k.options.stderr.write(new TextEncoder().encode(`[${p.pid} ${p.name}] killed: out of memory\n`));
  k.exit(p, 128 + Signal.KILL);
  return null;
}

/** Finish a transfer: at once, or after --io-latency ticks of device time for files. */
function complete(k: Kernel, p: Process, f: OpenFile, result: number): number | null {
  const latency = k.options.ioLatency;
  if (!f.device || latency <= 0) return result;
  return k.block(p, { on: 'io', until: k.clock + latency, retry: () => result });
}

const exit: Handler = (k, p, r) => {
  k.exit(p, r[1] & 255);
  return null;
};

const write: Handler = (k, p, r) => {
  const f = descriptor(p, r[1]);
  if (!f) return -Errno.EBADF;
  const len = r[3];
  if (len === 0) return 0;
  if (len < 0) return -Errno.EFAULT;
  const bytes = p.space.read(r[2], len);
  if (!bytes) return memoryError(k, p);
  const n = f.write(bytes);
  if (n === BLOCK) return k.block(p, { on: f.blocksOn, retry: () => { const m = f.write(bytes); return m === BLOCK ? null : m; } });
  return n < 0 ? n : complete(k, p, f, n);
};

const read: Handler = (k, p, r) => {
  const f = descriptor(p, r[1]);
  if (!f) return -Errno.EBADF;
  const buf = r[2];
  const len = r[3];
  if (len === 0) return 0;
  if (len < 0 || !p.space.accessible(buf, len, PTE_W)) return -Errno.EFAULT;
  const deliver = (data: Uint8Array | number): number | null => {
    if (typeof data === 'number') return data;
    return p.space.write(buf, data) ? data.length : memoryError(k, p);
  };
  const got = f.read(len);
  if (got === BLOCK) {
    return k.block(p, { on: f.blocksOn, retry: () => { const again = f.read(len); return again === BLOCK ? null : deliver(again); } });
  }
  const n = deliver(got);
  return n === null || n < 0 ? n : complete(k, p, f, n);
};

/** The lowest free descriptor, or -EMFILE. */
function freeDescriptor(k: Kernel, p: Process): number {
  for (let fd = 0; fd < k.options.maxFiles; fd++) if (!p.fds[fd]) return fd;
  return -Errno.EMFILE;
}

const open: Handler = (k, p, r) => {
  const raw = p.space.readString(r[1], PATH_MAX);
  if (!raw) return memoryError(k, p);
  const flags = r[2];
  if (flags !== 0 && flags !== 1 && flags !== 2) return -Errno.EINVAL;
  const fd = freeDescriptor(k, p);
  if (fd < 0) return fd;
  const where = resolveGuestPath(k.options.root, new TextDecoder().decode(raw));
  if (!where.ok) return -where.errno;
  let hostFd: number;
  try {
    hostFd = fs.openSync(where.host, ['r', 'w', 'a'][flags]);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? -Errno.ENOENT : code === 'EACCES' || code === 'EPERM' ? -Errno.EPERM : -Errno.EINVAL;
  }
  if (!fs.fstatSync(hostFd).isFile()) {
    fs.closeSync(hostFd);
    return -Errno.EINVAL;
  }
  const f = new HostFile(hostFd, flags);
  f.refs = 1;
  p.fds[fd] = f;
  return fd;
};

const close: Handler = (_k, p, r) => {
  const f = descriptor(p, r[1]);
  if (!f) return -Errno.EBADF;
  p.fds[r[1]] = null;
  if (--f.refs === 0) f.close();
  return 0;
};

const sbrk: Handler = (_k, p, r) => {
  const old = p.space.sbrk(r[1]);
  return old < 0 ? -Errno.ENOMEM : old;
};

const getpid: Handler = (_k, p) => p.pid;
const getppid: Handler = (_k, p) => p.ppid;
const time: Handler = (k) => k.clock;

const HANDLERS: Partial<Record<SyscallName, Handler>> = { exit, write, read, open, close, sbrk, getpid, getppid, time };

/** Handlers by number (SYSCALLS order); a call without one returns -ENOSYS. */
export const SYSCALL_TABLE: readonly (Handler | undefined)[] = SYSCALLS.map((name) => HANDLERS[name]);
