// The disassembler: turns an Executable back into assembly source that reassembles to the same bytes.
import { decode, encode, fits, immFits, type Decoded } from './encoding.js';
import type { DebugSymbol, Executable, SymbolKind } from './image.js';
import { BY_MNEMONIC, BY_OPCODE, FORMS, registerName, registerNumber, type Instr } from './isa.js';
import { bssBase } from './layout.js';
import { hex as hexWord, hexShort } from './text.js';

const INDENT = '        ';
const BYTES_PER_LINE = 16;

/**
 * Render one decoded instruction, operands in the order of its ISA syntax. symbolAt names
 * addresses (branch targets, absolute memory operands); without a name they print in hex.
 * targetText, when given, is printed for the branch target instead.
 */
export function formatInstruction(d: Decoded, symbolAt?: (addr: number) => string | undefined, targetText?: string): string {
  const address = (a: number): string => symbolAt?.(a >>> 0) ?? hexShort(a);
  const ops: string[] = [];
  let r = 0;
  let k = 0;
  for (const letter of d.instr.syntax) {
    switch (letter) {
      case 'r': ops.push(registerName(d.regs[r++])); break;
      case 'i': ops.push(String(d.imms[k++])); break;
      case 'm': {
        const base = registerName(d.regs[r++]);
        const off = d.imms[k++];
        ops.push(off === 0 ? `[${base}]` : off < 0 ? `[${base} - ${-off}]` : `[${base} + ${off}]`);
        break;
      }
      case 'M': ops.push(`[${address(d.imms[k++])}]`); break;
      case 't': ops.push(targetText ?? address(d.target)); break;
    }
  }
  return ops.length === 0 ? d.instr.mnemonic : `${d.instr.mnemonic} ${ops.join(', ')}`;
}

/**
 * The instruction at addr as one line (e.g. `sw r1, [r0]`), for fault messages and the
 * debugger; `.word 0x…` if the word there is not an instruction, `?` if addr is not a word
 * of the code segment.
 */
export function disassembleAt(exe: Executable, addr: number): string {
  const off = addr - exe.codeAddr;
  if (off < 0 || off % 4 !== 0 || off + 4 > exe.code.length) return '?';
  // Only the words one instruction can span, so this stays O(1) in the program size.
  const words = codeWords(exe.code, off / 4, 3);
  const d = decode(words, 0, addr);
  let labels = labelCache.get(exe);
  if (!labels) labelCache.set(exe, (labels = placeableLabels(exe)));
  const found = labels;
  return d ? formatInstruction(d, (a) => found.get(a)?.[0].name) : `.word ${hexWord(words[0])}`;
}

/** The labels of executables that disassembleAt has seen (faults and the debugger ask about the same program often). */
const labelCache = new WeakMap<Executable, Map<number, DebugSymbol[]>>();

/** The whole program as assembly source: .text (with .entry and .equ), .data and .bss. */
export function disassemble(exe: Executable): string {
  const out: string[] = [];
  const symbols = exe.debug?.symbols ?? [];
  const labels = placeableLabels(exe);
  const symbolAt = (a: number): string | undefined => labels.get(a)?.[0].name;
  const placed = new Set([...labels.values()].flat());
  const hasLabel = (addr: number, kind: SymbolKind): boolean => labels.get(addr)?.some((s) => s.kind === kind) ?? false;
  const labelLines = (addr: number, kind: SymbolKind): void => {
    for (const s of labels.get(addr) ?? []) if (s.kind === kind) out.push(`${s.name}:`);
  };

  const dataEnd = exe.dataAddr + exe.data.length;
  const bssStart = bssBase(exe.dataAddr, exe.data.length);
  out.push(`; entry ${hexShort(exe.entry)}, code ${exe.code.length} bytes at ${hexShort(exe.codeAddr)}, data ${exe.data.length} bytes at ${hexShort(exe.dataAddr)}, bss ${exe.bssSize} bytes at ${hexShort(bssStart)}`);
  for (const s of symbols) {
    if (s.kind === 'const' && isIdentifier(s.name)) out.push(`${INDENT}.equ ${s.name}, ${s.value | 0}`);
    else if (!placed.has(s)) out.push(`; symbol '${s.name}' (${s.kind}) = ${hexShort(s.value)} cannot be placed`);
  }

  out.push(`${INDENT}.text`);
  // .entry needs a label; invent one (not clashing with any symbol) where the program has none.
  if (!hasLabel(exe.entry, 'code')) {
    const taken = new Set(symbols.map((s) => s.name));
    let n = 0;
    while (taken.has(`_entry${n || ''}`)) n++;
    labels.set(exe.entry, [...(labels.get(exe.entry) ?? []), { name: `_entry${n || ''}`, value: exe.entry, kind: 'code' }]);
  }
  out.push(`${INDENT}.entry ${labels.get(exe.entry)!.find((s) => s.kind === 'code')!.name}`);
  const entryLine = out.length - 1;
  let entryIsInstruction = false;

  const words = codeWords(exe.code, 0, exe.code.length >> 2);
  const codeBytes = new Uint8Array(exe.code.buffer, exe.code.byteOffset, words.length * 4);
  // Whether a code label lies strictly inside [from, to): those bytes must be split up to place it.
  const labelInside = (from: number, to: number): boolean => {
    for (let a = from + 1; a < to; a++) if (hasLabel(a, 'code')) return true;
    return false;
  };
  for (let i = 0; i < words.length;) {
    const pc = exe.codeAddr + i * 4;
    labelLines(pc, 'code');
    const d = decode(words, i, exe.codeAddr);
    const split = d !== null && labelInside(pc, pc + 4 * d.words);
    const target = d && FORMS[d.instr.form].target !== null ? targetOperand(d, pc, symbolAt) : null;
    if (d && !split && isCanonical(d, words, i, pc, target?.value ?? d.target)) {
      out.push(`${INDENT}${formatInstruction(d, symbolAt, target?.text)}${target?.comment ?? ''}`);
      entryIsInstruction ||= pc === exe.entry;
      i += d.words;
      continue;
    }
    const why = undecodable(d, split, words[i], symbolAt);
    if (labelInside(pc, pc + 4)) {
      // A label inside this very word (data among the code): its bytes, with the labels between them.
      const off = i * 4;
      emitBytes(codeBytes.subarray(off, off + 4), (k) => hasLabel(pc + k, 'code'), (k) => { if (k > 0) labelLines(pc + k, 'code'); }, out, () => why);
      i += 1;
      continue;
    }
    const n = d && !split ? d.words : 1;
    const raw = Array.from(words.subarray(i, i + n), hexWord).join(', ');
    out.push(`${INDENT}.word ${raw} ; ${why}`);
    i += n;
  }
  labelLines(exe.codeAddr + words.length * 4, 'code');
  // The assembler only starts programs at instructions; say so rather than leave a puzzling error.
  if (!entryIsInstruction) out[entryLine] += ' ; not reassemblable: the entry point holds no instruction the assembler would emit';

  out.push('', `${INDENT}.data`);
  emitBytes(exe.data, (off) => hasLabel(exe.dataAddr + off, 'data'), (off) => labelLines(exe.dataAddr + off, 'data'), out);
  labelLines(dataEnd, 'data');

  const bssLabels = [...labels.values()].flat().filter((s) => s.kind === 'bss').map((s) => s.value - bssStart);
  if (exe.bssSize > 0 || bssLabels.length > 0) {
    out.push('', `${INDENT}.bss`);
    const stops = [...new Set([...bssLabels, exe.bssSize])].sort((a, b) => a - b);
    let at = 0;
    for (const stop of stops) {
      if (stop > at) out.push(`${INDENT}.space ${stop - at}`);
      labelLines(bssStart + stop, 'bss');
      at = stop;
    }
  }
  return out.join('\n') + '\n';
}

/** Why the words at i are emitted raw, for the comment after them. */
function undecodable(d: Decoded | null, split: boolean, word: number, symbolAt: (a: number) => string | undefined): string {
  if (d) return `${formatInstruction(d, symbolAt)} (${split ? 'split by a label' : 'non-canonical encoding'})`;
  const row = BY_OPCODE[word & 0xff];
  return row ? `${row.mnemonic} cut off by the end of the code (needs ${FORMS[row.form].words} words)` : `undefined opcode 0x${(word & 0xff).toString(16).padStart(2, '0')}`;
}

/**
 * How a branch target is written so that the assembler, reading it back, picks this same encoding
 * (see docs/ASSEMBLER.md, "Disassembly"). The assembler's layout only ever widens instructions,
 * starting from the narrowest; it reaches the same layout as here provided no row choice can go
 * down as the program grows. The distance to a label only grows as instructions before it widen,
 * so a label is safe where this is the narrowest row that holds the immediates; elsewhere (a row
 * wider than those needs, or no label) the target is written relative to the instruction,
 * `. + delta`, a distance that no layout changes.
 */
function targetOperand(d: Decoded, pc: number, symbolAt: (a: number) => string | undefined): { text: string; value: number; comment: string } {
  const name = symbolAt(d.target >>> 0);
  const holds = (r: Instr): boolean => r.syntax === d.instr.syntax && FORMS[r.form].imms.every((field, k) => immFits(field, d.imms[k]));
  if (name !== undefined && BY_MNEMONIC.get(d.instr.mnemonic)?.find(holds) === d.instr) return { text: name, value: d.target >>> 0, comment: '' };
  const delta = (d.target - pc) | 0;
  const text = delta < 0 ? `. - ${-delta}` : `. + ${delta}`;
  return { text, value: (pc + delta) | 0, comment: ` ; ${name ?? hexShort(d.target)}` };
}

/**
 * Whether the assembler, reading the rendered instruction back with the given target value, accepts
 * it (it refuses misaligned targets), picks the same row and encodes the same words.
 */
function isCanonical(d: Decoded, words: Int32Array, i: number, pc: number, target: number): boolean {
  const rows = BY_MNEMONIC.get(d.instr.mnemonic) ?? [];
  if (FORMS[d.instr.form].target !== null && (target & 3) !== 0) return false;
  const f = { regs: d.regs, imms: d.imms, target };
  const row = rows.find((r) => r.syntax === d.instr.syntax && fits(r, f, pc));
  return row !== undefined && encode(row, f, pc).every((w, k) => w === words[i + k]);
}

/**
 * Symbols that can be written as labels, by address: code, data and bss symbols inside
 * their own segment (its end included) whose names the assembler reads back as labels.
 */
function placeableLabels(exe: Executable): Map<number, DebugSymbol[]> {
  const bssStart = bssBase(exe.dataAddr, exe.data.length);
  const ranges: Record<SymbolKind, [number, number]> = {
    code: [exe.codeAddr, exe.codeAddr + (exe.code.length & ~3)],
    data: [exe.dataAddr, exe.dataAddr + exe.data.length],
    bss: [bssStart, bssStart + exe.bssSize],
    const: [1, 0],
  };
  const map = new Map<number, DebugSymbol[]>();
  for (const s of exe.debug?.symbols ?? []) {
    const [lo, hi] = ranges[s.kind];
    if (s.value < lo || s.value > hi || !isIdentifier(s.name)) continue;
    const list = map.get(s.value);
    if (list) list.push(s);
    else map.set(s.value, [s]);
  }
  return map;
}

/** Names printed as labels and constants: conservative, so the assembler is sure to accept them. */
function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && registerNumber(name) < 0;
}

/** count words of code from word index first (fewer at the end), whatever the buffer's alignment. */
export function codeWords(code: Uint8Array, first: number, count: number): Int32Array {
  const view = new DataView(code.buffer, code.byteOffset, code.length & ~3);
  const n = Math.max(0, Math.min(count, (code.length >> 2) - first));
  return Int32Array.from({ length: n }, (_, k) => view.getInt32((first + k) * 4, true));
}

/**
 * .byte lines of at most BYTES_PER_LINE bytes, each labelled offset starting a new line after its
 * labels; each line's comment is its bytes as text unless comment says otherwise.
 */
function emitBytes(data: Uint8Array, labelled: (offset: number) => boolean, labelsAt: (offset: number) => void, out: string[], comment = asText): void {
  for (let at = 0; at < data.length;) {
    labelsAt(at);
    let end = at + 1;
    while (end < data.length && end - at < BYTES_PER_LINE && !labelled(end)) end++;
    const chunk = data.subarray(at, end);
    out.push(`${INDENT}.byte ${Array.from(chunk, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')} ; ${comment(chunk)}`);
    at = end;
  }
}

/** Bytes as printable ASCII, '.' for the rest. */
function asText(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
}
