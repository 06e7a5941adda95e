// The system-call table of docs/SYSCALLS.md with pinned numbers, error numbers and signals: shared by the assembler, the kernel and the docs.

/** One system call: its number is part of the executable format (`sys N`), so it is pinned here, never implied by order. */
export interface SyscallInfo {
  readonly number: number;
  readonly name: string;
  /** Arguments in r1, r2, … */
  readonly args: readonly string[];
  /** What r0 holds after a successful call. */
  readonly returns: string;
  /** The negative error numbers it can return, beyond -EFAULT for a bad pointer. */
  readonly errors: readonly ErrnoName[];
  /** When the caller blocks, if it can. */
  readonly blocks: string;
  readonly describe: string;
}

export const SYSCALL_TABLE_INFO = [
  { number: 0, name: 'exit', args: ['code'], returns: 'never returns', errors: [], blocks: '', describe: 'end the caller with status code & 255; its parent reaps it with wait' },
  { number: 1, name: 'write', args: ['fd', 'buf', 'len'], returns: 'bytes written (all of len)', errors: ['EBADF', 'EPIPE', 'EIO', 'EFBIG', 'ENOSPC'], blocks: 'while a pipe is full (until all bytes are in); for --io-latency ticks on a file', describe: 'write len bytes from buf to descriptor fd' },
  { number: 2, name: 'read', args: ['fd', 'buf', 'len'], returns: 'bytes read, 0 at end of input', errors: ['EBADF', 'EIO'], blocks: 'while a pipe or the terminal has nothing yet; for --io-latency ticks on a file', describe: "read up to len bytes into buf; from the host's stdin at most one line per call" },
  { number: 3, name: 'open', args: ['path', 'flags'], returns: 'a descriptor', errors: ['ENOENT', 'EPERM', 'EMFILE', 'EINVAL', 'EIO'], blocks: '', describe: 'open a file inside the sandbox root: flags 0 read, 1 write+create+truncate, 2 append+create' },
  { number: 4, name: 'close', args: ['fd'], returns: '0', errors: ['EBADF'], blocks: '', describe: 'release a descriptor; the last close of a pipe end lets readers see end of input and writers EPIPE' },
  { number: 5, name: 'spawn', args: ['path', 'argv'], returns: "the new process's pid", errors: ['ENOENT', 'EPERM', 'ENOEXEC', 'EAGAIN', 'ENOMEM', 'EINVAL'], blocks: '', describe: 'start a new process running an executable (.qx, or .asm assembled on the fly); argv 0 means just [path]' },
  { number: 6, name: 'fork', args: [], returns: "the child's pid in the parent, 0 in the child", errors: ['EAGAIN'], blocks: '', describe: 'copy the caller; the copy shares its pages copy-on-write and its open files' },
  { number: 7, name: 'exec', args: ['path', 'argv'], returns: 'returns only on error', errors: ['ENOENT', 'EPERM', 'ENOEXEC', 'ENOMEM', 'EINVAL'], blocks: '', describe: "replace the caller's program; pid, parent, descriptors and accounting stay" },
  { number: 8, name: 'wait', args: ['pid', 'status'], returns: 'pid of the child reaped', errors: ['ECHILD'], blocks: 'until such a child exits', describe: 'reap a child (pid -1 for any) and store its wait status at status (0 to ignore)' },
  { number: 9, name: 'kill', args: ['pid', 'signal'], returns: '0', errors: ['ESRCH', 'EINVAL'], blocks: '', describe: 'KILL (9) and TERM (15) destroy, STOP (19) suspends, CONT (18) resumes, 0 only checks the pid; a zombie is left as it is' },
  { number: 10, name: 'getpid', args: [], returns: "the caller's pid", errors: [], blocks: '', describe: "the caller's process id" },
  { number: 11, name: 'getppid', args: [], returns: "the parent's pid", errors: [], blocks: '', describe: "the caller's parent's process id (1 once adopted, 0 for processes the command line started)" },
  { number: 12, name: 'yield', args: [], returns: '0', errors: [], blocks: '', describe: 'give up the rest of the slice' },
  { number: 13, name: 'sleep', args: ['ticks'], returns: '0', errors: ['EINVAL'], blocks: 'for that many ticks of virtual time', describe: 'sleep: a call in tick t makes the caller ready at exactly t + 1 + ticks' },
  { number: 14, name: 'time', args: [], returns: 'the virtual clock', errors: [], blocks: '', describe: 'ticks since the machine started, as of the end of this call' },
  { number: 15, name: 'sbrk', args: ['increment'], returns: 'the old end of the heap', errors: ['ENOMEM'], blocks: '', describe: 'grow (or shrink) the heap; pages are mapped when first touched' },
  { number: 16, name: 'pipe', args: ['fds'], returns: '0', errors: ['EMFILE'], blocks: '', describe: 'make a pipe (4096 bytes) and store [read fd, write fd] at fds' },
  { number: 17, name: 'dup2', args: ['old', 'new'], returns: 'new', errors: ['EBADF'], blocks: '', describe: 'make descriptor new refer to what old refers to, closing new first' },
  { number: 18, name: 'pstat', args: ['pid', 'buf'], returns: '0', errors: ['ESRCH'], blocks: '', describe: 'fill 10 words at buf: pid, ppid, state (0 ready, 1 running, 2 blocked, 3 stopped, 4 zombie), nice, tickets, cpu ticks, ready-wait ticks, start tick, context switches, page faults (pid 0 = self)' },
  { number: 19, name: 'nice', args: ['pid', 'value'], returns: '0', errors: ['ESRCH', 'EINVAL'], blocks: '', describe: 'set the nice value (-20 … 19) of a live process (pid 0 = self)' },
  { number: 20, name: 'settickets', args: ['pid', 'tickets'], returns: '0', errors: ['ESRCH', 'EINVAL'], blocks: '', describe: 'set the lottery/stride tickets (1 … 1,000,000) of a live process (pid 0 = self)' },
  { number: 21, name: 'procs', args: ['buf', 'max'], returns: 'number of processes in the table, zombies included', errors: ['EINVAL'], blocks: '', describe: 'store up to max of their pids at buf, in increasing order' },
  { number: 22, name: 'readdir', args: ['path', 'buf', 'len'], returns: 'bytes written', errors: ['ENOENT', 'EPERM', 'ENOTDIR', 'EIO'], blocks: '', describe: "the names in a directory in byte order, each followed by '\\n', a directory's ending in '/'; as many whole names as fit in len" },
  { number: 23, name: 'isatty', args: ['fd'], returns: '1 if fd is a terminal a person uses, else 0', errors: ['EBADF'], blocks: '', describe: 'whether a descriptor is an interactive terminal (an extension: a shell prompts only then)' },
  { number: 24, name: 'delay', args: [], returns: '0', errors: [], blocks: 'for |N| ticks: on simulated device I/O if N > 0, as a sleep if N < 0', describe: 'an extension for exact workloads (the built-in job program): N is the word after the `sys`, which the call skips, so that no instruction is spent setting a register; N > 0 is N ticks of simulated device I/O (blocked on=io, counted as I/O busy), N < 0 a sleep of -N ticks, 0 returns at once' },
  { number: 25, name: 'pname', args: ['pid', 'buf', 'len'], returns: "the name's length in bytes", errors: ['ESRCH'], blocks: '', describe: "store the name a process is shown by (its program's file name, as in `[3 fib]`) at buf, cut to len - 1 bytes and ended by a zero byte (pid 0 = self; an extension, for ps)" },
] as const satisfies readonly SyscallInfo[];

export type SyscallName = (typeof SYSCALL_TABLE_INFO)[number]['name'];

/** System-call names by number (the numbers are 0, 1, 2, … without gaps); beyond them, -ENOSYS. */
export const SYSCALLS: readonly SyscallName[] = SYSCALL_TABLE_INFO.map((s, k) => {
  if (s.number !== k) throw new Error(`system call ${s.name}: number ${s.number} out of order`);
  return s.name;
});

/** System-call number by name (case-insensitive); undefined if unknown. */
export function syscallNumber(name: string): number | undefined {
  const n = name.toLowerCase();
  return SYSCALL_TABLE_INFO.find((s) => s.name === n)?.number;
}

/** Error numbers (docs/SYSCALLS.md), returned negated; EIO, EFBIG and ENOSPC report failures of the host's files. */
export const Errno = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EIO: 5, ENOEXEC: 8, EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12,
  EFAULT: 14, ENOTDIR: 20, EINVAL: 22, EMFILE: 24, EFBIG: 27, ENOSPC: 28, EPIPE: 32, ENOSYS: 38,
} as const;

export type ErrnoName = keyof typeof Errno;

/** Signal numbers (docs/KERNEL.md); a process killed by signal N has wait status 128 + N. */
export const Signal = { ILL: 4, BUS: 7, FPE: 8, KILL: 9, SEGV: 11, TERM: 15, CONT: 18, STOP: 19 } as const;
