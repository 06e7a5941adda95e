// fast-check settings for every property test: a fixed seed and run count by default, more runs and other seeds on request.
//
// Default suite: each property runs with its own fixed seed, so a red test reproduces on every
// machine. QUANTA_FUZZ_LONG=1 multiplies the runs; QUANTA_FUZZ_SEED=n replaces every seed by n, and
// QUANTA_FUZZ_SEED=random draws one (fast-check prints the seed of a failure, to pass back as n).

/** Long runs are opt-in: the default suite must stay within a couple of minutes on two shared cores. */
export const LONG = process.env.QUANTA_FUZZ_LONG === '1';

/** The run count: normal in the default suite, long under QUANTA_FUZZ_LONG=1. */
export const runs = (normal: number, long: number): number => (LONG ? long : normal);

/** Per-test time limit for property tests: long runs take many minutes. */
export const TIMEOUT = LONG ? 4 * 3600_000 : 120_000;

function seedFrom(fixed: number): number {
  const override = process.env.QUANTA_FUZZ_SEED;
  if (override === undefined || override === '') return fixed;
  if (override === 'random') return (Math.random() * 0x7fffffff) | 0;
  if (!/^-?\d+$/.test(override)) throw new Error(`QUANTA_FUZZ_SEED must be an integer or 'random', not '${override}'`);
  return Number(override) | 0;
}

/**
 * The parameters of one fc.assert: its fixed seed (unless overridden) and run count. Shrinking is
 * on for small properties; suites whose counterexamples are whole machine runs turn it off
 * (`shrink: false`), since a shrunk multi-process run is rarely easier to read and can take minutes.
 */
export function params(seed: number, numRuns: number, options: { shrink?: boolean } = {}): { seed: number; numRuns: number; endOnFailure: boolean } {
  return { seed: seedFrom(seed), numRuns, endOnFailure: options.shrink === false };
}
