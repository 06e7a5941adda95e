// Tests of the .qx format: round trips, one refusal per validation rule, and fuzzing properties.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crc32 } from '../../vm/crc32.js';
import { encode } from '../../vm/encoding.js';
import { FLAG_DEBUG, HEADER, HEADER_SIZE, MAX_NAME_BYTES, MAX_QX_SIZE, QX_MAGIC, QX_VERSION, readExecutable, writeExecutable } from '../../vm/format.js';
import type { DebugInfo, DebugSymbol, Executable } from '../../vm/image.js';
import { BY_OPCODE, Op } from '../../vm/isa.js';
import { CODE_BASE, STATIC_LIMIT, bssBase, dataBase } from '../../vm/layout.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

const words = (ws: number[]): Uint8Array => new Uint8Array(new Int32Array(ws).buffer);

/** A small real program: li r1, 7; loop: sub r1, r1, 1; bne r1, 0, loop; sw r1, [counter]; sys exit. */
function sample(): Executable {
  const code: number[] = [];
  const at = (): number => CODE_BASE + code.length * 4;
  const emit = (op: Op, regs: number[], imms: number[], target = 0): void => {
    code.push(...encode(BY_OPCODE[op]!, { regs, imms, target }, at()));
  };
  emit(Op.LI, [1], [7]);
  const loop = at();
  emit(Op.SUB_I, [1, 1], [1]);
  emit(Op.BNE_I, [1], [0], loop);
  const dataAddr = dataBase(code.length * 4 + 12);
  emit(Op.SW_A, [1], [dataAddr]);
  emit(Op.SYS, [], [0]);
  return {
    entry: CODE_BASE, codeAddr: CODE_BASE, code: words(code), dataAddr,
    data: new TextEncoder().encode('héllo\n'), bssSize: 100,
    debug: {
      files: ['main.asm', 'lib/ünï.asm'],
      symbols: [
        { name: 'main', value: CODE_BASE, kind: 'code' }, { name: 'loop', value: loop, kind: 'code' },
        { name: 'counter', value: dataAddr, kind: 'data' }, { name: 'buf', value: bssBase(dataAddr, 6), kind: 'bss' },
        { name: 'end', value: bssBase(dataAddr, 6) + 100, kind: 'bss' }, { name: 'NEG', value: -5, kind: 'const' },
      ],
      lines: [{ addr: CODE_BASE, file: 0, line: 3 }, { addr: loop, file: 1, line: 1 }, { addr: loop + 8, file: 0, line: 9 }],
    },
  };
}

/** Recompute the checksum after a mutation, so that the checks behind it get to see the change. */
function resign(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= HEADER_SIZE) {
    view.setUint32(HEADER.checksum, 0, true);
    view.setUint32(HEADER.checksum, crc32(bytes), true);
  }
  return bytes;
}

/** A valid file of sample() with mutate applied to a copy, checksum recomputed. */
function mutated(mutate: (view: DataView, bytes: Uint8Array) => void, exe = sample()): Uint8Array {
  const bytes = writeExecutable(exe).slice();
  mutate(new DataView(bytes.buffer), bytes);
  return resign(bytes);
}

/** A file built from explicit parts, for layouts the writer refuses to produce. */
function craft(fields: Partial<Record<'entry' | 'codeAddr' | 'dataAddr' | 'bssSize', number>> & { flags?: number; code?: Uint8Array; data?: Uint8Array; debug?: Uint8Array }): Uint8Array {
  const code = fields.code ?? words([0x01]);
  const data = fields.data ?? new Uint8Array(0);
  const debug = fields.debug ?? new Uint8Array(0);
  const bytes = new Uint8Array(HEADER_SIZE + code.length + data.length + debug.length);
  const view = new DataView(bytes.buffer);
  bytes.set(QX_MAGIC, 0);
  view.setUint16(HEADER.version, QX_VERSION, true);
  view.setUint16(HEADER.flags, fields.flags ?? (debug.length ? FLAG_DEBUG : 0), true);
  view.setUint32(HEADER.entry, fields.entry ?? CODE_BASE, true);
  view.setUint32(HEADER.codeAddr, fields.codeAddr ?? CODE_BASE, true);
  view.setUint32(HEADER.codeSize, code.length, true);
  view.setUint32(HEADER.dataAddr, fields.dataAddr ?? dataBase(code.length), true);
  view.setUint32(HEADER.dataSize, data.length, true);
  view.setUint32(HEADER.bssSize, fields.bssSize ?? 0, true);
  view.setUint32(HEADER.debugSize, debug.length, true);
  bytes.set(code, HEADER_SIZE);
  bytes.set(data, HEADER_SIZE + code.length);
  bytes.set(debug, HEADER_SIZE + code.length + data.length);
  return resign(bytes);
}

/** Debug-section bytes from raw parts: files as byte strings, symbols as [kind, value, name bytes]. */
function debugBytes(files: Uint8Array[], symbols: [number, number, Uint8Array][], lines: [number, number, number][], extra = 0): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number): void => { parts.push(v & 0xff, (v >>> 8) & 0xff); };
  const u32 = (v: number): void => { u16(v & 0xffff); u16(v >>> 16); };
  u32(files.length); u32(symbols.length); u32(lines.length);
  for (const f of files) { u16(f.length); parts.push(...f); }
  for (const [kind, value, name] of symbols) { parts.push(kind); u32(value); u16(name.length); parts.push(...name); }
  for (const [a, f, l] of lines) { u32(a); u32(f); u32(l); }
  for (let k = 0; k < extra; k++) parts.push(0);
  return Uint8Array.from(parts);
}
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function refusal(bytes: Uint8Array): string {
  const r = readExecutable(bytes);
  if (r.ok) throw new Error('expected a refusal, got a valid load');
  return r.error;
}

test('CRC-32 is the standard IEEE one', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  expect(crc32(new Uint8Array(0))).toBe(0);
});

describe('round trip', () => {
  test('write then read gives the same Executable, debug info included', () => {
    const exe = sample();
    expect(readExecutable(writeExecutable(exe))).toEqual({ ok: true, exe });
  });

  test('strip drops the debug section and its flag', () => {
    const exe = sample();
    const bytes = writeExecutable(exe, { strip: true });
    expect(bytes.length).toBe(HEADER_SIZE + exe.code.length + exe.data.length);
    expect(new DataView(bytes.buffer).getUint16(HEADER.flags, true)).toBe(0);
    expect(readExecutable(bytes)).toEqual({ ok: true, exe: { ...exe, debug: null } });
  });

  test('empty debug info survives as empty, not as absent', () => {
    const exe = { ...sample(), debug: { files: [], symbols: [], lines: [] } };
    expect(readExecutable(writeExecutable(exe))).toEqual({ ok: true, exe });
  });

  test('loaded segments are copies at offset 0, whatever the input buffer', () => {
    const bytes = writeExecutable(sample());
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    const r = readExecutable(padded.subarray(3));
    expect(r.ok && r.exe.code.byteOffset === 0 && r.exe.code.buffer !== padded.buffer).toBe(true);
  });

  test('const symbols keep their sign; addresses stay unsigned', () => {
    const r = readExecutable(writeExecutable(sample()));
    expect(r.ok && r.exe.debug!.symbols.map((s) => s.value).every((v) => Number.isInteger(v))).toBe(true);
    expect(r.ok && r.exe.debug!.symbols.find((s) => s.name === 'NEG')!.value).toBe(-5);
  });

  test('the writer refuses what the reader would refuse', () => {
    expect(() => writeExecutable({ ...sample(), entry: 0x9000 })).toThrow(/cannot write executable: entry point 0x00009000 outside the code segment/);
    expect(() => writeExecutable({ ...sample(), bssSize: -1 })).toThrow(/bss size -1 is not a 32-bit unsigned integer/);
    const long = { ...sample(), debug: { files: ['x'.repeat(MAX_NAME_BYTES + 1)], symbols: [], lines: [] } };
    expect(() => writeExecutable(long)).toThrow(/file name longer than 4096 bytes/);
  });
});

describe('refusals, one per rule', () => {
  const exe = sample();
  const dataAddr = exe.dataAddr;
  const codeEnd = CODE_BASE + exe.code.length;
  const cases: [string, () => Uint8Array, string | RegExp][] = [
    ['bad magic', () => mutated((_, b) => { b[1] = 0x58; }), 'not a Quanta executable (bad magic)'],
    ['a short text file', () => utf8('hello'), 'not a Quanta executable (bad magic)'],
    ['empty file', () => new Uint8Array(0), 'truncated header (0 of 64 bytes)'],
    ['truncated header', () => writeExecutable(exe).slice(0, 20), 'truncated header (20 of 64 bytes)'],
    ['too large', () => { const b = new Uint8Array(MAX_QX_SIZE + 1); b.set(QX_MAGIC); return b; }, `file too large (${MAX_QX_SIZE + 1} bytes, limit ${MAX_QX_SIZE})`],
    ['version', () => mutated((v) => v.setUint16(HEADER.version, 2, true)), 'unsupported format version 2 (this loader reads version 1)'],
    ['unknown flags', () => mutated((v) => v.setUint16(HEADER.flags, 0x8001, true)), 'unknown header flags 0x8001'],
    ['reserved bytes', () => mutated((_, b) => { b[HEADER_SIZE - 1] = 1; }), 'reserved header bytes are not zero'],
    ['truncated body', () => writeExecutable(exe).slice(0, -1), /^truncated file \(header declares \d+ bytes, file has \d+\)$/],
    ['size past the end', () => mutated((v) => v.setUint32(HEADER.dataSize, 0xffffffff, true)), /^truncated file/],
    ['trailing garbage', () => { const b = writeExecutable(exe); const c = new Uint8Array(b.length + 2); c.set(b); return resign(c); }, '2 bytes of trailing garbage after the last section'],
    ['checksum', () => { const b = writeExecutable(exe).slice(); b[HEADER_SIZE] ^= 1; return b; }, /^checksum mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/],
    ['code address', () => craft({ codeAddr: 0x2000 }), 'code segment at 0x00002000 (must be 0x00001000)'],
    ['empty code', () => craft({ code: new Uint8Array(0) }), 'empty code segment'],
    ['code size', () => craft({ code: new Uint8Array(6), dataAddr: 0x2000 }), 'code size 6 is not a multiple of 4'],
    ['entry outside code', () => craft({ entry: CODE_BASE + 4 }), 'entry point 0x00001004 outside the code segment'],
    ['entry below code', () => craft({ entry: 0 }), 'entry point 0x00000000 outside the code segment'],
    ['entry misaligned', () => craft({ entry: CODE_BASE + 2 }), 'entry point 0x00001002 is not 4-aligned'],
    ['data overlaps code', () => craft({ dataAddr: CODE_BASE }), 'data segment overlaps code (data at 0x00001000, code ends at 0x00001004, data must start at 0x00002000)'],
    ['data misplaced', () => craft({ dataAddr: 0x3000 }), 'data segment at 0x00003000 (must be 0x00002000, the page after the code)'],
    ['image too large', () => craft({ bssSize: STATIC_LIMIT }), /^static image too large \(ends at 0xe02000, limit 0x00e00000\)$/],
    ['image end wraps', () => craft({ bssSize: 0xffffffff }), /^static image too large/],
    ['debug without flag', () => craft({ flags: 0, debug: debugBytes([], [], []) }), 'debug section present but the debug flag is clear'],
    ['flag without debug', () => craft({ flags: FLAG_DEBUG }), 'truncated debug section'],
    ['counts too big', () => craft({ debug: debugBytes([], [], []).map((b, i) => (i === 4 ? 0xff : b)) }), 'debug counts (0 files, 255 symbols, 0 lines) exceed the debug section'],
    ['huge counts', () => craft({ debug: debugBytes([], [], []).fill(0xff) }), 'debug counts (4294967295 files, 4294967295 symbols, 4294967295 lines) exceed the debug section'],
    ['name past the end', () => craft({ debug: debugBytes([utf8('ab')], [], []).slice(0, -1) }), 'truncated debug section'],
    ['empty file name', () => craft({ debug: debugBytes([new Uint8Array(0)], [], []) }), 'empty file name 0'],
    ['long name', () => craft({ debug: debugBytes([new Uint8Array(MAX_NAME_BYTES + 1).fill(0x61)], [], []) }), 'file name 0 longer than 4096 bytes'],
    ['bad UTF-8', () => craft({ debug: debugBytes([Uint8Array.of(0x61, 0xc3)], [], []) }), 'file name 0 is not valid UTF-8'],
    ['overlong UTF-8', () => craft({ debug: debugBytes([Uint8Array.of(0xc0, 0xaf)], [], []) }), 'file name 0 is not valid UTF-8'],
    ['control characters', () => craft({ debug: debugBytes([utf8('a\nb')], [], []) }), 'file name 0 contains control characters'],
    ['symbol kind', () => craft({ debug: debugBytes([], [[4, 0, utf8('x')]], []) }), "symbol 'x' has unknown kind 4"],
    ['duplicate symbol', () => craft({ debug: debugBytes([], [[3, 1, utf8('x')], [3, 2, utf8('x')]], []) }), "duplicate symbol 'x'"],
    ['code symbol outside code', () => craft({ debug: debugBytes([], [[0, CODE_BASE + 8, utf8('x')]], []) }), "code symbol 'x' at 0x00001008 lies outside its segment"],
    ['data symbol outside data', () => craft({ debug: debugBytes([], [[1, 0x1000, utf8('d')]], []) }), "data symbol 'd' at 0x00001000 lies outside its segment"],
    ['bss symbol outside bss', () => craft({ bssSize: 4, debug: debugBytes([], [[2, 0x2008, utf8('b')]], []) }), "bss symbol 'b' at 0x00002008 lies outside its segment"],
    ['line outside code', () => craft({ debug: debugBytes([utf8('f')], [], [[CODE_BASE + 4, 0, 1]]) }), 'line table entry 0 at 0x00001004 lies outside the code segment'],
    ['lines unsorted', () => craft({ code: words([1, 1]), debug: debugBytes([utf8('f')], [], [[CODE_BASE + 4, 0, 1], [CODE_BASE, 0, 2]]) }), 'line table is not sorted at entry 1 (0x00001000)'],
    ['lines repeated', () => craft({ debug: debugBytes([utf8('f')], [], [[CODE_BASE, 0, 1], [CODE_BASE, 0, 2]]) }), 'line table is not sorted at entry 1 (0x00001000)'],
    ['line file index', () => craft({ debug: debugBytes([utf8('f')], [], [[CODE_BASE, 1, 1]]) }), 'line table entry 0 names file 1 of 1'],
    ['line 0', () => craft({ debug: debugBytes([utf8('f')], [], [[CODE_BASE, 0, 0]]) }), 'line table entry 0 has line 0 (lines count from 1)'],
    ['debug trailing garbage', () => craft({ debug: debugBytes([], [], [], 3) }), '3 bytes of trailing garbage in the debug section'],
  ];
  test.each(cases)('%s', (_, build, message) => {
    const error = refusal(build());
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  test('a valid crafted file loads (so the cases above fail for their own reason)', () => {
    expect(readExecutable(craft({ bssSize: 4, debug: debugBytes([utf8('f')], [[2, 0x2004, utf8('b')]], [[CODE_BASE, 0, 1]]) })).ok).toBe(true);
    expect(dataAddr).toBe(dataBase(codeEnd - CODE_BASE));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const nameArb = fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s) && !/[\ud800-\udfff]/.test(s));

/** Random valid executables: any code words, data, bss, and consistent debug info. */
const exeArb: fc.Arbitrary<Executable> = fc
  .record({
    code: fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { minLength: 1, maxLength: 40 }),
    data: fc.uint8Array({ maxLength: 80 }),
    bssSize: fc.nat(5000),
    entryWord: fc.nat(),
    debug: fc.option(fc.record({
      files: fc.array(nameArb, { maxLength: 3 }),
      names: fc.uniqueArray(nameArb, { maxLength: 6 }),
      picks: fc.array(fc.tuple(fc.nat(3), fc.integer({ min: -0x80000000, max: 0x7fffffff })), { minLength: 6, maxLength: 6 }),
      lines: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 0xffffffff })), { maxLength: 10 }),
    })),
  })
  .map(({ code, data, bssSize, entryWord, debug }) => {
    const codeBytes = words(code);
    const dataAddr = dataBase(codeBytes.length);
    const bss = bssBase(dataAddr, data.length);
    let info: DebugInfo | null = null;
    if (debug) {
      const kinds = ['code', 'data', 'bss', 'const'] as const;
      const span = [[CODE_BASE, codeBytes.length], [dataAddr, data.length], [bss, bssSize]];
      const symbols: DebugSymbol[] = debug.names.map((name, k) => {
        const [kindCode, v] = debug.picks[k];
        const kind = kinds[kindCode];
        if (kind === 'const') return { name, kind, value: v };
        const [lo, len] = span[kindCode];
        return { name, kind, value: lo + (Math.abs(v) % (len + 1)) };
      });
      const addrs = [...new Set(debug.lines.map(([w]) => CODE_BASE + (w % code.length) * 4))].sort((a, b) => a - b);
      const lines = debug.files.length === 0 ? [] : addrs.map((addr, k) => ({ addr, file: debug.lines[k][1] % debug.files.length, line: debug.lines[k][2] }));
      info = { files: debug.files, symbols, lines };
    }
    return { entry: CODE_BASE + (entryWord % code.length) * 4, codeAddr: CODE_BASE, code: codeBytes, dataAddr, data, bssSize, debug: info };
  });

function expectOneLineRefusalOrLoad(bytes: Uint8Array): void {
  const r = readExecutable(bytes);
  if (r.ok) {
    // The format is canonical: a file that loads is exactly what its Executable writes.
    expect(writeExecutable(r.exe)).toEqual(bytes);
  } else {
    expect(r.error).toMatch(/^[^\n]+$/);
  }
}

describe('properties', () => {
  test('random valid executables round-trip, with and without strip', () => {
    fc.assert(fc.property(exeArb, fc.boolean(), (exe, strip) => {
      const r = readExecutable(writeExecutable(exe, { strip }));
      expect(r).toEqual({ ok: true, exe: strip ? { ...exe, debug: null } : exe });
    }), params(20261201, runs(1000, 20_000)));
  }, TIMEOUT);

  test('random byte arrays never throw: a one-line refusal or a consistent load', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => expectOneLineRefusalOrLoad(bytes)), params(20261202, runs(10_000, 200_000)));
  }, TIMEOUT);

  test('random bytes behind a valid magic and version never throw', () => {
    const prefix = [...QX_MAGIC, QX_VERSION, 0];
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (tail, sign) => {
      const bytes = Uint8Array.from([...prefix, ...tail]);
      expectOneLineRefusalOrLoad(sign ? resign(bytes) : bytes);
    }), params(20261203, runs(10_000, 200_000)));
  }, TIMEOUT);

  test('every truncation of the sample file at every offset is refused', () => {
    for (const strip of [false, true]) {
      const bytes = writeExecutable(sample(), { strip });
      for (let n = 0; n < bytes.length; n++) expect(readExecutable(bytes.subarray(0, n)).ok, `length ${n}`).toBe(false);
    }
  });

  test('every truncation of random valid files is refused, even with the checksum recomputed', () => {
    fc.assert(fc.property(exeArb, fc.boolean(), (exe, sign) => {
      const bytes = writeExecutable(exe);
      for (let n = 0; n < bytes.length; n++) {
        const cut = bytes.slice(0, n);
        const r = readExecutable(sign ? resign(cut) : cut);
        expect(r.ok).toBe(false);
      }
    }), params(20261204, runs(300, 6000)));
  }, TIMEOUT);

  const fieldOffsets = [HEADER.version, HEADER.flags, HEADER.entry, HEADER.codeAddr, HEADER.codeSize, HEADER.dataAddr, HEADER.dataSize, HEADER.bssSize, HEADER.debugSize, HEADER.reserved];
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
    fc.record({
      kind: fc.constant('field' as const),
      at: fc.oneof(fc.constantFrom(...fieldOffsets), fc.nat()),
      value: fc.oneof(fc.constantFrom(0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 4, 0x1000, 0x2000), fc.nat(), fc.constantFrom('len', 'len+1', 'len-1')),
    }),
  );

  test('mutated headers and sections with the checksum recomputed never throw and never load inconsistently', () => {
    fc.assert(fc.property(exeArb, fc.array(mutation, { minLength: 1, maxLength: 3 }), (exe, mutations) => {
      const bytes = writeExecutable(exe).slice();
      const view = new DataView(bytes.buffer);
      for (const m of mutations) {
        if (m.kind === 'flip') {
          bytes[m.at % bytes.length] ^= 1 << m.bit;
        } else {
          const at = m.at % (bytes.length - 3);
          const value = m.value === 'len' ? bytes.length : m.value === 'len+1' ? bytes.length + 1 : m.value === 'len-1' ? bytes.length - 1 : m.value;
          if (at === HEADER.version || at === HEADER.flags) view.setUint16(at, value & 0xffff, true);
          else view.setUint32(at, value >>> 0, true);
        }
      }
      expectOneLineRefusalOrLoad(resign(bytes));
    }), params(20261205, runs(5000, 100_000)));
  }, TIMEOUT);
});
