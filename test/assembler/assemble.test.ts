// Behaviour of the assembler a user sees: encodings, directives, expressions, layout and relaxation.
import { describe, expect, test } from 'vitest';
import { BY_MNEMONIC, Op, type Instr } from '../../vm/isa.js';
import { decode, encode } from '../../vm/encoding.js';
import { CODE_BASE, dataBase } from '../../vm/layout.js';
import { formatListing } from '../../assembler/index.js';
import { asm, errors, ok, symbol, words } from './helpers.js';

const row = (op: Op): Instr => [...BY_MNEMONIC.values()].flat().find((r) => r.op === op)!;

describe('golden encodings', () => {
  test('hello world from the spec', () => {
    const exe = ok(`; hello.asm
        .data
msg:    .asciz  "Hello, world!\\n"
        .equ    LEN, 14
        .text
        .entry  main
main:   li      r1, 1           ; fd 1 = stdout
        la      r2, msg
        li      r3, LEN
        sys     write
        li      r1, 0
        sys     exit
`);
    const msg = dataBase(24);
    const pc = (k: number): number => CODE_BASE + 4 * k;
    expect(words(exe)).toEqual([
      ...encode(row(Op.LI), { regs: [1], imms: [1], target: 0 }, pc(0)),
      ...encode(row(Op.LI), { regs: [2], imms: [msg], target: 0 }, pc(1)),
      ...encode(row(Op.LI), { regs: [3], imms: [14], target: 0 }, pc(2)),
      ...encode(row(Op.SYS), { regs: [], imms: [1], target: 0 }, pc(3)),
      ...encode(row(Op.LI), { regs: [1], imms: [0], target: 0 }, pc(4)),
      ...encode(row(Op.SYS), { regs: [], imms: [0], target: 0 }, pc(5)),
    ]);
    expect(exe.entry).toBe(CODE_BASE);
    expect(exe.dataAddr).toBe(msg);
    expect(Buffer.from(exe.data).toString()).toBe('Hello, world!\n\0');
    expect(exe.debug!.lines.map((l) => l.line)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(exe.debug!.symbols).toEqual([
      { name: 'msg', value: msg, kind: 'data' },
      { name: 'LEN', value: 14, kind: 'const' },
      { name: 'main', value: CODE_BASE, kind: 'code' },
    ]);
  });

  test('branches and memory operands', () => {
    const exe = ok(`
top:  lw  r1, [sp]
      lw  r2, [fp - 8]
      sb  r3, [r4 + 2 * 3]
      lw  r5, [0x12345]
      bne r1, r2, top
      blt r1, -3, top
      jmp top
      call r7
`);
    const pc = (k: number): number => CODE_BASE + 4 * k;
    expect(words(exe)).toEqual([
      ...encode(row(Op.LW), { regs: [1, 15], imms: [0], target: 0 }, pc(0)),
      ...encode(row(Op.LW), { regs: [2, 14], imms: [-8], target: 0 }, pc(1)),
      ...encode(row(Op.SB), { regs: [3, 4], imms: [6], target: 0 }, pc(2)),
      ...encode(row(Op.LW_A), { regs: [5], imms: [0x12345], target: 0 }, pc(3)),
      ...encode(row(Op.BNE), { regs: [1, 2], imms: [], target: CODE_BASE }, pc(5)),
      ...encode(row(Op.BLT_I), { regs: [1], imms: [-3], target: CODE_BASE }, pc(6)),
      ...encode(row(Op.JMP), { regs: [], imms: [], target: CODE_BASE }, pc(7)),
      ...encode(row(Op.CALL_R), { regs: [7], imms: [], target: 0 }, pc(8)),
    ]);
  });

  test('sys takes a system-call name (any case) or a number', () => {
    expect(words(ok('sys write\nsys WAIT\nsys 21\n'))).toEqual([1, 8, 21].map((n) => encode(row(Op.SYS), { regs: [], imms: [n], target: 0 }, 0)[0]));
  });
});

describe('expressions', () => {
  const values = (exprs: string[]): number[] => {
    const exe = ok(`nop\n.data\nstart: .word ${exprs.join(', ')}\n`);
    const view = new DataView(exe.data.buffer);
    return exprs.map((_, k) => view.getInt32(4 * k, true));
  };

  test('C precedence, unary operators and parentheses', () => {
    expect(values(['1 + 2 * 3', '(1 + 2) * 3', '1 << 2 + 1', '6 & 3 | 8', '1 | 6 ^ 3', '~0', '-(-5)', '+7', '2 * -3', '10 - 4 - 3', '64 / 4 / 2']))
      .toEqual([7, 9, 8, 10, 1 | (6 ^ 3), -1, 5, 7, -6, 3, 8]);
  });

  test('literals: decimal, hex, binary and characters', () => {
    expect(values(['42', '0x2A', '0X2a', '0b101010', "'a'", "'\\n'", "'\\x41'", "'\\''", "'\\\\'", '007'])).toEqual([42, 42, 42, 42, 97, 10, 65, 39, 92, 7]);
  });

  test('32-bit wrapping, signed truncating division, arithmetic shift right', () => {
    expect(values(['0xFFFFFFFF + 1', '0x7FFFFFFF + 1', '-7 / 2', '-7 % 2', '7 % -2', '0x80000000 >> 31', '1 << 33', '(0-0x80000000) / -1', '0x10000 * 0x10000']))
      .toEqual([0, -0x80000000, -3, -1, 1, -1, 2, -0x80000000, 0]);
  });

  test('labels, constants and the current address', () => {
    const exe = ok(`nop
.data
start: .word . - start, end - start, K * 2
       .equ K, end - start
end:   .byte 0
`);
    expect(Array.from(new Int32Array(exe.data.buffer.slice(0, 12)))).toEqual([0, 12, 24]);
    expect(symbol(exe, 'K')).toBe(12);
  });

  test('errors: huge literal, division by zero, undefined name, circular constants', () => {
    expect(errors('li r1, 0x100000000\n')).toEqual(['number 0x100000000 does not fit in 32 bits']);
    expect(errors('li r1, 4 / (2 - 2)\n')).toEqual(['division by zero in expression']);
    expect(errors('li r1, 4 % 0\n')).toEqual(['division by zero in expression']);
    expect(errors('li r1, nowhere\n')).toEqual(["undefined label 'nowhere'"]);
    expect(errors('.equ A, B + 1\n.equ B, A\nli r1, A\n')).toEqual(["circular definition of 'A'"]);
  });

  test('deep nesting is refused with a diagnostic, not a stack overflow', () => {
    expect(errors(`li r1, ${'('.repeat(5000)}1${')'.repeat(5000)}\n`)[0]).toMatch(/nested too deeply/);
    expect(errors(`li r1, ${'-'.repeat(5000)}1\n`)[0]).toMatch(/nested too deeply/);
    expect(words(ok(`li r1, ${'('.repeat(150)}1${')'.repeat(150)}\n`))).toHaveLength(1);
    // Long flat chains are fine up to the length of a line.
    expect(words(ok(`li r1, 0${' + 20'.repeat(3000)}\n`))).toHaveLength(2);
  });
});

describe('directives', () => {
  test('.word and .half align first, and a label on the line names the aligned address', () => {
    const exe = ok('nop\n.data\n.byte 1\nw: .word 0x11223344\n.byte 2\nh: .half -2\n.byte 3, 255, -128\n');
    expect(symbol(exe, 'w')).toBe(exe.dataAddr + 4);
    expect(symbol(exe, 'h')).toBe(exe.dataAddr + 10);
    expect(Array.from(exe.data)).toEqual([1, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, 2, 0, 0xfe, 0xff, 3, 255, 128]);
  });

  test('a label alone on a line names the aligned address of the next word', () => {
    const exe = ok('nop\n.data\n.byte 1\nw:\n.word 5\n');
    expect(symbol(exe, 'w')).toBe(exe.dataAddr + 4);
  });

  test('.ascii, .asciz with escapes', () => {
    const exe = ok('nop\n.data\n.ascii "a\\tb\\"\\\\", "\\x7f"\n.asciz "\\r\\0\'"\n');
    expect(Array.from(exe.data)).toEqual([97, 9, 98, 34, 92, 0x7f, 13, 0, 39, 0]);
  });

  test('.space with and without fill, .align', () => {
    const exe = ok('nop\n.data\n.space 3, 0xAA\n.align 8\nx: .space 2\n');
    expect(Array.from(exe.data)).toEqual([0xaa, 0xaa, 0xaa, 0, 0, 0, 0, 0, 0, 0]);
    expect(symbol(exe, 'x')).toBe(exe.dataAddr + 8);
  });

  test('.bss reserves zeroed space after .data rounded to 16 bytes', () => {
    const exe = ok('nop\n.data\n.byte 1\n.bss\nbuf: .space 100\n.align 16\nend: .space 4\n');
    expect(exe.bssSize).toBe(116);
    expect(symbol(exe, 'buf')).toBe(exe.dataAddr + 16);
    expect(exe.debug!.symbols.find((s) => s.name === 'buf')!.kind).toBe('bss');
  });

  test('instructions in .text are 4-aligned after bytes', () => {
    const exe = ok('.byte 1\nmain: nop\n');
    expect(symbol(exe, 'main')).toBe(CODE_BASE + 4);
    expect(exe.entry).toBe(CODE_BASE + 4);
  });

  test('.entry, else main, else the first instruction', () => {
    expect(ok('a: nop\nb: nop\n.entry b\n').entry).toBe(CODE_BASE + 4);
    expect(ok('a: nop\nmain: nop\n').entry).toBe(CODE_BASE + 4);
    expect(ok('.data\n.word 1\n.text\na: nop\n').entry).toBe(CODE_BASE);
  });

  test('misuse of directives is reported', () => {
    expect(errors('.data\nadd r1, r2, r3\n')).toEqual(["instruction 'add' in .data: instructions belong in .text"]);
    expect(errors('nop\n.bss\n.word 1\n')[0]).toMatch(/'.word' in .bss/);
    expect(errors('nop\n.bss\n.space 4, 1\n')[0]).toMatch(/cannot have a fill value/);
    expect(errors('nop\n.data\n.align 3\n')[0]).toMatch(/power of two/);
    expect(errors('nop\n.data\n.half 70000\n')).toEqual(['value 70000 does not fit in a half-word (-32768..65535)']);
    expect(errors('nop\n.data\n.byte -129\n')).toEqual(['value -129 does not fit in a byte (-128..255)']);
    expect(errors('nop\n.space -1\n')).toEqual(['.space size -1 is negative']);
    expect(errors('nop\n.entry x\n.data\nx: .word 0\n')[0]).toMatch(/is not the address of an instruction/);
    expect(errors('.data\n.word 1\n')).toEqual(['the program has no instructions (nothing to execute)']);
    expect(errors('nop\n.ascii 5\n')).toEqual(["'.ascii' takes strings in double quotes"]);
    expect(errors('nop\n.equ 5, 5\n')[0]).toMatch(/expected a constant name/);
  });

  test('the static image limit is enforced before anything is allocated', () => {
    expect(errors('nop\n.data\n.space 0x7fffffff\n')[0]).toMatch(/program too large/);
    expect(errors('nop\n.bss\n.space 0xE00000\n')[0]).toMatch(/program too large/);
  });
});

describe('layout by relaxation', () => {
  test('a forward li of a far address widens to the extension-word form', () => {
    const exe = ok('main: li r1, far\nnop\n.data\n.space 0x8000\nfar: .word 0\n');
    const far = symbol(exe, 'far');
    expect(far).toBeGreaterThan(0x7fff);
    const d = decode(new Int32Array(exe.code.buffer), 0, CODE_BASE)!;
    expect(d.instr.op).toBe(Op.LI_W);
    expect(d.imms).toEqual([far]);
    expect(exe.code.length).toBe(12);
  });

  test('a long conditional branch widens, and everything after it moves', () => {
    const exe = ok('main: beq r1, r2, far\nafter: nop\n.space 0x20000\nfar: nop\n');
    const code = new Int32Array(exe.code.buffer);
    const d = decode(code, 0, CODE_BASE)!;
    expect(d.instr.op).toBe(Op.BEQ_T);
    expect(d.target).toBe(symbol(exe, 'far'));
    expect(symbol(exe, 'after')).toBe(CODE_BASE + 8);
  });

  test('widening cascades: every branch reaches its label', () => {
    // Each block is just short of the o12 reach, so a neighbour widening can push a branch out of range.
    const blocks = Array.from({ length: 6 }, (_, k) => `l${k}: beq r1, 1, l${(k + 3) % 6}\n.space ${0x1ff8 - 4 * k}\n`).join('');
    const exe = ok(`main: nop\n${blocks}`);
    const code = new Int32Array(exe.code.buffer);
    for (let k = 0; k < 6; k++) {
      const at = (symbol(exe, `l${k}`) - CODE_BASE) / 4;
      expect(decode(code, at, CODE_BASE)!.target).toBe(symbol(exe, `l${(k + 3) % 6}`));
    }
  });

  test('branch targets must be 4-aligned', () => {
    expect(errors('main: jmp main + 2\n')).toEqual(['branch target 0x1002 is not 4-aligned (instructions are)']);
  });
});

describe('listing', () => {
  test('one row per emitting statement with address, words and source', () => {
    const r = asm('main: li r1, 0x12345678\n.data\ns: .ascii "hi"\n');
    expect(r.listing.map((l) => [l.addr, l.words.length, l.line])).toEqual([[CODE_BASE, 2, 1], [dataBase(8), 0, 3]]);
    const text = formatListing(r.listing);
    expect(text).toMatch(/^00001000  [0-9a-f]{8} 12345678 +test\.asm:1  main: li r1, 0x12345678$/m);
    expect(text).toMatch(/^00002000  6869 +test\.asm:3  s: \.ascii "hi"$/m);
  });
});

describe('sys operands', () => {
  test('a system-call name wins over a label of the same name', () => {
    expect(words(ok('main: sys exit\nexit: nop\n'))[0]).toBe(Op.SYS | (0 << 16));
  });
});
