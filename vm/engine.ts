// Execution tiers: each runs one CPU context for a budget of ticks with identical results (docs/PERFORMANCE.md).
import type { Cpu, Stop } from './cpu.js';
import { run } from './interp.js';
import { createJit, JIT_TUNING } from './jit.js';

/** Run cpu for at most budget ticks; the contract of vm/interp.ts run(). */
export type Engine = (cpu: Cpu, budget: number) => Stop;

export const ENGINES = { interp: run, jit: createJit(JIT_TUNING) } as const satisfies Readonly<Record<string, Engine>>;

export type EngineName = keyof typeof ENGINES;
/**
 * The compiling tier: faster on every CPU-bound workload once warm (docs/PERFORMANCE.md), and a run too
 * short to warm it runs on the interpreter alone (vm/jit.ts JIT_TUNING.warmup).
 */
export const DEFAULT_ENGINE: EngineName = 'jit';
