// The compiling tier's compiler: a region of guest code becomes the source of one JavaScript function.
//
// A region (vm/jit-cfg.ts) is the set of blocks reachable from a hot entry within its code page. Its
// function keeps the registers it uses in locals and runs block to block without leaving: as nested
// JavaScript loops and labelled blocks when the region's control flow is reducible (entered at its entry or
// at the header of any of its loops), else as the cases of a `switch` in a loop (entered at any block).
// A guest `call` to a known target is either compiled in (the callee's region, when it has no loop and
// fits the inlining budget, in place at the call site, its `ret` going on in the caller when it pops the
// call's return address) or a JavaScript call of the callee's region (vm/jit.ts), so that a hot
// call/return pair never goes back to the dispatcher. Registers are written back to the CPU only where
// control can leave the function (each exit writes back those written since the last call), and read
// back after a call only where they are read before being written again.
//
// Each instruction's work comes from the ISA table: `js` for values and branch conditions, `mem` for
// accesses; the stack, call and frame rows follow the interpreter case by case, in the same order of
// effects. Every way out leaves the machine where the interpreter would be: registers written back, pc at
// the next instruction to run, and exactly the ticks of the instructions executed. docs/PERFORMANCE.md
// describes the design.
import type { Decoded } from './encoding.js';
import { FORMS, Op, Reg, type MemAccess } from './isa.js';
import { Page, SPACE_SIZE } from './layout.js';
import { PTE_R, PTE_W, PTE_X } from './mmu.js';
import { Miss } from './interp.js';
import {
  after, type Block, budgetHeads, callsOut, effects, firstOf, inCode, type Ins, type Item, type Layout, type Limits, loopRoot, pageOf, regionBlocks,
  returnPoint, stretches, structure, transferOf,
} from './jit-cfg.js';

export { inCode, scanBlock, type Limits } from './jit-cfg.js';

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
 * the depth of region calls on the JavaScript stack, and which of its entries to start at (Region.e);
 * returns the next pc, or an Exit.
 */
export type RegionFn = (regs: Int32Array, pt: Int32Array, left: number, depth: number, e: number) => number;

/** One entry point of the code: its hotness, the length of its first block, and its function once compiled. */
export interface Region {
  readonly pc: number;
  count: number;
  /** Instructions the interpreter runs from pc to the end of its block while it is not compiled (at least 1). */
  readonly len: number;
  /**
   * Whether that block ends only because of the size limit: where it ends depends on where it started
   * (a budget can end anywhere), so the next pc is no place to count visits at.
   */
  readonly cut: boolean;
  fn: RegionFn;
  /** The entry of fn that starts here. */
  e: number;
  compiled: boolean;
  /**
   * An instruction inside a loop of a compiled function, which enters the loop only at its header: the
   * dispatcher interprets from here (the header is at most one iteration away) instead of compiling
   * another copy of the loop.
   */
  covered: boolean;
}

/** A block the region function may start at: called with e = k it starts there. */
export interface Entry {
  pc: number;
  k: number;
}

/** A compiled region. */
export interface Compiled {
  /**
   * The body of a factory of `env` (state, memory views, chained regions) that returns the region's
   * function. One function serves all entries, so that a run has one closure of it, which lets V8
   * specialize it to its context: the memory views become constants of the machine code.
   */
  source: string;
  /** The regions this one calls or continues into directly, as env.R[k]. */
  targets: Region[];
  /** Where the function may start: its entry and its loop headers (in the switch form, any of its blocks). */
  entries: Entry[];
  /** The other instructions of its loops (Region.covered). */
  covered: number[];
}

/** One region's blocks in the function: the compiled region itself, or a callee compiled in at a call site. */
interface Ctx {
  id: number;
  entry: number;
  blocks: Block[];
  index: Map<number, number>;
  heads: Set<number>;
  need: number[];
  /** null: the switch form (only the compiled region itself, when its control flow is irreducible). */
  layout: Layout | null;
  /** The block each block's code falls through into (the next statement of its list). */
  follows: Map<number, number>;
  /** The node of each block. */
  nodes: number[];
  /** Where a callee is compiled in: its return address, and the node where the caller goes on. */
  site: { ret: number; join: number } | null;
  /** The callees compiled in, by the index of the block whose call reaches them. */
  inlined: Map<number, Ctx>;
}

/**
 * A node of the function's control flow, for the register analysis: a block of a ctx, or (k = -1) the
 * point where a caller goes on at `to` after a callee compiled in has returned.
 */
interface Node {
  ctx: Ctx;
  k: number;
  to: number;
}

/** A node's effect on registers: its steps in order (an exit before a step writes back what is dirty), then where it goes. */
interface Flow {
  steps: { reads: number[]; writes: number[]; exits: boolean }[];
  edges: ({ node: number } | { exit: true } | { sync: number | null })[];
}

const lit = (v: number): string => (v < 0 ? `(${v})` : String(v));
const hex = (pc: number): string => '0x' + pc.toString(16);
const r = (k: number): string => `r${k}`;
const sorted = (s: Set<number>): number[] => [...s].sort((x, y) => x - y);

/** The typed array (of the frame pool's views) and index shift for an access. */
function view(mem: MemAccess): { name: string; shift: string } {
  switch (mem.size) {
    case 4: return { name: 'm32', shift: ' >> 2' };
    case 2: return { name: mem.signed && !mem.write ? 'm16' : 'u16', shift: ' >> 1' };
    case 1: return { name: mem.signed && !mem.write ? 'm8' : 'u8', shift: '' };
  }
}

const MISS: Record<MemAccess['size'], number> = { 4: Miss.WORD, 2: Miss.HALF, 1: Miss.BYTE };

/** Whether an instruction may leave for the interpreter before its effects: a memory access or a division. */
const mayExit = (d: Decoded): boolean => d.instr.mem !== undefined || d.instr.divides === true;

/**
 * Compile the region around the hot entry (at the root of its loops: see loopRoot). `at` gives the Region record of a pc where chaining may enter another
 * region (undefined where it may not).
 */
export function compileRegion(code: Int32Array, hot: number, at: (pc: number) => Region | undefined, limits: Limits): Compiled {
  const entry = loopRoot(code, hot, limits);
  const nodes: Node[] = [];
  const ctxs: Ctx[] = [];
  const makeCtx = (start: number, blocks: Block[], layout: Layout | null, site: Ctx['site']): Ctx => {
    const index = new Map(blocks.map((b, k) => [b.start, k]));
    const heads = budgetHeads(blocks, index, start);
    const follows = new Map<number, number>();
    const walk = (items: Item[]): void =>
      items.forEach((item, i) => {
        if ('loop' in item) walk(item.items);
        else if (i + 1 < items.length) follows.set(item.block, firstOf(items[i + 1]));
      });
    if (layout !== null) walk(layout.items);
    const ctx: Ctx = { id: ctxs.length, entry: start, blocks, index, heads, need: stretches(blocks, index, heads), layout, follows, nodes: [], site, inlined: new Map() };
    ctx.nodes = blocks.map((_, k) => nodes.push({ ctx, k, to: 0 }) - 1);
    ctxs.push(ctx);
    return ctx;
  };
  const layoutOf = (start: number, blocks: Block[]): Layout | null => structure(blocks, new Map(blocks.map((b, k) => [b.start, k])), blocks.findIndex((b) => b.start === start));
  const top = ((blocks) => makeCtx(entry, blocks, layoutOf(entry, blocks), null))(regionBlocks(code, entry, limits));
  const root = top.index.get(entry)!;

  // Callees compiled in, nearest first, while the budget lasts: regions without loops, reached by a
  // direct call from the region or from a callee already compiled in. Not in a region that starts where
  // a call returns (a caller resumed by the dispatcher): it runs rarely, and its callees' own functions
  // are as fast, while every function compiled in makes V8's optimizing compiler take longer.
  let budget = returnPoint(code, entry) ? 0 : Math.min(limits.inline, limits.size - top.blocks.reduce((n, b) => n + b.body.length, 0));
  for (let q = 0; q < ctxs.length; q++) {
    const ctx = ctxs[q];
    ctx.blocks.forEach((b, k) => {
      if (!callsOut(b)) return;
      const call = transferOf(b)!;
      const target = call.d.target;
      if (!inCode(code, target) || at(target) === undefined) return;
      const blocks = regionBlocks(code, target, limits);
      const size = blocks.reduce((n, x) => n + x.body.length, 1);
      if (size > budget) return;
      const layout = layoutOf(target, blocks);
      if (layout === null || layout.loops.size > 0) return;
      budget -= size;
      const join = nodes.push({ ctx, k: -1, to: after(call) }) - 1;
      ctx.inlined.set(k, makeCtx(target, blocks, layout, { ret: after(call), join }));
    });
  }

  const targets: Region[] = [];
  const targetName = new Map<Region, string>();
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

  // ---- which registers are dirty (written since the last sync) and which must be valid in locals ----

  const gotoEdge = (ctx: Ctx, to: number): Flow['edges'][number] => {
    const k = ctx.index.get(to);
    if (k !== undefined) return { node: ctx.nodes[k] };
    return ctx.site !== null && chain(to) !== null ? { sync: ctx.site.join } : { exit: true };
  };
  const flowOf = ({ ctx, k, to }: Node): Flow => {
    if (k < 0) return { steps: [], edges: [gotoEdge(ctx, to)] };
    const b = ctx.blocks[k];
    const steps: Flow['steps'] = ctx.heads.has(k) && ctx.need[k] > 0 ? [{ reads: [], writes: [], exits: true }] : [];
    for (const { d } of b.body) steps.push({ ...effects(d), exits: mayExit(d) });
    if (b.end.kind === 'fall') return { steps, edges: [gotoEdge(ctx, b.end.to)] };
    const last = transferOf(b);
    if (last === null) return { steps, edges: [{ exit: true }] };
    const { d } = last;
    switch (d.instr.op) {
      case Op.SYS: case Op.JMP_R: case Op.CALL_R: return { steps, edges: [{ exit: true }] };
      case Op.JMP: return { steps, edges: [gotoEdge(ctx, d.target)] };
      case Op.RET: return { steps, edges: ctx.site === null ? [{ exit: true }] : [{ exit: true }, { node: ctx.site.join }] };
      case Op.CALL: {
        const child = ctx.inlined.get(k);
        if (child !== undefined) return { steps, edges: [{ node: child.nodes[child.index.get(child.entry)!] }, { exit: true }] };
        if (chain(d.target) === null) return { steps, edges: [{ exit: true }] };
        const j = ctx.index.get(after(last));
        return { steps, edges: [{ sync: j === undefined ? null : ctx.nodes[j] }] };
      }
    }
    return { steps, edges: [gotoEdge(ctx, d.target), gotoEdge(ctx, after(last))] };
  };
  const flows = nodes.map(flowOf);
  const dirtyIn = nodes.map(() => new Set<number>());
  for (let changed = true; changed; ) {
    changed = false;
    flows.forEach((f, n) => {
      const d = new Set(dirtyIn[n]);
      for (const s of f.steps) for (const w of s.writes) d.add(w);
      for (const e of f.edges) {
        if (!('node' in e)) continue;
        for (const w of d) {
          if (dirtyIn[e.node].has(w)) continue;
          dirtyIn[e.node].add(w);
          changed = true;
        }
      }
    });
  }
  // Live: read, or written back by an exit or a call, before being written. Writing back a register
  // that is dirty on another path makes it live on this one, so that its local holds its value.
  const live = nodes.map(() => new Set<number>());
  for (let changed = true; changed; ) {
    changed = false;
    flows.forEach((f, n) => {
      const before: Set<number>[] = [];
      let d = new Set(dirtyIn[n]);
      for (const s of f.steps) {
        before.push(d);
        d = new Set([...d, ...s.writes]);
      }
      const l = new Set<number>();
      for (const e of f.edges) for (const x of 'node' in e ? live[e.node] : d) l.add(x);
      for (let i = f.steps.length - 1; i >= 0; i--) {
        const s = f.steps[i];
        for (const w of s.writes) l.delete(w);
        for (const x of s.reads) l.add(x);
        if (s.exits) for (const x of before[i]) l.add(x);
      }
      if (l.size !== live[n].size) {
        live[n] = l;
        changed = true;
      }
    });
  }

  // ---- code ----

  let out: string[] = [];
  const emit = (line: string): void => void out.push(line);
  const capture = (f: () => void): string[] => {
    const saved = out;
    out = [];
    f();
    const lines = out;
    out = saved;
    return lines;
  };
  const writeBack = (dirty: Set<number>): string => sorted(dirty).map((k) => `regs[${k}] = ${r(k)}; `).join('');
  const reload = (regs: Set<number>): string => sorted(regs).map((k) => `${r(k)} = regs[${k}]; `).join('');
  // The epilogue writes back the dirty registers of the way out taken, one case per set (ways out are
  // many and rarely taken: written out at each, they would make the function too large for TurboFan).
  const sets = new Map<string, number>();
  /** Pick the epilogue's write-back of the dirty registers. */
  const pick = (dirty: Set<number>): string => {
    const w = writeBack(dirty);
    if (w === '') return '';
    if (!sets.has(w)) sets.set(w, sets.size + 1);
    return `ws = ${sets.get(w)}; `;
  };
  /** Leave for the epilogue: code 0 goes on at pc, an Exit stops there. */
  const exit = (pc: number, code: Exit | 0, refund: number, dirty: Set<number>): string =>
    `{ ${pick(dirty)}npc = ${pc}; code = ${code};${refund > 0 ? ` left = (left + ${refund}) | 0;` : ''} break out; }`;
  const mapped = (pc: number): string => (pageOf(pc) === pageOf(entry) ? '' : ` || (pt[${pageOf(pc)}] & ${PTE_X}) === 0`);
  /** Labels some `break` leaves: only those get a labelled block. */
  const broken = new Set<string>();

  /**
   * A JavaScript call of the region at pc (named `name`) that returns `ret` when its `ret` pops that
   * address; anything else (a trap, a fault, a deep stack, another return address) leaves this function
   * too, with everything written back.
   */
  const callOut = (name: string, pc: number, ret: number, dirty: Set<number>): void => {
    emit(writeBack(dirty));
    emit(`if (depth >= ${limits.depth}${mapped(pc)}) { st.left = left; return ${pc}; }`);
    emit(`if ((npc = ${name}.fn(regs, pt, left, depth + 1, ${name}.e)) !== ${ret}) return npc;`);
  };

  /**
   * Control goes on at pc from block `from` of ctx (`last`: as the block's last statement). Inside the
   * region: the next statement (fall through), `continue` to a loop header, or `break` to the labelled
   * block that ends just before pc. Outside: a call of the region there; or the dispatcher.
   */
  const goto = (ctx: Ctx, pc: number, from: number, last: boolean, dirty: Set<number>): void => {
    const k = ctx.index.get(pc);
    if (k !== undefined) {
      if (ctx.layout === null) {
        if (!(last && k === from + 1)) emit(`b = ${k}; continue D;`);
      } else if (ctx.layout.loops.get(k)?.has(from)) {
        emit(`continue H${ctx.id}_${k};`);
      } else if (!(last && ctx.follows.get(from) === k)) {
        broken.add(`L${ctx.id}_${k}`);
        emit(`break L${ctx.id}_${k};`);
      }
      return;
    }
    const name = chain(pc);
    if (name === null) {
      emit(exit(pc, 0, 0, dirty));
    } else if (ctx.site === null) {
      emit(writeBack(dirty));
      emit(`if (depth >= ${limits.depth}${mapped(pc)}) { st.left = left; return ${pc}; }`);
      emit(`return ${name}.fn(regs, pt, left, depth + 1, ${name}.e);`);
    } else {
      // From a callee compiled in: the region there returns to this callee's caller, or leaves.
      callOut(name, pc, ctx.site.ret, dirty);
      emit(`left = st.left; ${reload(live[ctx.site.join])}break C${ctx.id};`);
    }
  };

  /**
   * A memory access at addr (a JS expression, or a constant), then `then` with the element it names.
   * Each direction has a one-entry TLB in locals: the page base it translates (`rt`, `wt`; 4 matches no
   * address) and the distance to its frame (`rd`, `wd`). One compare of the address's page and
   * alignment bits with it replaces the range, alignment and page-table checks; it stays valid for
   * the whole call, as nothing changes a page table while compiled code runs.
   */
  const access = (addr: string | number, mem: MemAccess, pc: number, refund: number, dirty: Set<number>, then: (element: string) => string): void => {
    const perm = mem.write ? PTE_W : PTE_R;
    const { name, shift } = view(mem);
    const [tag, delta] = mem.write ? ['wt', 'wd'] : ['rt', 'rd'];
    if (typeof addr === 'number' && (addr & MISS[mem.size]) !== 0) {
      emit(exit(pc, Exit.Step, refund, dirty));
      return;
    }
    emit(`a = ${addr};`);
    emit(`if ((a & ${-Page.SIZE | (mem.size - 1)}) !== ${tag}) {`);
    emit(`if ((a & ${MISS[mem.size] | 0}) !== 0 || ((p = pt[a >>> ${Page.SHIFT}]) & ${perm}) === 0) ${exit(pc, Exit.Step, refund, dirty)}`);
    emit(`${tag} = a & ${-Page.SIZE}; ${delta} = (p & ${-Page.SIZE}) - ${tag};`);
    emit('}');
    emit(then(`${name}[(a + ${delta})${shift}]`));
  };

  /** The second source of a value or branch row: rt, or the immediate. */
  const second = (d: Decoded, regIndex: number): string | number => (d.regs.length > regIndex ? r(d.regs[regIndex]) : d.imms[0]);
  const fill = (template: string, s: string, t: string | number): string =>
    template.replace(/\$s/g, s).replace(/\$t/g, typeof t === 'number' ? lit(t) : t);

  /** One instruction that does not end its block; `refund` is the ticks an exit at it gives back (it and those after it). */
  const instruction = ({ pc, d }: Ins, refund: number, dirty: Set<number>): void => {
    const row = d.instr;
    const a = d.regs[0];
    if (row.js !== undefined && row.group !== 'branch') {
      const t = second(d, 2);
      if (row.divides) {
        if (t === 0) {
          emit(exit(pc, Exit.Step, refund, dirty));
          return;
        }
        if (typeof t === 'string') emit(`if (${t} === 0) ${exit(pc, Exit.Step, refund, dirty)}`);
      }
      const s = d.regs.length > 1 ? r(d.regs[1]) : '';
      emit(`${r(a)} = ${fill(row.js, s, t)};`);
      return;
    }
    if (row.group === 'load' || row.group === 'store') {
      const addr = FORMS[row.form].regs === 1 ? d.imms[0] : `(${r(d.regs[1])} + ${lit(d.imms[0])}) | 0`;
      access(addr, row.mem!, pc, refund, dirty, (el) => (row.group === 'load' ? `${r(a)} = ${el};` : `${el} = ${r(a)};`));
      return;
    }
    switch (row.op) {
      case Op.NOP: return;
      case Op.PUSH: access(`(r${Reg.SP} - 4) | 0`, row.mem!, pc, refund, dirty, (el) => `${el} = ${r(a)}; r${Reg.SP} = a;`); return;
      case Op.POP: access(`r${Reg.SP}`, row.mem!, pc, refund, dirty, (el) => `${r(a)} = ${el}; r${Reg.SP} = (r${Reg.SP} + 4) | 0;`); return;
      case Op.ENTER: case Op.ENTER_W:
        access(`(r${Reg.SP} - 4) | 0`, row.mem!, pc, refund, dirty, (el) => `${el} = r${Reg.FP}; r${Reg.FP} = a; r${Reg.SP} = (a - ${lit(d.imms[0])}) | 0;`);
        return;
      case Op.LEAVE: access(`r${Reg.FP}`, row.mem!, pc, refund, dirty, (el) => `r${Reg.SP} = (a + 4) | 0; r${Reg.FP} = ${el};`); return;
    }
    throw new Error(`jit: no template for ${row.mnemonic} (${row.form})`);
  };

  /** The control transfer that ends block k of ctx. */
  const transfer = (ctx: Ctx, k: number, ins: Ins, dirty: Set<number>): void => {
    const { pc, d } = ins;
    const row = d.instr;
    const next = after(ins);
    const a = d.regs[0];
    const sp = `r${Reg.SP}`;
    switch (row.op) {
      case Op.SYS: emit(`st.sysno = ${d.imms[0]}; ${exit(next, Exit.Syscall, 0, dirty)}`); return;
      case Op.JMP: goto(ctx, d.target, k, true, dirty); return;
      case Op.JMP_R: emit(`{ ${pick(dirty)}npc = ${r(a)}; code = 0; break out; }`); return;
      case Op.RET:
        access(sp, row.mem!, pc, 1, dirty, (el) => `npc = ${el}; ${sp} = (a + 4) | 0;`);
        dirty.add(Reg.SP);
        if (ctx.site === null) {
          emit(`if ((npc & ${-SPACE_SIZE}) === 0) { ${writeBack(dirty)}st.left = left; return npc; } ${pick(dirty)}code = 0; break out;`);
        } else {
          emit(`if (npc !== ${ctx.site.ret}) { ${pick(dirty)}code = 0; break out; }`);
          emit(`break C${ctx.id};`);
        }
        return;
      case Op.CALL_R:
        access(`(${sp} - 4) | 0`, row.mem!, pc, 1, dirty, (el) => `npc = ${r(a)}; ${el} = ${next}; ${sp} = a;`);
        dirty.add(Reg.SP);
        emit(`{ ${pick(dirty)}code = 0; break out; }`);
        return;
      case Op.CALL: {
        access(`(${sp} - 4) | 0`, row.mem!, pc, 1, dirty, (el) => `${el} = ${next}; ${sp} = a;`);
        dirty.add(Reg.SP);
        const child = ctx.inlined.get(k);
        if (child !== undefined) {
          if (mapped(d.target) !== '') emit(`if ((pt[${pageOf(d.target)}] & ${PTE_X}) === 0) ${exit(d.target, 0, 0, dirty)}`);
          emit(`C${child.id}: {`);
          body(child);
          emit('}');
          goto(ctx, next, k, true, new Set(dirtyIn[child.site!.join]));
          return;
        }
        const name = chain(d.target);
        if (name === null) {
          emit(exit(d.target, 0, 0, dirty));
          return;
        }
        callOut(name, d.target, next, dirty);
        const j = ctx.index.get(next);
        emit(`left = st.left; ${reload(j === undefined ? new Set() : live[ctx.nodes[j]])}`);
        goto(ctx, next, k, true, new Set());
        return;
      }
    }
    // A conditional branch.
    emit(`if (${fill(row.js!, r(a), second(d, 1))}) {`);
    goto(ctx, d.target, k, false, dirty);
    emit('}');
    goto(ctx, next, k, true, dirty);
  };

  const block = (ctx: Ctx, k: number): void => {
    const b = ctx.blocks[k];
    const dirty = new Set(dirtyIn[ctx.nodes[k]]);
    emit(`// ${hex(b.start)}`);
    const len = b.body.length;
    // `| 0` on the tick arithmetic: V8 then emits plain 32-bit operations, without overflow checks.
    if (ctx.heads.has(k) && ctx.need[k] > 0) emit(`if (left < ${ctx.need[k]}) ${exit(b.start, Exit.Budget, 0, dirty)}`);
    if (len > 0) emit(`left = (left - ${len}) | 0;`);
    b.body.forEach((ins, i) => {
      if (b.end.kind === 'transfer' && i === len - 1) return transfer(ctx, k, ins, dirty);
      instruction(ins, len - i, dirty);
      for (const w of effects(ins.d).writes) dirty.add(w);
    });
    if (b.end.kind === 'fall') goto(ctx, b.end.to, k, true, dirty);
    else if (b.end.kind === 'step') emit(exit(b.end.at, Exit.Step, 0, dirty));
  };

  // The structured form's entries at loop headers other than the region's entry: at the start of each
  // statement list on the way to the header's loop, `if (g === id) break` skips to the statement holding
  // it; the last such test clears g, so that later iterations run the whole body.
  const guards = new Map<Item[], string[]>();
  const headers = top.layout === null ? [] : [...top.layout.loops.keys()].filter((h) => h !== root).sort((x, y) => x - y);
  headers.forEach((h, i) => {
    for (let items = top.layout!.items; ; ) {
      const pos = items.findIndex((item) => 'loop' in item && top.layout!.loops.get(item.loop)!.has(h));
      const item = items[pos] as { loop: number; items: Item[] };
      const last = item.loop === h;
      if (pos > 0) {
        broken.add(`L${top.id}_${item.loop}`);
        guards.set(items, [...(guards.get(items) ?? []), `if (g === ${i + 1}) { ${last ? 'g = -1; ' : ''}break L${top.id}_${item.loop}; }`]);
      }
      if (last) break;
      items = item.items;
    }
  });

  /** The statements of a list, each preceded by the end of the labelled block that a `break` to it leaves. */
  const list = (ctx: Ctx, items: Item[]): void => {
    const parts = items.map((item) =>
      capture(() => {
        if ('block' in item) return block(ctx, item.block);
        emit(`H${ctx.id}_${item.loop}: for (;;) {`);
        list(ctx, item.items);
        emit('}');
      }),
    );
    const ends = items.map((item, i) => i > 0 && broken.has(`L${ctx.id}_${firstOf(item)}`));
    for (let i = items.length - 1; i > 0; i--) if (ends[i]) emit(`L${ctx.id}_${firstOf(items[i])}: {`);
    for (const line of guards.get(items) ?? []) emit(line);
    parts.forEach((lines, i) => {
      if (ends[i]) emit('}');
      out.push(...lines);
    });
  };

  const body = (ctx: Ctx): void => {
    if (ctx.layout !== null) return list(ctx, ctx.layout.items);
    emit('D: for (;;) {');
    emit('switch (b) {');
    ctx.blocks.forEach((_, k) => {
      emit(`case ${k}:`);
      block(ctx, k);
    });
    emit('}');
    emit('}');
  };

  const code_ = capture(() => body(top));
  const starts = top.layout === null ? top.blocks.map((_, k) => k) : [root, ...headers];
  const entries: Entry[] = starts.map((k, i) => ({ pc: top.blocks[k].start, k: top.layout === null ? k : i }));
  // An entry that is not a head first checks the ticks of its stretch (heads check their own).
  const needs = starts.map((k) => (top.heads.has(k) ? 0 : top.need[k]));
  // Every instruction of a loop but its headers: a budget can end anywhere, and the next one resumes there.
  const inLoops = top.layout === null ? [] : [...new Set([...top.layout.loops.values()].flatMap((s) => [...s]))];
  const covered = inLoops.flatMap((k) => top.blocks[k].body.map((ins) => ins.pc)).filter((pc) => !entries.some((x) => x.pc === pc));
  const loaded = new Set(starts.flatMap((k) => [...live[top.nodes[k]]]));
  const used = new Set(flows.flatMap((f) => f.steps.flatMap((s) => [...s.reads, ...s.writes])));
  const source = [
    // `var`, not `const`: when several closures share this code, V8 checks a `const` for its temporal
    // dead zone at each use.
    'var st = env.st, M32 = env.m32, M16 = env.m16, U16 = env.u16, M8 = env.m8, U8 = env.u8;',
    ...targets.map((_, k) => `var R${k} = env.R[${k}];`),
    ...(needs.some((x) => x > 0) ? [`var NEED = [${needs.join(', ')}], START = [${entries.map((x) => x.pc).join(', ')}];`] : []),
    `return function region_${hex(entry)}(regs, pt, left, depth, e) {`,
    ...(needs.some((x) => x > 0) ? [`if (left < NEED[e]) { st.left = left; st.pc = START[e]; return ${Exit.Budget}; }`] : []),
    // The memory views in locals: V8 then checks a view once, not at each access of a loop (a view in
    // the factory's scope is reloaded from its context).
    'const m32 = M32, m16 = M16, u16 = U16, m8 = M8, u8 = U8;',
    ...sorted(used).map((k) => `let ${r(k)} = ${loaded.has(k) ? `regs[${k}]` : '0'};`),
    `let npc = 0, code = 0, ws = 0, a = 0, p = 0, rt = 4, rd = 0, wt = 4, wd = 0${top.layout === null ? ', b = e' : guards.size > 0 ? ', g = e' : ''};`,
    'out: {',
    ...code_,
    '}',
    ...(sets.size > 0 ? ['switch (ws) {', ...[...sets].map(([w, k]) => `case ${k}: ${w}break;`), '}'] : []),
    'st.left = left;',
    `if (code === 0 && (npc & ${-SPACE_SIZE}) === 0) return npc;`,
    `st.pc = npc; return code === 0 ? ${Exit.Away} : code;`,
    '};',
  ].join('\n');
  return { source, targets, entries, covered };
}
