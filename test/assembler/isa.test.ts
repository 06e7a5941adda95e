// Every row of the ISA table assembles from its own syntax and is the row the assembler selects.
import { describe, expect, test } from 'vitest';
import { ALIASES, FORMS, ISA, type Instr } from '../../vm/isa.js';
import { encode, type Fields } from '../../vm/encoding.js';
import { CODE_BASE } from '../../vm/layout.js';
import { ok, symbol, words } from './helpers.js';

// Values that fit the narrow fields, and values that only an extension word holds.
const NARROW = { i16: 100, i8: 5, x: 0x12345678 } as const;
// Beyond an o16 branch offset (32767 words), so that a target form must be the absolute one.
const FAR_GAP = 0x20010;

/** A source line using row's syntax, with operand values chosen so that exactly this row fits. */
function caseFor(row: Instr): { line: string; fields: (target: number) => Fields; far: boolean } {
  const form = FORMS[row.form];
  const imms = form.imms.map((f) => NARROW[f]);
  const regs = [3, 4, 5];
  const far = form.target === 't' && form.imms.every((f) => f !== 'x');
  let reg = 0;
  let imm = 0;
  const ops = [...row.syntax].map((letter) => {
    switch (letter) {
      case 'r': return `r${regs[reg++]}`;
      case 'i': return `${imms[imm++]}`;
      case 'm': return `[r${regs[reg++]} + ${imms[imm++]}]`;
      case 'M': return `[${imms[imm++]}]`;
      default: return far ? 'far' : 'near';
    }
  });
  const fields = (target: number): Fields => ({ regs: regs.slice(0, form.regs), imms, target });
  return { line: `${row.mnemonic} ${ops.join(', ')}`.trim(), fields, far };
}

describe('every ISA row assembles from its syntax', () => {
  for (const row of ISA) {
    const { line, fields, far } = caseFor(row);
    test(`${line} → ${row.form}`, () => {
      const exe = ok(`start: ${line}\nnear: nop\n${far ? `.space ${FAR_GAP}\nfar: nop\n` : ''}`);
      const target = symbol(exe, far ? 'far' : 'near');
      const expected = encode(row, fields(target), CODE_BASE);
      expect(words(exe).slice(0, expected.length)).toEqual(expected);
    });
  }

  test('aliases assemble like the mnemonic they stand for', () => {
    for (const [alias, real] of Object.entries(ALIASES)) {
      const a = ok(`main: ${alias} r1, main\n`);
      const b = ok(`main: ${real} r1, main\n`);
      expect(words(a)).toEqual(words(b));
    }
  });

  test('mnemonics, registers and directives are case-insensitive', () => {
    expect(words(ok('MAIN: ADD R1, Fp, SP\n .TEXT\n'))).toEqual(words(ok('MAIN: add r1, r14, r15\n .text\n')));
  });
});
