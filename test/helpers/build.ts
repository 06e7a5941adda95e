// Test helper: build executables straight from ISA rows (no assembler), and run them on a bare CPU.
import { encode, fits, type Fields } from '../../vm/encoding.js';
import { BY_MNEMONIC, type Instr } from '../../vm/isa.js';
import type { Executable } from '../../vm/image.js';
import { CODE_BASE, dataBase, STACK_TOP } from '../../vm/layout.js';
import { FramePool } from '../../vm/memory.js';
import { AddressSpace, CodeCache } from '../../vm/mmu.js';
import { Cpu, Stop } from '../../vm/cpu.js';
import { run } from '../../vm/interp.js';

export interface Ins {
  row: Instr;
  fields: Fields;
}

/** The row a mnemonic takes for these fields at pc, as the assembler would choose it (narrowest that fits). */
export function ins(mnemonic: string, syntax: string, regs: number[], imms: number[] = [], target = 0): Ins {
  const rows = (BY_MNEMONIC.get(mnemonic) ?? []).filter((r) => r.syntax === syntax);
  if (rows.length === 0) throw new Error(`no ${mnemonic} ${syntax}`);
  return { row: rows[0], fields: { regs, imms, target } };
}

/** Lay out instructions from CODE_BASE, choosing for each the first row of its syntax that fits. */
export function program(list: Ins[], data: number[] = [], bssSize = 0): Executable {
  const words: number[] = [];
  for (const { row, fields } of list) {
    const pc = CODE_BASE + words.length * 4;
    const rows = (BY_MNEMONIC.get(row.mnemonic) ?? []).filter((r) => r.syntax === row.syntax);
    const chosen = rows.find((r) => fits(r, fields, pc));
    if (!chosen) throw new Error(`${row.mnemonic}: nothing fits`);
    words.push(...encode(chosen, fields, pc));
  }
  return raw(words, data, bssSize);
}

export function raw(words: number[], data: number[] = [], bssSize = 0): Executable {
  const code = new Uint8Array(new Int32Array(words).buffer);
  return { entry: CODE_BASE, codeAddr: CODE_BASE, code, dataAddr: dataBase(code.length), data: Uint8Array.from(data), bssSize, debug: null };
}

export interface Machine {
  cpu: Cpu;
  pool: FramePool;
  space: AddressSpace;
  step(budget: number): Stop;
}

/** A bare CPU on a fresh space for exe, sp at the stack top. */
export function machine(exe: Executable, mem = 1 << 20): Machine {
  const pool = new FramePool(mem);
  const space = new AddressSpace(pool, new CodeCache(exe, pool), 1 << 16);
  const cpu = new Cpu(space);
  cpu.pc = exe.entry;
  cpu.regs[15] = STACK_TOP;
  return { cpu, pool, space, step: (budget) => run(cpu, budget) };
}
