// The compiling tier's compiler: a region of guest code becomes the source of one JavaScript function.
//
// A region is the set of blocks reachable from a hot entry within its code page, each block straight-line
// code up to a control transfer. Its function keeps the registers it uses in locals and runs block to
// block without leaving (in address order through labelled statements, or as the cases of a `switch` in
// a loop when it has a loop); a guest `call` is a JavaScript call of the callee's region, so that a hot
// call/return pair never goes back to the dispatcher (vm/jit.ts). Each instruction's work comes from the
// ISA table: `js` for values and branch conditions, `mem` for accesses; the stack, call and frame rows
// follow the interpreter case by case, in the same order of effects. Every way out leaves the machine
// where the interpreter would be: registers written back, pc at the next instruction to run, and
// exactly the ticks of the instructions executed. docs/PERFORMANCE.md describes the design.
import { decode, type Decoded } from './encoding.js';
import { FORMS, Op, Reg, type MemAccess } from './isa.js';
import { CODE_BASE, Page, SPACE_SIZE } from './layout.js';
import { PTE_R, PTE_W, PTE_X } from './mmu.js';
import { Miss } from './interp.js';

/**
 * What a region function returns when control did not simply go on to an address of the space (which
 * it returns, 0 to 2^24 − 1: a jump, branch, return or fall-through out of the region). Then st.pc
 * says where the machine is. Either way st.left holds the ticks left.
 */
export const enum Exit {
  Step = -1, // the instruction at st.pc runs on the interpreter: a memory slow path, FPE, brk, ILL, straddler
  Budget = -2, // the block at st.pc needs more ticks than are left: the interpreter runs the rest
  Syscall = -3, // a `sys` ran: its number is in st.sysno, st.pc is past it
  Away = -4, // control went to st.pc outside the address space (a return or jump through a register)
}

/** The state a region leaves besides its result: one object shared by every region function. */
export interface JitState {
  pc: number;
  left: number;
  sysno: number;
}

/**
 * A compiled region, called with the running process's registers and page table, the ticks it may run,
 * and the depth of region calls on the JavaScript stack; returns the next pc, or an Exit.
 */
export type RegionFn = (regs: Int32Array, pt: Int32Array, left: number, depth: number) => number;

/** One entry point of the code: its hotness, the length of its first block, and its function once compiled. */
export interface Region {
  readonly pc: number;
  count: number;
  /** Instructions the interpreter runs from pc to the end of its block while it is not compiled (at least 1). */
  readonly len: number;
  fn: RegionFn;
  compiled: boolean;
}

export interface Limits {
  /** Most instructions in one block. */
  blockLen: number;
  /** Most blocks in one region. */
  blocks: number;
  /** Deepest chain of region calls on the JavaScript stack; past it, control returns to the dispatcher. */
  depth: number;
}

interface Ins {
  pc: number;
  d: Decoded;
}

/** How a block ends: a control transfer (its last instruction), a fall-through into another block, or an instruction the interpreter must run. */
type End = { kind: 'transfer' } | { kind: 'fall'; to: number } | { kind: 'step'; at: number };

interface Block {
  start: number;
  body: Ins[];
  end: End;
}

const pageOf = (pc: number): number => pc >>> Page.SHIFT;

/** Instructions that end a block: branches, jumps, calls, returns and system calls. */
const isTransfer = (d: Decoded): boolean => d.instr.group === 'branch' || d.instr.group === 'call' || d.instr.op === Op.SYS;

/** Straight-line code from start: up to a control transfer, the page end, the size limit, or an instruction left to the interpreter. */
export function scanBlock(code: Int32Array, start: number, limits: Limits): Block {
  const body: Ins[] = [];
  const pageEnd = (start & -Page.SIZE) + Page.SIZE;
  let pc = start;
  for (;;) {
    if (pc >= pageEnd || body.length === limits.blockLen) return { start, body, end: { kind: 'fall', to: pc } };
    const d = decode(code, (pc - CODE_BASE) >> 2, CODE_BASE);
    if (d === null || d.instr.op === Op.BRK || pc + 4 * d.words > pageEnd) return { start, body, end: { kind: 'step', at: pc } };
    body.push({ pc, d });
    if (isTransfer(d)) return { start, body, end: { kind: 'transfer' } };
    pc += 4 * d.words;
  }
}

/** Whether pc can start a region of this code: word-aligned and inside it. */
export const inCode = (code: Int32Array, pc: number): boolean => (pc & 3) === 0 && pc >= CODE_BASE && pc < CODE_BASE + 4 * code.length;

/** The targets a block may continue at (inside or outside the region). */
function successors(b: Block): number[] {
  if (b.end.kind === 'fall') return [b.end.to];
  if (b.end.kind === 'step') return [];
  const { pc, d } = b.body[b.body.length - 1];
  const next = pc + 4 * d.words;
  switch (d.instr.group) {
    case 'branch': return d.instr.op === Op.JMP ? [d.target] : d.instr.op === Op.JMP_R ? [] : [d.target, next];
    case 'call': return d.instr.op === Op.CALL ? [next] : [];
    default: return [];
  }
}

/** The blocks of the region at entry: reachable by static edges, within its page, up to the limit; sorted by address. */
function regionBlocks(code: Int32Array, entry: number, limits: Limits): Block[] {
  const found = new Map<number, Block>();
  const queue = [entry];
  while (queue.length > 0 && found.size < limits.blocks) {
    const start = queue.shift()!;
    if (found.has(start)) continue;
    const b = scanBlock(code, start, limits);
    found.set(start, b);
    for (const to of successors(b)) if (pageOf(to) === pageOf(entry) && inCode(code, to) && !found.has(to)) queue.push(to);
  }
  return [...found.values()].sort((x, y) => x.start - y.start);
}

/**
 * The blocks at which a region checks its ticks: the entry, the targets of edges to the same or an
 * earlier block (so every loop has one), and the blocks calls return to (the callee spent ticks). Between
 * two heads control runs forward through at most `stretches()` instructions, so one check per stretch
 * keeps every block's ticks covered; each block still subtracts its own length, so exits stay exact. A
 * function entered at another block checks that block's stretch first.
 */
function budgetHeads(blocks: Block[], index: Map<number, number>, entry: number): Set<number> {
  const heads = new Set([index.get(entry)!]);
  blocks.forEach((b, k) => {
    for (const to of successors(b)) {
      const j = index.get(to);
      if (j !== undefined && j <= k) heads.add(j);
    }
    const last = b.body[b.body.length - 1];
    if (b.end.kind === 'transfer' && last.d.instr.op === Op.CALL) {
      const j = index.get(last.pc + 4 * last.d.words);
      if (j !== undefined) heads.add(j);
    }
  });
  return heads;
}

/** For each block: the most instructions from its start up to the next head or a way out of the region. */
function stretches(blocks: Block[], index: Map<number, number>, heads: Set<number>): number[] {
  const need: number[] = [];
  // Blocks after k are visited first: between heads every edge goes forward, to a later block.
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k];
    const last = b.body[b.body.length - 1];
    const calls = b.end.kind === 'transfer' && last.d.instr.op === Op.CALL;
    let most = 0;
    for (const to of calls ? [] : successors(b)) {
      const j = index.get(to);
      if (j !== undefined && !heads.has(j)) most = Math.max(most, need[j]);
    }
    need[k] = b.body.length + most;
  }
  return need;
}

const lit = (v: number): string => (v < 0 ? `(${v})` : String(v));
const hex = (pc: number): string => '0x' + pc.toString(16);
const r = (k: number): string => `r${k}`;

/** The typed array (of the frame pool's views) and index shift for an access. */
function view(mem: MemAccess): { name: string; shift: string } {
  switch (mem.size) {
    case 4: return { name: 'm32', shift: ' >> 2' };
    case 2: return { name: mem.signed && !mem.write ? 'm16' : 'u16', shift: ' >> 1' };
    case 1: return { name: mem.signed && !mem.write ? 'm8' : 'u8', shift: '' };
  }
}

const MISS: Record<MemAccess['size'], number> = { 4: Miss.WORD, 2: Miss.HALF, 1: Miss.BYTE };

/** Registers an instruction reads or writes, and those it writes. */
function registers(d: Decoded): { used: number[]; written: number[] } {
  const op = d.instr.op;
  const a = d.regs[0];
  switch (op) {
    case Op.PUSH: return { used: [a, Reg.SP], written: [Reg.SP] };
    case Op.POP: return { used: [a, Reg.SP], written: [a, Reg.SP] };
    case Op.CALL: case Op.RET: return { used: [Reg.SP], written: [Reg.SP] };
    case Op.CALL_R: return { used: [a, Reg.SP], written: [Reg.SP] };
    case Op.ENTER: case Op.ENTER_W: case Op.LEAVE: return { used: [Reg.FP, Reg.SP], written: [Reg.FP, Reg.SP] };
  }
  const g = d.instr.group;
  const writes = g === 'load' || (d.instr.js !== undefined && g !== 'branch');
  return { used: d.regs, written: writes ? [a] : [] };
}

/** A block the region function may start at: entry(k, need) starts at block k, at pc, first checking `need` ticks. */
export interface Entry {
  pc: number;
  k: number;
  need: number;
}

/** A compiled region. */
export interface Compiled {
  /** The body of a factory of `env` (state, memory views, chained regions) that returns entry(k, need). */
  source: string;
  /** The regions this one calls or continues into directly, as env.R[k]. */
  targets: Region[];
  /**
   * Where the function may start: in the loop form, at any of its blocks (so that one function serves
   * every entry of a loop nest); in the forward form, at the entry only.
   */
  entries: Entry[];
}

/**
 * Compile the region at entry. `at` gives the Region record of a pc where chaining may enter another
 * region (undefined where it may not).
 */
export function compileRegion(code: Int32Array, entry: number, at: (pc: number) => Region | undefined, limits: Limits): Compiled {
  const blocks = regionBlocks(code, entry, limits);
  const index = new Map(blocks.map((b, k) => [b.start, k]));
  // Without an edge to the same or an earlier block, the blocks run in address order from the entry, and
  // every jump is a `break` out of a labelled statement that ends just before its target (a `switch` in a
  // loop costs a dispatch per jump: 16 % on recursive fib). Otherwise: the switch in a loop.
  const forward = blocks[0].start === entry && blocks.every((b, k) => successors(b).every((to) => (index.get(to) ?? k + 1) > k));
  const used = new Set<number>();
  const dirty = new Set<number>();
  for (const b of blocks) {
    for (const { d } of b.body) {
      const { used: u, written } = registers(d);
      for (const k of u) used.add(k);
      for (const k of written) dirty.add(k);
    }
  }
  const usedList = [...used].sort((x, y) => x - y);
  const dirtyList = [...dirty].sort((x, y) => x - y);
  const targets: Region[] = [];
  const targetName = new Map<Region, string>();
  const out: string[] = [];
  const emit = (line: string): void => void out.push(line);
  const writeBack = (): string => dirtyList.map((k) => `regs[${k}] = ${r(k)}; `).join('');
  const reload = (): string => usedList.map((k) => `${r(k)} = regs[${k}]; `).join('');
  /** Leave the region for the epilogue: code 0 goes on at npc, an Exit stops there. */
  const exit = (pc: number, code: Exit | 0, refund: number): string =>
    `{ npc = ${pc}; code = ${code};${refund > 0 ? ` left = (left + ${refund}) | 0;` : ''} break out; }`;
  /** Hand control to the dispatcher at pc, with the registers and ticks written back. */
  const yieldTo = (pc: number): string => `{ st.left = left; return ${pc}; }`;

  /** A region this one may enter directly at pc, by name; null when control must go through the dispatcher. */
  const chain = (pc: number): string | null => {
    const target = inCode(code, pc) ? at(pc) : undefined;
    if (target === undefined) return null;
    let name = targetName.get(target);
    if (name === undefined) {
      name = `R${targets.length}`;
      targets.push(target);
      targetName.set(target, name);
    }
    return name;
  };
  const mapped = (pc: number): string => (pageOf(pc) === pageOf(entry) ? '' : ` || (pt[${pageOf(pc)}] & ${PTE_X}) === 0`);

  /**
   * Control goes on at pc. Inside the region: the next case (fall through) or `continue` to it. Outside: a
   * direct call of the region there, whose result this one returns; or the dispatcher.
   */
  const goto = (pc: number, from: number, last: boolean): void => {
    const k = index.get(pc);
    if (k !== undefined) {
      if (last && k === from + 1) return;
      emit(forward ? `break L${k};` : `b = ${k}; continue;`);
      return;
    }
    const name = chain(pc);
    if (name === null) {
      emit(exit(pc, 0, 0));
      return;
    }
    emit(writeBack());
    emit(`if (depth >= ${limits.depth}${mapped(pc)}) ${yieldTo(pc)}`);
    emit(`return ${name}.fn(regs, pt, left, depth + 1);`);
  };

  /**
   * A memory access at addr (a JS expression, or a constant), then `then` with the element it names.
   * Each direction has a one-entry TLB in locals: the page base it translates (`rt`, `wt`; 4 matches no
   * address) and the distance to its frame (`rd`, `wd`). One compare of the address's page and
   * alignment bits with it replaces the range, alignment and page-table checks; it stays valid for
   * the whole call, as nothing changes a page table while compiled code runs.
   */
  const access = (addr: string | number, mem: MemAccess, pc: number, refund: number, then: (element: string) => string): void => {
    const perm = mem.write ? PTE_W : PTE_R;
    const { name, shift } = view(mem);
    const [tag, delta] = mem.write ? ['wt', 'wd'] : ['rt', 'rd'];
    if (typeof addr === 'number' && (addr & MISS[mem.size]) !== 0) {
      emit(exit(pc, Exit.Step, refund));
      return;
    }
    emit(`a = ${addr};`);
    emit(`if ((a & ${-Page.SIZE | (mem.size - 1)}) !== ${tag}) {`);
    emit(`if ((a & ${MISS[mem.size] | 0}) !== 0 || ((p = pt[a >>> ${Page.SHIFT}]) & ${perm}) === 0) ${exit(pc, Exit.Step, refund)}`);
    emit(`${tag} = a & ${-Page.SIZE}; ${delta} = (p & ${-Page.SIZE}) - ${tag};`);
    emit('}');
    emit(then(`${name}[(a + ${delta})${shift}]`));
  };

  /** The second source of a value or branch row: rt, or the immediate. */
  const second = (d: Decoded, regIndex: number): string | number => (d.regs.length > regIndex ? r(d.regs[regIndex]) : d.imms[0]);
  const fill = (template: string, s: string, t: string | number): string =>
    template.replace(/\$s/g, s).replace(/\$t/g, typeof t === 'number' ? lit(t) : t);

  /** One instruction that does not end its block; `refund` is the ticks an exit at it gives back (it and those after it). */
  const instruction = ({ pc, d }: Ins, refund: number): void => {
    const row = d.instr;
    const a = d.regs[0];
    if (row.js !== undefined && row.group !== 'branch') {
      const t = second(d, 2);
      if (row.divides) {
        if (t === 0) {
          emit(exit(pc, Exit.Step, refund));
          return;
        }
        if (typeof t === 'string') emit(`if (${t} === 0) ${exit(pc, Exit.Step, refund)}`);
      }
      const s = d.regs.length > 1 ? r(d.regs[1]) : '';
      emit(`${r(a)} = ${fill(row.js, s, t)};`);
      return;
    }
    if (row.group === 'load' || row.group === 'store') {
      const addr = FORMS[row.form].regs === 1 ? d.imms[0] : `(${r(d.regs[1])} + ${lit(d.imms[0])}) | 0`;
      access(addr, row.mem!, pc, refund, (el) => (row.group === 'load' ? `${r(a)} = ${el};` : `${el} = ${r(a)};`));
      return;
    }
    switch (row.op) {
      case Op.NOP: return;
      case Op.PUSH: access(`(r${Reg.SP} - 4) | 0`, row.mem!, pc, refund, (el) => `${el} = ${r(a)}; r${Reg.SP} = a;`); return;
      case Op.POP: access(`r${Reg.SP}`, row.mem!, pc, refund, (el) => `${r(a)} = ${el}; r${Reg.SP} = (r${Reg.SP} + 4) | 0;`); return;
      case Op.ENTER: case Op.ENTER_W:
        access(`(r${Reg.SP} - 4) | 0`, row.mem!, pc, refund, (el) => `${el} = r${Reg.FP}; r${Reg.FP} = a; r${Reg.SP} = (a - ${lit(d.imms[0])}) | 0;`);
        return;
      case Op.LEAVE: access(`r${Reg.FP}`, row.mem!, pc, refund, (el) => `r${Reg.SP} = (a + 4) | 0; r${Reg.FP} = ${el};`); return;
    }
    throw new Error(`jit: no template for ${row.mnemonic} (${row.form})`);
  };

  /** The control transfer that ends block k. */
  const transfer = ({ pc, d }: Ins, k: number): void => {
    const row = d.instr;
    const next = pc + 4 * d.words;
    const a = d.regs[0];
    switch (row.op) {
      case Op.SYS: emit(`st.sysno = ${d.imms[0]}; ${exit(next, Exit.Syscall, 0)}`); return;
      case Op.JMP: goto(d.target, k, true); return;
      case Op.JMP_R: emit(`npc = ${r(a)}; code = 0; break out;`); return;
      case Op.RET:
        access(`r${Reg.SP}`, row.mem!, pc, 1, (el) => `npc = ${el}; r${Reg.SP} = (a + 4) | 0; code = 0; break out;`);
        return;
      case Op.CALL_R:
        access(`(r${Reg.SP} - 4) | 0`, row.mem!, pc, 1, (el) => `npc = ${r(a)}; ${el} = ${next}; r${Reg.SP} = a; code = 0; break out;`);
        return;
      case Op.CALL: {
        access(`(r${Reg.SP} - 4) | 0`, row.mem!, pc, 1, (el) => `${el} = ${next}; r${Reg.SP} = a;`);
        const name = chain(d.target);
        if (name === null) {
          emit(exit(d.target, 0, 0));
          return;
        }
        // The callee returns here when its `ret` pops this call's return address; anything else (a
        // trap, a fault, a deep stack, another return address) leaves both for the dispatcher.
        emit(writeBack());
        emit(`if (depth >= ${limits.depth}${mapped(d.target)}) ${yieldTo(d.target)}`);
        emit(`if ((npc = ${name}.fn(regs, pt, left, depth + 1)) !== ${next}) return npc;`);
        emit(`left = st.left; ${reload()}`);
        goto(next, k, true);
        return;
      }
    }
    // A conditional branch.
    emit(`if (${fill(row.js!, r(a), second(d, 1))}) {`);
    goto(d.target, k, false);
    emit('}');
    goto(next, k, true);
  };

  const heads = budgetHeads(blocks, index, entry);
  const need = stretches(blocks, index, heads);
  blocks.forEach((b, k) => {
    emit(forward ? `} // ${hex(b.start)}` : `case ${k}: // ${hex(b.start)}`);
    const len = b.body.length;
    // `| 0` on the tick arithmetic: V8 then emits plain 32-bit operations, without overflow checks.
    if (heads.has(k) && need[k] > 0) emit(`if (left < ${need[k]}) ${exit(b.start, Exit.Budget, 0)}`);
    if (len > 0) emit(`left = (left - ${len}) | 0;`);
    const ends = b.end.kind === 'transfer';
    b.body.forEach((ins, i) => {
      if (ends && i === len - 1) transfer(ins, k);
      else instruction(ins, len - i);
    });
    if (b.end.kind === 'fall') goto(b.end.to, k, true);
    else if (b.end.kind === 'step') emit(exit(b.end.at, Exit.Step, 0));
  });

  // The forward form opens one labelled statement per block at the top, innermost first; the line
  // before each block's code closes its own, so that `break Lk` lands on block k.
  const body = forward ? [...blocks.map((_, k) => `L${k}: {`).reverse(), ...out] : ['for (;;) {', 'switch (b) {', ...out, '}', '}'];
  const source = [
    // `var`, not `const`: when several closures share this code, V8 checks a `const` for its temporal
    // dead zone at each use.
    'var st = env.st, m32 = env.m32, m16 = env.m16, u16 = env.u16, m8 = env.m8, u8 = env.u8;',
    ...targets.map((_, k) => `var R${k} = env.R[${k}];`),
    // entry(k, need): the function starting at block k, which first checks the ticks of its stretch
    // when k is not a head (heads check their own).
    `return (k, need) => function region_${hex(entry)}(regs, pt, left, depth) {`,
    ...(forward ? [] : [`if (left < need) { st.left = left; st.pc = ${blocks.length > 1 ? `[${blocks.map((b) => b.start).join(', ')}][k]` : blocks[0].start}; return ${Exit.Budget}; }`]),
    ...usedList.map((k) => `let ${r(k)} = regs[${k}];`),
    `let npc = 0, code = 0, a = 0, p = 0, rt = 4, rd = 0, wt = 4, wd = 0${forward ? '' : ', b = k'};`,
    'out: {',
    ...body,
    '}',
    `${writeBack()}st.left = left;`,
    `if (code === 0 && (npc & ${-SPACE_SIZE}) === 0) return npc;`,
    `st.pc = npc; return code === 0 ? ${Exit.Away} : code;`,
    '};',
  ].join('\n');
  const entries: Entry[] = forward ? [{ pc: entry, k: 0, need: 0 }] : blocks.map((b, k) => ({ pc: b.start, k, need: heads.has(k) ? 0 : need[k] }));
  return { source, targets, entries };
}
