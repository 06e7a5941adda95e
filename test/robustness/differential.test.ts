// Differential testing: random programs on the real interpreter (chunked and whole) and the reference must agree exactly.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Stop } from '../../vm/cpu.js';
import type { Executable } from '../../vm/image.js';
import { PAGE_SHIFT, PAGE_SIZE, PAGES } from '../../vm/layout.js';
import { machine } from '../helpers/build.js';
import { RefMachine, type RefStop } from '../reference/interp.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { executable, programArb, tame, value } from './gen.js';

/** helpers/build.ts machine() gives every space this stack limit. */
const STACK_LIMIT = 1 << 16;

interface Outcome {
  /** System calls met on the way, with the tick count after each. */
  traps: string[];
  stop: RefStop;
  ticks: number;
  pc: number;
  regs: number[];
  fault: { signal: number; addr: number } | null;
  pageFaults: number;
  /** Mapped pages and a digest of their bytes: differences are then shown page by page. */
  memory: Record<string, string>;
}

const STOPS: Record<Stop, RefStop | 'break'> = { [Stop.Budget]: 'budget', [Stop.Syscall]: 'syscall', [Stop.Fault]: 'fault', [Stop.Exit]: 'exit', [Stop.Break]: 'break' };

const digest = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex').slice(0, 16);

/** Drive a step function to `total` ticks, continuing past system calls as a kernel would. */
function drive(step: (budget: number) => { stop: RefStop; ran: number; sysno: number }, total: number, chunks: number[]) {
  const traps: string[] = [];
  let ticks = 0;
  let stop: RefStop = 'budget';
  for (let k = 0; ticks < total; k++) {
    const r = step(Math.min(chunks[k % chunks.length], total - ticks));
    ticks += r.ran;
    stop = r.stop;
    if (stop === 'syscall') traps.push(`sys ${r.sysno} @${ticks}`);
    if (stop === 'fault' || stop === 'exit') break;
  }
  return { traps, stop, ticks };
}

function real(exe: Executable, init: number[], frames: number, total: number, chunks: number[]): Outcome {
  const m = machine(exe, frames * PAGE_SIZE);
  init.forEach((v, k) => (m.cpu.regs[k] = v));
  const d = drive((budget) => {
    const stop = m.step(budget);
    expect(m.cpu.ran).toBeLessThanOrEqual(budget);
    const name = STOPS[stop];
    if (name === 'break') throw new Error('brk stopped without breakOnBrk');
    return { stop: name, ran: m.cpu.ran, sysno: m.cpu.sysno };
  }, total, chunks);
  const memory: Record<string, string> = {};
  for (let vpn = 0; vpn < PAGES; vpn++) {
    const pte = m.space.pt[vpn];
    if (pte === 0) continue;
    const base = (pte >>> PAGE_SHIFT) << PAGE_SHIFT;
    memory[vpn.toString(16)] = digest(m.pool.u8.subarray(base, base + PAGE_SIZE));
  }
  return {
    ...d, pc: m.cpu.pc, regs: Array.from(m.cpu.regs),
    fault: d.stop === 'fault' ? { signal: m.cpu.fault.signal, addr: m.cpu.fault.addr } : null, pageFaults: m.space.faults, memory,
  };
}

function reference(exe: Executable, init: number[], frames: number, total: number): Outcome {
  const m = new RefMachine(exe, STACK_LIMIT, frames);
  init.forEach((v, k) => (m.regs[k] = v | 0));
  const d = drive((budget) => ({ ...m.run(budget), sysno: m.sysno }), total, [total]);
  const memory: Record<string, string> = {};
  for (const [vpn, bytes] of m.pages) memory[vpn.toString(16)] = digest(bytes);
  return { ...d, pc: m.pc, regs: [...m.regs], fault: d.stop === 'fault' ? m.fault : null, pageFaults: m.pageFaults, memory };
}

/** Sorted keys, so that toEqual's diff lines up pages. */
const sorted = (o: Outcome): Outcome => ({ ...o, memory: Object.fromEntries(Object.entries(o.memory).sort()) });


const caseArb = fc.record({
  program: programArb,
  // r0–r15 at start: sp (r15) is biased like the rest, so stack faults and misalignment come up.
  init: fc.oneof(fc.array(value, { minLength: 16, maxLength: 16 }), fc.array(tame, { minLength: 16, maxLength: 16 })),
  keepSp: fc.boolean(),
  frames: fc.oneof({ weight: 4, arbitrary: fc.constant(256) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) }),
  total: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 41, max: 600 })),
  chunks: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
});

describe('differential: vm/interp.ts against the reference interpreter', () => {
  const n = runs(2500, 50_000);
  it(`agrees on registers, pc, memory, ticks, stops, faults and page faults (${n} programs)`, () => {
    fc.assert(
      fc.property(caseArb, ({ program, init, keepSp, frames, total, chunks }) => {
        const exe = executable(program);
        const regs = keepSp ? [...init.slice(0, 15), 0x1000000] : init;
        const ref = sorted(reference(exe, regs, frames, total));
        const whole = sorted(real(exe, regs, frames, total, [total]));
        const chunked = sorted(real(exe, regs, frames, total, chunks));
        expect(whole).toEqual(ref);
        expect(chunked).toEqual(ref);
      }),
      params(20260301, n, { shrink: false }),
    );
  }, TIMEOUT);
});
