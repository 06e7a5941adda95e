// Snapshots of the whole machine, taken at tick boundaries every `interval` ticks, and put back on demand.
//
// Cheap by sharing: physical memory is copied frame by frame, and a frame not written since the previous snapshot
// shares that snapshot's copy. Writes are found without touching the interpreter: after a snapshot every writable
// page is write-protected (PTE_SNAP), and the first write to it marks its frame dirty in the MMU's slow path. The
// rest of the machine (process table, page tables, descriptors, pipes, policy with its random generator, timers,
// accounting) is a deep copy of the kernel's state fields; the host's part is the input position, the output
// positions and the in-memory files.
import { PAGE_SHIFT, PAGE_SIZE } from '../../vm/layout.js';
import type { AllocatorState } from '../../vm/memory.js';
import type { Kernel } from '../kernel.js';
import type { DebugHost, HostMark } from './host.js';
import { Copier, setState, stateOf } from './state.js';

export interface Snapshot {
  readonly tick: number;
  readonly state: Record<string, unknown>;
  /** A copy of every frame in use, by frame number; unchanged frames share the previous snapshot's copy. */
  readonly frames: ReadonlyMap<number, Uint8Array>;
  readonly alloc: AllocatorState;
  readonly host: HostMark;
  /** Memory this snapshot holds alone (the copies it shares with others are counted once, by the store). */
  readonly ownBytes: number;
}

/** Limits of the store; when one is passed, every other snapshot goes and the interval doubles. */
export interface SnapshotLimits {
  /** Ticks between snapshots at first. */
  interval: number;
  count: number;
  bytes: number;
}

export const SNAPSHOT_LIMITS: SnapshotLimits = { interval: 1 << 22, count: 200, bytes: 256 << 20 };

export class Snapshots {
  /** Ordered by tick; the first is always tick 0's. */
  private list: Snapshot[] = [];
  private readonly ticks = new Set<number>();
  interval: number;
  /** The copies memory matches now, apart from frames marked dirty since. */
  private base: ReadonlyMap<number, Uint8Array> = new Map();
  private alloc: { changes: number; state: AllocatorState } | null = null;
  /** How many snapshots hold each copy, so that shared copies are counted once. */
  private readonly holders = new Map<object, number>();
  /** Memory held by all snapshots together (estimated for the object graphs, exact for memory copies). */
  bytes = 0;
  private readonly shared: Set<object>;

  constructor(private readonly kernel: Kernel, private readonly host: DebugHost, private readonly limits: SnapshotLimits = SNAPSHOT_LIMITS) {
    this.interval = limits.interval;
    this.shared = new Set<object>([kernel.host, host, host.stdin, host.stdout, host.stderr, host.files]);
  }

  get count(): number {
    return this.list.length;
  }

  /** The first tick after `tick` at which a snapshot is due (a multiple of the interval not taken yet). */
  nextMark(tick: number): number {
    let m = (Math.floor(tick / this.interval) + 1) * this.interval;
    while (this.ticks.has(m)) m += this.interval;
    return m;
  }

  /** Whether a snapshot is due at the kernel's clock (at a tick boundary, before anything runs there). */
  due(): boolean {
    const t = this.kernel.clock;
    return t % this.interval === 0 && !this.ticks.has(t);
  }

  /** The latest snapshot at or before tick that satisfies ok (snapshots only get later: a search from the end). */
  latest(tick: number, ok: (s: Snapshot) => boolean = () => true): Snapshot {
    for (let k = this.list.length - 1; k > 0; k--) if (this.list[k].tick <= tick && ok(this.list[k])) return this.list[k];
    return this.list[0];
  }

  /** Snapshots at or before tick, latest first. */
  before(tick: number): Snapshot[] {
    return this.list.filter((s) => s.tick <= tick).reverse();
  }

  /** Take a snapshot of the machine now (a tick boundary; breakpoints lifted) and keep it. */
  take(): Snapshot {
    const k = this.kernel;
    const pool = k.pool;
    const alloc = this.alloc?.changes === pool.changes ? this.alloc.state : pool.allocator();
    const frames = new Map<number, Uint8Array>();
    for (let f = 0; f < pool.frames; f++) {
      if (alloc.refs[f] === 0) continue;
      const kept = pool.dirty[f] === 0 ? this.base.get(f) : undefined;
      frames.set(f, kept ?? pool.u8.slice(f << PAGE_SHIFT, (f << PAGE_SHIFT) + PAGE_SIZE));
    }
    pool.dirty.fill(0);
    this.base = frames;
    this.alloc = { changes: pool.changes, state: alloc };
    const copier = new Copier((o) => this.shared.has(o), 'freeze');
    const state = copier.copy(stateOf(k));
    const snap: Snapshot = { tick: k.clock, state, frames, alloc, host: this.host.mark(), ownBytes: copier.bytes };
    this.protect();
    this.insert(snap);
    return snap;
  }

  /** Put the machine back in the state of s (breakpoints lifted; the caller sets them again). */
  restore(s: Snapshot): void {
    const pool = this.kernel.pool;
    for (const [f, copy] of s.frames) if (pool.dirty[f] !== 0 || this.base.get(f) !== copy) pool.u8.set(copy, f << PAGE_SHIFT);
    pool.restoreAllocator(s.alloc);
    pool.dirty.fill(0);
    this.base = s.frames;
    this.alloc = { changes: pool.changes, state: s.alloc };
    setState(this.kernel, new Copier((o) => this.shared.has(o), 'thaw').copy(s.state));
    this.host.restore(s.host);
    this.protect();
  }

  /** Write-protect every writable page, so that the next write to a frame marks it dirty. */
  private protect(): void {
    for (const p of this.kernel.table.values()) if (p.state !== 'zombie') p.space.protectForSnapshot();
  }

  private insert(s: Snapshot): void {
    let at = this.list.length;
    while (at > 0 && this.list[at - 1].tick > s.tick) at--;
    this.list.splice(at, 0, s);
    this.ticks.add(s.tick);
    this.hold(s, +1);
    while ((this.list.length > this.limits.count || this.bytes > this.limits.bytes) && this.list.length > 1) this.thin();
  }

  /** Double the interval and keep only the snapshots at its multiples (tick 0's always). */
  private thin(): void {
    this.interval *= 2;
    const keep = this.list.filter((s, k) => k === 0 || s.tick % this.interval === 0);
    // Everything at the old spacing sits at odd multiples: without this, a run past the limit would drop only the last.
    if (keep.length === this.list.length) keep.splice(1);
    for (const s of this.list) {
      if (keep.includes(s)) continue;
      this.ticks.delete(s.tick);
      this.hold(s, -1);
    }
    this.list = keep;
  }

  private hold(s: Snapshot, delta: 1 | -1): void {
    this.bytes += delta * s.ownBytes;
    const arrays: Uint8Array[] | Int32Array[] = [...s.frames.values()];
    for (const a of [...arrays, s.alloc.refs, s.alloc.free, ...[...s.host.files.values()].map((f) => f.data)]) {
      const n = (this.holders.get(a) ?? 0) + delta;
      if (n === 0) this.holders.delete(a);
      else this.holders.set(a, n);
      if ((delta === 1 && n === 1) || (delta === -1 && n === 0)) this.bytes += delta * a.byteLength;
    }
  }
}
