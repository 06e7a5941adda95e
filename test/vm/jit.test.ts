// The compiling tier: hot code runs compiled (loops inside a region, calls from region to region), with the interpreter's results.
import { beforeEach, describe, expect, it } from 'vitest';
import { assemble } from '../../assembler/index.js';
import { assembleWorkload } from '../../bench/workloads.js';
import { Cpu, Stop } from '../../vm/cpu.js';
import type { Engine } from '../../vm/engine.js';
import type { Executable } from '../../vm/image.js';
import { run } from '../../vm/interp.js';
import { createJit, JIT_COUNTERS, type JitOptions } from '../../vm/jit.js';
import { STACK_TOP } from '../../vm/layout.js';
import { FramePool } from '../../vm/memory.js';
import { AddressSpace, CodeCache } from '../../vm/mmu.js';

function build(source: string): Executable {
  const r = assemble('test.asm', { source });
  if (!r.exe) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.exe;
}

/** A process of exe on its own space (sharing `code` if given), sp at the top, r3 = 20 (fib's argument). */
function process(exe: Executable, code?: CodeCache): Cpu {
  const pool = code?.pool ?? new FramePool(4 << 20);
  const cpu = new Cpu(new AddressSpace(pool, code ?? new CodeCache(exe, pool), 1 << 20));
  cpu.pc = exe.entry;
  cpu.regs[3] = 20;
  cpu.regs[15] = STACK_TOP;
  return cpu;
}

/** Run to the first system call in budgets of `quantum`; the exit code in r1, and the ticks. */
function toSyscall(engine: Engine, cpu: Cpu, quantum: number): { r1: number; ticks: number } {
  let ticks = 0;
  for (;;) {
    const stop = engine(cpu, quantum);
    ticks += cpu.ran;
    if (stop === Stop.Syscall) return { r1: cpu.regs[1], ticks };
    if (stop !== Stop.Budget) throw new Error(`stopped with ${stop}: ${cpu.fault.detail}`);
  }
}

const EAGER: JitOptions = { warmup: 0, threshold: 0, blockLen: 32, blocks: 32, depth: 200, inline: 128, size: 192 };

const LOOP = build(`
main:   li      r1, 0
        li      r2, 0
loop:   add     r1, r1, r2
        add     r2, r2, 1
        blt     r2, 100000, loop
        sys     exit
`);

/** The benchmark's recursive fib, of r3 = 20. */
const FIB = await assembleWorkload('fib');

/** Recursion far deeper than the JavaScript stack would allow one frame per guest call. */
const DEEP = build(`
main:   li      r1, 50000
        call    sum
        mov     r1, r0
        sys     exit
sum:    bne     r1, 0, more
        li      r0, 0
        ret
more:   push    r1
        sub     r1, r1, 1
        call    sum
        pop     r1
        add     r0, r0, r1
        ret
`);

describe('compiling tier', () => {
  let before: typeof JIT_COUNTERS;
  beforeEach(() => void (before = { ...JIT_COUNTERS }));
  const counted = () => ({ compiled: JIT_COUNTERS.compiled - before.compiled, entered: JIT_COUNTERS.entered - before.entered });

  it('runs a hot loop inside one region: the dispatcher enters it once per budget, not once per iteration', () => {
    const jit = createJit(EAGER);
    const result = toSyscall(jit, process(LOOP), 1 << 30);
    expect(result).toEqual(toSyscall(run, process(LOOP), 1 << 30));
    expect(result.r1).toBe(704982704); // sum of 0..99999, wrapped to 32 bits
    expect(counted().compiled).toBeGreaterThan(0);
    expect(counted().entered).toBeLessThan(5);
  });

  it('stops a compiled loop at the exact tick of every budget', () => {
    for (const quantum of [1, 2, 3, 7, 100, 9999]) {
      const interp = process(LOOP);
      const jit = process(LOOP);
      const engine = createJit(EAGER);
      for (let k = 0; k < 50; k++) {
        expect([engine(jit, quantum), jit.ran, jit.pc, Array.from(jit.regs)]).toEqual([run(interp, quantum), interp.ran, interp.pc, Array.from(interp.regs)]);
      }
    }
  });

  it('makes a guest call/return a call between regions, not a trip through the dispatcher', () => {
    const jit = createJit(EAGER);
    const result = toSyscall(jit, process(FIB), 1 << 30);
    expect(result).toEqual(toSyscall(run, process(FIB), 1 << 30));
    expect(result.r1).toBe(6765);
    // fib(20) makes 21,891 calls and as many returns.
    expect(counted().entered).toBeLessThan(100);
  });

  it('returns to the dispatcher when the call depth reaches its limit, and so recurses as deep as the guest stack allows', () => {
    for (const depth of [0, 1, 200]) {
      const jit = createJit({ ...EAGER, depth });
      expect(toSyscall(jit, process(DEEP), 10_000)).toEqual(toSyscall(run, process(DEEP), 10_000));
    }
  });

  it('compiles an executable once for all the processes that run it', () => {
    const jit = createJit(EAGER);
    const pool = new FramePool(4 << 20);
    const code = new CodeCache(FIB, pool);
    toSyscall(jit, process(FIB, code), 1 << 30);
    const first = counted().compiled;
    toSyscall(jit, process(FIB, code), 1 << 30);
    expect(first).toBeGreaterThan(0);
    expect(counted().compiled).toBe(first);
  });

  it('compiles a loop larger than one function into a few functions, wherever budgets cut it', () => {
    const body = Array.from({ length: 700 }, (_, k) => `lw r${1 + (k % 5)}, [r6 + ${4 * (k % 64)}]`);
    const BIG = build(['.bss', 'buf: .space 256', '.text', 'main: la r6, buf', 'li r10, 0', 'top:', ...body, 'add r10, r10, 1', 'blt r10, 300, top', 'sys exit'].join('\n'));
    const jit = createJit({ ...EAGER, threshold: 1 });
    expect(toSyscall(jit, process(BIG), 997)).toEqual(toSyscall(run, process(BIG), 997));
    expect(counted().compiled).toBeLessThanOrEqual(6);
  });

  it('interprets a short run alone: nothing is compiled during the warm-up', () => {
    const jit = createJit({ ...EAGER, warmup: 1 << 20 });
    toSyscall(jit, process(FIB), 10_000);
    expect(counted()).toEqual({ compiled: 0, entered: 0 });
  });
});
