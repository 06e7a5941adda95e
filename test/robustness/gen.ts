// Shared by the robustness suites: random machine programs and the values they favour.
import fc from 'fast-check';
import { encode } from '../../vm/encoding.js';
import type { Executable } from '../../vm/image.js';
import { BY_OPCODE, FORMS, ISA, Op, type Instr } from '../../vm/isa.js';
import { CODE_BASE, dataBase, EXIT_ADDR, PAGE_SIZE, STACK_TOP } from '../../vm/layout.js';

/** Values that sit on the edges the interpreter and the kernel must get right. */
export const EDGES = [
  0, 1, -1, 2, 3, 4, 0x7fffffff, -0x80000000, 0x8000, -0x8000, 0x7fff, 0xffff,
  CODE_BASE, CODE_BASE + 2, 0x2000, 0x3000, 0x3ffe, 0x4000, 0x10000,
  STACK_TOP - 4, STACK_TOP - 8, STACK_TOP - 64, STACK_TOP - 2, STACK_TOP, STACK_TOP - (1 << 16) - 4, STACK_TOP - (1 << 20) - 4,
  0xfffffc, 0xffffff, EXIT_ADDR, 0x1000000 - PAGE_SIZE,
];

export const value = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -8, max: 8 }) },
  { weight: 3, arbitrary: fc.constantFrom(...EDGES) },
  { weight: 1, arbitrary: fc.integer({ min: -0x80000000, max: 0x7fffffff }) },
);

/** Mostly valid aligned addresses and small values, so that some programs run long before they fault. */
export const tame = fc.oneof(
  fc.integer({ min: -16, max: 16 }).map((k) => 4 * k),
  fc.integer({ min: 1, max: 64 }).map((k) => STACK_TOP - 4 * k),
  fc.integer({ min: 0, max: 64 }).map((k) => 0x2000 + 4 * k),
);

export interface RandomInstr {
  row: Instr;
  regs: number[];
  imms: number[];
  /** Relative branch distance in words; a wild absolute target instead when `wild` is set. */
  hop: number;
  wild: number | null;
}

const instr = (imm: fc.Arbitrary<number>): fc.Arbitrary<RandomInstr> => fc.record({
  row: fc.constantFrom(...ISA),
  regs: fc.array(fc.oneof(fc.integer({ min: 0, max: 15 }), fc.constantFrom(14, 15)), { minLength: 3, maxLength: 3 }),
  imms: fc.array(imm, { minLength: 2, maxLength: 2 }),
  hop: fc.integer({ min: -8, max: 8 }),
  wild: fc.option(value, { freq: 4 }),
});

/** One item of a program: an instruction, or a raw word (undefined opcodes, garbage). */
export type Item = RandomInstr | number;
export const items = (imm: fc.Arbitrary<number>, rawWeight: number): fc.Arbitrary<Item[]> =>
  fc.array(fc.oneof({ weight: 40, arbitrary: instr(imm) }, { weight: rawWeight, arbitrary: fc.integer() }), { minLength: 1, maxLength: 48 });

/** Encode the items from address start (hops are short enough for every relative form). */
export function encodeItems(items: Item[], start: number): number[] {
  const words: number[] = [];
  for (const it of items) {
    if (typeof it === 'number') {
      words.push(it | 0);
      continue;
    }
    const pc = start + 4 * words.length;
    const form = FORMS[it.row.form];
    const imms = form.imms.map((f, k) => (f === 'i16' ? (it.imms[k] << 16) >> 16 : f === 'i8' ? (it.imms[k] << 24) >> 24 : it.imms[k]));
    let target = pc + 4 * it.hop;
    if (form.target === 't' && it.wild !== null) target = it.wild;
    words.push(...encode(it.row, { regs: it.regs, imms, target }, pc));
  }
  return words;
}

export interface RandomProgram {
  /** Filler words before the program, so that some programs straddle the first code page boundary. */
  pad: number;
  items: Item[];
  /** Whether the program ends with a jump back to its start, so that it runs until its budget or a fault. */
  loop: boolean;
  data: number[];
  bss: number;
}

export const programArb: fc.Arbitrary<RandomProgram> = fc.record({
  pad: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1012, max: 1024 }) }),
  // Hostile programs (any operand) and tame ones (mostly valid addresses), which live longer.
  items: fc.oneof(items(value, 3), items(tame, 1)),
  loop: fc.boolean(),
  data: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }),
  bss: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * PAGE_SIZE })),
});

/** The executable of a random program: nops before it, entry at its first instruction. */
export function executable(p: RandomProgram): Executable {
  const start = CODE_BASE + 4 * p.pad;
  const body = encodeItems(p.items, start);
  if (p.loop) body.push(...encode(BY_OPCODE[Op.JMP]!, { regs: [], imms: [], target: start }, start + 4 * body.length));
  const words = [...new Array<number>(p.pad).fill(Op.NOP), ...body];
  const code = new Uint8Array(new Int32Array(words).buffer);
  return {
    entry: CODE_BASE + 4 * p.pad, codeAddr: CODE_BASE, code, dataAddr: dataBase(code.length),
    data: Uint8Array.from(p.data), bssSize: p.bss, debug: null,
  };
}
