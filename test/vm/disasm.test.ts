// Tests of the disassembler: rendering of every form, raw-word fallbacks, and reassembly round trips.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { disassemble, disassembleAt, formatInstruction } from '../../vm/disasm.js';
import { decode, encode, type Fields } from '../../vm/encoding.js';
import { readExecutable, writeExecutable } from '../../vm/format.js';
import type { DebugSymbol, Executable } from '../../vm/image.js';
import { BY_OPCODE, FORMS, ISA, Op, type Instr } from '../../vm/isa.js';
import { CODE_BASE, bssBase, dataBase } from '../../vm/layout.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

type Assemble = (path: string, options: { source: string }) => { exe: Executable | null; diagnostics: unknown[] };
// The assembler is written concurrently; its round-trip tests run once it exists.
const assemble: Assemble | null = await import('../../assembler/index.js')
  .then((m: { assemble?: Assemble }) => m.assemble ?? null)
  .catch(() => null);

const row = (op: Op): Instr => BY_OPCODE[op]!;

/** An executable whose code is the given words, with optional symbols. */
function program(code: number[], symbols: DebugSymbol[] = [], data = new Uint8Array(0), bssSize = 0): Executable {
  const bytes = new Uint8Array(new Int32Array(code).buffer);
  return {
    entry: CODE_BASE, codeAddr: CODE_BASE, code: bytes, dataAddr: dataBase(bytes.length), data, bssSize,
    debug: symbols.length ? { files: [], symbols, lines: [] } : null,
  };
}

/** Encode one instruction at pc and render it back through decode and formatInstruction. */
function render(op: Op, f: Partial<Fields>, pc = CODE_BASE, symbolAt?: (a: number) => string | undefined): string {
  const fields = { regs: f.regs ?? [], imms: f.imms ?? [], target: f.target ?? 0 };
  const d = decode(Int32Array.from(encode(row(op), fields, pc)), 0, pc);
  return formatInstruction(d!, symbolAt);
}

describe('formatInstruction renders every syntax from the ISA table', () => {
  const cases: [string, Op, Partial<Fields>, string][] = [
    ['N', Op.RET, {}, 'ret'],
    ['A', Op.PUSH, { regs: [14] }, 'push fp'],
    ['AB', Op.MOV, { regs: [1, 15] }, 'mov r1, sp'],
    ['ABC', Op.ADD, { regs: [1, 2, 13] }, 'add r1, r2, r13'],
    ['ABI', Op.SUB_I, { regs: [3, 4], imms: [-32768] }, 'sub r3, r4, -32768'],
    ['ABX', Op.XOR_W, { regs: [3, 4], imms: [0x7fffffff] }, 'xor r3, r4, 2147483647'],
    ['AI', Op.LI, { regs: [0], imms: [-1] }, 'li r0, -1'],
    ['AX', Op.LI_W, { regs: [5], imms: [-2147483648] }, 'li r5, -2147483648'],
    ['I', Op.SYS, { imms: [1] }, 'sys 1'],
    ['X', Op.ENTER_W, { imms: [100000] }, 'enter 100000'],
    ['J', Op.JMP, { target: CODE_BASE - 8 }, 'jmp 0xff8'],
    ['ABO', Op.BLT, { regs: [1, 2], target: CODE_BASE + 64 }, 'blt r1, r2, 0x1040'],
    ['ABT', Op.BGE_T, { regs: [1, 2], target: 0x123456 }, 'bge r1, r2, 0x123456'],
    ['AIO', Op.BNE_I, { regs: [7], imms: [-128], target: CODE_BASE }, 'bne r7, -128, 0x1000'],
    ['AXT', Op.BEQ_X, { regs: [7], imms: [1000], target: 0xfffffffc }, 'beq r7, 1000, 0xfffffffc'],
    ['rm, positive offset', Op.LW, { regs: [1, 15], imms: [8] }, 'lw r1, [sp + 8]'],
    ['rm, negative offset', Op.SB, { regs: [1, 14], imms: [-4] }, 'sb r1, [fp - 4]'],
    ['rm, zero offset', Op.LHU, { regs: [1, 2], imms: [0] }, 'lhu r1, [r2]'],
    ['rm, wide offset', Op.SW_W, { regs: [1, 2], imms: [-2147483648] }, 'sw r1, [r2 - 2147483648]'],
    ['rM', Op.LBU_A, { regs: [1], imms: [0x2010] }, 'lbu r1, [0x2010]'],
  ];
  test.each(cases)('%s', (_, op, fields, text) => expect(render(op, fields)).toBe(text));

  test('symbolAt names targets and absolute addresses, and only those', () => {
    const names = (a: number): string | undefined => ({ [CODE_BASE]: 'top', [0x2000]: 'counter' } as Record<number, string>)[a];
    expect(render(Op.JMP, { target: CODE_BASE }, CODE_BASE + 40, names)).toBe('jmp top');
    expect(render(Op.SW_A, { regs: [2], imms: [0x2000] }, CODE_BASE, names)).toBe('sw r2, [counter]');
    expect(render(Op.LI_W, { regs: [2], imms: [0x2000] }, CODE_BASE, names)).toBe('li r2, 8192');
  });

  test('every ISA row renders its mnemonic and one operand per syntax letter', () => {
    for (const instr of ISA) {
      const form = FORMS[instr.form];
      const text = render(instr.op, { regs: [1, 2, 3].slice(0, form.regs), imms: form.imms.map(() => 5), target: CODE_BASE });
      expect(text.split(' ')[0]).toBe(instr.mnemonic);
      expect(text === instr.mnemonic ? 0 : text.replace(/\[[^\]]*\]/g, 'M').split(',').length).toBe(instr.syntax.length);
    }
  });
});

describe('disassemble', () => {
  const code: number[] = [];
  const at = (): number => CODE_BASE + code.length * 4;
  const emit = (op: Op, f: Partial<Fields>): void => {
    code.push(...encode(row(op), { regs: f.regs ?? [], imms: f.imms ?? [], target: f.target ?? 0 }, at()));
  };
  emit(Op.LI, { regs: [1], imms: [3] });
  const loop = at();
  emit(Op.SUB_I, { regs: [1, 1], imms: [1] });
  emit(Op.BNE_I, { regs: [1], imms: [0], target: loop });
  emit(Op.LW_A, { regs: [2], imms: [0x2000] });
  emit(Op.SYS, { imms: [0] });
  const data = new TextEncoder().encode('Hello, world! Hello again.\n');
  const bss = bssBase(0x2000, data.length);
  const exe = program(code, [
    { name: 'main', value: CODE_BASE, kind: 'code' }, { name: 'loop', value: loop, kind: 'code' },
    { name: 'msg', value: 0x2000, kind: 'data' }, { name: 'again', value: 0x2000 + 14, kind: 'data' },
    { name: 'buf', value: bss + 8, kind: 'bss' }, { name: 'SIZE', value: -12, kind: 'const' },
    { name: 'bad name', value: CODE_BASE, kind: 'code' },
  ], data, 24);

  test('a small program comes back with its labels, constants, data and bss', () => {
    const lines = disassemble(exe).split('\n').slice(1).map((l) => l.replace(/ *;.*$/, '').trim()).filter(Boolean);
    expect(lines).toEqual([
      '.equ SIZE, -12',
      '.text', '.entry main',
      'main:', 'li r1, 3',
      'loop:', 'sub r1, r1, 1', 'bne r1, 0, loop', 'lw r2, [msg]', 'sys 0',
      '.data',
      'msg:', '.byte 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x77, 0x6f, 0x72, 0x6c, 0x64, 0x21, 0x20',
      'again:', '.byte 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x20, 0x61, 0x67, 0x61, 0x69, 0x6e, 0x2e, 0x0a',
      '.bss', '.space 8', 'buf:', '.space 16',
    ]);
    expect(disassemble(exe)).toContain("; symbol 'bad name' (code) = 0x1000 cannot be placed");
  });

  test('a stripped program gets a synthetic entry label and hex targets', () => {
    const text = disassemble({ ...exe, entry: loop, debug: null });
    expect(text).toContain('.entry _entry\n');
    expect(text).toMatch(/_entry:\n\s+sub r1, r1, 1\n\s+bne r1, 0, _entry\n/);
    expect(text).not.toContain('.bss\n        .space 24\n        .space');
  });

  test('the synthetic entry label avoids existing names', () => {
    const text = disassemble(program([code[0], code[1]], [{ name: '_entry', value: CODE_BASE + 8, kind: 'code' }]));
    expect(text).toContain('.entry _entry1\n');
  });

  test('non-canonical, undefined and cut-off words come out as .word with what they decode to', () => {
    const wide = encode(row(Op.LI_W), { regs: [2], imms: [5], target: 0 }, CODE_BASE);
    const unusedBits = encode(row(Op.MOV), { regs: [1, 2], imms: [], target: 0 }, CODE_BASE)[0] | (1 << 20);
    const cut = encode(row(Op.ADD_W), { regs: [1, 2], imms: [7], target: 0 }, CODE_BASE)[0];
    const text = disassemble(program([...wide, unusedBits, 0xff, 0, cut]));
    expect(text).toContain('.word 0x00000206, 0x00000005 ; li r2, 5 (non-canonical encoding)');
    expect(text).toContain('.word 0x00102104 ; mov r1, r2 (non-canonical encoding)');
    expect(text).toContain('.word 0x000000ff ; undefined opcode 0xff');
    expect(text).toContain('.word 0x00000000 ; undefined opcode 0x00');
    expect(text).toContain(`.word ${'0x' + (cut >>> 0).toString(16).padStart(8, '0')} ; add cut off by the end of the code (needs 2 words)`);
  });

  test('a label inside a wide instruction splits it into words', () => {
    const wide = encode(row(Op.LI_W), { regs: [2], imms: [100000], target: 0 }, CODE_BASE);
    const text = disassemble(program(wide, [{ name: 'inside', value: CODE_BASE + 4, kind: 'code' }]));
    expect(text).toMatch(/\.word 0x00000206 ; li r2, 100000 \(split by a label\)\ninside:\n\s+\.word 0x000186a0 ;/);
  });

  test('disassembleAt gives one instruction with labels, or a placeholder', () => {
    expect(disassembleAt(exe, loop + 4)).toBe('bne r1, 0, loop');
    expect(disassembleAt(exe, loop + 8)).toBe('lw r2, [msg]');
    expect(disassembleAt(program([0xff]), CODE_BASE)).toBe('.word 0x000000ff');
    expect(disassembleAt(exe, CODE_BASE + 2)).toBe('?');
    expect(disassembleAt(exe, CODE_BASE + exe.code.length)).toBe('?');
    expect(disassembleAt(exe, 0)).toBe('?');
  });
});

// ---------------------------------------------------------------------------------------------
// Random programs, and their reassembly

const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const wordOffset = (bits: number): fc.Arbitrary<number> => fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });

/** One random item of a code stream: an instruction of any ISA row with random fields, or a raw word. */
type Item = { instr: Instr; regs: number[]; imms: number[]; off: number; abs: number } | { raw: number };
const itemArb: fc.Arbitrary<Item> = fc.oneof(
  { weight: 9, arbitrary: fc.record({
    instr: fc.constantFrom(...ISA),
    regs: fc.array(fc.nat(15), { minLength: 3, maxLength: 3 }),
    imms: fc.array(fc.oneof(fc.integer({ min: -128, max: 127 }), fc.integer({ min: -0x8000, max: 0x7fff }), int32), { minLength: 1, maxLength: 1 }),
    off: fc.oneof(fc.integer({ min: -8, max: 8 }), wordOffset(12), wordOffset(16), wordOffset(24)),
    abs: fc.oneof(fc.integer({ min: 0, max: 0x3000 }).map((a) => a & ~3), int32),
  }) },
  { weight: 1, arbitrary: fc.record({ raw: int32 }) },
);

/** Lay out items from CODE_BASE, clamping each field to what its form holds; also the word index of each instruction. */
function codeOf(items: Item[]): { code: number[]; starts: number[] } {
  const code: number[] = [];
  const starts: number[] = [];
  for (const item of items) {
    if ('raw' in item) { code.push(item.raw); continue; }
    starts.push(code.length);
    const form = FORMS[item.instr.form];
    const pc = CODE_BASE + code.length * 4;
    const imms = form.imms.map((field, k) => (field === 'i8' ? (item.imms[k] << 24) >> 24 : field === 'i16' ? (item.imms[k] << 16) >> 16 : item.imms[k]));
    const span = form.target === 'o12' ? 0x800 : form.target === 'o16' ? 0x8000 : 0x800000;
    const target = form.target === 't' ? item.abs : pc + 4 * (((item.off % span) + span) % span - (item.off < 0 ? span : 0));
    code.push(...encode(item.instr, { regs: item.regs.slice(0, form.regs), imms, target }, pc));
  }
  return { code, starts };
}

const programArb: fc.Arbitrary<Executable> = fc
  .record({
    items: fc.array(itemArb, { minLength: 1, maxLength: 30 }),
    // Mostly at instruction starts, where branches land; sometimes anywhere, splitting an instruction.
    codeLabels: fc.uniqueArray(fc.tuple(fc.nat(), fc.nat(9)), { maxLength: 12 }),
    data: fc.uint8Array({ maxLength: 40 }),
    dataLabels: fc.uniqueArray(fc.nat(), { maxLength: 4 }),
    bssSize: fc.nat(64),
    bssLabels: fc.uniqueArray(fc.nat(), { maxLength: 3 }),
    entry: fc.nat(),
    consts: fc.array(int32, { maxLength: 3 }),
    strip: fc.boolean(),
  })
  .map(({ items, codeLabels, data, dataLabels, bssSize, bssLabels, entry, consts, strip }) => {
    const { code, starts } = codeOf(items);
    const exe = program(code, [], data, bssSize);
    const bss = bssBase(exe.dataAddr, data.length);
    const wordAt = (n: number, anywhere: boolean): number => (anywhere || starts.length === 0 ? n % (code.length + 1) : starts[n % starts.length]);
    const symbols: DebugSymbol[] = [
      ...new Set(codeLabels.map(([n, p]) => CODE_BASE + wordAt(n, p === 0) * 4)),
    ].map((value, k) => ({ name: `c${k}`, value, kind: 'code' }));
    symbols.push(...[...new Set(dataLabels.map((n) => exe.dataAddr + (n % (data.length + 1))))].map((value, k) => ({ name: `d${k}`, value, kind: 'data' as const })));
    symbols.push(...[...new Set(bssLabels.map((n) => bss + (n % (bssSize + 1))))].map((value, k) => ({ name: `b${k}`, value, kind: 'bss' as const })));
    symbols.push(...consts.map((value, k) => ({ name: `K${k}`, value, kind: 'const' as const })));
    return { ...exe, entry: CODE_BASE + Math.min(wordAt(entry, false), code.length - 1) * 4, debug: strip ? null : { files: [], symbols, lines: [] } };
  });

describe('random programs', () => {
  test('disassemble never throws and gives one line per instruction or raw word run', () => {
    fc.assert(fc.property(programArb, (exe) => {
      const text = disassemble(exe);
      const lines = text.split('\n');
      expect(lines.filter((l) => l.trim() === '.text')).toHaveLength(1);
      const words = lines.filter((l) => /^ {8}[a-z]/.test(l)).length + lines.filter((l) => l.trim().startsWith('.word')).reduce((n, l) => n + l.replace(/;.*/, '').split(',').length, 0);
      expect(words).toBeGreaterThan(0);
      expect(words).toBeLessThanOrEqual(exe.code.length / 4);
    }), params(20261211, runs(2000, 40_000)));
  }, TIMEOUT);

  test('disassembleAt never throws and names the row of the opcode it finds', () => {
    fc.assert(fc.property(programArb, (exe) => {
      const view = new DataView(exe.code.buffer);
      for (let a = exe.codeAddr; a < exe.codeAddr + exe.code.length; a += 4) {
        const one = disassembleAt(exe, a);
        expect(one).toMatch(/^[^\n]+$/);
        const instr = BY_OPCODE[view.getUint8(a - exe.codeAddr)];
        if (!one.startsWith('.word')) expect(one.split(' ')[0]).toBe(instr?.mnemonic);
      }
    }), params(20261212, runs(500, 10_000)));
  }, TIMEOUT);

  test.skipIf(!assemble)('an assembled program survives .qx and disassembly unchanged', () => {
    const source = [
      '        .data',
      'msg:    .asciz  "Hello, world!\\n"',
      '        .equ    LEN, 14',
      'table:  .word   1, -2, msg',
      '        .bss',
      'buf:    .space  100',
      'end:',
      '        .text',
      '        .entry  main',
      'helper: add     r0, r1, 100000',
      '        ret',
      'main:   li      r1, 1',
      '        la      r2, msg',
      '        li      r3, LEN',
      '        sys     write',
      'loop:   lw      r4, [r2 + 4]',
      '        sb      r4, [buf]',
      '        bne     r4, 300, loop',
      '        blt     r4, r5, far',
      '        call    helper',
      '        enter   70000',
      'far:    leave',
      '        sys     exit',
    ].join('\n');
    const first = assemble!('hello.asm', { source });
    expect(first.diagnostics).toEqual([]);
    const loaded = readExecutable(writeExecutable(first.exe!));
    expect(loaded).toEqual({ ok: true, exe: first.exe });
    const text = disassemble(first.exe!);
    expect(text).toContain('bne r4, 300, loop');
    expect(text).toContain('sb r4, [buf]');
    const again = assemble!('again.asm', { source: text });
    expect(again.diagnostics, text).toEqual([]);
    const { debug: _d1, ...a } = first.exe!;
    const { debug: _d2, ...b } = again.exe!;
    expect(b).toEqual(a);
    const names = (e: Executable): string[] => e.debug!.symbols.map((s) => `${s.kind} ${s.name} ${s.value}`).sort();
    expect(names(again.exe!)).toEqual(names(first.exe!));
  });

  test.skipIf(!assemble)('disassembly reassembles to identical code, data, bss and entry', () => {
    fc.assert(fc.property(programArb, (exe) => {
      const source = disassemble(exe);
      const result = assemble!('x.asm', { source });
      if (source.includes('; not reassemblable')) {
        expect(result.diagnostics.map((d) => (d as { message: string }).message), source).toEqual([expect.stringMatching(/^(entry point 0x[0-9a-f]+ is not the address of an instruction|the program has no instructions)/)]);
        return;
      }
      expect(result.diagnostics, source).toEqual([]);
      const back = result.exe!;
      expect(Array.from(back.code), source).toEqual(Array.from(exe.code));
      expect(Array.from(back.data)).toEqual(Array.from(exe.data));
      expect(back.bssSize).toBe(exe.bssSize);
      expect(back.entry).toBe(exe.entry);
      const named = (e: Executable): string[] => (e.debug?.symbols ?? []).filter((s) => !s.name.startsWith('_entry')).map((s) => `${s.kind} ${s.name} ${s.value}`).sort();
      expect(named(back)).toEqual(named(exe));
    }), params(20261213, runs(1000, 20_000)));
  }, TIMEOUT);
});
