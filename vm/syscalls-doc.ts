// The system-call and error-number tables of docs/SYSCALLS.md, generated from vm/syscalls.ts so that the doc cannot drift.
import { Errno, SYSCALL_TABLE_INFO } from './syscalls.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** One row per system call: number, name, arguments in r1–r5, result in r0, errors, blocking. */
export function syscallTable(): string {
  const lines = ['| no. | name | arguments (r1, r2, …) | result (r0) | errors | blocks | what it does |', '|---|---|---|---|---|---|---|'];
  for (const s of SYSCALL_TABLE_INFO) {
    const errors = (s.errors as readonly string[]).map((e) => `-${e}`).join(' ') || '—';
    lines.push(`| ${s.number} | \`${s.name}\` | ${s.args.join(', ') || '—'} | ${cell(s.returns)} | ${errors} | ${cell(s.blocks) || '—'} | ${cell(s.describe)} |`);
  }
  return lines.join('\n');
}

/** The error numbers, returned negated. */
export function errnoTable(): string {
  const lines = ['| name | number |', '|---|---|'];
  for (const [name, n] of Object.entries(Errno).sort((a, b) => a[1] - b[1])) lines.push(`| \`${name}\` | ${n} |`);
  return lines.join('\n');
}
