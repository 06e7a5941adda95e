// System-call numbers and error numbers of SPEC §5, shared by the assembler (names) and the kernel.

export const SYSCALLS = [
  'exit', 'write', 'read', 'open', 'close', 'spawn', 'fork', 'exec', 'wait', 'kill', 'getpid',
  'getppid', 'yield', 'sleep', 'time', 'sbrk', 'pipe', 'dup2', 'pstat', 'nice', 'settickets', 'procs',
] as const;

export type SyscallName = (typeof SYSCALLS)[number];

/** System-call number by name; undefined if unknown. */
export function syscallNumber(name: string): number | undefined {
  const k = (SYSCALLS as readonly string[]).indexOf(name.toLowerCase());
  return k < 0 ? undefined : k;
}

export const Errno = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, ENOEXEC: 8, EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12,
  EFAULT: 14, EINVAL: 22, EMFILE: 24, EPIPE: 32, ENOSYS: 38,
} as const;

/** Signal numbers (SPEC §4); a process killed by signal N has wait status 128 + N. */
export const Signal = { ILL: 4, BUS: 7, FPE: 8, KILL: 9, SEGV: 11, TERM: 15, CONT: 18, STOP: 19 } as const;
