// Property tests: on random text and on mutated valid sources the assembler never throws and always answers sensibly.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { assemble, memorySource, type AssembleResult } from '../../assembler/index.js';
import { ISA } from '../../vm/isa.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

const LIB = `; lib.asm
.macro pushall a, b
        push \\a
        push \\b
.endm
.macro spin reg, n
        li \\reg, \\n
again\\@: sub \\reg, \\reg, 1
        bne \\reg, 0, again\\@
.endm
strlen: li r0, 0
done: ret
`;

const CORPUS = [
  `; hello.asm
        .data
msg:    .asciz  "Hello, world!\\n"
        .equ    LEN, end - msg
end:    .byte 0
        .text
        .entry  main
main:   li      r1, 1
        la      r2, msg
        li      r3, LEN
        sys     write
        li      r1, 0
        sys     exit
`,
  `        .include "lib.asm"
        .data
table:  .word 1, 2, 3, table, . - table
        .half -1, 0xFFFF
        .bss
buf:    .space 64
        .align 16
        .text
main:   enter 16
        pushall r1, fp
        spin r3, (1 << 4) + 'a'
        lw r1, [fp - 8]
        sw r1, [buf + 4]
        lbu r2, [0x2000]
        bgtu r1, 0x12345678, far
        call strlen
        leave
        ret
        .space 0x100, 0
far:    jmp main
`,
];

const CHARS = [...'abcdefghijklmnopqrstuvwxyzABCXYZ_0123456789 \t\n\r.,:;[]()+-*/%&|^~<>"\'\\@$#!='];
const TOKENS = [
  ...new Set(ISA.map((r) => r.mnemonic)), 'la', 'r0', 'r15', 'fp', 'sp', '.text', '.data', '.bss', '.entry', '.word', '.half', '.byte',
  '.ascii', '.asciz', '.space', '.align', '.equ', '.include "lib.asm"', '.include "main.asm"', '.include "x.asm"', '.macro m a',
  '.endm', '\\a', '\\@', 'main:', 'x:', '0x7fffffff', '0xFFFFFFFF', '99999999999', "'\\x4", '"\\q', '"', "'", '(', ')', '[', ']',
  ',', ':', '<<', '>>', '/0', '%0', '-', '~', 'pushall', 'spin', ' r1, r2, r3', ' [sp + 4]', '\n',
];

type Mutation = { kind: 'insert' | 'delete' | 'replace' | 'token' | 'dupline'; pos: number; len: number; ch: string; tok: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace', 'token', 'dupline'),
  pos: fc.nat(),
  len: fc.nat({ max: 12 }),
  ch: fc.constantFrom(...CHARS),
  tok: fc.constantFrom(...TOKENS),
});

function mutate(src: string, m: Mutation): string {
  const at = m.pos % (src.length + 1);
  switch (m.kind) {
    case 'insert': return src.slice(0, at) + m.ch + src.slice(at);
    case 'delete': return src.slice(0, at) + src.slice(at + m.len);
    case 'replace': return src.slice(0, at) + m.ch + src.slice(at + 1);
    case 'token': return src.slice(0, at) + m.tok + src.slice(at);
    case 'dupline': {
      const lines = src.split('\n');
      const k = m.pos % lines.length;
      lines.splice(k, 0, lines[k]);
      return lines.join('\n');
    }
  }
}

/** Everything a caller may rely on, whatever the input. */
function checkResult(r: AssembleResult, files: Record<string, string>): void {
  const hasError = r.diagnostics.some((d) => d.severity === 'error');
  expect(r.exe === null).toBe(hasError);
  for (const d of r.diagnostics) {
    expect(d.message).not.toMatch(/internal assembler error/);
    const text = files[d.file];
    expect(text).toBeDefined();
    const lines = text.split('\n');
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines.length);
    const line = lines[d.line - 1].replace(/\r$/, '');
    expect(d.source).toBe(line.replace(/^\uFEFF/, ''));
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.col + d.length).toBeLessThanOrEqual(d.source.length + 2);
  }
  if (r.exe) {
    expect(r.exe.code.length % 4).toBe(0);
    const addrs = r.exe.debug!.lines.map((l) => l.addr);
    expect(addrs.every((a, k) => k === 0 || a > addrs[k - 1])).toBe(true);
    expect(addrs).toContain(r.exe.entry);
  }
}

function run(main: string): void {
  const files = { 'main.asm': main, 'lib.asm': LIB };
  const r = assemble('main.asm', { host: memorySource(files) });
  checkResult(r, files);
}

describe('robustness', () => {
  test('the corpus itself assembles', () => {
    for (const src of CORPUS) {
      const r = assemble('main.asm', { host: memorySource({ 'main.asm': src, 'lib.asm': LIB }) });
      expect(r.diagnostics).toEqual([]);
    }
  });

  test('random text never throws', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 300 }), run), params(20261221, runs(2000, 40_000)));
  }, TIMEOUT);

  test('random token soup never throws', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS, ...CHARS), { maxLength: 60 }).map((t) => t.join(' ')), run), params(20261222, runs(2000, 40_000)));
  }, TIMEOUT);

  test('mutated valid sources never throw', () => {
    const arb = fc.tuple(fc.constantFrom(...CORPUS), fc.array(mutation, { minLength: 1, maxLength: 8 })).map(([src, ms]) => ms.reduce(mutate, src));
    fc.assert(fc.property(arb, run), params(20261223, runs(2000, 40_000)));
  }, TIMEOUT);

  test('arbitrary unicode never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), run), params(20261224, runs(1000, 20_000)));
  }, TIMEOUT);
});
