// The opcode reference of docs/ISA.md, generated from the ISA table so that the doc cannot drift.
import { FORMS, ISA, type Instr } from './isa.js';

const OPERANDS: Record<string, string> = { i: 'imm', m: '[rs ± imm]', M: '[imm]', t: 'target' };

function syntax(row: Instr): string {
  // Register operands are named by role: stores name the stored register ra, branches and
  // control transfers name what they read rs.
  const reads = row.group === 'branch' || row.group === 'call' || row.mnemonic === 'push';
  const regs = row.group === 'store' ? ['ra'] : reads ? ['rs', 'rt'] : ['rd', 'rs', 'rt'];
  let k = 0;
  const parts = [...row.syntax].map((c) => (c === 'r' ? regs[k++] : OPERANDS[c]));
  return `${row.mnemonic} ${parts.join(', ')}`.trim();
}

/** The generated section: one row per opcode with its form, size, syntax and meaning. */
export function opcodeTable(): string {
  const lines = ['| opcode | form | words | syntax | meaning |', '|---|---|---|---|---|'];
  for (const row of [...ISA].sort((a, b) => a.op - b.op)) {
    const op = '0x' + row.op.toString(16).padStart(2, '0');
    lines.push(`| ${op} | ${row.form} | ${FORMS[row.form].words} | \`${syntax(row)}\` | ${row.meaning.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}
