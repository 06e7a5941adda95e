// The ISA table: the single source of truth for opcodes, encodings and operand syntax.
//
// Every instruction word is 32 bits, little-endian. The low byte is the opcode;
// the fields above it depend on the form. Wide forms are followed by one or two
// extension words holding a full 32-bit immediate and/or an absolute target.
//
//   31                16 15    12 11     8 7        0
//  +--------------------+--------+--------+----------+
//  |      imm16 (s)     |   b    |   a    |  opcode  |  ABI  AI  I  (imm16 at 16..31)
//  +--------------+-----+--------+--------+----------+
//  |   unused     |  c  |   b    |   a    |  opcode  |  ABC  AB  A  N
//  +--------------+-----+--------+--------+----------+
//  |      off16 (s, words)       |   b    |   a    |  opcode  |  ABO  (branch, reg/reg)
//  +------------+----------------+--------+----------+
//  | off12 (s)  |   imm8 (s)     |   a    |  opcode  |  AIO  (branch, reg/imm)
//  +------------+----------------+--------+----------+
//  |            off24 (s, words)          |  opcode  |  J    (jmp/call target)
//  +--------------------------------------+----------+
//
// Offsets are in words, relative to the address of the instruction itself.
// Extension words follow the instruction word: X forms carry imm32, T forms an
// absolute 32-bit target, AXT both (imm32 first, then target).

/**
 * Opcode numbers. They are part of the executable format (vm/format.ts): a `.qx` file stores them, so
 * each is pinned here and never renumbered; changing one, or a row's mnemonic or form, means a new
 * QX_VERSION (test/vm/isa-pinned.test.ts holds the table's fingerprint for each version).
 */
export const enum Op {
  ILLEGAL = 0, // never assigned: a zero word faults with ILL
  NOP = 1, BRK = 2, SYS = 3, MOV = 4,
  LI = 5, LI_W = 6,
  ADD = 7, ADD_I = 8, ADD_W = 9,
  SUB = 10, SUB_I = 11, SUB_W = 12,
  MUL = 13, MUL_I = 14, MUL_W = 15,
  DIV = 16, DIV_I = 17, DIV_W = 18,
  REM = 19, REM_I = 20, REM_W = 21,
  DIVU = 22, DIVU_I = 23, DIVU_W = 24,
  REMU = 25, REMU_I = 26, REMU_W = 27,
  AND = 28, AND_I = 29, AND_W = 30,
  OR = 31, OR_I = 32, OR_W = 33,
  XOR = 34, XOR_I = 35, XOR_W = 36,
  SHL = 37, SHL_I = 38, SHL_W = 39,
  SHR = 40, SHR_I = 41, SHR_W = 42,
  SRA = 43, SRA_I = 44, SRA_W = 45,
  SLT = 46, SLT_I = 47, SLT_W = 48,
  SLTU = 49, SLTU_I = 50, SLTU_W = 51,
  SEQ = 52, SEQ_I = 53, SEQ_W = 54,
  SNE = 55, SNE_I = 56, SNE_W = 57,
  NOT = 58, NEG = 59,
  LW = 60, LW_W = 61, LW_A = 62,
  LH = 63, LH_W = 64, LH_A = 65,
  LHU = 66, LHU_W = 67, LHU_A = 68,
  LB = 69, LB_W = 70, LB_A = 71,
  LBU = 72, LBU_W = 73, LBU_A = 74,
  SW = 75, SW_W = 76, SW_A = 77,
  SH = 78, SH_W = 79, SH_A = 80,
  SB = 81, SB_W = 82, SB_A = 83,
  PUSH = 84, POP = 85,
  JMP = 86, JMP_R = 87,
  CALL = 88, CALL_R = 89,
  RET = 90,
  ENTER = 91, ENTER_W = 92,
  LEAVE = 93,
  BEQ = 94, BEQ_T = 95, BEQ_I = 96, BEQ_X = 97,
  BNE = 98, BNE_T = 99, BNE_I = 100, BNE_X = 101,
  BLT = 102, BLT_T = 103, BLT_I = 104, BLT_X = 105,
  BGE = 106, BGE_T = 107, BGE_I = 108, BGE_X = 109,
  BLTU = 110, BLTU_T = 111, BLTU_I = 112, BLTU_X = 113,
  BGEU = 114, BGEU_T = 115, BGEU_I = 116, BGEU_X = 117,
  BGT = 118, BGT_T = 119, BGT_I = 120, BGT_X = 121,
  BLE = 122, BLE_T = 123, BLE_I = 124, BLE_X = 125,
  BGTU = 126, BGTU_T = 127, BGTU_I = 128, BGTU_X = 129,
  BLEU = 130, BLEU_T = 131, BLEU_I = 132, BLEU_X = 133,
  COUNT = 134, // one past the last defined opcode
}

/** Registers with a role in the instructions: `enter`/`leave` use fp, `push`/`pop`/`call`/`ret` sp. */
export const enum Reg {
  FP = 14,
  SP = 15,
}

/**
 * Encoding forms. Each names the fields of the instruction word (in the order the
 * operands consume them) and how many extension words follow.
 *   regs: register fields a, b, c in order
 *   imms: immediate fields in order: 'i16' | 'i8' | 'x' (extension word)
 *   target: 'o16' | 'o12' | 'o24' (pc-relative word offset) | 't' (absolute, extension word)
 */
export type FormName = 'N' | 'A' | 'AB' | 'ABC' | 'ABI' | 'ABX' | 'AI' | 'AX' | 'I' | 'X' | 'J' | 'ABO' | 'ABT' | 'AIO' | 'AXT';
export type ImmField = 'i16' | 'i8' | 'x';
export type TargetField = 'o16' | 'o12' | 'o24' | 't';

export interface Form {
  regs: number; // how many register fields (a, b, c)
  imms: readonly ImmField[];
  target: TargetField | null;
  words: number; // total words including extension words
}

export const FORMS: Readonly<Record<FormName, Form>> = {
  N: { regs: 0, imms: [], target: null, words: 1 },
  A: { regs: 1, imms: [], target: null, words: 1 },
  AB: { regs: 2, imms: [], target: null, words: 1 },
  ABC: { regs: 3, imms: [], target: null, words: 1 },
  ABI: { regs: 2, imms: ['i16'], target: null, words: 1 },
  ABX: { regs: 2, imms: ['x'], target: null, words: 2 },
  AI: { regs: 1, imms: ['i16'], target: null, words: 1 },
  AX: { regs: 1, imms: ['x'], target: null, words: 2 },
  I: { regs: 0, imms: ['i16'], target: null, words: 1 },
  X: { regs: 0, imms: ['x'], target: null, words: 2 },
  J: { regs: 0, imms: [], target: 'o24', words: 1 },
  ABO: { regs: 2, imms: [], target: 'o16', words: 1 },
  ABT: { regs: 2, imms: [], target: 't', words: 2 },
  AIO: { regs: 1, imms: ['i8'], target: 'o12', words: 1 },
  AXT: { regs: 1, imms: ['x'], target: 't', words: 3 },
};

/**
 * Operand syntax, one letter per assembly operand:
 *   r  register            (consumes a register field)
 *   i  immediate expression (consumes an immediate field)
 *   m  memory [reg ± expr]  (consumes a register field and an immediate field)
 *   M  memory [expr]        (consumes an immediate field: an absolute address)
 *   t  target expression    (consumes the target field)
 */
export type Syntax = '' | 'r' | 'rr' | 'rrr' | 'rri' | 'ri' | 'i' | 't' | 'rm' | 'rM' | 'rrt' | 'rit';

export type Group = 'move' | 'arithmetic' | 'logic' | 'compare' | 'load' | 'store' | 'stack' | 'branch' | 'call' | 'frame' | 'system';

/** A memory access an instruction makes: its size in bytes, its direction, and for loads the extension. */
export interface MemAccess {
  size: 1 | 2 | 4;
  write: boolean;
  signed: boolean;
}

export interface Instr {
  op: Op;
  mnemonic: string;
  form: FormName;
  syntax: Syntax;
  group: Group;
  meaning: string;
  /**
   * What the row computes, as JavaScript, for the compiling tier (vm/jit.ts); the interpreter's case for
   * the row must agree, which test/vm/tiers.test.ts checks for every row. Move, arithmetic, logic and
   * compare rows: the int32 result, an expression of $s (the source register) and $t (the second
   * source: rt or the immediate). Conditional branches: the condition, of $s (ra) and $t (rb or the
   * immediate).
   */
  js?: string;
  /** A division: a zero divisor ($t) faults with FPE, and the instruction changes nothing. */
  divides?: true;
  /** The memory access the row makes (loads, stores, stack, call and frame rows). */
  mem?: MemAccess;
}

// Table-building helpers: one row per opcode; these only spare repeating the
// three forms that every "rd, rs, src" and branch instruction comes in.
function alu(group: Group, mnemonic: string, r: Op, i: Op, w: Op, what: string, js: string, divides?: true): Instr[] {
  const row = { mnemonic, group, js, ...(divides ? { divides } : {}) };
  return [
    { ...row, op: r, form: 'ABC', syntax: 'rrr', meaning: `rd = ${what.replace(/\bsrc\b/g, 'rt')}` },
    { ...row, op: i, form: 'ABI', syntax: 'rri', meaning: `rd = ${what.replace(/\bsrc\b/g, 'imm16')}` },
    { ...row, op: w, form: 'ABX', syntax: 'rri', meaning: `rd = ${what.replace(/\bsrc\b/g, 'imm32')}` },
  ];
}

const WORD: MemAccess = { size: 4, write: false, signed: true };
const PUSHES: MemAccess = { ...WORD, write: true };

function load(mnemonic: string, i: Op, w: Op, a: Op, what: string, size: MemAccess['size'], signed: boolean): Instr[] {
  const row = { mnemonic, group: 'load', mem: { size, write: false, signed } } as const;
  return [
    { ...row, op: i, form: 'ABI', syntax: 'rm', meaning: `rd = ${what} at rs + imm16` },
    { ...row, op: w, form: 'ABX', syntax: 'rm', meaning: `rd = ${what} at rs + imm32` },
    { ...row, op: a, form: 'AX', syntax: 'rM', meaning: `rd = ${what} at imm32` },
  ];
}

function store(mnemonic: string, i: Op, w: Op, a: Op, what: string, size: MemAccess['size']): Instr[] {
  const row = { mnemonic, group: 'store', mem: { size, write: true, signed: false } } as const;
  return [
    { ...row, op: i, form: 'ABI', syntax: 'rm', meaning: `${what} at rs + imm16 = ra` },
    { ...row, op: w, form: 'ABX', syntax: 'rm', meaning: `${what} at rs + imm32 = ra` },
    { ...row, op: a, form: 'AX', syntax: 'rM', meaning: `${what} at imm32 = ra` },
  ];
}

function branch(mnemonic: string, rr: Op, rrT: Op, ri: Op, riX: Op, cond: string, js: string): Instr[] {
  const m = (src: string, to: string): string => `if ${cond.replace('src', src)} goto ${to}`;
  const row = { mnemonic, group: 'branch', js } as const;
  return [
    { ...row, op: rr, form: 'ABO', syntax: 'rrt', meaning: m('rt', 'pc + 4*off16') },
    { ...row, op: rrT, form: 'ABT', syntax: 'rrt', meaning: m('rt', 'target32') },
    { ...row, op: ri, form: 'AIO', syntax: 'rit', meaning: m('imm8', 'pc + 4*off12') },
    { ...row, op: riX, form: 'AXT', syntax: 'rit', meaning: m('imm32', 'target32') },
  ];
}

/**
 * The table. For a mnemonic with several rows, the assembler picks the first row
 * whose syntax matches the operands and whose fields hold their values, so the
 * narrow form of each instruction comes before its wide form.
 */
export const ISA: readonly Instr[] = [
  { op: Op.NOP, mnemonic: 'nop', form: 'N', syntax: '', group: 'system', meaning: 'do nothing' },
  { op: Op.BRK, mnemonic: 'brk', form: 'N', syntax: '', group: 'system', meaning: 'breakpoint: stop under the debugger, else do nothing' },
  { op: Op.SYS, mnemonic: 'sys', form: 'I', syntax: 'i', group: 'system', meaning: 'trap into the kernel: system call imm16 (arguments r1–r5, result r0)' },
  { op: Op.MOV, mnemonic: 'mov', form: 'AB', syntax: 'rr', group: 'move', meaning: 'rd = rs', js: '$s' },
  { op: Op.LI, mnemonic: 'li', form: 'AI', syntax: 'ri', group: 'move', meaning: 'rd = imm16 (sign-extended)', js: '$t' },
  { op: Op.LI_W, mnemonic: 'li', form: 'AX', syntax: 'ri', group: 'move', meaning: 'rd = imm32', js: '$t' },
  ...alu('arithmetic', 'add', Op.ADD, Op.ADD_I, Op.ADD_W, 'rs + src', '($s + $t) | 0'),
  ...alu('arithmetic', 'sub', Op.SUB, Op.SUB_I, Op.SUB_W, 'rs - src', '($s - $t) | 0'),
  ...alu('arithmetic', 'mul', Op.MUL, Op.MUL_I, Op.MUL_W, 'rs * src (low 32 bits)', 'Math.imul($s, $t)'),
  ...alu('arithmetic', 'div', Op.DIV, Op.DIV_I, Op.DIV_W, 'rs / src (signed, truncating; FPE if src = 0)', '($s / $t) | 0', true),
  ...alu('arithmetic', 'rem', Op.REM, Op.REM_I, Op.REM_W, 'rs % src (signed, sign of rs; FPE if src = 0)', '($s % $t) | 0', true),
  ...alu('arithmetic', 'divu', Op.DIVU, Op.DIVU_I, Op.DIVU_W, 'rs / src (unsigned; FPE if src = 0)', '(($s >>> 0) / ($t >>> 0)) | 0', true),
  ...alu('arithmetic', 'remu', Op.REMU, Op.REMU_I, Op.REMU_W, 'rs % src (unsigned; FPE if src = 0)', '(($s >>> 0) % ($t >>> 0)) | 0', true),
  ...alu('logic', 'and', Op.AND, Op.AND_I, Op.AND_W, 'rs & src', '$s & $t'),
  ...alu('logic', 'or', Op.OR, Op.OR_I, Op.OR_W, 'rs | src', '$s | $t'),
  ...alu('logic', 'xor', Op.XOR, Op.XOR_I, Op.XOR_W, 'rs ^ src', '$s ^ $t'),
  ...alu('logic', 'shl', Op.SHL, Op.SHL_I, Op.SHL_W, 'rs << (src & 31)', '$s << $t'),
  ...alu('logic', 'shr', Op.SHR, Op.SHR_I, Op.SHR_W, 'rs >> (src & 31), logical', '($s >>> $t) | 0'),
  ...alu('logic', 'sra', Op.SRA, Op.SRA_I, Op.SRA_W, 'rs >> (src & 31), arithmetic', '$s >> $t'),
  ...alu('compare', 'slt', Op.SLT, Op.SLT_I, Op.SLT_W, 'rs < src ? 1 : 0 (signed)', '$s < $t ? 1 : 0'),
  ...alu('compare', 'sltu', Op.SLTU, Op.SLTU_I, Op.SLTU_W, 'rs < src ? 1 : 0 (unsigned)', '$s >>> 0 < $t >>> 0 ? 1 : 0'),
  ...alu('compare', 'seq', Op.SEQ, Op.SEQ_I, Op.SEQ_W, 'rs == src ? 1 : 0', '$s === $t ? 1 : 0'),
  ...alu('compare', 'sne', Op.SNE, Op.SNE_I, Op.SNE_W, 'rs != src ? 1 : 0', '$s !== $t ? 1 : 0'),
  { op: Op.NOT, mnemonic: 'not', form: 'AB', syntax: 'rr', group: 'logic', meaning: 'rd = ~rs', js: '~$s' },
  { op: Op.NEG, mnemonic: 'neg', form: 'AB', syntax: 'rr', group: 'arithmetic', meaning: 'rd = -rs', js: '(-$s) | 0' },
  ...load('lw', Op.LW, Op.LW_W, Op.LW_A, 'the word (BUS unless 4-aligned)', 4, true),
  ...load('lh', Op.LH, Op.LH_W, Op.LH_A, 'the sign-extended half (BUS unless 2-aligned)', 2, true),
  ...load('lhu', Op.LHU, Op.LHU_W, Op.LHU_A, 'the zero-extended half (BUS unless 2-aligned)', 2, false),
  ...load('lb', Op.LB, Op.LB_W, Op.LB_A, 'the sign-extended byte', 1, true),
  ...load('lbu', Op.LBU, Op.LBU_W, Op.LBU_A, 'the zero-extended byte', 1, false),
  ...store('sw', Op.SW, Op.SW_W, Op.SW_A, 'the word (BUS unless 4-aligned)', 4),
  ...store('sh', Op.SH, Op.SH_W, Op.SH_A, 'the half (low 16 bits; BUS unless 2-aligned)', 2),
  ...store('sb', Op.SB, Op.SB_W, Op.SB_A, 'the byte (low 8 bits)', 1),
  { op: Op.PUSH, mnemonic: 'push', form: 'A', syntax: 'r', group: 'stack', meaning: 'sp -= 4; [sp] = rs', mem: PUSHES },
  { op: Op.POP, mnemonic: 'pop', form: 'A', syntax: 'r', group: 'stack', meaning: 'rd = [sp]; sp += 4', mem: WORD },
  { op: Op.JMP, mnemonic: 'jmp', form: 'J', syntax: 't', group: 'branch', meaning: 'goto pc + 4*off24' },
  { op: Op.JMP_R, mnemonic: 'jmp', form: 'A', syntax: 'r', group: 'branch', meaning: 'goto rs' },
  ...branch('beq', Op.BEQ, Op.BEQ_T, Op.BEQ_I, Op.BEQ_X, 'rs == src', '$s === $t'),
  ...branch('bne', Op.BNE, Op.BNE_T, Op.BNE_I, Op.BNE_X, 'rs != src', '$s !== $t'),
  ...branch('blt', Op.BLT, Op.BLT_T, Op.BLT_I, Op.BLT_X, 'rs < src (signed)', '$s < $t'),
  ...branch('bge', Op.BGE, Op.BGE_T, Op.BGE_I, Op.BGE_X, 'rs >= src (signed)', '$s >= $t'),
  ...branch('bltu', Op.BLTU, Op.BLTU_T, Op.BLTU_I, Op.BLTU_X, 'rs < src (unsigned)', '$s >>> 0 < $t >>> 0'),
  ...branch('bgeu', Op.BGEU, Op.BGEU_T, Op.BGEU_I, Op.BGEU_X, 'rs >= src (unsigned)', '$s >>> 0 >= $t >>> 0'),
  ...branch('bgt', Op.BGT, Op.BGT_T, Op.BGT_I, Op.BGT_X, 'rs > src (signed)', '$s > $t'),
  ...branch('ble', Op.BLE, Op.BLE_T, Op.BLE_I, Op.BLE_X, 'rs <= src (signed)', '$s <= $t'),
  ...branch('bgtu', Op.BGTU, Op.BGTU_T, Op.BGTU_I, Op.BGTU_X, 'rs > src (unsigned)', '$s >>> 0 > $t >>> 0'),
  ...branch('bleu', Op.BLEU, Op.BLEU_T, Op.BLEU_I, Op.BLEU_X, 'rs <= src (unsigned)', '$s >>> 0 <= $t >>> 0'),
  { op: Op.CALL, mnemonic: 'call', form: 'J', syntax: 't', group: 'call', meaning: 'push pc + 4; goto pc + 4*off24', mem: PUSHES },
  { op: Op.CALL_R, mnemonic: 'call', form: 'A', syntax: 'r', group: 'call', meaning: 'push pc + 4; goto rs', mem: PUSHES },
  { op: Op.RET, mnemonic: 'ret', form: 'N', syntax: '', group: 'call', meaning: 'pc = [sp]; sp += 4', mem: WORD },
  { op: Op.ENTER, mnemonic: 'enter', form: 'I', syntax: 'i', group: 'frame', meaning: 'push fp; fp = sp; sp -= imm16', mem: PUSHES },
  { op: Op.ENTER_W, mnemonic: 'enter', form: 'X', syntax: 'i', group: 'frame', meaning: 'push fp; fp = sp; sp -= imm32', mem: PUSHES },
  { op: Op.LEAVE, mnemonic: 'leave', form: 'N', syntax: '', group: 'frame', meaning: 'sp = fp; fp = [sp]; sp += 4', mem: WORD },
];

/** Aliases the assembler accepts for a mnemonic of the table. */
export const ALIASES: Readonly<Record<string, string>> = { la: 'li' };

/** Row of the table by opcode; undefined for an undefined opcode. */
export const BY_OPCODE: readonly (Instr | undefined)[] = (() => {
  const rows: (Instr | undefined)[] = new Array(256).fill(undefined);
  for (const row of ISA) rows[row.op] = row;
  return rows;
})();

/** Rows by mnemonic, narrow forms first (table order). */
export const BY_MNEMONIC: ReadonlyMap<string, readonly Instr[]> = (() => {
  const map = new Map<string, Instr[]>();
  for (const row of ISA) {
    const list = map.get(row.mnemonic) ?? [];
    list.push(row);
    map.set(row.mnemonic, list);
  }
  return map;
})();

/** Register names: r0–r15 plus the aliases fp and sp. */
export const REGISTER_ALIASES: Readonly<Record<string, number>> = { fp: Reg.FP, sp: Reg.SP };

/** Parse a register name (case-insensitive); -1 if it is none. */
export function registerNumber(name: string): number {
  const n = name.toLowerCase();
  if (n in REGISTER_ALIASES) return REGISTER_ALIASES[n];
  const m = /^r(\d{1,2})$/.exec(n);
  if (!m) return -1;
  const k = Number(m[1]);
  return k <= 15 && String(k) === m[1] ? k : -1;
}

/** Name of register k as the disassembler prints it. */
export function registerName(k: number): string {
  return k === Reg.FP ? 'fp' : k === Reg.SP ? 'sp' : `r${k}`;
}
