// Diagnostics: exact text with caret, suggestions, several errors in one run, no output on error.
import { describe, expect, test } from 'vitest';
import { formatDiagnostic } from '../../assembler/index.js';
import { asm, errors } from './helpers.js';

const printed = (source: string): string => asm(source, 'f.asm').diagnostics.map(formatDiagnostic).join('\n');

describe('diagnostics', () => {
  test('the documented examples, with file:line:col, the source line and a caret under the token', () => {
    expect(printed('main: ad r1, r2, r3\n')).toBe("f.asm:1:7: error: unknown instruction 'ad' — did you mean 'add'?\nmain: ad r1, r2, r3\n      ^~");
    expect(printed('loop: nop\n  bne r1, 0, loopp\n')).toBe(
      "f.asm:2:14: error: undefined label 'loopp' — did you mean 'loop'?\n  bne r1, 0, loopp\n             ^~~~~",
    );
    expect(printed('x: nop\nx: nop\n')).toBe("f.asm:2:1: error: duplicate label 'x' (first defined at f.asm:1)\nx: nop\n^");
    expect(printed('\tadd r1, r2\n')).toBe("f.asm:1:2: error: wrong operand count for 'add': expected 3, got 2\n\tadd r1, r2\n\t^~~");
    expect(printed('sys wirte\n')).toBe("f.asm:1:5: error: unknown system call 'wirte' — did you mean 'write'?\nsys wirte\n    ^~~~~");
    expect(printed('sys 70000\n')).toMatch(/^f\.asm:1:5: error: immediate 70000 does not fit/);
  });

  test('operand kinds say what was expected', () => {
    expect(errors('add r1, 5, r2\n')).toEqual(["operand 2 of 'add' must be a register, not an expression"]);
    expect(errors('lw r1, r2\n')).toEqual(["operand 2 of 'lw' must be a memory operand [reg], [reg + expr] or [reg - expr] or a memory operand [address], not a register"]);
    expect(errors('push 5\n')).toEqual(["operand 1 of 'push' must be a register, not an expression"]);
    expect(errors('nop r1\n')).toEqual(["wrong operand count for 'nop': expected 0, got 1"]);
    expect(errors('.wrod 1\nnop\n')).toEqual(["unknown directive '.wrod' — did you mean '.word'?"]);
  });

  test('syntax errors point at the offending token or the end of the line', () => {
    const r = asm('add r1, r2,\nli r1, (1 + 2\nmov r1 r2\n"x\n', 'f.asm');
    expect(r.diagnostics.map((d) => [d.line, d.col, d.message])).toEqual([
      [1, 12, 'expected an operand (register, expression, string or [memory]), found end of line'],
      [2, 14, "expected ')', found end of line"],
      [3, 8, "unexpected 'r2' (operands are separated by commas)"],
      [4, 1, "expected an instruction or a directive, found '\"x'"],
    ]);
  });

  test('lexical errors: stray characters, bad numbers, bad escapes, unterminated strings', () => {
    expect(errors('li r1, $5\n')).toEqual(["unexpected character '$'"]);
    expect(errors('li r1, 12ab\n')).toEqual(["invalid number '12ab' (use decimal, 0x hex or 0b binary)"]);
    expect(errors('nop\n.ascii "a\\q"\n')[0]).toMatch(/unknown escape '\\q'/);
    expect(errors('nop\n.ascii "abc\n')).toEqual(['unterminated string (missing closing ")']);
    expect(errors("li r1, 'ab'\n")).toEqual(['a character literal holds exactly one byte']);
    expect(errors('r1: nop\n')).toEqual(["'r1' is a register name and cannot be a label"]);
  });

  test('all errors of a run are reported, in source order, and nothing is produced', () => {
    const r = asm('ad r1, r2, r3\nnop\nli r1, nowhere\n.byte 999\nmov r1\n', 'f.asm');
    expect(r.exe).toBeNull();
    expect(r.listing).toEqual([]);
    expect(r.diagnostics.map((d) => d.line)).toEqual([1, 3, 4, 5]);
  });

  test('an unreadable main file is one clear diagnostic', () => {
    const r = asm(undefined as unknown as string, 'missing.asm');
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(["missing.asm:1:1: error: cannot read 'missing.asm': no such file"]);
  });

  test('names the executable format cannot hold are refused', () => {
    expect(errors(`${'L'.repeat(5000)}: nop\n`)).toEqual(['name is 5000 bytes long; the executable format allows at most 4096']);
    expect(errors(`nop\n.include "${'d'.repeat(5000)}.asm"\n`)[0]).toMatch(/file name is 5004 bytes long/);
  });

  test('an empty program says there is nothing to execute', () => {
    expect(errors('; only a comment\n')).toEqual(['the program has no instructions (nothing to execute)']);
    expect(errors('')).toEqual(['the program has no instructions (nothing to execute)']);
  });
});
