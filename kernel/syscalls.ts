// System calls (docs/SYSCALLS.md): one handler per name. A handler returns r0; null when the caller blocked or ended;
// PAUSE when the machine must wait for the host first. A blocked call is retried by running its handler
// again with the wait it left (its arguments are still in r1–r5), until it completes.
import { PTE_R, PTE_W } from '../vm/mmu.js';
import { Errno, Signal, SYSCALL_TABLE_INFO, type SyscallName } from '../vm/syscalls.js';
import type { Executable } from '../vm/image.js';
import { BLOCK, PAUSE, Pipe, PipeReader, PipeWriter, SandboxFile, TerminalIn, TerminalOut, type OpenFile } from './files.js';
import type { Kernel } from './kernel.js';
import { NICE_MAX, NICE_MIN, type Process, STATE_NUMBER, type Wait } from './process.js';

export type Handler = (k: Kernel, p: Process, r: Int32Array, retry: Wait | null) => number | null | typeof PAUSE;

/** Longest path a program may pass, terminator excluded. */
export const PATH_MAX = 4096;
/** Most arguments an argv array may hold for spawn and exec. */
export const ARGV_MAX = 1024;
export const MAX_TICKETS = 1_000_000;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function descriptor(p: Process, fd: number): OpenFile | null {
  return fd >= 0 && fd < p.fds.length ? p.fds[fd] : null;
}

/**
 * A kernel access to the caller's memory failed: -EFAULT, unless it failed for want of a frame, which
 * kills the caller as any page fault without a free frame does (docs/KERNEL.md), at its `sys`.
 */
function memoryError(k: Kernel, p: Process): number | null {
  if (p.space.fault.signal !== Signal.KILL) return -Errno.EFAULT;
  k.kill(p, p.space.fault, p.cpu.pc - 4);
  return null;
}

/** Store words at addr in p's memory; false if it could not (see memoryError). */
function storeWords(p: Process, addr: number, words: number[]): boolean {
  return p.space.write(addr, new Uint8Array(Int32Array.from(words).buffer));
}

/** Finish a transfer: at once, or after --io-latency ticks of device time for files. */
function complete(k: Kernel, p: Process, f: OpenFile, result: number): number | null {
  const latency = k.config.ioLatency;
  if (!f.device || latency <= 0) return result;
  return k.block(p, { on: 'io', until: k.clock + latency, result });
}

/** The process a pid argument names (0 = the caller), or null. */
function target(k: Kernel, p: Process, pid: number): Process | null {
  return pid === 0 ? p : (k.table.get(pid) ?? null);
}

/** A zero-terminated string argument, or a negative errno. */
function stringArg(k: Kernel, p: Process, addr: number): string | number {
  const raw = p.space.readString(addr, PATH_MAX);
  return raw ? decoder.decode(raw) : (memoryError(k, p) ?? -Errno.EFAULT);
}

/** The argv array argument of spawn and exec: 0 means just [path]. */
function argvArg(k: Kernel, p: Process, path: string, addr: number): string[] | number {
  if (addr === 0) return [path];
  const argv: string[] = [];
  for (let at = addr; ; at += 4) {
    if (argv.length > ARGV_MAX) return -Errno.EINVAL;
    const word = p.space.read(at, 4);
    if (!word) return memoryError(k, p) ?? -Errno.EFAULT;
    const ptr = new DataView(word.buffer).getInt32(0, true);
    if (ptr === 0) return argv;
    const s = stringArg(k, p, ptr);
    if (typeof s === 'number') return s;
    argv.push(s);
  }
}

const exit: Handler = (k, p, r) => {
  k.exit(p, r[1] & 255);
  return null;
};

const write: Handler = (k, p, r, retry) => {
  const f = descriptor(p, r[1]);
  if (!f?.writable) return -Errno.EBADF;
  const len = r[3];
  if (len === 0) return 0;
  if (len < 0 || !p.space.accessible(r[2], len, PTE_R)) return -Errno.EFAULT;
  // A pipe takes what fits; the writer blocks until all its bytes are in (docs/SYSCALLS.md). Only what fits is
  // copied out of the guest, so a huge write into a pipe costs each retry no more than the pipe holds.
  let done = retry?.done ?? 0;
  const n = Math.min(len - done, f.room());
  if (n > 0) {
    const bytes = p.space.read(r[2] + done, n);
    if (!bytes) return memoryError(k, p);
    const put = f.write(bytes);
    if (put < 0) return put;
    done += put;
    if (put > 0 && f.kind === 'pipe') k.retryWaits('pipe');
  }
  if (done === len) return complete(k, p, f, len);
  return k.block(p, { on: 'pipe', done });
};

const read: Handler = (k, p, r) => {
  const f = descriptor(p, r[1]);
  if (!f?.readable) return -Errno.EBADF;
  const buf = r[2];
  const len = r[3];
  if (len === 0) return 0;
  if (len < 0 || !p.space.accessible(buf, len, PTE_W)) return -Errno.EFAULT;
  const got = f.read(len);
  if (got === PAUSE) return PAUSE;
  if (got === BLOCK) return k.block(p, { on: f.blocksOn ?? 'pipe' });
  if (typeof got === 'number') return got;
  if (f.kind === 'pipe' && got.length > 0) k.retryWaits('pipe');
  return p.space.write(buf, got) ? complete(k, p, f, got.length) : memoryError(k, p);
};

/** The lowest free descriptor, or -EMFILE. */
function freeDescriptor(k: Kernel, p: Process, after = -1): number {
  for (let fd = 0; fd < k.config.maxFiles; fd++) if (fd !== after && !p.fds[fd]) return fd;
  return -Errno.EMFILE;
}

function install(p: Process, fd: number, f: OpenFile): void {
  f.refs++;
  p.fds[fd] = f;
}

const open: Handler = (k, p, r) => {
  const path = stringArg(k, p, r[1]);
  if (typeof path === 'number') return path;
  const flags = r[2];
  if (flags !== 0 && flags !== 1 && flags !== 2) return -Errno.EINVAL;
  const fd = freeDescriptor(k, p);
  if (fd < 0) return fd;
  const file = k.host.files.open(path, flags);
  if (typeof file === 'number') return file;
  install(p, fd, new SandboxFile(file, flags));
  return fd;
};

/** Drop descriptor fd of p; closing a pipe end may end others' waits (EOF, EPIPE). */
function closeDescriptor(k: Kernel, p: Process, fd: number): void {
  const f = p.fds[fd];
  if (!f) return;
  p.fds[fd] = null;
  if (--f.refs === 0) {
    f.close();
    if (f.kind === 'pipe') k.retryWaits('pipe');
  }
}

const close: Handler = (k, p, r) => {
  if (!descriptor(p, r[1])) return -Errno.EBADF;
  closeDescriptor(k, p, r[1]);
  return 0;
};

/** The path and argv arguments of spawn and exec, and the program they name. */
function programArgs(k: Kernel, p: Process, r: Int32Array): { exe: Executable; argv: string[] } | number {
  const path = stringArg(k, p, r[1]);
  if (typeof path === 'number') return path;
  const argv = argvArg(k, p, path, r[2]);
  if (typeof argv === 'number') return argv;
  const exe = k.host.load(path);
  return typeof exe === 'number' ? exe : { exe, argv };
}

const spawn: Handler = (k, p, r) => {
  const prog = programArgs(k, p, r);
  if (typeof prog === 'number') return prog;
  const child = k.create(prog.exe, prog.argv, p);
  return typeof child === 'number' ? child : child.pid;
};

const fork: Handler = (k, p) => {
  const child = k.fork(p);
  return typeof child === 'number' ? child : child.pid;
};

const exec: Handler = (k, p, r) => {
  const prog = programArgs(k, p, r);
  if (typeof prog === 'number') return prog;
  const err = k.exec(p, prog.exe, prog.argv);
  return err < 0 ? err : null; // on success the new program starts with its own registers
};

const wait: Handler = (k, p, r) => {
  const pid = r[1];
  const statusAt = r[2];
  if (statusAt !== 0 && !p.space.accessible(statusAt, 4, PTE_W)) return -Errno.EFAULT;
  const children = [...k.table.values()].filter((c) => c.ppid === p.pid && (pid === -1 || c.pid === pid));
  if (children.length === 0) return -Errno.ECHILD;
  const zombie = children.find((c) => c.state === 'zombie');
  if (!zombie) return k.block(p, { on: 'child' });
  if (statusAt !== 0 && !storeWords(p, statusAt, [zombie.rec.status])) return memoryError(k, p);
  k.reap(zombie);
  return zombie.pid;
};

const SIGNALS_ACCEPTED: readonly number[] = [0, Signal.KILL, Signal.TERM, Signal.STOP, Signal.CONT];

const kill: Handler = (k, p, r) => {
  const sig = r[2];
  const victim = k.table.get(r[1]);
  if (!SIGNALS_ACCEPTED.includes(sig)) return -Errno.EINVAL;
  if (!victim) return -Errno.ESRCH;
  if (victim.state === 'zombie' || sig === 0) return 0;
  if (sig === Signal.STOP) k.stop(victim);
  else if (sig === Signal.CONT) k.cont(victim);
  else {
    k.exit(victim, 128 + sig);
    if (victim === p) return null;
  }
  return 0;
};

const getpid: Handler = (_k, p) => p.pid;
const getppid: Handler = (_k, p) => p.ppid;

const yield_: Handler = (_k, p) => {
  p.yielding = true;
  return 0;
};

const sleep: Handler = (k, p, r) => {
  const ticks = r[1];
  if (ticks < 0) return -Errno.EINVAL;
  if (ticks === 0) return 0;
  return k.block(p, { on: 'sleep', until: k.clock + ticks, result: 0 });
};

const time: Handler = (k) => k.clock;

const sbrk: Handler = (_k, p, r) => {
  const old = p.space.sbrk(r[1]);
  return old < 0 ? -Errno.ENOMEM : old;
};

const pipe: Handler = (k, p, r) => {
  if (!p.space.accessible(r[1], 8, PTE_W)) return -Errno.EFAULT;
  const rfd = freeDescriptor(k, p);
  const wfd = rfd < 0 ? rfd : freeDescriptor(k, p, rfd);
  if (wfd < 0) return wfd;
  if (!storeWords(p, r[1], [rfd, wfd])) return memoryError(k, p);
  const buffer = new Pipe();
  install(p, rfd, new PipeReader(buffer));
  install(p, wfd, new PipeWriter(buffer));
  return 0;
};

const dup2: Handler = (k, p, r) => {
  const f = descriptor(p, r[1]);
  const to = r[2];
  if (!f || to < 0 || to >= k.config.maxFiles) return -Errno.EBADF;
  if (r[1] === to) return to;
  closeDescriptor(k, p, to);
  install(p, to, f);
  return to;
};

const pstat: Handler = (k, p, r) => {
  const q = target(k, p, r[1]);
  if (!q) return -Errno.ESRCH;
  if (!p.space.accessible(r[2], 40, PTE_W)) return -Errno.EFAULT;
  const rec = q.rec;
  const words = [
    q.pid, q.ppid, STATE_NUMBER[q.state], q.nice, q.tickets, k.acct.total(rec, 'running', k.clock),
    k.acct.total(rec, 'ready', k.clock), rec.start, rec.switches, rec.faults,
  ];
  return storeWords(p, r[2], words) ? 0 : memoryError(k, p);
};

/** nice and settickets: set a scheduling parameter of a live process within its range. */
function schedParam(field: 'nice' | 'tickets', min: number, max: number): Handler {
  return (k, p, r) => {
    const q = target(k, p, r[1]);
    if (!q || q.state === 'zombie') return -Errno.ESRCH;
    if (r[2] < min || r[2] > max) return -Errno.EINVAL;
    q[field] = r[2];
    k.policy.changed(q);
    return 0;
  };
}

const procs: Handler = (k, p, r) => {
  const max = r[2];
  if (max < 0) return -Errno.EINVAL;
  const pids = [...k.table.keys()].sort((a, b) => a - b);
  const shown = pids.slice(0, max);
  if (shown.length > 0 && !p.space.accessible(r[1], 4 * shown.length, PTE_W)) return -Errno.EFAULT;
  if (shown.length > 0 && !storeWords(p, r[1], shown)) return memoryError(k, p);
  return pids.length;
};

const readdir: Handler = (k, p, r) => {
  const path = stringArg(k, p, r[1]);
  if (typeof path === 'number') return path;
  const buf = r[2];
  const len = r[3];
  if (len < 0 || (len > 0 && !p.space.accessible(buf, len, PTE_W))) return -Errno.EFAULT;
  const names = k.host.files.readdir(path);
  if (typeof names === 'number') return names;
  // As many whole names as fit, each with its newline.
  const parts: Uint8Array[] = [];
  let used = 0;
  for (const name of names) {
    const bytes = encoder.encode(name + '\n');
    if (used + bytes.length > len) break;
    parts.push(bytes);
    used += bytes.length;
  }
  const out = new Uint8Array(used);
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return used === 0 || p.space.write(buf, out) ? used : memoryError(k, p);
};

const isatty: Handler = (_k, p, r) => {
  const f = descriptor(p, r[1]);
  if (!f) return -Errno.EBADF;
  if (f instanceof TerminalIn) return f.input.interactive ? 1 : 0;
  return f instanceof TerminalOut && f.sink.interactive === true ? 1 : 0;
};

/** The job program's waits: the duration is an inline operand (the word after the `sys`), see vm/syscalls.ts. */
const delay: Handler = (k, p) => {
  const word = p.space.read(p.cpu.pc, 4);
  if (!word) return memoryError(k, p);
  p.cpu.pc += 4;
  const n = new DataView(word.buffer).getInt32(0, true);
  if (n === 0) return 0;
  return k.block(p, n > 0 ? { on: 'io', until: k.clock + n, result: 0 } : { on: 'sleep', until: k.clock - n, result: 0 });
};

const pname: Handler = (k, p, r) => {
  const q = target(k, p, r[1]);
  if (!q) return -Errno.ESRCH;
  const len = r[3];
  if (len < 0 || (len > 0 && !p.space.accessible(r[2], len, PTE_W))) return -Errno.EFAULT;
  const name = encoder.encode(q.name);
  if (len === 0) return name.length;
  const out = new Uint8Array(Math.min(name.length, len - 1) + 1);
  out.set(name.subarray(0, out.length - 1));
  return p.space.write(r[2], out) ? name.length : memoryError(k, p);
};

const HANDLERS: Record<SyscallName, Handler> = {
  exit, write, read, open, close, spawn, fork, exec, wait, kill, getpid, getppid, yield: yield_, sleep, time,
  sbrk, pipe, dup2, pstat, nice: schedParam('nice', NICE_MIN, NICE_MAX), settickets: schedParam('tickets', 1, MAX_TICKETS),
  procs, readdir, isatty, delay, pname,
};

/** Handlers by number (vm/syscalls.ts pins the numbers); a number without one returns -ENOSYS. */
export const SYSCALL_HANDLERS: readonly (Handler | undefined)[] = (() => {
  const table: (Handler | undefined)[] = [];
  for (const s of SYSCALL_TABLE_INFO) table[s.number] = HANDLERS[s.name];
  return table;
})();
