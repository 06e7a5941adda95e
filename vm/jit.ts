// The compiling tier: the interpreter's contract (vm/interp.ts run()), with hot code run as compiled regions.
//
// A dispatcher loop owns the budget. At each entry point it reaches (a block start after a jump, return,
// trap or interpreted block) it counts a visit; past the threshold it compiles the region around it (at
// the root of its loops: vm/jit-cfg.ts, vm/jit-compile.ts) and from then on calls the function at each
// of its entries, interpreting the other instructions of its loops up to one. Everything a region does
// not do itself, the interpreter does, for an exact number of ticks and with cpu.ran counting on from
// the ticks already run in this call: cold blocks, the memory slow path (page-in, copy-on-write,
// faults), FPE, brk, undefined opcodes, instructions that straddle a page, and the last ticks of a
// budget that a block does not fit. So page faults, traps and faults happen at the interpreter's
// ticks, with its messages.
// Regions are kept per CodeCache: code pages are read-only and shared by every process of an
// executable, so compiled code never needs invalidating while the cache lives.
import type { Cpu } from './cpu.js';
import { Stop } from './cpu.js';
import type { Engine } from './engine.js';
import { run, runSlice, ticksOf } from './interp.js';
import { compileRegion, Exit, inCode, type JitState, type Limits, type Region, type RegionFn, scanBlock } from './jit-compile.js';
import { CODE_BASE, Page } from './layout.js';
import { type CodeCache, PTE_X } from './mmu.js';

export interface JitOptions extends Limits {
  /**
   * Ticks an executable runs on the interpreter alone before the dispatcher takes over: a short run
   * never pays for compiling (a few milliseconds of interpretation), a long one hardly notices them.
   */
  warmup: number;
  /** Visits of an entry point by the dispatcher before the region there is compiled. */
  threshold: number;
}

/**
 * The limits of the `jit` engine (vm/engine.ts). Read at every call and every compilation, so that a
 * test can make it compile every entry point at once (threshold 0) or cut regions small.
 */
export const JIT_TUNING: JitOptions = { warmup: 1 << 18, threshold: 16, blockLen: 32, blocks: 32, depth: 200, inline: 128, size: 192 };

/** The state every region function reads and leaves (one engine call runs at a time). */
const st: JitState = { pc: 0, left: 0, sysno: 0 };

type Factory = (env: object) => RegionFn;

/**
 * Factories by source text, so that the same region of the same code in another executable's cache (a
 * rerun, another kernel) reuses V8's bytecode, feedback and optimized code instead of starting cold.
 * Bounded (a region's source is a few KiB), emptied when full.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 1024;

/** What the engines of this module did, for tests and the benchmark (counting costs nothing measurable). */
export const JIT_COUNTERS = {
  /** Regions compiled. */
  compiled: 0,
  /** Calls of a region by the dispatcher (a call or jump from region to region does not count). */
  entered: 0,
  /** Runs of the interpreter by the dispatcher (cold blocks, slow paths, the end of a budget). */
  interpreted: 0,
};

/** The function of a region not compiled yet: control goes back to the dispatcher, at its entry. */
const notCompiled = (pc: number): RegionFn => (_regs, _pt, left) => {
  st.left = left;
  return pc;
};

/** The regions of one executable's code, and what their functions close over. */
class RegionCache {
  readonly code: Int32Array;
  /** Ticks run on the interpreter alone so far (up to the warm-up). */
  warm = 0;
  private readonly regions: (Region | undefined)[];
  private readonly env: { st: JitState; m32: Int32Array; m16: Int16Array; u16: Uint16Array; m8: Int8Array; u8: Uint8Array };

  constructor(cache: CodeCache, private readonly options: JitOptions) {
    const bytes = cache.exe.code;
    this.code = new Int32Array(bytes.length >> 2);
    new Uint8Array(this.code.buffer).set(bytes.subarray(0, this.code.length * 4));
    this.regions = new Array<Region | undefined>(this.code.length);
    const pool = cache.pool;
    this.env = { st, m32: pool.i32, m16: pool.i16, u16: pool.u16, m8: pool.i8, u8: pool.u8 };
  }

  /** The entry point at pc; undefined if pc is not a word of the code. */
  at(pc: number): Region | undefined {
    if (!inCode(this.code, pc)) return undefined;
    const k = (pc - CODE_BASE) >> 2;
    let r = this.regions[k];
    if (r === undefined) {
      const b = scanBlock(this.code, pc, this.options);
      const len = Math.max(1, b.body.length + (b.end.kind === 'step' ? 1 : 0));
      const cut = b.end.kind === 'fall' && (b.end.to & (Page.SIZE - 1)) !== 0;
      r = { pc, count: 0, len, cut, fn: notCompiled(pc), e: 0, compiled: false, covered: false };
      this.regions[k] = r;
    }
    return r;
  }

  /**
   * Compile the region at r, let its function serve the other entries it can start at that are not
   * compiled yet, and mark the other blocks of its loops covered.
   */
  compile(r: Region): void {
    const { source, targets, entries, covered } = compileRegion(this.code, r.pc, (pc) => this.at(pc), this.options);
    let factory = factories.get(source);
    if (factory === undefined) {
      if (factories.size >= MAX_FACTORIES) factories.clear();
      factory = new Function('env', source) as Factory;
      factories.set(source, factory);
    }
    const fn = factory({ ...this.env, R: targets });
    JIT_COUNTERS.compiled++;
    entries.forEach(({ pc, k }) => {
      const e = this.at(pc)!;
      if (e !== r && e.compiled) return;
      e.fn = fn;
      e.e = k;
      e.compiled = true;
    });
    for (const pc of covered) this.at(pc)!.covered = true;
    // Compiled at the root of its loops, the hot entry is a block they cover if not one of their headers.
    if (!r.compiled) r.covered = true;
  }
}

/**
 * An engine of the compiling tier, carrying the limits it reads as it runs and this module's counters, so
 * that a tool or test that reaches it through vm/engine.ts's ENGINES (a bundled command has its own copy
 * of this module) can tune and observe it.
 */
export type JitEngine = Engine & { readonly tuning: JitOptions; readonly counters: typeof JIT_COUNTERS };

/** An engine of the compiling tier with these limits, read as it runs; its own regions for each CodeCache. */
export function createJit(options: JitOptions): JitEngine {
  const caches = new WeakMap<CodeCache, RegionCache>();
  // The last cache used: a system call per engine call makes the WeakMap lookup a tenth of its cost.
  let lastCode: CodeCache | null = null;
  let last: RegionCache | null = null;
  const engine: Engine = (cpu, budget) => {
    const code = cpu.space.code;
    if (code !== lastCode) {
      last = caches.get(code) ?? null;
      if (last === null) {
        last = new RegionCache(code, options);
        caches.set(code, last);
      }
      lastCode = code;
    }
    return dispatch(cpu, budget, last!, options);
  };
  return Object.assign(engine, { tuning: options, counters: JIT_COUNTERS });
}

function dispatch(cpu: Cpu, budget: number, cache: RegionCache, options: JitOptions): Stop {
  const total = ticksOf(budget);
  const regs = cpu.regs;
  const pt = cpu.space.pt;
  const threshold = options.threshold;
  let done = 0;
  if (cache.warm < options.warmup) {
    const stop = run(cpu, Math.min(total, options.warmup - cache.warm));
    done = cpu.ran;
    cache.warm += done;
    if (stop !== Stop.Budget || done >= total) return stop;
  }
  // Whether pc was reached by a control transfer or the end of a block (not one cut by the size limit):
  // only there is a visit counted and a region compiled, so that resuming mid-block (in a new budget,
  // after an instruction the interpreter ran) does not compile one more copy of a loop for each place
  // it can be cut.
  let entered = false;
  for (;;) {
    const left = total - done;
    const pc = cpu.pc;
    const r = left > 0 ? cache.at(pc) : undefined;
    // Otherwise the interpreter runs n ticks: outside the code (it stops at once: an exit or a fault),
    // with no ticks left (it checks the exit and the fetch, as after its last tick), a block while the
    // code page is not mapped (the interpreter maps it at its tick), the region there is cold, or the
    // block is inside a compiled loop (which is entered at its header, at most an iteration away).
    let n: number;
    let ends = false;
    if (r === undefined) {
      n = left > 0 ? 1 : 0;
    } else if ((pt[pc >>> Page.SHIFT] & PTE_X) === 0 || (!r.compiled && (r.covered || !(entered && ++r.count >= threshold)))) {
      n = r.len < left ? r.len : left;
      ends = n === r.len && !r.cut;
    } else {
      if (!r.compiled) cache.compile(r);
      JIT_COUNTERS.entered++;
      const exit = r.fn(regs, pt, left, 0, r.e);
      done = total - st.left;
      entered = true;
      if (exit >= 0) {
        cpu.pc = exit;
        continue;
      }
      cpu.pc = st.pc;
      if (exit === Exit.Away) continue;
      if (exit === Exit.Syscall) {
        cpu.sysno = st.sysno;
        cpu.ran = done;
        return Stop.Syscall;
      }
      n = exit === Exit.Budget ? total - done : done < total ? 1 : 0;
    }
    JIT_COUNTERS.interpreted++;
    const stop = runSlice(cpu, n, done);
    done = cpu.ran;
    if (stop !== Stop.Budget || done >= total) return stop;
    entered = ends;
  }
}
