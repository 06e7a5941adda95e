// Instruction selection: match operands against the ISA rows of a mnemonic, then pick the first row that fits.
import { FORMS, type Instr, type Syntax } from '../vm/isa.js';
import { hexShort } from '../vm/text.js';
import { fits, IMM_RANGE, immFits, type Fields } from '../vm/encoding.js';
import type { Operand, Span } from './ast.js';

/** Which syntax letters (see vm/isa.ts) an operand can fill. */
function letters(op: Operand): string {
  switch (op.kind) {
    case 'reg': return 'r';
    case 'expr': return 'it';
    case 'mem': return op.base === null ? 'M' : 'm';
    case 'str': return '';
  }
}

const WANT: Record<string, string> = {
  r: 'a register',
  i: 'an immediate expression',
  t: 'a branch target (label or expression)',
  m: 'a memory operand [reg], [reg + expr] or [reg - expr]',
  M: 'a memory operand [address]',
};
const GOT: Record<Operand['kind'], string> = { reg: 'a register', expr: 'an expression', mem: 'a memory operand', str: 'a string' };

const matches = (syntax: Syntax, ops: Operand[]): boolean => syntax.length === ops.length && ops.every((op, k) => letters(op).includes(syntax[k]));

function orList(items: string[]): string {
  const u = [...new Set(items)];
  return u.length === 1 ? u[0] : `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}

interface Mismatch {
  span: Span;
  message: string;
}

/** The rows (in table order) whose syntax the operands match, or why none does. */
export function candidates(mnemonic: string, rows: readonly Instr[], ops: Operand[], nameSpan: Span): Instr[] | Mismatch {
  const found = rows.filter((r) => matches(r.syntax, ops));
  if (found.length > 0) return found;
  const counts = [...new Set(rows.map((r) => r.syntax.length))].sort((a, b) => a - b);
  if (!counts.includes(ops.length)) {
    const span = ops.length > counts[counts.length - 1] ? ops[counts[counts.length - 1]].span : nameSpan;
    return { span, message: `wrong operand count for '${mnemonic}': expected ${orList(counts.map(String))}, got ${ops.length}` };
  }
  // Narrow down position by position to the first operand that no remaining row accepts.
  let alive = rows.filter((r) => r.syntax.length === ops.length);
  for (const [k, op] of ops.entries()) {
    const next = alive.filter((r) => letters(op).includes(r.syntax[k]));
    if (next.length === 0) {
      const want = orList(alive.map((r) => WANT[r.syntax[k]]));
      return { span: op.span, message: `operand ${k + 1} of '${mnemonic}' must be ${want}, not ${GOT[op.kind]}` };
    }
    alive = next;
  }
  return { span: nameSpan, message: `no form of '${mnemonic}' takes these operands` };
}

/** The machine fields of row for these operands, given the value of each operand's expression (0 where it has none). */
export function fieldsFor(row: Instr, ops: Operand[], values: number[]): Fields {
  const f: Fields = { regs: [], imms: [], target: 0 };
  for (const [k, letter] of [...row.syntax].entries()) {
    const op = ops[k];
    if (letter === 'r' && op.kind === 'reg') f.regs.push(op.reg);
    else if (letter === 'm' && op.kind === 'mem') {
      f.regs.push(op.base ?? 0);
      f.imms.push(op.negate ? -values[k] | 0 : values[k]);
    } else if (letter === 't') f.target = values[k];
    else f.imms.push(values[k]);
  }
  return f;
}

/** Index of the first row from `from` on that fits the values at pc, or -1. */
export function firstFit(rows: Instr[], from: number, ops: Operand[], values: number[], pc: number): number {
  for (let k = from; k < rows.length; k++) if (fits(rows[k], fieldsFor(rows[k], ops, values), pc)) return k;
  return -1;
}

/** Why the widest row cannot take these values: the first field that overflows. */
export function whyNoFit(mnemonic: string, row: Instr, ops: Operand[], values: number[]): Mismatch {
  const f = fieldsFor(row, ops, values);
  const form = FORMS[row.form];
  const immOps = [...row.syntax].map((l, k) => ({ l, k })).filter(({ l }) => l === 'i' || l === 'm' || l === 'M');
  for (const [j, field] of form.imms.entries()) {
    if (field === 'x' || immFits(field, f.imms[j])) continue;
    const { lo, hi, bits } = IMM_RANGE[field];
    return { span: ops[immOps[j].k].span, message: `immediate ${f.imms[j]} does not fit in ${bits} bits (${lo}..${hi}), and '${mnemonic}' has no wider form` };
  }
  const t = [...row.syntax].indexOf('t');
  const where = t >= 0 ? ops[t].span : ops[0].span;
  return { span: where, message: `target ${hexShort(f.target)} is out of range of '${mnemonic}'` };
}
