// The bounds on one assembly (issue 9): each hostile source ends in one clear diagnostic, never an internal error, a stack overflow or a host abort.
import { describe, expect, test } from 'vitest';
import { assemble, DEFAULT_LIMITS, GUEST_LIMITS, memorySource, type AssembleResult, type AssemblerLimits } from '../../assembler/index.js';
import { decode } from '../../vm/encoding.js';
import { CODE_BASE } from '../../vm/layout.js';

function run(files: Record<string, string>, limits?: Partial<AssemblerLimits>): AssembleResult {
  const r = assemble('main.asm', { host: memorySource(files), limits });
  for (const d of r.diagnostics) expect(d.message).not.toMatch(/internal assembler error/);
  return r;
}

const errors = (r: AssembleResult): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

/** Macros b0 … bN where each level invokes the one below twice: 2^N copies of body. */
function bomb(levels: number, body: string): string {
  const defs = [`.macro b0\n${body}\n${body}\n.endm`];
  for (let k = 1; k <= levels; k++) defs.push(`.macro b${k}\nb${k - 1}\nb${k - 1}\n.endm`);
  return `${defs.join('\n')}\nmain: b${levels}\n`;
}

describe('constants', () => {
  // Issue 9: 100,000 chained .equ gave "internal assembler error: Maximum call stack size exceeded"
  // (so did 5,000). 30,000 keeps the test quick; docs/ROBUSTNESS.md gives the time for 100,000.
  test('a chain of 30,000 .equ, each defined by the next, is evaluated without recursion', () => {
    const n = 30_000;
    const lines = ['main: li r1, E0'];
    for (let k = 0; k < n; k++) lines.push(`.equ E${k}, E${k + 1} + 1`);
    lines.push(`.equ E${n}, 0`);
    const r = run({ 'main.asm': lines.join('\n') });
    expect(errors(r)).toEqual([]);
    const code = new Int32Array(r.exe!.code.buffer);
    expect(decode(code, 0, CODE_BASE)!.imms).toEqual([n]);
  });

  test('a long cycle of .equ is one error at the constant that closes it', () => {
    const n = 5000;
    const lines = ['main: li r1, E0'];
    for (let k = 0; k < n; k++) lines.push(`.equ E${k}, E${(k + 1) % n} + 1`);
    expect(errors(run({ 'main.asm': lines.join('\n') }))).toEqual(["circular definition of 'E0'"]);
  });
});

describe('expansion', () => {
  test('an exponential macro bomb stops at the line limit', () => {
    const r = run({ 'main.asm': bomb(40, 'nop') }, GUEST_LIMITS);
    expect(errors(r)).toEqual([expect.stringMatching(`^too many lines after includes and macro expansion \\(more than ${GUEST_LIMITS.lines}\\)`)]);
  });

  test('an exponential bomb of long lines stops at the limit on source text', () => {
    const r = run({ 'main.asm': bomb(40, `nop ; ${'x'.repeat(4000)}`) }, GUEST_LIMITS);
    expect(errors(r)).toEqual([expect.stringMatching(`^too much source text after includes and macro expansion \\(more than ${GUEST_LIMITS.sourceChars} characters\\)`)]);
  });

  test('an argument that doubles at each level of macros stops at the line length, before it is built', () => {
    const defs = ['.macro d0 a\n.ascii "\\a"\n.endm'];
    for (let k = 1; k <= 60; k++) defs.push(`.macro d${k} a\nd${k - 1} \\a\\a\n.endm`);
    const r = run({ 'main.asm': `${defs.join('\n')}\nmain: nop\n.data\nd60 xy\n` });
    expect(errors(r)).toEqual([expect.stringMatching(/^line is \d+ characters long after macro substitution \(the limit is 16384\) \(in macro 'd\d+' used at main\.asm:\d+\)$/)]);
  });

  test('the same large file included again and again stops at the limit on source text', () => {
    const big = `; ${'c'.repeat(4000)}\n`.repeat(60);
    const r = run({ 'main.asm': `main: nop\n${'.include "big.asm"\n'.repeat(10)}`, 'big.asm': big }, GUEST_LIMITS);
    expect(errors(r)).toEqual([expect.stringMatching(/^too much source text/)]);
    expect(r.diagnostics[0].line).toBeGreaterThan(1); // at the .include that went over
  });
});

describe('size of one line and of the program', () => {
  // Issue 9: `quanta asm` of a 2M-term expression or an 11 MB .word line ended in a V8 heap-out-of-memory abort.
  test('a 2,000,000-term expression is one error about the line, shown cut down', () => {
    const line = `main: li r1, ${Array(2_000_000).fill('1').join('+')}`;
    const r = run({ 'main.asm': line });
    expect(errors(r)).toEqual([`line is ${line.length} characters long (the limit is ${DEFAULT_LIMITS.lineChars})`]);
    expect(r.diagnostics[0].source.length).toBeLessThan(300);
  });

  test('an 11 MB .word line is refused by size before it is read or lexed, whether read or handed in', () => {
    const text = `main: nop\n.data\n.word ${Array(5_500_000).fill('7').join(',')}\n`;
    const limit = `larger than the limit of ${DEFAULT_LIMITS.fileBytes} bytes`;
    expect(errors(run({ 'main.asm': text }))).toEqual([`cannot read 'main.asm': ${limit}`]);
    expect(errors(assemble('main.asm', { source: text, host: memorySource({}) }))).toEqual([`cannot read 'main.asm': ${limit}`]);
    expect(errors(run({ 'main.asm': 'main: nop\n.include "w.asm"\n', 'w.asm': text }))).toEqual([`cannot read include file 'w.asm': ${limit}`]);
  });

  test('20,000-deep parentheses: a line too long by default, and too deeply nested when lines may be that long', () => {
    const line = `main: li r1, ${'('.repeat(20_000)}1${')'.repeat(20_000)}`;
    expect(errors(run({ 'main.asm': line }))).toEqual([`line is ${line.length} characters long (the limit is ${DEFAULT_LIMITS.lineChars})`]);
    expect(errors(run({ 'main.asm': line }, { lineChars: 50_000 }))).toEqual(['expression nested too deeply (more than 200 levels)']);
  });

  test('dense lines stop at the token limit', () => {
    const line = `.word ${Array(1000).fill('7').join(', ')}`;
    const r = run({ 'main.asm': `main: nop\n.data\n${`${line}\n`.repeat(60)}` }, GUEST_LIMITS);
    expect(errors(r)).toEqual([expect.stringMatching(`^too many tokens after includes and macro expansion \\(more than ${GUEST_LIMITS.tokens} `)]);
  });

  test('limits not given keep their defaults', () => {
    const source = 'main: nop\n'.repeat(11);
    expect(errors(run({ 'main.asm': source }, { lines: 10 }))).toEqual([expect.stringMatching(/^too many lines .* \(more than 10\)$/)]);
    expect(errors(run({ 'main.asm': `main: nop\n.space 8 - (b - a)\na: nop\nb:\n` }, { lines: 10 }))).toEqual([]);
  });

  test('a layout that never settles stops after the allowed passes', () => {
    const r = run({ 'main.asm': 'main: nop\nx: .space 8 - (y - x)\ny: nop\n' }, GUEST_LIMITS);
    expect(errors(r)).toEqual([`layout did not settle after ${GUEST_LIMITS.passes} passes (does a .space or .align size depend on a label after it?)`]);
  });

  test('after the allowed number of diagnostics, one more says assembly stopped', () => {
    const r = run({ 'main.asm': `main: nop\n${'bogus r1\n'.repeat(500)}` }, GUEST_LIMITS);
    expect(r.diagnostics).toHaveLength(GUEST_LIMITS.diagnostics + 1);
    expect(r.diagnostics.at(-1)!.message).toBe(`too many diagnostics (more than ${GUEST_LIMITS.diagnostics}); assembly stopped here`);
    expect(r.exe).toBeNull();
  });

  // Issue 9: 50,000 labels on one address took 3.5 s to assemble.
  test('50,000 labels on one address', () => {
    const r = run({ 'main.asm': `${Array.from({ length: 50_000 }, (_, k) => `l${k}:`).join('\n')}\nmain: nop\n` });
    expect(errors(r)).toEqual([]);
    expect(r.exe!.debug!.symbols.filter((s) => s.value === CODE_BASE)).toHaveLength(50_001);
  }, 20_000);

  test('the guest limits take the largest sample program comfortably', () => {
    // programs/sh.asm with its library: about 1,400 lines, 5,100 tokens, 41,000 characters.
    const lines = Array.from({ length: 1400 }, (_, k) => `l${k}: add r1, r2, ${k}   ; ${'c'.repeat(20)}`);
    expect(errors(run({ 'main.asm': `main: nop\n${lines.join('\n')}\n` }, GUEST_LIMITS))).toEqual([]);
  });
});
