// Property tests of the interpreter on random programs: no host exception, and exact, chunk-independent ticks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode } from '../../vm/encoding.js';
import { FORMS, ISA, type Instr } from '../../vm/isa.js';
import { Stop } from '../../vm/cpu.js';
import { CODE_BASE, STACK_TOP } from '../../vm/layout.js';
import { Signal } from '../../vm/syscalls.js';
import { machine, raw } from '../helpers/build.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

// Random instructions with operands biased toward interesting values: small offsets that branch
// inside the program, stack and data addresses, zero divisors, and arbitrary words.
const immediate = fc.oneof(
  fc.integer({ min: -8, max: 8 }),
  fc.constantFrom(0, 1, -1, 0x7fffffff, -0x80000000, STACK_TOP - 16, 0x2000, CODE_BASE),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
);
const instruction = fc.record({
  row: fc.constantFrom(...ISA),
  regs: fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 3, maxLength: 3 }),
  imms: fc.array(immediate, { minLength: 2, maxLength: 2 }),
  hop: fc.integer({ min: -6, max: 6 }),
});
const programArb = fc.array(fc.oneof({ weight: 9, arbitrary: instruction }, { weight: 1, arbitrary: fc.integer() }), { minLength: 1, maxLength: 40 });

/** Encode the random items; branch targets are kept reachable by their form. */
function build(items: (number | { row: Instr; regs: number[]; imms: number[]; hop: number })[]): number[] {
  const words: number[] = [];
  for (const it of items) {
    if (typeof it === 'number') {
      words.push(it | 0);
      continue;
    }
    const pc = CODE_BASE + 4 * words.length;
    const form = FORMS[it.row.form];
    const imms = form.imms.map((f, k) => (f === 'i16' ? ((it.imms[k] << 16) >> 16) : f === 'i8' ? ((it.imms[k] << 24) >> 24) : it.imms[k]));
    const target = pc + 4 * it.hop;
    const fits = form.target === null || form.target === 't' || Math.abs(it.hop) < 2048;
    words.push(...encode(it.row, { regs: it.regs, imms, target: fits ? target : pc }, pc));
  }
  return words;
}

/** Run to completion in chunks, skipping over system calls; returns the observable state. */
function execute(words: number[], chunk: number, total: number) {
  const m = machine(raw(words), 1 << 20);
  for (const r of [1, 2, 3, 4]) m.cpu.regs[r] = STACK_TOP - 64 * r;
  let ticks = 0;
  let stop: Stop = Stop.Budget;
  while (ticks < total) {
    stop = m.step(Math.min(chunk, total - ticks));
    expect(m.cpu.ran).toBeLessThanOrEqual(chunk);
    ticks += m.cpu.ran;
    if (stop === Stop.Fault || stop === Stop.Exit) break;
  }
  return { stop, ticks, pc: m.cpu.pc, regs: Array.from(m.cpu.regs), fault: stop === Stop.Fault ? m.cpu.fault : null, faults: m.space.faults };
}

describe('interpreter properties', () => {
  const n = runs(3000, 60_000);
  it(`never throws, and ends every run with a defined stop and a named signal (${n} runs)`, () => {
    fc.assert(
      fc.property(programArb, (items) => {
        const r = execute(build(items), 500, 500);
        expect([Stop.Budget, Stop.Syscall, Stop.Fault, Stop.Exit]).toContain(r.stop);
        if (r.fault) expect([Signal.ILL, Signal.BUS, Signal.FPE, Signal.SEGV]).toContain(r.fault.signal);
      }),
      params(20261123, n),
    );
  }, TIMEOUT);

  const m = runs(2000, 40_000);
  it(`gives the same registers, pc, faults and ticks whether run in one budget or in chunks of any size (${m} runs)`, () => {
    fc.assert(
      fc.property(programArb, fc.integer({ min: 1, max: 37 }), (items, chunk) => {
        const words = build(items);
        expect(execute(words, chunk, 300)).toEqual(execute(words, 300, 300));
      }),
      params(20261124, m),
    );
  }, TIMEOUT);
});
