// Bounds on the host time and memory one assembly may cost: the limits a caller can set, and the fixed ones.
//
// docs/ROBUSTNESS.md tabulates each with its reason and what the user gets at the limit. Every limit
// ends assembly (or the offending line) with a diagnostic; none is ever an exception.

export interface AssemblerLimits {
  /** Bytes of one source file, the main file or an include. */
  fileBytes: number;
  /** Characters of text processed in all: every file read (again at each .include) and every macro body line expanded. */
  sourceChars: number;
  /** Characters of one line, as written or after macro substitution (one line is lexed and parsed at once). */
  lineChars: number;
  /** Lines processed in all, counting every file read and every macro body line expanded. */
  lines: number;
  /** Tokens (names, numbers, operators, …) processed in all, likewise. */
  tokens: number;
  /** Layout passes before giving up (widening settles in a few; only sizes that depend on later labels keep moving). */
  passes: number;
  /** Errors and warnings reported before assembly stops. */
  diagnostics: number;
}

/** For `quanta asm` and `quanta run x.asm`: far beyond any program written by hand, and still a few seconds and a few hundred MB at worst. */
export const DEFAULT_LIMITS: Readonly<AssemblerLimits> = Object.freeze({
  fileBytes: 4 << 20,
  sourceChars: 16 << 20,
  lineChars: 16_384,
  lines: 250_000,
  tokens: 1_000_000,
  passes: 64,
  diagnostics: 1000,
});

/**
 * For sources a guest program asks the kernel to assemble (spawn, exec of a .asm): some 20 times the
 * largest sample program with its library (programs/sh.asm: 1,400 lines, 5,100 tokens, 41,000
 * characters), and well under a second of host time at worst, since a guest can ask again every few ticks.
 */
export const GUEST_LIMITS: Readonly<AssemblerLimits> = Object.freeze({
  fileBytes: 256 << 10,
  sourceChars: 1 << 20,
  lineChars: 4096,
  lines: 25_000,
  tokens: 100_000,
  passes: 16,
  diagnostics: 100,
});

// Fixed limits: they bound recursion depth (the host's stack), not amounts of work.

/** Nested .include files. */
export const MAX_INCLUDE_DEPTH = 32;
/** Nested macro expansions (this is what stops a macro that invokes itself). */
export const MAX_MACRO_DEPTH = 64;
/** Nesting of one expression: parentheses, brackets and runs of prefix operators. */
export const MAX_NESTING = 200;
