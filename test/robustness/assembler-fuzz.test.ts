// Assembler fuzz: grammar-aware hostile sources give diagnostics inside the source or an executable that loads; never a throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, memorySource, type AssembleResult } from '../../assembler/index.js';
import { readExecutable, writeExecutable } from '../../vm/format.js';
import { ISA, type Instr } from '../../vm/isa.js';
import { SYSCALLS } from '../../vm/syscalls.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

type Files = Record<string, string>;

/** Assemble main.asm from an in-memory file system and check everything a caller may rely on. */
function check(files: Files): AssembleResult {
  const r = assemble('main.asm', { host: memorySource(files) });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(r.exe === null).toBe(errors.length > 0);
  for (const d of r.diagnostics) {
    expect(d.message).not.toMatch(/internal assembler error/);
    expect(d.message).not.toMatch(/NaN|\[object /);
    const text = files[d.file];
    expect(text, `diagnostic names unknown file ${d.file}`).toBeDefined();
    const lines = text.split('\n');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines.length);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeLessThanOrEqual(lines[d.line - 1].length + 1);
  }
  if (r.exe) {
    const back = readExecutable(writeExecutable(r.exe));
    expect(back.ok).toBe(true);
  }
  return r;
}

const LABELS = ['main', 'loop', 'end', 'msg', 'buf', 'x', 'Main', 'far'];
const reg = fc.oneof(fc.integer({ min: 0, max: 15 }).map((k) => `r${k}`), fc.constantFrom('fp', 'sp', 'SP', 'R3', 'r16', 'r-1'));
const literal = fc.oneof(
  fc.integer({ min: -10, max: 10 }).map(String),
  fc.constantFrom('0x7fffffff', '0xFFFFFFFF', '0x100000000', '-2147483648', '99999999999999999999', '0b101', "'a'", "'\\n'", "'\\x41'", '.', '0', '-0'),
  fc.integer().map(String),
);
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.constantFrom(...LABELS, 'N', 'undefined_label'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>'), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `~${a}`),
    tie('e').map((a) => `-${a}`),
  ),
})).e;

const mem = fc.oneof(reg.map((r) => `[${r}]`), fc.tuple(reg, fc.constantFrom('+', '-'), expr).map(([r, s, e]) => `[${r} ${s} ${e}]`), expr.map((e) => `[${e}]`));

function operands(row: Instr): fc.Arbitrary<string> {
  const parts = [...row.syntax].map((c) => (c === 'r' ? reg : c === 'i' ? expr : c === 'm' || c === 'M' ? mem : fc.oneof(fc.constantFrom(...LABELS), expr)));
  return parts.length === 0 ? fc.constant('') : fc.tuple(...parts).map((ps) => ps.join(', '));
}

const instruction = fc.constantFrom(...ISA, { ...ISA[0], mnemonic: 'la', syntax: 'ri' as const }).chain((row) => operands(row).map((ops) => `${row.mnemonic} ${ops}`));
const sysByName = fc.constantFrom(...SYSCALLS, 'nosuch', '99', '-1', '65536').map((s) => `sys ${s}`);
const string = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\\n', '\\t', '\\0', '\\\\', '\\"', '\\x41', '\\xZZ', '\\q', 'é', '\u0000'), maxLength: 20 });

const statement: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: instruction },
  sysByName,
  fc.constantFrom('.text', '.data', '.bss', '.TEXT'),
  fc.constantFrom(...LABELS).map((l) => `${l}:`),
  fc.constantFrom(...LABELS).map((l) => `.entry ${l}`),
  fc.tuple(fc.constantFrom('.word', '.half', '.byte'), fc.array(expr, { minLength: 1, maxLength: 4 })).map(([d, es]) => `${d} ${es.join(', ')}`),
  fc.tuple(fc.constantFrom('.ascii', '.asciz'), string).map(([d, s]) => `${d} "${s}"`),
  // Huge and negative reservations must be refused, not allocated.
  fc.oneof(expr, fc.constantFrom('0x7fffffff', '0xe00000', '1 << 24', '-1', '0xffffffff', '4096 * 4096')).map((n) => `.space ${n}`),
  fc.oneof(expr, fc.constantFrom('1', '2', '3', '4096', '0', '-4', '1 << 31', '0x10000000')).map((n) => `.align ${n}`),
  expr.map((e) => `.equ N, ${e}`),
  fc.constantFrom('.include "main.asm"', '.include "a.asm"', '.include "missing.asm"', '.include ""', '.include "/etc/passwd"', '.include "../x.asm"'),
  fc.constantFrom('rec', 'bomb4', 'twice r1', 'twice', 'twice r1, r2, r3', '.endm', '.macro', '.macro 9x', 'm%'),
  fc.constantFrom('@@', '$$', 'foo bar baz', ':::', '.nosuch 1', 'add', 'add r1,', 'li r1, , 2', '"unterminated', "'x", '[r1', 'r1]', '\t\t', ''),
);

/** Helpers every random main.asm may use: a self-recursive macro, an exponential one, an include cycle. */
const LIBRARY = `.macro rec
        rec
.endm
.macro twice a
        add \\a, \\a, \\a
        add \\a, \\a, \\a
.endm
.macro bomb1
        nop
        nop
.endm
.macro bomb2
        bomb1
        bomb1
.endm
.macro bomb3
        bomb2
        bomb2
.endm
.macro bomb4
        bomb3
        bomb3
.endm
`;
const A_ASM = '; a.asm includes b.asm, which includes a.asm\n.include "b.asm"\nnop\n';
const B_ASM = '.include "a.asm"\n';

const source = fc.array(statement, { minLength: 1, maxLength: 30 }).map((ss) => `${LIBRARY}${ss.join('\n')}\n`);

describe('assembler fuzz with grammar-aware sources', () => {
  const n = runs(2000, 50_000);
  it(`answers every random program with diagnostics inside the source or a loadable executable (${n} sources)`, () => {
    let built = 0;
    fc.assert(
      fc.property(source, (main) => {
        if (check({ 'main.asm': main, 'a.asm': A_ASM, 'b.asm': B_ASM }).exe) built++;
      }),
      params(20260304, n, { shrink: false }),
    );
    // The generator is only useful if some of its programs are valid.
    expect(built).toBeGreaterThan(0);
  }, TIMEOUT);

  it('refuses include cycles (self, two files) with a diagnostic', () => {
    for (const files of [{ 'main.asm': '.include "main.asm"\n' } as Files, { 'main.asm': '.include "a.asm"\n', 'a.asm': A_ASM, 'b.asm': B_ASM }]) {
      const r = check(files);
      expect(r.exe).toBeNull();
      expect(r.diagnostics.some((d) => /cycle|includes itself|nested/i.test(d.message))).toBe(true);
    }
  });

  it('refuses a self-recursive macro and mutually recursive macros', () => {
    for (const main of [`${LIBRARY}main: rec\n`, '.macro a\nb\n.endm\n.macro b\na\n.endm\nmain: a\n']) {
      const r = check({ 'main.asm': main });
      expect(r.exe).toBeNull();
    }
  });

  // Bug 3 (improved in 44cde4e): a 27-line source expands to the 1,000,000-line cap before it is refused;
  // that took about 25 s, now about 4 s on a shared core.
  it('stops an exponential macro bomb at its line limit in bounded time', () => {
    const levels = ['.macro b0\nnop\nnop\n.endm'];
    for (let k = 1; k <= 24; k++) levels.push(`.macro b${k}\nb${k - 1}\nb${k - 1}\n.endm`);
    const started = Date.now();
    const r = check({ 'main.asm': `${levels.join('\n')}\nmain: b24\n` });
    expect(r.exe).toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it.each([
    ['deeply nested parentheses', (d: number) => `main: li r1, ${'('.repeat(d)}1${')'.repeat(d)}\n`],
    ['a long chain of unary minus', (d: number) => `main: li r1, ${'-'.repeat(d)}1\n`],
    ['a long sum', (d: number) => `main: li r1, ${Array(d).fill('1').join(' + ')}\n`],
    ['a long .word list', (d: number) => `.data\nw: .word ${Array(d).fill('7').join(', ')}\n.text\nmain: nop\n`],
    ['a long comment', (d: number) => `main: nop ; ${'x'.repeat(d * 100)}\n`],
    ['many labels', (d: number) => Array.from({ length: d }, (_, k) => `l${k}: nop`).join('\n') + '\n'],
  ])('survives %s (depth 10 to 20,000)', (_what, make) => {
    for (const d of [10, 1000, 20_000]) check({ 'main.asm': make(d) });
  });

  it('accepts labels up to the 4096-byte limit of the executable format', () => {
    for (const d of [10, 1000, 4096]) expect(check({ 'main.asm': `${'L'.repeat(d)}: nop\n` }).exe).not.toBeNull();
  });

  // Bug 2 (fixed in 44cde4e): the assembler accepted a longer label, and writeExecutable then threw a
  // RangeError, so `quanta asm` ended in "internal error" (status 70).
  it('diagnoses a label longer than 4096 bytes instead of producing an executable the writer refuses', () => {
    const r = check({ 'main.asm': `${'L'.repeat(5000)}: nop\n` });
    expect(r.exe).toBeNull();
  });

  it('refuses static images larger than the address space without allocating them', () => {
    for (const main of ['.bss\nbig: .space 0x7fffffff\n.text\nmain: nop\n', '.data\nbig: .space 0xe00000, 1\n.text\nmain: nop\n', '.data\n.space 0x800000\n.space 0x800000\n.text\nmain: nop\n']) {
      const r = check({ 'main.asm': main });
      expect(r.exe).toBeNull();
    }
  });
});
