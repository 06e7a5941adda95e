// The .qx executable format (docs/FORMAT.md): write an Executable, and load one back only after validating every field.
import { crc32, crc32Final, crc32Init, crc32Update } from './crc32.js';
import type { DebugInfo, DebugSymbol, Executable, LineEntry, SymbolKind } from './image.js';
import { CODE_BASE, STATIC_LIMIT, bssBase, dataBase } from './layout.js';
import { hex } from './text.js';

/** "\x7FQUANTA\x1A": the 0x7F and 0x1A catch files mangled by 7-bit or text-mode transfers. */
export const QX_MAGIC: readonly number[] = Object.freeze([0x7f, 0x51, 0x55, 0x41, 0x4e, 0x54, 0x41, 0x1a]);
export const QX_VERSION = 1;
/** Largest file the loader accepts; the static image is capped far below this anyway. */
export const MAX_QX_SIZE = 32 * 1024 * 1024;
/** Longest symbol or file name, in UTF-8 bytes. */
export const MAX_NAME_BYTES = 4096;

export const HEADER_SIZE = 64;
/** Byte offsets of the header fields. */
export const HEADER = {
  magic: 0, version: 8, flags: 10, entry: 12, codeAddr: 16, codeSize: 20, dataAddr: 24,
  dataSize: 28, bssSize: 32, debugSize: 36, checksum: 40, reserved: 44,
} as const;
export const FLAG_DEBUG = 1;

/** Symbol kind codes, by their position. */
const KINDS: readonly SymbolKind[] = ['code', 'data', 'bss', 'const'];
/** Smallest encodings, used to bound counts before anything is allocated. */
const DEBUG_COUNTS_SIZE = 12;
const MIN_FILE_SIZE = 2; // u16 length + name
const MIN_SYMBOL_SIZE = 7; // u8 kind + u32 value + u16 length + name
const LINE_SIZE = 12; // u32 addr + u32 file + u32 line

export type LoadResult = { ok: true; exe: Executable } | { ok: false; error: string };

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Serialize exe (without its debug info when strip is set). Throws if exe is not something
 * the loader would accept: the written bytes are checked by readExecutable, so a file this
 * returns always loads and an assembler bug surfaces here, not at run time.
 */
export function writeExecutable(exe: Executable, options: { strip?: boolean } = {}): Uint8Array {
  const debug = options.strip ? null : exe.debug;
  const debugBytes = debug ? encodeDebug(debug) : new Uint8Array(0);
  const out = new Uint8Array(HEADER_SIZE + exe.code.length + exe.data.length + debugBytes.length);
  const view = new DataView(out.buffer);
  const u32 = (offset: number, name: string, v: number): void => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`cannot write executable: ${name} ${v} is not a 32-bit unsigned integer`);
    view.setUint32(offset, v, true);
  };
  out.set(QX_MAGIC, HEADER.magic);
  view.setUint16(HEADER.version, QX_VERSION, true);
  view.setUint16(HEADER.flags, debug ? FLAG_DEBUG : 0, true);
  u32(HEADER.entry, 'entry', exe.entry);
  u32(HEADER.codeAddr, 'code address', exe.codeAddr);
  u32(HEADER.codeSize, 'code size', exe.code.length);
  u32(HEADER.dataAddr, 'data address', exe.dataAddr);
  u32(HEADER.dataSize, 'data size', exe.data.length);
  u32(HEADER.bssSize, 'bss size', exe.bssSize);
  u32(HEADER.debugSize, 'debug size', debugBytes.length);
  out.set(exe.code, HEADER_SIZE);
  out.set(exe.data, HEADER_SIZE + exe.code.length);
  out.set(debugBytes, HEADER_SIZE + exe.code.length + exe.data.length);
  view.setUint32(HEADER.checksum, crc32(out), true); // computed while the field is still zero
  const check = readExecutable(out);
  if (!check.ok) throw new Error(`cannot write executable: ${check.error}`);
  return out;
}

function encodeDebug(debug: DebugInfo): Uint8Array {
  const encoder = new TextEncoder();
  const name = (what: string, s: string): Uint8Array => {
    const b = encoder.encode(s);
    // Checked here because a longer name would silently wrap its u16 length.
    if (b.length > MAX_NAME_BYTES) throw new RangeError(`cannot write executable: ${what} longer than ${MAX_NAME_BYTES} bytes`);
    return b;
  };
  const files = debug.files.map((f) => name('file name', f));
  const symbols = debug.symbols.map((s) => ({ s, name: name('symbol name', s.name) }));
  let size = DEBUG_COUNTS_SIZE + debug.lines.length * LINE_SIZE;
  for (const f of files) size += MIN_FILE_SIZE + f.length;
  for (const { name } of symbols) size += MIN_SYMBOL_SIZE + name.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let p = 0;
  const u8 = (v: number): void => { view.setUint8(p, v); p += 1; };
  const u16 = (v: number): void => { view.setUint16(p, v, true); p += 2; };
  const u32 = (v: number): void => { view.setUint32(p, v >>> 0, true); p += 4; };
  const bytes = (b: Uint8Array): void => { out.set(b, p); p += b.length; };
  u32(files.length);
  u32(symbols.length);
  u32(debug.lines.length);
  for (const f of files) { u16(f.length); bytes(f); }
  for (const { s, name } of symbols) {
    const kind = KINDS.indexOf(s.kind);
    if (kind < 0) throw new RangeError(`cannot write executable: symbol '${s.name}' has unknown kind '${s.kind}'`);
    u8(kind);
    u32(s.value);
    u16(name.length);
    bytes(name);
  }
  for (const l of debug.lines) { u32(l.addr); u32(l.file); u32(l.line); }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Raised by the checks below and turned into a LoadResult; nothing else is caught. */
class Refusal {
  constructor(readonly error: string) {}
}

function refuse(error: string): never {
  throw new Refusal(error);
}

/**
 * Validate and load a .qx file. Never throws: every problem is a one-line refusal without
 * the file name (the caller prefixes it). Nothing proportional to a header or count field
 * is allocated until that field has been checked against the bytes actually present.
 */
export function readExecutable(bytes: Uint8Array): LoadResult {
  try {
    return { ok: true, exe: load(bytes) };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: e.error };
    throw e;
  }
}

function load(bytes: Uint8Array): Executable {
  // A short file that does not even start like one is "not ours", not "truncated".
  for (let i = 0; i < QX_MAGIC.length && i < bytes.length; i++) {
    if (bytes[i] !== QX_MAGIC[i]) refuse('not a Quanta executable (bad magic)');
  }
  if (bytes.length < HEADER_SIZE) refuse(`truncated header (${bytes.length} of ${HEADER_SIZE} bytes)`);
  if (bytes.length > MAX_QX_SIZE) refuse(`file too large (${bytes.length} bytes, limit ${MAX_QX_SIZE})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (offset: number): number => view.getUint32(offset, true);

  const version = view.getUint16(HEADER.version, true);
  if (version !== QX_VERSION) refuse(`unsupported format version ${version} (this loader reads version ${QX_VERSION})`);
  const flags = view.getUint16(HEADER.flags, true);
  if (flags & ~FLAG_DEBUG) refuse(`unknown header flags 0x${flags.toString(16).padStart(4, '0')}`);
  for (let i = HEADER.reserved; i < HEADER_SIZE; i++) {
    if (bytes[i] !== 0) refuse('reserved header bytes are not zero');
  }

  const entry = u32(HEADER.entry);
  const codeAddr = u32(HEADER.codeAddr);
  const codeSize = u32(HEADER.codeSize);
  const dataAddr = u32(HEADER.dataAddr);
  const dataSize = u32(HEADER.dataSize);
  const bssSize = u32(HEADER.bssSize);
  const debugSize = u32(HEADER.debugSize);
  // Sums of u32 fields are exact in doubles (< 2^35), so no overflow can hide a bad size.
  const declared = HEADER_SIZE + codeSize + dataSize + debugSize;
  if (declared > bytes.length) refuse(`truncated file (header declares ${declared} bytes, file has ${bytes.length})`);
  if (declared < bytes.length) refuse(`${bytes.length - declared} bytes of trailing garbage after the last section`);

  const stored = u32(HEADER.checksum);
  let state = crc32Update(crc32Init(), bytes, 0, HEADER.checksum);
  state = crc32Update(state, new Uint8Array(4));
  const computed = crc32Final(crc32Update(state, bytes, HEADER.checksum + 4));
  if (stored !== computed) refuse(`checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)})`);

  if (codeAddr !== CODE_BASE) refuse(`code segment at ${hex(codeAddr)} (must be ${hex(CODE_BASE)})`);
  if (codeSize === 0) refuse('empty code segment');
  if (codeSize % 4 !== 0) refuse(`code size ${codeSize} is not a multiple of 4`);
  const codeEnd = codeAddr + codeSize;
  if (entry < codeAddr || entry >= codeEnd) refuse(`entry point ${hex(entry)} outside the code segment`);
  if (entry % 4 !== 0) refuse(`entry point ${hex(entry)} is not 4-aligned`);
  const expectedData = dataBase(codeSize);
  if (dataAddr < expectedData) refuse(`data segment overlaps code (data at ${hex(dataAddr)}, code ends at ${hex(codeEnd)}, data must start at ${hex(expectedData)})`);
  if (dataAddr > expectedData) refuse(`data segment at ${hex(dataAddr)} (must be ${hex(expectedData)}, the page after the code)`);
  const bssStart = bssBase(dataAddr, dataSize);
  const imageEnd = bssStart + bssSize;
  if (imageEnd > STATIC_LIMIT) refuse(`static image too large (ends at 0x${imageEnd.toString(16)}, limit ${hex(STATIC_LIMIT)})`);

  const hasDebug = (flags & FLAG_DEBUG) !== 0;
  if (!hasDebug && debugSize !== 0) refuse('debug section present but the debug flag is clear');
  const debugStart = HEADER_SIZE + codeSize + dataSize;
  const ranges: Record<SymbolKind, [number, number]> = {
    code: [codeAddr, codeEnd], data: [dataAddr, dataAddr + dataSize], bss: [bssStart, imageEnd], const: [-0x80000000, 0x7fffffff],
  };
  return {
    entry, codeAddr,
    // Copies, so the image owns aligned buffers and does not pin the file's.
    code: bytes.slice(HEADER_SIZE, HEADER_SIZE + codeSize),
    dataAddr,
    data: bytes.slice(HEADER_SIZE + codeSize, debugStart),
    bssSize,
    debug: hasDebug ? readDebug(bytes, view, debugStart, debugStart + debugSize, ranges) : null,
  };
}

/**
 * Parse the debug section bytes[start, end). ranges gives, per symbol kind, the values its
 * symbols may take (segment ends included: a label may follow the last byte).
 */
function readDebug(bytes: Uint8Array, view: DataView, start: number, end: number, ranges: Record<SymbolKind, [number, number]>): DebugInfo {
  let p = start;
  const need = (n: number): void => {
    if (p + n > end) refuse('truncated debug section');
  };
  const u8 = (): number => { need(1); return view.getUint8(p++); };
  const u16 = (): number => { need(2); const v = view.getUint16(p, true); p += 2; return v; };
  const u32 = (): number => { need(4); const v = view.getUint32(p, true); p += 4; return v; };
  const fileCount = u32();
  const symbolCount = u32();
  const lineCount = u32();
  if (DEBUG_COUNTS_SIZE + fileCount * MIN_FILE_SIZE + symbolCount * MIN_SYMBOL_SIZE + lineCount * LINE_SIZE > end - start) {
    refuse(`debug counts (${fileCount} files, ${symbolCount} symbols, ${lineCount} lines) exceed the debug section`);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const name = (what: string): string => {
    const n = u16();
    if (n === 0) refuse(`empty ${what}`);
    if (n > MAX_NAME_BYTES) refuse(`${what} longer than ${MAX_NAME_BYTES} bytes`);
    need(n);
    let s = '';
    try {
      s = decoder.decode(bytes.subarray(p, p + n));
    } catch {
      refuse(`${what} is not valid UTF-8`);
    }
    p += n;
    // Names end up in one-line messages and in disassembly, which control characters would break.
    if (/[\u0000-\u001f\u007f]/.test(s)) refuse(`${what} contains control characters`);
    return s;
  };

  const files: string[] = [];
  for (let k = 0; k < fileCount; k++) files.push(name(`file name ${k}`));
  const symbols: DebugSymbol[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < symbolCount; k++) {
    const kindCode = u8();
    const raw = u32();
    const symbolName = name(`symbol name ${k}`);
    const kind = KINDS[kindCode];
    if (kind === undefined) refuse(`symbol '${symbolName}' has unknown kind ${kindCode}`);
    if (seen.has(symbolName)) refuse(`duplicate symbol '${symbolName}'`);
    seen.add(symbolName);
    const value = kind === 'const' ? raw | 0 : raw;
    const [lo, hi] = ranges[kind];
    if (value < lo || value > hi) refuse(`${kind} symbol '${symbolName}' at ${hex(value)} lies outside its segment`);
    symbols.push({ name: symbolName, value, kind });
  }
  const lines: LineEntry[] = [];
  const [codeAddr, codeEnd] = ranges.code;
  for (let k = 0; k < lineCount; k++) {
    const entry = { addr: u32(), file: u32(), line: u32() };
    if (entry.addr < codeAddr || entry.addr >= codeEnd) refuse(`line table entry ${k} at ${hex(entry.addr)} lies outside the code segment`);
    if (k > 0 && entry.addr <= lines[k - 1].addr) refuse(`line table is not sorted at entry ${k} (${hex(entry.addr)})`);
    if (entry.file >= files.length) refuse(`line table entry ${k} names file ${entry.file} of ${files.length}`);
    if (entry.line === 0) refuse(`line table entry ${k} has line 0 (lines count from 1)`);
    lines.push(entry);
  }
  if (p !== end) refuse(`${end - p} bytes of trailing garbage in the debug section`);
  return { files, symbols, lines };
}
