// Includes (relative paths, cycles, missing files) and macros (arguments, \@ local labels, limits).
import { describe, expect, test } from 'vitest';
import { decode } from '../../vm/encoding.js';
import { CODE_BASE } from '../../vm/layout.js';
import { assemble, formatDiagnostic, memorySource } from '../../assembler/index.js';
import { asm, errors, ok, symbol, words } from './helpers.js';

describe('.include', () => {
  test('paths are relative to the including file; lines and files are recorded', () => {
    const host = memorySource({
      'src/main.asm': 'main: call f\n.include "lib/f.asm"\n',
      'src/lib/f.asm': '.include "g.asm"\nf: ret\n',
      'src/lib/g.asm': 'g: nop\n',
    });
    const r = assemble('src/main.asm', { host });
    expect(r.diagnostics).toEqual([]);
    const exe = r.exe!;
    expect(exe.debug!.files).toEqual(['src/main.asm', 'src/lib/f.asm', 'src/lib/g.asm']);
    expect(exe.debug!.lines).toEqual([
      { addr: CODE_BASE, file: 0, line: 1 },
      { addr: CODE_BASE + 4, file: 2, line: 1 },
      { addr: CODE_BASE + 8, file: 1, line: 2 },
    ]);
    expect(symbol(exe, 'f')).toBe(CODE_BASE + 8);
  });

  test('a missing file is an error at the directive; errors in included files are reported there', () => {
    const host = memorySource({ 'a.asm': 'nop\n.include "nope.asm"\n.include "b.asm"\n', 'b.asm': 'ad r1, r2, r3\n' });
    const r = assemble('a.asm', { host });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "a.asm:2:10: error: cannot read include file 'nope.asm': no such file\n.include \"nope.asm\"\n         ^~~~~~~~~~",
      "b.asm:1:1: error: unknown instruction 'ad' — did you mean 'add'?\nad r1, r2, r3\n^~",
    ]);
  });

  test('cycles are an error naming the chain', () => {
    const host = memorySource({ 'a.asm': 'nop\n.include "b.asm"\n', 'b.asm': '.include "a.asm"\n' });
    expect(errors('nop\n.include "b.asm"\n', 'a.asm', host)).toEqual(['include cycle: a.asm → b.asm → a.asm']);
    expect(errors('nop\n.include "a.asm"\n', 'a.asm', host)).toEqual(['include cycle: a.asm → a.asm']);
  });
});

describe('macros', () => {
  test('arguments are substituted, and \\@ makes labels local to one expansion', () => {
    const exe = ok(`
.macro countdown reg, n
        li \\reg, \\n
loop\\@: sub \\reg, \\reg, 1
        bne \\reg, 0, loop\\@
.endm
main:   countdown r1, 3
        COUNTDOWN r2, 2 * 5
        ret
`);
    const code = new Int32Array(exe.code.buffer);
    expect(words(exe)).toHaveLength(7);
    expect(decode(code, 2, CODE_BASE)!.target).toBe(CODE_BASE + 4);
    expect(decode(code, 5, CODE_BASE)!.target).toBe(CODE_BASE + 16);
    expect(decode(code, 3, CODE_BASE)!.imms).toEqual([10]);
    expect(exe.debug!.lines.map((l) => l.line)).toEqual([3, 4, 5, 3, 4, 5, 9]);
  });

  test('macros can use other macros; arguments keep commas inside brackets', () => {
    const exe = ok('.macro ld2 r, m\nlw \\r, \\m\n.endm\n.macro twice r, m\nld2 \\r, \\m\nld2 \\r, \\m\n.endm\nmain: twice r1, [sp + 4]\n');
    expect(words(exe)).toHaveLength(2);
  });

  test('errors inside an expansion point at the body line and name the use', () => {
    const r = asm('.macro m x\n  li r1, \\x\n.endm\nmain: m nowhere\n', 'f.asm');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "f.asm:2:10: error: undefined label 'nowhere' (in macro 'm' used at f.asm:4)\n  li r1, \\x\n         ^~",
    ]);
  });

  test('wrong argument count, recursion, shadowing, unknown parameters, missing .endm', () => {
    expect(errors('.macro m a, b\nnop\n.endm\nm 1\n')).toEqual(["macro 'm' takes 2 arguments (a, b), got 1"]);
    expect(errors('.macro m\nm\n.endm\nm\n')[0]).toMatch(/nested more than 64 levels deep/);
    expect(errors('.macro add a\n.endm\nnop\n')).toEqual(["macro 'add' would shadow the instruction 'add'"]);
    expect(errors('.macro m a\nli r1, \\b\n.endm\nm 1\n')).toEqual(["'\\b' is not a parameter of this macro (in macro 'm' used at test.asm:4)"]);
    expect(errors('nop\n.macro m\nnop\n')).toEqual(["missing .endm for macro 'm'"]);
    expect(errors('nop\n.endm\n')).toEqual(['.endm without a matching .macro']);
    expect(errors('li r1, \\x\n')).toEqual(["'\\x' can only be used inside a .macro body"]);
  });

  test('a parameter named like an escape letter is warned about where it replaces an escape in a string', () => {
    const r = asm('.macro say n\n.asciz "\\n", "x\\n"\n.byte \\n\n.endm\nmain: nop\n.data\nsay 5\n', 'm.asm');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "m.asm:2:9: warning: macro parameter 'n' replaces '\\n' in this string; rename the parameter if '\\n' is meant as an escape\n.asciz \"\\n\", \"x\\n\"\n        ^~",
      "m.asm:2:16: warning: macro parameter 'n' replaces '\\n' in this string; rename the parameter if '\\n' is meant as an escape\n.asciz \"\\n\", \"x\\n\"\n               ^~",
    ]);
    expect(Array.from(r.exe!.data)).toEqual([0x35, 0, 0x78, 0x35, 0, 5]); // "5", not a newline
    // Used outside strings, or under another name, it is silent.
    expect(asm('.macro say count\n.asciz "\\n"\n.byte \\count\n.endm\nmain: nop\n.data\nsay 5\n').diagnostics).toEqual([]);
  });

  test('unknown instructions suggest macro names too', () => {
    expect(errors('.macro swap a, b\n.endm\nmain: swapp r1, r2\n')).toEqual(["unknown instruction 'swapp' — did you mean 'swap'?"]);
  });

  test('exponential expansion stops at the line cap with one error', () => {
    const levels = Array.from({ length: 24 }, (_, k) => `.macro m${k}\nm${k + 1}\nm${k + 1}\n.endm\n`).join('');
    const msgs = errors(`.macro m24\nnop\n.endm\n${levels}main: m0\n`);
    expect(msgs).toEqual([expect.stringMatching(/too many lines after includes and macro expansion/)]);
  }, 60_000);
});
