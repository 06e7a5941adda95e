// The ISA table's consistency and the interpreter's semantics, ticks and faults on a bare CPU.
import { describe, expect, it } from 'vitest';
import { BY_OPCODE, FORMS, ISA, Op } from '../../vm/isa.js';
import { encode } from '../../vm/encoding.js';
import { Stop } from '../../vm/cpu.js';
import { CODE_BASE, PAGE_SIZE, STACK_TOP } from '../../vm/layout.js';
import { Signal } from '../../vm/syscalls.js';
import { ins, machine, program, raw } from '../helpers/build.js';

const SYS_EXIT = ins('sys', 'i', [], [0]);

describe('ISA table', () => {
  it('gives every opcode from 1 to COUNT-1 exactly one row', () => {
    const ops = ISA.map((r) => r.op).sort((a, b) => a - b);
    expect(new Set(ops).size).toBe(ops.length);
    expect(ops).toEqual(Array.from({ length: Op.COUNT - 1 }, (_, k) => k + 1));
    for (const row of ISA) expect(BY_OPCODE[row.op]).toBe(row);
  });

  it('matches each syntax to the fields of its form', () => {
    for (const row of ISA) {
      const f = FORMS[row.form];
      const regs = [...row.syntax].filter((c) => c === 'r' || c === 'm').length;
      const imms = [...row.syntax].filter((c) => c === 'i' || c === 'm' || c === 'M').length;
      expect([row.mnemonic, regs, imms, row.syntax.includes('t')]).toEqual([row.mnemonic, f.regs, f.imms.length, f.target !== null]);
    }
  });
});

describe('interpreter dispatch', () => {
  // Operands that make every instruction well-defined: registers hold a writable stack address.
  const safe = (row: (typeof ISA)[number], pc: number) => ({
    regs: [1, 2, 3].slice(0, FORMS[row.form].regs),
    imms: FORMS[row.form].imms.map((f) => (f === 'x' ? STACK_TOP - 64 : 8)),
    target: pc + 4 * FORMS[row.form].words,
  });

  it.each(ISA.map((r) => [r.mnemonic, r.form, r] as const))('%s (%s) has an interpreter case', (_m, _f, row) => {
    const words = [...encode(row, safe(row, CODE_BASE), CODE_BASE), ...encode(SYS_EXIT.row, SYS_EXIT.fields, 0)];
    const m = machine(raw(words));
    for (const r of [1, 2, 3]) m.cpu.regs[r] = STACK_TOP - 128;
    const stop = m.step(10);
    if (stop === Stop.Fault) expect(m.cpu.fault.signal).not.toBe(Signal.ILL);
  });

  const undefinedOps = Array.from({ length: 256 }, (_, k) => k).filter((k) => !BY_OPCODE[k]);
  it(`faults with ILL on each of the ${undefinedOps.length} undefined opcodes, costing no tick`, () => {
    for (const op of undefinedOps) {
      const m = machine(raw([op | 0x1234500, 0]));
      expect(m.step(5)).toBe(Stop.Fault);
      expect(m.cpu.fault.signal).toBe(Signal.ILL);
      expect(m.cpu.pc).toBe(CODE_BASE);
      expect(m.cpu.ran).toBe(0);
    }
  });
});

describe('semantics', () => {
  const compute = (list: ReturnType<typeof ins>[]) => {
    const m = machine(program([...list, SYS_EXIT]));
    expect(m.step(1000)).toBe(Stop.Syscall);
    return m.cpu.regs;
  };

  it('wraps signed division: INT_MIN / -1 = INT_MIN, rem 0; truncates toward zero', () => {
    const r = compute([
      ins('li', 'ri', [1], [-0x80000000]), ins('li', 'ri', [2], [-1]),
      ins('div', 'rrr', [3, 1, 2]), ins('rem', 'rrr', [4, 1, 2]),
      ins('li', 'ri', [5], [-7]), ins('div', 'rri', [6, 5], [2]), ins('rem', 'rri', [7, 5], [2]),
      ins('divu', 'rri', [8, 2], [2]), ins('remu', 'rri', [9, 2], [10]),
    ]);
    expect([r[3], r[4], r[6], r[7], r[8], r[9]]).toEqual([-0x80000000, 0, -3, -1, 0x7fffffff, 5]);
  });

  it('masks shift counts to 5 bits; shr is logical, sra arithmetic', () => {
    const r = compute([
      ins('li', 'ri', [1], [-16]), ins('li', 'ri', [2], [33]),
      ins('shl', 'rrr', [3, 1, 2]), ins('shr', 'rri', [4, 1], [28]), ins('sra', 'rri', [5, 1], [2]),
    ]);
    expect([r[3], r[4], r[5]]).toEqual([-32, 15, -4]);
  });

  it('compares unsigned and signed', () => {
    const r = compute([ins('li', 'ri', [1], [-1]), ins('sltu', 'rri', [2, 1], [5]), ins('slt', 'rri', [3, 1], [5]), ins('sltu', 'rri', [4, 1], [-1])]);
    expect([r[2], r[3], r[4]]).toEqual([0, 1, 0]);
  });

  it('sign- and zero-extends half and byte loads', () => {
    const base = 0x2000; // the data segment of a one-page program
    const m = machine(program([
      ins('li', 'ri', [1], [base]), ins('lb', 'rm', [2, 1], [0]), ins('lbu', 'rm', [3, 1], [0]),
      ins('lh', 'rm', [4, 1], [0]), ins('lhu', 'rm', [5, 1], [0]), ins('lw', 'rm', [6, 1], [0]), SYS_EXIT,
    ], [0xf0, 0xff, 0x12, 0x80]));
    expect(m.step(100)).toBe(Stop.Syscall);
    expect(Array.from(m.cpu.regs.slice(2, 7))).toEqual([-16, 0xf0, -16, 0xfff0, 0x8012fff0 | 0]);
  });
});

describe('ticks and paging', () => {
  it('stops after exactly the budget, and resumes where it stopped', () => {
    const loop = program([ins('add', 'rri', [1, 1], [1]), ins('jmp', 't', [], [], CODE_BASE)]);
    const m = machine(loop);
    expect(m.step(1001)).toBe(Stop.Budget);
    expect(m.cpu.ran).toBe(1001);
    expect(m.cpu.regs[1]).toBe(501);
    expect(m.step(1)).toBe(Stop.Budget);
    expect(m.cpu.regs[1]).toBe(501);
    expect(m.step(1)).toBe(Stop.Budget);
    expect(m.cpu.regs[1]).toBe(502);
  });

  it('counts one page fault per first touch and restarts the faulting instruction uncounted', () => {
    const m = machine(program([ins('push', 'r', [1]), ins('push', 'r', [1]), SYS_EXIT]));
    m.cpu.regs[1] = 42;
    expect(m.step(100)).toBe(Stop.Syscall);
    expect(m.cpu.ran).toBe(3);
    expect(m.space.faults).toBe(2); // the code page and one stack page
  });

  it('executes a wide instruction that straddles two code pages', () => {
    const pad = Array.from({ length: PAGE_SIZE / 4 - 1 }, () => ins('nop', '', []));
    const exe = program([...pad, ins('li', 'ri', [3], [0x12345678]), SYS_EXIT]);
    const m = machine(exe);
    expect(m.step(PAGE_SIZE)).toBe(Stop.Syscall);
    expect(m.cpu.regs[3]).toBe(0x12345678);
    expect(m.space.faults).toBe(2);
  });

  it('faults with SEGV when writing to code and BUS on a misaligned word, before the page', () => {
    const w = machine(program([ins('sw', 'rM', [1], [CODE_BASE])]));
    expect(w.step(10)).toBe(Stop.Fault);
    expect([w.cpu.fault.signal, w.cpu.fault.detail]).toEqual([Signal.SEGV, 'write to 0x00001000 (read-only code page)']);
    const b = machine(program([ins('lw', 'rM', [1], [0x7ffff2])]));
    expect(b.step(10)).toBe(Stop.Fault);
    expect([b.cpu.fault.signal, b.cpu.ran]).toEqual([Signal.BUS, 0]);
  });

  it('gives frames back when a space is destroyed', () => {
    const m = machine(program([ins('push', 'r', [1]), SYS_EXIT]));
    m.step(10);
    expect(m.pool.used).toBeGreaterThan(0);
    m.space.destroy();
    expect(m.pool.used).toBe(0);
  });
});
