// The compiling tier's view of guest code: blocks, regions, where ticks are checked, loops, and what each instruction reads and writes.
//
// A block is straight-line code up to a control transfer; a region is the set of blocks reachable from an
// entry by static edges within its code page. vm/jit-compile.ts turns a region into JavaScript: as a nest of
// JavaScript loops and labelled blocks when its control flow is reducible (`structure`), so that V8 sees
// the guest's loops as loops, else as the cases of a `switch` in a loop. docs/PERFORMANCE.md describes it.
import { decode, type Decoded } from './encoding.js';
import { Op, Reg } from './isa.js';
import { CODE_BASE, Page } from './layout.js';

export interface Limits {
  /** Most instructions in one block. */
  blockLen: number;
  /** Most blocks in one region. */
  blocks: number;
  /** Deepest chain of region calls on the JavaScript stack; past it, control returns to the dispatcher. */
  depth: number;
  /** Most instructions of callees compiled into one region's function at its call sites (0: none). */
  inline: number;
  /**
   * Most instructions in one function, callees compiled in included: V8 does not optimize a function
   * past a size (60 KiB of bytecode), and one that size takes long to optimize.
   */
  size: number;
}

export interface Ins {
  pc: number;
  d: Decoded;
}

/** How a block ends: a control transfer (its last instruction), a fall-through into another block, or an instruction the interpreter must run. */
export type End = { kind: 'transfer' } | { kind: 'fall'; to: number } | { kind: 'step'; at: number };

export interface Block {
  start: number;
  body: Ins[];
  end: End;
}

export const pageOf = (pc: number): number => pc >>> Page.SHIFT;

/** Instructions that end a block: branches, jumps, calls, returns and system calls. */
const isTransfer = (d: Decoded): boolean => d.instr.group === 'branch' || d.instr.group === 'call' || d.instr.op === Op.SYS;

/** Which run of blockLen words of the code pc is in: blocks are cut where it changes. */
const slot = (pc: number, limits: Limits): number => Math.floor(((pc - CODE_BASE) >> 2) / limits.blockLen);

/**
 * Straight-line code from start: up to a control transfer, the page end, an instruction left to the
 * interpreter, or the first instruction past the run of blockLen words that start is in. The size
 * limit cuts at places that do not depend on where the block starts (a budget can end anywhere), so
 * that every region and every resumption agree on where blocks begin.
 */
export function scanBlock(code: Int32Array, start: number, limits: Limits): Block {
  const body: Ins[] = [];
  const pageEnd = (start & -Page.SIZE) + Page.SIZE;
  let pc = start;
  for (;;) {
    if (pc >= pageEnd || slot(pc, limits) !== slot(start, limits)) return { start, body, end: { kind: 'fall', to: pc } };
    const d = decode(code, (pc - CODE_BASE) >> 2, CODE_BASE);
    if (d === null || d.instr.op === Op.BRK || pc + 4 * d.words > pageEnd) return { start, body, end: { kind: 'step', at: pc } };
    body.push({ pc, d });
    if (isTransfer(d)) return { start, body, end: { kind: 'transfer' } };
    pc += 4 * d.words;
  }
}

/** Whether pc can start a region of this code: word-aligned and inside it. */
export const inCode = (code: Int32Array, pc: number): boolean => (pc & 3) === 0 && pc >= CODE_BASE && pc < CODE_BASE + 4 * code.length;

/** The block's last instruction when it ends with a control transfer. */
export const transferOf = (b: Block): Ins | null => (b.end.kind === 'transfer' ? b.body[b.body.length - 1] : null);

/** Whether the block ends with a direct `call`. */
export const callsOut = (b: Block): boolean => transferOf(b)?.d.instr.op === Op.CALL;

/**
 * Whether pc follows a call (by the word before it: a guess, since that word may be the extension word of
 * another instruction): where a return lands. A region compiled there runs when a callee returns to a
 * caller that is no longer on the JavaScript stack (after a preemption, or past the call depth).
 */
export function returnPoint(code: Int32Array, pc: number): boolean {
  if (!inCode(code, pc - 4)) return false;
  const op = decode(code, (pc - 4 - CODE_BASE) >> 2, CODE_BASE)?.instr.op;
  return op === Op.CALL || op === Op.CALL_R;
}

/** The address after an instruction. */
export const after = ({ pc, d }: Ins): number => pc + 4 * d.words;

/** The targets a block may continue at (inside or outside the region); a call continues at its return address. */
export function successors(b: Block): number[] {
  if (b.end.kind === 'fall') return [b.end.to];
  if (b.end.kind === 'step') return [];
  const last = b.body[b.body.length - 1];
  const { d } = last;
  switch (d.instr.group) {
    case 'branch': return d.instr.op === Op.JMP ? [d.target] : d.instr.op === Op.JMP_R ? [] : [d.target, after(last)];
    case 'call': return d.instr.op === Op.CALL ? [after(last)] : [];
    default: return [];
  }
}

/**
 * The blocks of the region at entry: reachable by static edges, within its page, up to the limits;
 * sorted by address. A region the limits cut keeps only blocks from entry on: else the region of the
 * place where it was cut would reach round a loop larger than the limits to another place, whose
 * region would reach round to another, and so on.
 */
export function regionBlocks(code: Int32Array, entry: number, limits: Limits): Block[] {
  const reach = (from: number): { blocks: Block[]; cut: boolean } => {
    const found = new Map<number, Block>();
    const queue = [entry];
    let size = 0;
    while (queue.length > 0) {
      const start = queue.shift()!;
      if (found.has(start)) continue;
      const b = scanBlock(code, start, limits);
      if (found.size > 0 && (found.size === limits.blocks || size + b.body.length > limits.size)) return { blocks: [...found.values()], cut: true };
      size += b.body.length;
      found.set(start, b);
      for (const to of successors(b)) if (to >= from && pageOf(to) === pageOf(entry) && inCode(code, to) && !found.has(to)) queue.push(to);
    }
    return { blocks: [...found.values()], cut: false };
  };
  const all = reach(0);
  return (all.cut ? reach(entry).blocks : all.blocks).sort((x, y) => x.start - y.start);
}

/**
 * Where to compile the region that a hot entry is in: the lowest block on a cycle through it, which in
 * code laid out as most code is (a loop's header at its top) is the header of the outermost loop around
 * it, so that the function's loops nest as the program's do and its inner loops run without the test
 * of an entry; the hot entry is one of the function's entries if it is a loop header, else a block its
 * loops cover. The entry itself when it is on no cycle, or when the region from that block would not
 * reach it within the limits.
 */
export function loopRoot(code: Int32Array, entry: number, limits: Limits): number {
  const blocks = regionBlocks(code, entry, limits);
  const index = new Map(blocks.map((b, k) => [b.start, k]));
  const reaches = new Set([entry]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of blocks) {
      if (reaches.has(b.start) || !successors(b).some((to) => reaches.has(to) && index.has(to))) continue;
      reaches.add(b.start);
      changed = true;
    }
  }
  const root = Math.min(...reaches);
  return root !== entry && regionBlocks(code, root, limits).some((b) => b.start === entry) ? root : entry;
}

/**
 * The blocks at which a region checks its ticks: the entry, the targets of edges to the same or an
 * earlier block (so every cycle has one), and the blocks calls return to (the callee spent ticks). Between
 * two heads control runs forward through at most `stretches()` instructions, so one check per stretch
 * keeps every block's ticks covered; each block still subtracts its own length, so exits stay exact. A
 * function entered at another block checks that block's stretch first.
 */
export function budgetHeads(blocks: Block[], index: Map<number, number>, entry: number): Set<number> {
  const heads = new Set([index.get(entry)!]);
  blocks.forEach((b, k) => {
    for (const to of successors(b)) {
      const j = index.get(to);
      if (j !== undefined && (j <= k || callsOut(b))) heads.add(j);
    }
  });
  return heads;
}

/** For each block: the most instructions from its start up to the next head or a way out of the region. */
export function stretches(blocks: Block[], index: Map<number, number>, heads: Set<number>): number[] {
  const need: number[] = [];
  // Blocks after k are visited first: between heads every edge goes forward, to a later block.
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k];
    let most = 0;
    for (const to of callsOut(b) ? [] : successors(b)) {
      const j = index.get(to);
      if (j !== undefined && !heads.has(j)) most = Math.max(most, need[j]);
    }
    need[k] = b.body.length + most;
  }
  return need;
}

/** A statement of the structured form: a block, or a loop whose body starts with its header block. */
export type Item = { block: number } | { loop: number; items: Item[] };

export const firstOf = (item: Item): number => ('block' in item ? item.block : item.loop);

export interface Layout {
  items: Item[];
  /** The blocks of each loop, by its header. */
  loops: Map<number, Set<number>>;
}

/**
 * The region's blocks as nested loops, or null when its control flow is irreducible (a cycle entered other
 * than through one header). A loop is a header and the blocks that reach a back edge to it (an edge to a
 * block that dominates its source); each loop's blocks are contiguous and every other edge goes forward,
 * so that a `continue` implements each back edge and a `break` out of a labelled block every other edge.
 * Among the orders that allow this, blocks stay in address order where they can.
 */
export function structure(blocks: Block[], index: Map<number, number>, root: number): Layout | null {
  const n = blocks.length;
  const succ = blocks.map((b) => [...new Set(successors(b).map((to) => index.get(to)).filter((j): j is number => j !== undefined))]);
  const pred: number[][] = blocks.map(() => []);
  succ.forEach((s, u) => s.forEach((v) => pred[v].push(u)));
  const order: number[] = [];
  const seen = new Array<boolean>(n).fill(false);
  const visit = (u: number): void => {
    seen[u] = true;
    for (const v of succ[u]) if (!seen[v]) visit(v);
    order.push(u);
  };
  visit(root);
  if (order.length !== n) return null;
  order.reverse();
  const rank = new Array<number>(n);
  order.forEach((u, i) => (rank[u] = i));
  // Dominators, iterated to the fixed point over reverse postorder (regions have at most a few dozen blocks).
  const all = new Set(order);
  const dom = blocks.map((_, u) => (u === root ? new Set([root]) : new Set(all)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of order) {
      if (u === root) continue;
      const d = new Set([...all].filter((x) => pred[u].every((p) => dom[p].has(x))));
      d.add(u);
      if (d.size !== dom[u].size) {
        dom[u] = d;
        changed = true;
      }
    }
  }
  const loops = new Map<number, Set<number>>();
  for (let u = 0; u < n; u++) {
    for (const h of succ[u]) {
      if (rank[h] > rank[u]) continue;
      if (!dom[u].has(h)) return null; // a retreating edge that is not a back edge: irreducible
      const body = loops.get(h) ?? new Set([h]);
      loops.set(h, body);
      const stack = [u];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (body.has(x)) continue;
        body.add(x);
        stack.push(...pred[x]);
      }
    }
  }
  // The statements of a set of blocks: its inner loops (outermost first) as units, in a topological order
  // of the edges between units (back edges to `header` left out), lowest address first among the ready ones.
  const arrange = (nodes: Set<number>, header: number | null): Item[] => {
    const inner = [...loops.keys()].filter((h) => h !== header && nodes.has(h));
    const outer = inner.filter((h) => !inner.some((g) => g !== h && loops.get(g)!.has(h)));
    const unit = new Map<number, number>();
    for (const u of nodes) unit.set(u, u);
    for (const h of outer) for (const u of loops.get(h)!) unit.set(u, h);
    const units = [...new Set(unit.values())];
    const into = new Map<number, number>(units.map((x) => [x, 0]));
    const edges = new Map<number, Set<number>>(units.map((x) => [x, new Set<number>()]));
    for (const u of nodes) {
      for (const v of succ[u]) {
        if (!nodes.has(v) || v === header || unit.get(u) === unit.get(v) || edges.get(unit.get(u)!)!.has(unit.get(v)!)) continue;
        edges.get(unit.get(u)!)!.add(unit.get(v)!);
        into.set(unit.get(v)!, into.get(unit.get(v)!)! + 1);
      }
    }
    const key = (x: number): number => (outer.includes(x) ? Math.min(...loops.get(x)!) : x);
    const items: Item[] = [];
    const ready = units.filter((x) => into.get(x) === 0);
    while (ready.length > 0) {
      ready.sort((x, y) => key(x) - key(y));
      const x = ready.shift()!;
      items.push(outer.includes(x) ? { loop: x, items: arrange(loops.get(x)!, x) } : { block: x });
      for (const y of edges.get(x)!) {
        into.set(y, into.get(y)! - 1);
        if (into.get(y) === 0) ready.push(y);
      }
    }
    return items;
  };
  return { items: arrange(all, null), loops };
}

/** The registers an instruction reads and those it writes (in locals of the compiled code). */
export function effects(d: Decoded): { reads: number[]; writes: number[] } {
  const a = d.regs[0];
  switch (d.instr.op) {
    case Op.PUSH: return { reads: [a, Reg.SP], writes: [Reg.SP] };
    case Op.POP: return { reads: [Reg.SP], writes: [a, Reg.SP] };
    case Op.CALL: case Op.RET: return { reads: [Reg.SP], writes: [Reg.SP] };
    case Op.CALL_R: return { reads: [a, Reg.SP], writes: [Reg.SP] };
    case Op.ENTER: case Op.ENTER_W: return { reads: [Reg.FP, Reg.SP], writes: [Reg.FP, Reg.SP] };
    case Op.LEAVE: return { reads: [Reg.FP], writes: [Reg.FP, Reg.SP] };
  }
  const g = d.instr.group;
  if (g === 'store' || g === 'branch') return { reads: d.regs, writes: [] };
  if (g === 'load' || d.instr.js !== undefined) return { reads: d.regs.slice(1), writes: [a] };
  return { reads: [], writes: [] };
}
