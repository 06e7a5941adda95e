// Encode and decode instruction words from the ISA table's forms (the interpreter decodes inline).
import { BY_OPCODE, FORMS, type ImmField, type Instr, type TargetField } from './isa.js';

/** Bit positions of the fields of an instruction word (the layout is drawn at the top of vm/isa.ts). */
export const enum Field {
  A = 8, // register fields, 4 bits each
  B = 12,
  C = 16,
  IMM16 = 16, // signed immediates and pc-relative word offsets, each up to bit 31
  IMM8 = 12,
  OFF16 = 16,
  OFF12 = 20,
  OFF24 = 8,
}

/** Masks of the opcode byte and of a register field (after shifting it down). */
export const enum Mask {
  OP = 0xff,
  REG = 15,
}

/** The operand values of one instruction, in the order its form's fields take them. */
export interface Fields {
  regs: number[]; // a, b, c
  imms: number[]; // values as 32-bit signed integers
  target: number; // absolute byte address (meaningful when the form has a target)
}

export interface Decoded extends Fields {
  instr: Instr;
  words: number; // size in words, extension words included
}

/** The register fields in the order a form's operands take them. */
const REG_FIELDS = [Field.A, Field.B, Field.C];

/** The values each narrow immediate field holds (sign-extended on decode), and its width in bits. */
export const IMM_RANGE = { i16: { lo: -0x8000, hi: 0x7fff, bits: 16 }, i8: { lo: -0x80, hi: 0x7f, bits: 8 } } as const;

/** Whether a 32-bit value fits the immediate field. */
export function immFits(field: ImmField, value: number): boolean {
  if (field === 'x') return true;
  const v = value | 0;
  return v >= IMM_RANGE[field].lo && v <= IMM_RANGE[field].hi;
}

/** Whether a branch from pc to target is reachable by the target field. */
export function targetFits(field: TargetField, pc: number, target: number): boolean {
  if (field === 't') return true;
  const delta = target - pc;
  if (delta % 4 !== 0) return false;
  const off = delta / 4;
  switch (field) {
    case 'o16': return off >= -0x8000 && off <= 0x7fff;
    case 'o12': return off >= -0x800 && off <= 0x7ff;
    case 'o24': return off >= -0x800000 && off <= 0x7fffff;
  }
}

/** Whether this row can encode these operand values at pc. */
export function fits(instr: Instr, f: Fields, pc: number): boolean {
  const form = FORMS[instr.form];
  for (let k = 0; k < form.imms.length; k++) if (!immFits(form.imms[k], f.imms[k])) return false;
  return form.target === null || targetFits(form.target, pc, f.target);
}

/** Encode one instruction at address pc; the caller has checked fits(). */
export function encode(instr: Instr, f: Fields, pc: number): number[] {
  const form = FORMS[instr.form];
  let w = instr.op & Mask.OP;
  const ext: number[] = [];
  for (let k = 0; k < form.regs; k++) w |= (f.regs[k] & Mask.REG) << REG_FIELDS[k];
  for (let k = 0; k < form.imms.length; k++) {
    const v = f.imms[k] | 0;
    switch (form.imms[k]) {
      case 'i16': w |= (v & 0xffff) << Field.IMM16; break;
      case 'i8': w |= (v & 0xff) << Field.IMM8; break;
      case 'x': ext.push(v); break;
    }
  }
  if (form.target !== null) {
    const off = (f.target - pc) >> 2;
    switch (form.target) {
      case 'o16': w |= (off & 0xffff) << Field.OFF16; break;
      case 'o12': w |= (off & 0xfff) << Field.OFF12; break;
      case 'o24': w |= (off & 0xffffff) << Field.OFF24; break;
      case 't': ext.push(f.target | 0); break;
    }
  }
  return [w | 0, ...ext];
}

/**
 * Decode the instruction at word index i of code (loaded at codeAddr).
 * Returns null for an undefined opcode or an instruction cut off by the end of code.
 */
export function decode(code: Int32Array, i: number, codeAddr: number): Decoded | null {
  const w = code[i];
  const instr = BY_OPCODE[w & Mask.OP];
  if (!instr) return null;
  const form = FORMS[instr.form];
  if (i + form.words > code.length) return null;
  const pc = codeAddr + i * 4;
  const regs = REG_FIELDS.slice(0, form.regs).map((at) => (w >> at) & Mask.REG);
  let next = i + 1;
  const imms: number[] = [];
  for (const field of form.imms) {
    switch (field) {
      case 'i16': imms.push(w >> Field.IMM16); break;
      case 'i8': imms.push((w << (24 - Field.IMM8)) >> 24); break;
      case 'x': imms.push(code[next++]); break;
    }
  }
  let target = 0;
  switch (form.target) {
    case 'o16': target = pc + (w >> Field.OFF16) * 4; break;
    case 'o12': target = pc + (w >> Field.OFF12) * 4; break;
    case 'o24': target = pc + (w >> Field.OFF24) * 4; break;
    case 't': target = code[next++]; break;
    case null: break;
  }
  return { instr, regs, imms, target, words: form.words };
}
