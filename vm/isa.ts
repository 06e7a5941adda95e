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

/** Opcode numbers. Values are implied by order; nothing else depends on that order. */
export const enum Op {
  ILLEGAL = 0, // never assigned: a zero word faults with ILL
  NOP, BRK, SYS, MOV, LI, LI_W,
  ADD, ADD_I, ADD_W, SUB, SUB_I, SUB_W, MUL, MUL_I, MUL_W,
  DIV, DIV_I, DIV_W, REM, REM_I, REM_W, DIVU, DIVU_I, DIVU_W, REMU, REMU_I, REMU_W,
  AND, AND_I, AND_W, OR, OR_I, OR_W, XOR, XOR_I, XOR_W,
  SHL, SHL_I, SHL_W, SHR, SHR_I, SHR_W, SRA, SRA_I, SRA_W,
  SLT, SLT_I, SLT_W, SLTU, SLTU_I, SLTU_W, SEQ, SEQ_I, SEQ_W, SNE, SNE_I, SNE_W,
  NOT, NEG,
  LW, LW_W, LW_A, LH, LH_W, LH_A, LHU, LHU_W, LHU_A, LB, LB_W, LB_A, LBU, LBU_W, LBU_A,
  SW, SW_W, SW_A, SH, SH_W, SH_A, SB, SB_W, SB_A,
  PUSH, POP,
  JMP, JMP_R, CALL, CALL_R, RET, ENTER, ENTER_W, LEAVE,
  BEQ, BEQ_T, BEQ_I, BEQ_X, BNE, BNE_T, BNE_I, BNE_X,
  BLT, BLT_T, BLT_I, BLT_X, BGE, BGE_T, BGE_I, BGE_X,
  BLTU, BLTU_T, BLTU_I, BLTU_X, BGEU, BGEU_T, BGEU_I, BGEU_X,
  BGT, BGT_T, BGT_I, BGT_X, BLE, BLE_T, BLE_I, BLE_X,
  BGTU, BGTU_T, BGTU_I, BGTU_X, BLEU, BLEU_T, BLEU_I, BLEU_X,
  COUNT, // one past the last defined opcode
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

export interface Instr {
  op: Op;
  mnemonic: string;
  form: FormName;
  syntax: Syntax;
  group: Group;
  meaning: string;
}

// Table-building helpers: one row per opcode; these only spare repeating the
// three forms that every "rd, rs, src" and branch instruction comes in.
function alu(group: Group, mnemonic: string, r: Op, i: Op, w: Op, what: string): Instr[] {
  return [
    { op: r, mnemonic, form: 'ABC', syntax: 'rrr', group, meaning: `rd = ${what.replace(/\bsrc\b/g, 'rt')}` },
    { op: i, mnemonic, form: 'ABI', syntax: 'rri', group, meaning: `rd = ${what.replace(/\bsrc\b/g, 'imm16')}` },
    { op: w, mnemonic, form: 'ABX', syntax: 'rri', group, meaning: `rd = ${what.replace(/\bsrc\b/g, 'imm32')}` },
  ];
}

function load(mnemonic: string, i: Op, w: Op, a: Op, what: string): Instr[] {
  return [
    { op: i, mnemonic, form: 'ABI', syntax: 'rm', group: 'load', meaning: `rd = ${what} at rs + imm16` },
    { op: w, mnemonic, form: 'ABX', syntax: 'rm', group: 'load', meaning: `rd = ${what} at rs + imm32` },
    { op: a, mnemonic, form: 'AX', syntax: 'rM', group: 'load', meaning: `rd = ${what} at imm32` },
  ];
}

function store(mnemonic: string, i: Op, w: Op, a: Op, what: string): Instr[] {
  return [
    { op: i, mnemonic, form: 'ABI', syntax: 'rm', group: 'store', meaning: `${what} at rs + imm16 = ra` },
    { op: w, mnemonic, form: 'ABX', syntax: 'rm', group: 'store', meaning: `${what} at rs + imm32 = ra` },
    { op: a, mnemonic, form: 'AX', syntax: 'rM', group: 'store', meaning: `${what} at imm32 = ra` },
  ];
}

function branch(mnemonic: string, rr: Op, rrT: Op, ri: Op, riX: Op, cond: string): Instr[] {
  const m = (src: string, to: string): string => `if ${cond.replace('src', src)} goto ${to}`;
  return [
    { op: rr, mnemonic, form: 'ABO', syntax: 'rrt', group: 'branch', meaning: m('rt', 'pc + 4*off16') },
    { op: rrT, mnemonic, form: 'ABT', syntax: 'rrt', group: 'branch', meaning: m('rt', 'target32') },
    { op: ri, mnemonic, form: 'AIO', syntax: 'rit', group: 'branch', meaning: m('imm8', 'pc + 4*off12') },
    { op: riX, mnemonic, form: 'AXT', syntax: 'rit', group: 'branch', meaning: m('imm32', 'target32') },
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
  { op: Op.MOV, mnemonic: 'mov', form: 'AB', syntax: 'rr', group: 'move', meaning: 'rd = rs' },
  { op: Op.LI, mnemonic: 'li', form: 'AI', syntax: 'ri', group: 'move', meaning: 'rd = imm16 (sign-extended)' },
  { op: Op.LI_W, mnemonic: 'li', form: 'AX', syntax: 'ri', group: 'move', meaning: 'rd = imm32' },
  ...alu('arithmetic', 'add', Op.ADD, Op.ADD_I, Op.ADD_W, 'rs + src'),
  ...alu('arithmetic', 'sub', Op.SUB, Op.SUB_I, Op.SUB_W, 'rs - src'),
  ...alu('arithmetic', 'mul', Op.MUL, Op.MUL_I, Op.MUL_W, 'rs * src (low 32 bits)'),
  ...alu('arithmetic', 'div', Op.DIV, Op.DIV_I, Op.DIV_W, 'rs / src (signed, truncating; FPE if src = 0)'),
  ...alu('arithmetic', 'rem', Op.REM, Op.REM_I, Op.REM_W, 'rs % src (signed, sign of rs; FPE if src = 0)'),
  ...alu('arithmetic', 'divu', Op.DIVU, Op.DIVU_I, Op.DIVU_W, 'rs / src (unsigned; FPE if src = 0)'),
  ...alu('arithmetic', 'remu', Op.REMU, Op.REMU_I, Op.REMU_W, 'rs % src (unsigned; FPE if src = 0)'),
  ...alu('logic', 'and', Op.AND, Op.AND_I, Op.AND_W, 'rs & src'),
  ...alu('logic', 'or', Op.OR, Op.OR_I, Op.OR_W, 'rs | src'),
  ...alu('logic', 'xor', Op.XOR, Op.XOR_I, Op.XOR_W, 'rs ^ src'),
  ...alu('logic', 'shl', Op.SHL, Op.SHL_I, Op.SHL_W, 'rs << (src & 31)'),
  ...alu('logic', 'shr', Op.SHR, Op.SHR_I, Op.SHR_W, 'rs >> (src & 31), logical'),
  ...alu('logic', 'sra', Op.SRA, Op.SRA_I, Op.SRA_W, 'rs >> (src & 31), arithmetic'),
  ...alu('compare', 'slt', Op.SLT, Op.SLT_I, Op.SLT_W, 'rs < src ? 1 : 0 (signed)'),
  ...alu('compare', 'sltu', Op.SLTU, Op.SLTU_I, Op.SLTU_W, 'rs < src ? 1 : 0 (unsigned)'),
  ...alu('compare', 'seq', Op.SEQ, Op.SEQ_I, Op.SEQ_W, 'rs == src ? 1 : 0'),
  ...alu('compare', 'sne', Op.SNE, Op.SNE_I, Op.SNE_W, 'rs != src ? 1 : 0'),
  { op: Op.NOT, mnemonic: 'not', form: 'AB', syntax: 'rr', group: 'logic', meaning: 'rd = ~rs' },
  { op: Op.NEG, mnemonic: 'neg', form: 'AB', syntax: 'rr', group: 'arithmetic', meaning: 'rd = -rs' },
  ...load('lw', Op.LW, Op.LW_W, Op.LW_A, 'the word (BUS unless 4-aligned)'),
  ...load('lh', Op.LH, Op.LH_W, Op.LH_A, 'the sign-extended half (BUS unless 2-aligned)'),
  ...load('lhu', Op.LHU, Op.LHU_W, Op.LHU_A, 'the zero-extended half (BUS unless 2-aligned)'),
  ...load('lb', Op.LB, Op.LB_W, Op.LB_A, 'the sign-extended byte'),
  ...load('lbu', Op.LBU, Op.LBU_W, Op.LBU_A, 'the zero-extended byte'),
  ...store('sw', Op.SW, Op.SW_W, Op.SW_A, 'the word (BUS unless 4-aligned)'),
  ...store('sh', Op.SH, Op.SH_W, Op.SH_A, 'the half (low 16 bits; BUS unless 2-aligned)'),
  ...store('sb', Op.SB, Op.SB_W, Op.SB_A, 'the byte (low 8 bits)'),
  { op: Op.PUSH, mnemonic: 'push', form: 'A', syntax: 'r', group: 'stack', meaning: 'sp -= 4; [sp] = rs' },
  { op: Op.POP, mnemonic: 'pop', form: 'A', syntax: 'r', group: 'stack', meaning: 'rd = [sp]; sp += 4' },
  { op: Op.JMP, mnemonic: 'jmp', form: 'J', syntax: 't', group: 'branch', meaning: 'goto pc + 4*off24' },
  { op: Op.JMP_R, mnemonic: 'jmp', form: 'A', syntax: 'r', group: 'branch', meaning: 'goto rs' },
  ...branch('beq', Op.BEQ, Op.BEQ_T, Op.BEQ_I, Op.BEQ_X, 'rs == src'),
  ...branch('bne', Op.BNE, Op.BNE_T, Op.BNE_I, Op.BNE_X, 'rs != src'),
  ...branch('blt', Op.BLT, Op.BLT_T, Op.BLT_I, Op.BLT_X, 'rs < src (signed)'),
  ...branch('bge', Op.BGE, Op.BGE_T, Op.BGE_I, Op.BGE_X, 'rs >= src (signed)'),
  ...branch('bltu', Op.BLTU, Op.BLTU_T, Op.BLTU_I, Op.BLTU_X, 'rs < src (unsigned)'),
  ...branch('bgeu', Op.BGEU, Op.BGEU_T, Op.BGEU_I, Op.BGEU_X, 'rs >= src (unsigned)'),
  ...branch('bgt', Op.BGT, Op.BGT_T, Op.BGT_I, Op.BGT_X, 'rs > src (signed)'),
  ...branch('ble', Op.BLE, Op.BLE_T, Op.BLE_I, Op.BLE_X, 'rs <= src (signed)'),
  ...branch('bgtu', Op.BGTU, Op.BGTU_T, Op.BGTU_I, Op.BGTU_X, 'rs > src (unsigned)'),
  ...branch('bleu', Op.BLEU, Op.BLEU_T, Op.BLEU_I, Op.BLEU_X, 'rs <= src (unsigned)'),
  { op: Op.CALL, mnemonic: 'call', form: 'J', syntax: 't', group: 'call', meaning: 'push pc + 4; goto pc + 4*off24' },
  { op: Op.CALL_R, mnemonic: 'call', form: 'A', syntax: 'r', group: 'call', meaning: 'push pc + 4; goto rs' },
  { op: Op.RET, mnemonic: 'ret', form: 'N', syntax: '', group: 'call', meaning: 'pc = [sp]; sp += 4' },
  { op: Op.ENTER, mnemonic: 'enter', form: 'I', syntax: 'i', group: 'frame', meaning: 'push fp; fp = sp; sp -= imm16' },
  { op: Op.ENTER_W, mnemonic: 'enter', form: 'X', syntax: 'i', group: 'frame', meaning: 'push fp; fp = sp; sp -= imm32' },
  { op: Op.LEAVE, mnemonic: 'leave', form: 'N', syntax: '', group: 'frame', meaning: 'sp = fp; fp = [sp]; sp += 4' },
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

/** Registers with a role: the frame pointer and the stack pointer (SPEC §1). */
export const enum Reg {
  FP = 14,
  SP = 15,
}

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
