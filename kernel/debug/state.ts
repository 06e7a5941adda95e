// The machine's state as data: which parts of a kernel are its state, a deep copy of them (for snapshots), and a
// canonical dump of them (for tests that compare two machines).
import { crc32 } from '../../vm/crc32.js';
import { PAGE_SHIFT, PAGE_SIZE, PAGES } from '../../vm/layout.js';
import { FramePool } from '../../vm/memory.js';
import { AddressSpace, PTE_SNAP, PTE_W } from '../../vm/mmu.js';
import type { Kernel } from '../kernel.js';

/**
 * Fields of a Kernel that are not the machine's state: its configuration, the host it talks to, physical
 * memory (copied frame by frame, see snapshots.ts), the engine and the listeners of its event stream.
 */
const NOT_STATE = new Set(['config', 'host', 'pool', 'engine', 'maxTicks', 'listeners', 'wants']);

/**
 * Fields of state objects that are scratch, not state: how far the last run segment got, when it started and
 * why the last access failed (rewritten before they are read), the page-fault hook (re-installed by
 * reattach()), and whether the current segment stops at `brk` (set before every segment).
 */
const SCRATCH = new Set(['ran', 'segmentStart', 'fault', 'onPageFault', 'breakOnBrk']);

/** The state fields of a kernel, by name. */
export function stateOf(kernel: Kernel): Record<string, unknown> {
  const all = kernel as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.keys(all).filter((k) => !NOT_STATE.has(k)).map((k) => [k, all[k]]));
}

/** Put state taken by stateOf (or a copy of it) back into the kernel. */
export function setState(kernel: Kernel, state: Record<string, unknown>): void {
  Object.assign(kernel as unknown as Record<string, unknown>, state);
  kernel.reattach();
}

/**
 * Executables never change once built: every copy of the machine shares them (their identity keys the
 * loader's code caches).
 */
function isExecutable(o: object): boolean {
  const e = o as { code?: unknown; entry?: unknown; bssSize?: unknown };
  return e.code instanceof Uint8Array && typeof e.entry === 'number' && typeof e.bssSize === 'number';
}

/** A page table kept by its mapped entries only (4096 entries per process would dominate a snapshot). */
class SparseTable {
  constructor(readonly entries: Int32Array) {}
}

/** A snapshot's page-table entries carry no PTE_SNAP: it is bookkeeping of the live machine only. */
const plainEntry = (pte: number): number => ((pte & PTE_SNAP) !== 0 ? (pte & ~PTE_SNAP) | PTE_W : pte);

/**
 * A deep copy of an object graph that keeps its sharing (two references to one object stay two references
 * to one copy). Shared objects, functions and primitives are not copied. 'freeze' stores page tables
 * sparsely; 'thaw' makes them whole again. `bytes` estimates the memory the copy holds.
 */
export class Copier {
  private readonly memo = new Map<object, unknown>();
  bytes = 0;

  constructor(private readonly shared: (o: object) => boolean, private readonly mode: 'freeze' | 'thaw') {}

  copy<T>(v: T): T {
    if (typeof v !== 'object' || v === null) return v;
    const o = v as object;
    const seen = this.memo.get(o);
    if (seen !== undefined) return seen as T;
    if (this.shared(o) || o instanceof FramePool || isExecutable(o)) return v;
    this.bytes += 64;
    if (ArrayBuffer.isView(o)) {
      const c = (o as unknown as Uint8Array).slice();
      this.bytes += c.byteLength;
      this.memo.set(o, c);
      return c as T;
    }
    if (o instanceof SparseTable) {
      const pt = new Int32Array(PAGES);
      for (let k = 0; k < o.entries.length; k += 2) pt[o.entries[k]] = o.entries[k + 1];
      this.memo.set(o, pt);
      return pt as T;
    }
    if (Array.isArray(o)) {
      const c: unknown[] = [];
      this.memo.set(o, c);
      for (const x of o) c.push(this.copy(x));
      this.bytes += 8 * c.length;
      return c as T;
    }
    if (o instanceof Map) {
      const c = new Map();
      this.memo.set(o, c);
      for (const [k, x] of o) c.set(this.copy(k), this.copy(x));
      this.bytes += 32 * c.size;
      return c as T;
    }
    if (o instanceof Set) {
      const c = new Set();
      this.memo.set(o, c);
      for (const x of o) c.add(this.copy(x));
      this.bytes += 16 * c.size;
      return c as T;
    }
    const c = Object.create(Object.getPrototypeOf(o)) as Record<string, unknown>;
    this.memo.set(o, c);
    const from = o as Record<string, unknown>;
    for (const k of Object.keys(from)) {
      if (this.mode === 'freeze' && k === 'pt' && o instanceof AddressSpace) c[k] = this.sparse(o);
      else c[k] = SCRATCH.has(k) ? from[k] : this.copy(from[k]);
      this.bytes += 16;
    }
    return c as T;
  }

  private sparse(space: AddressSpace): SparseTable {
    const entries: number[] = [];
    space.pt.forEach((pte, page) => {
      if (pte !== 0) entries.push(page, plainEntry(pte));
    });
    this.bytes += 4 * entries.length;
    return new SparseTable(Int32Array.from(entries));
  }
}

/**
 * A canonical text of the machine's state: every state field of the kernel, walked in a fixed order (objects
 * numbered as first met, so that sharing shows), page tables without snapshot bookkeeping, and the contents of
 * every frame in use. Two machines in the same state give the same text.
 */
export function machineDump(kernel: Kernel): string {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'function') return void out.push('fn');
    if (typeof v === 'bigint') return void out.push(`${v}n`);
    if (typeof v !== 'object' || v === null) return void out.push(JSON.stringify(v) ?? String(v));
    const o = v as object;
    if (o instanceof FramePool || isExecutable(o) || o === kernel.host || Object.values(kernel.host).includes(o)) {
      return void out.push(`<${o.constructor.name}>`);
    }
    const id = ids.get(o);
    if (id !== undefined) return void out.push(`@${id}`);
    ids.set(o, ids.size);
    if (ArrayBuffer.isView(o)) {
      return void out.push(`${o.constructor.name}[${Array.from(o as unknown as Int32Array).join(',')}]`);
    }
    if (o instanceof Map || o instanceof Set || Array.isArray(o)) {
      out.push(`${o.constructor.name}{`);
      for (const x of o instanceof Map ? [...o.entries()].flat() : [...o]) walk(x);
      return void out.push('}');
    }
    out.push(`${o.constructor.name}{`);
    const rec = o as Record<string, unknown>;
    for (const k of Object.keys(rec).sort()) {
      if (SCRATCH.has(k)) continue;
      out.push(k + ':');
      if (k === 'pt' && o instanceof AddressSpace) out.push(Array.from(o.pt, plainEntry).join(','));
      else walk(rec[k]);
    }
    out.push('}');
  };
  walk(stateOf(kernel));
  const pool = kernel.pool;
  const alloc = pool.allocator();
  out.push(`free:${alloc.free.join(',')} fresh:${alloc.fresh}`);
  for (let f = 0; f < pool.frames; f++) {
    if (alloc.refs[f] === 0) continue;
    out.push(`frame ${f} refs ${alloc.refs[f]} crc ${crc32(pool.u8.subarray(f << PAGE_SHIFT, (f << PAGE_SHIFT) + PAGE_SIZE))}`);
  }
  return out.join(' ');
}
