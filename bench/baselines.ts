// The workloads' algorithms in plain JavaScript, for the "×JS" column of `quanta bench`.
// Each mirrors its bench/workloads/*.asm step for step and returns what the program exits with.

/**
 * Sizes of the cross-language comparison (a whole `quanta run` beside Lua 5.4 and node): the defaults of
 * bench/workloads/{fib,loop,sieve}.asm and bench/lua/*.lua, which a test keeps equal to these.
 */
export const CROSS = { fib: 35, loop: 100_000_000, sieve: 8_388_608 } as const;

export function loop(n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc = (acc + i) ^ 0x55;
    acc = ((acc << 3) - acc) | 0;
  }
  return acc;
}

export function fib(n: number): number {
  return n < 2 ? n : (fib(n - 1) + fib(n - 2)) | 0;
}

export function sieve(limit: number): number {
  const flags = new Uint8Array(limit);
  let primes = 0;
  for (let i = 2; i < limit; i++) {
    if (flags[i] !== 0) continue;
    primes++;
    for (let j = i + i; j < limit; j += i) flags[j] = 1;
  }
  return primes;
}

/** Words per buffer: bench/workloads/memcpy.asm's WORDS (the harness checks both give one result). */
export const MEMCPY_WORDS = 16384;

export function memcpy(passes: number): number {
  const src = new Int32Array(MEMCPY_WORDS);
  const dst = new Int32Array(MEMCPY_WORDS);
  for (let k = 0; k < MEMCPY_WORDS; k++) src[k] = k;
  for (let p = 0; p < passes; p++) for (let k = 0; k < MEMCPY_WORDS; k++) dst[k] = src[k];
  return dst[MEMCPY_WORDS - 1];
}

/** A system call's plain-JS counterpart: a call through a handler table with the caller's record. */
const HANDLERS: ((p: { pid: number; ppid: number }) => number)[] = [(p) => p.pid, (p) => p.ppid];

/** Returns the sum of the results, which for pid 1 is the number of calls, as the program's status. */
export function syscalls(n: number): number {
  const caller = { pid: 1, ppid: 0 };
  let total = 0;
  for (let k = 0; k < n; k++) total += HANDLERS[0](caller);
  return total;
}

const WORDS_PER_PAGE = 1024;

/** First touch of fresh pages: a new zeroed buffer (the OS maps it lazily) written once per page. */
export function touch(pages: number): number {
  const heap = new Int32Array(pages * WORDS_PER_PAGE);
  let k = 0;
  for (; k < pages; k++) heap[k * WORDS_PER_PAGE] = k;
  return k;
}
