// The debugger's engine: breakpoints, watchpoints, and moving the machine forward and backward to exact points.
//
// Positions. The machine is only ever stopped at one of four kinds of point: a tick boundary ('tick': after the
// instruction that ended at tick T and its system call, before anything due at T is applied), a breakpoint trap
// ('hit': a process is about to execute a patched instruction at tick T), a fault ('fault': a process faulted
// at tick T and is not yet killed), or the end of the run ('end': every process has exited, or the machine
// halted). At one tick, a boundary comes before the others.
//
// Forward. drive() runs the kernel's advance() in slices (so that the host can interrupt it and snapshots are
// taken every `interval` ticks), handling breakpoint traps (stop, or step over the original instruction and go
// on) and watchpoints. A watchpoint's pages are write-protected with the snapshot bit: while they are not written
// the watch costs nothing; when a run segment has written one, the segment is replayed from a snapshot one
// instruction at a time to find the instruction that changed the watched bytes, if any did.
//
// Backward. Every target is a point of the same deterministic run: restore the latest snapshot before it and
// drive forward to it. `reverse-step N` goes to the boundary after the selected process's (c−N)-th instruction;
// `reverse-continue` and `reverse-next` first replay interval after interval backwards, recording breakpoint hits
// and watch changes, then go to the last one before where the machine stands.
import { ENGINES } from '../../vm/engine.js';
import type { Executable } from '../../vm/image.js';
import { Op } from '../../vm/isa.js';
import { PAGE_SHIFT } from '../../vm/layout.js';
import { PTE_SNAP, PTE_W } from '../../vm/mmu.js';
import type { Kernel, StopReason, Until } from '../kernel.js';
import type { Process } from '../process.js';
import { codeWord, instructionStarts, type Location, Patcher, resolveIn, type Sites } from './breakpoints.js';
import type { DebugHost } from './host.js';
import { peek, peekWord } from './inspect.js';
import { SNAPSHOT_LIMITS, type Snapshot, type SnapshotLimits, Snapshots } from './snapshots.js';

export interface Position {
  tick: number;
  kind: 'tick' | 'hit' | 'fault' | 'end';
  /** The process at the hit or fault. */
  pid: number;
}

/** Whether a comes before b in the run. */
function earlier(a: { tick: number; kind: Position['kind'] }, b: { tick: number; kind: Position['kind'] }): boolean {
  return a.tick < b.tick || (a.tick === b.tick && a.kind === 'tick' && b.kind !== 'tick');
}

export interface Breakpoint {
  readonly id: number;
  readonly loc: Location;
  /** As the user wrote it. */
  readonly text: string;
  /** tbreak: deleted when first hit. */
  readonly temp: boolean;
  hits: number;
}

export interface Watchpoint {
  readonly id: number;
  readonly pid: number;
  readonly addr: number;
  readonly len: number;
  readonly text: string;
  hits: number;
}

export type StopKind =
  | 'start' | 'breakpoint' | 'watchpoint' | 'step' | 'next' | 'finish' | 'brk' | 'fault' | 'exited' | 'halted'
  | 'interrupted' | 'goto' | 'reverse-step' | 'reverse-next';

export interface Stop {
  kind: StopKind;
  /** The process the stop is about; the session selects it. */
  pid: number;
  breakpoint?: Breakpoint;
  watch?: { point: Watchpoint; old: Uint8Array | null; now: Uint8Array | null };
  /** reverse-step or reverse-continue ran into the start of the recorded run. */
  start?: boolean;
}

/** A temporary breakpoint of next and finish: where, under which condition, and whether to stop after it. */
interface Internal {
  sites: Sites;
  when: (p: Process) => boolean;
  /** Stop after executing the instruction (finish: after the `ret`) rather than before it. */
  after: boolean;
}

/** A breakpoint hit or a watch change noted by a recording replay. */
interface Event {
  tick: number;
  kind: 'tick' | 'hit';
  pid: number;
  /** Instructions the process had executed by then. */
  count: number;
  points: Breakpoint[];
  watch?: Stop['watch'];
}

/** Keeps the last event before a position: a breakpoint in a hot loop makes millions of them in one interval. */
class Recorder {
  last: Event | null = null;

  constructor(private readonly end: Position) {}

  push(e: Event): void {
    if (earlier(e, this.end)) this.last = e;
  }
}

interface Goal {
  /** Stop at this tick boundary. */
  tick?: number;
  /** The process whose steps count (and whose exit ends the run), and the instructions it must have executed in all. */
  pid?: number;
  count?: number;
  /** The user's breakpoints, watchpoints and `brk` stop the run. */
  user: boolean;
  /** The user's breakpoints are set (and, when recording, the watchpoints): true whenever `user` is. */
  points?: boolean;
  internal?: Internal;
  /** Stop at the trap of this process at this tick. */
  hit?: { tick: number; pid: number };
  /** Record user breakpoint hits, watch changes and internal hits here instead of stopping at them. */
  record?: Recorder;
}

type Outcome =
  | { why: 'tick' | 'step' | 'exited' | 'halted' | 'interrupted' }
  | { why: 'brk' | 'fault' | 'gone' | 'after'; pid: number }
  | { why: 'trap'; pid: number; points: Breakpoint[]; internal: boolean }
  | { why: 'watch'; pid: number; watch: NonNullable<Stop['watch']> };

/** Ticks per slice of a run: between slices the host may interrupt (Ctrl-C) and snapshots fall due. */
const SLICE = 1 << 22;
/** With watchpoints, shorter slices: a written page is searched one slice at a time. */
const WATCH_SLICE = 1 << 18;
const NOWHERE: ReadonlySet<number> = new Set();

export interface DebuggerOptions {
  limits?: SnapshotLimits;
  /** Give the host a turn (to see Ctrl-C); by default a macrotask. */
  yieldToHost?: () => Promise<void>;
}

export class Debugger {
  readonly snaps: Snapshots;
  private readonly patcher: Patcher;
  readonly breakpoints: Breakpoint[] = [];
  readonly watchpoints: Watchpoint[] = [];
  private nextId = 1;
  /** User breakpoint sites by executable, computed when first asked. */
  private sites = new Map<Executable, ReadonlySet<number>>();
  private readonly userSites: Sites = (exe) => {
    let s = this.sites.get(exe);
    if (!s) {
      s = new Set(this.breakpoints.map((b) => resolveIn(b.loc, exe)).filter((a): a is number => a !== null));
      this.sites.set(exe, s);
    }
    return s;
  };
  here: Position = { tick: 0, kind: 'tick', pid: 0 };
  /** A trap the run must step over rather than stop at again: the hit where the machine stands. */
  private resume: { tick: number; pid: number } | null = null;
  private interrupted = false;
  /** The page-table entries of the watched pages as protect() left them (absent: the process had exited). */
  private readonly guarded = new Map<Watchpoint, Int32Array>();
  private readonly yieldToHost: () => Promise<void>;

  constructor(readonly kernel: Kernel, readonly host: DebugHost, options: DebuggerOptions = {}) {
    this.snaps = new Snapshots(kernel, host, options.limits ?? SNAPSHOT_LIMITS);
    this.patcher = new Patcher(kernel);
    this.yieldToHost = options.yieldToHost ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
    this.snaps.take();
  }

  /** Take every breakpoint trap out of the code frames (the next command sets them again): memory as the program has it. */
  clean(): void {
    this.patcher.disarm();
  }

  /** Stop a running command at the next slice (Ctrl-C). */
  interrupt(): void {
    this.interrupted = true;
  }

  // ---- Breakpoints and watchpoints

  /** The executables of the processes in the table, each once. */
  programs(): Executable[] {
    return [...new Set([...this.kernel.table.values()].map((p) => p.exe))];
  }

  /** A new breakpoint; null when no program has that location. */
  addBreakpoint(loc: Location, text: string, temp: boolean): Breakpoint | null {
    if (!this.programs().some((exe) => resolveIn(loc, exe) !== null)) return null;
    const b: Breakpoint = { id: this.nextId++, loc, text, temp, hits: 0 };
    this.breakpoints.push(b);
    this.changed();
    return b;
  }

  /** The breakpoints changed: the traps set now are the old ones (the next run sets the new ones). */
  private changed(): void {
    this.patcher.disarm();
    this.sites.clear();
  }

  addWatchpoint(pid: number, addr: number, len: number, text: string): Watchpoint {
    const w: Watchpoint = { id: this.nextId++, pid, addr, len, text, hits: 0 };
    this.watchpoints.push(w);
    return w;
  }

  /** Delete breakpoint or watchpoint id (every one without an id); false if there is no such one. */
  delete(id?: number): boolean {
    const before = this.breakpoints.length + this.watchpoints.length;
    const keep = <T extends { id: number }>(list: T[]): void => {
      const kept = list.filter((x) => id !== undefined && x.id !== id);
      list.splice(0, list.length, ...kept);
    };
    keep(this.breakpoints);
    keep(this.watchpoints);
    this.changed();
    return this.breakpoints.length + this.watchpoints.length < before;
  }

  // ---- Facts about processes

  process(pid: number): Process | undefined {
    return this.kernel.table.get(pid);
  }

  alive(pid: number): boolean {
    const p = this.kernel.table.get(pid);
    return p !== undefined && p.state !== 'zombie';
  }

  /** Instructions pid has executed so far (its CPU ticks). */
  cpu(pid: number): number {
    const k = this.kernel;
    const rec = k.table.get(pid)?.rec ?? k.acct.records().find((r) => r.pid === pid);
    return rec ? k.acct.total(rec, 'running', k.clock) : 0;
  }

  /** Instructions pid had executed at snapshot s (0 if it did not exist yet). */
  private cpuAt(s: Snapshot, pid: number): number {
    const table = s.state.table as Map<number, Process>;
    const acct = s.state.acct as Kernel['acct'];
    const p = table.get(pid);
    return p ? acct.total(p.rec, 'running', s.tick) : 0;
  }

  // ---- Commands: forward

  async continue(pid: number): Promise<Stop> {
    return this.report(await this.command({ user: true }), 'exited', pid);
  }

  /** n instructions of process pid (others run meanwhile as scheduled). */
  async step(pid: number, n: number): Promise<Stop> {
    return this.report(await this.command({ user: true, pid, count: this.cpu(pid) + n }), 'step', pid);
  }

  /** One instruction of pid, a `call` with everything it calls. */
  async next(pid: number): Promise<Stop> {
    const p = this.process(pid);
    const op = p && p.state !== 'zombie' ? peekWord(p, p.cpu.pc) : null;
    if (!p || op === null || ((op & 0xff) !== Op.CALL && (op & 0xff) !== Op.CALL_R)) return { ...(await this.step(pid, 1)), kind: 'next' };
    const back = p.cpu.pc + 4;
    const sp = p.cpu.regs[15];
    const internal: Internal = { sites: only(p.exe, [back]), when: (q) => q.pid === pid && q.cpu.regs[15] === sp, after: false };
    return this.report(await this.command({ user: true, pid, internal }), 'next', pid);
  }

  /** Run until pid returns from the function it is in: its next `ret` that does not leave the stack lower than now. */
  async finish(pid: number): Promise<Stop> {
    const p = this.process(pid);
    if (!p) return this.report({ why: 'gone', pid }, 'finish', pid);
    const sp = p.cpu.regs[15] >>> 0;
    const rets = [...instructionStarts(p.exe)].filter((a) => (codeWord(p.exe, a) & 0xff) === Op.RET);
    const internal: Internal = { sites: only(p.exe, rets), when: (q) => q.pid === pid && q.cpu.regs[15] >>> 0 >= sp, after: true };
    return this.report(await this.command({ user: true, pid, internal }), 'finish', pid);
  }

  // ---- Commands: to a point

  /** To the boundary of tick t (or the end of the run, if it ends before). */
  async goto(t: number, pid: number): Promise<Stop> {
    return this.report(await this.seekTick(t), 'goto', pid);
  }

  /** Back n instructions of pid: to the boundary after its instruction (c − n), or to its start. */
  async reverseStep(pid: number, n: number): Promise<Stop> {
    const target = this.cpu(pid) - n;
    if (target <= 0) return { ...(await this.toStart(pid)), kind: 'reverse-step' };
    await this.seekCount(pid, target);
    return this.report({ why: 'tick' }, 'reverse-step', pid);
  }

  /** Back one instruction of pid, or, if that was the `ret` of a call made here, back to before the `call`. */
  async reverseNext(pid: number): Promise<Stop> {
    const p = this.process(pid);
    const c = this.cpu(pid);
    if (!p || c <= 1) return { ...(await this.reverseStep(pid, 1)), kind: 'reverse-next' };
    const back = p.cpu.pc;
    const sp = p.cpu.regs[15];
    const call = back - 4;
    const callOp = codeWord(p.exe, call) & 0xff;
    await this.seekCount(pid, c - 1);
    const q = this.process(pid);
    const returned = q !== undefined && ((peekWord(q, q.cpu.pc) ?? 0) & 0xff) === Op.RET && instructionStarts(p.exe).has(call) && (callOp === Op.CALL || callOp === Op.CALL_R);
    if (returned) {
      const internal: Internal = { sites: only(p.exe, [call]), when: (r) => r.pid === pid && r.cpu.regs[15] === sp, after: false };
      const ev = await this.findLast((record) => ({ user: false, points: false, internal, record }), this.here);
      if (ev) {
        if (ev.count === 0) return { ...(await this.toStart(pid)), kind: 'reverse-next' };
        await this.seekCount(pid, ev.count);
      } else await this.seekCount(pid, c - 1);
    }
    return this.report({ why: 'tick' }, 'reverse-next', pid);
  }

  /** Back to the last breakpoint hit or watch change before here, or to tick 0. */
  async reverseContinue(pid: number): Promise<Stop> {
    const ev = await this.findLast((record) => ({ user: false, points: true, record }), this.here);
    if (!ev) {
      await this.seekTick(0);
      return { ...this.report({ why: 'tick' }, 'start', pid), start: true };
    }
    if (ev.kind === 'hit') {
      await this.seekHit(ev.tick, ev.pid);
      return this.report({ why: 'trap', pid: ev.pid, points: ev.points, internal: false }, 'breakpoint', ev.pid, false);
    }
    await this.seekTick(ev.tick);
    return this.report({ why: 'watch', pid: ev.pid, watch: ev.watch! }, 'watchpoint', ev.pid, false);
  }

  /** The start of pid's life: the boundary of the tick it was created at. */
  private async toStart(pid: number): Promise<Stop> {
    const rec = this.kernel.table.get(pid)?.rec;
    await this.seekTick(rec?.start ?? 0);
    return { ...this.report({ why: 'tick' }, 'reverse-step', pid), start: true };
  }

  // ---- Outcomes as stops

  /** A forward command: a fresh run that the user's Ctrl-C may interrupt. */
  private async command(goal: Goal): Promise<Outcome> {
    this.interrupted = false;
    return this.drive(goal);
  }

  /** The stop an outcome makes; pid is the process a stop at a boundary is about. Forward stops count breakpoint hits. */
  private report(o: Outcome, kind: StopKind, pid: number, forward = true): Stop {
    switch (o.why) {
      case 'tick': case 'step': return { kind, pid };
      case 'exited': return { kind: 'exited', pid };
      case 'halted': return { kind: 'halted', pid };
      case 'interrupted': return { kind: 'interrupted', pid };
      case 'brk': return { kind: 'brk', pid: o.pid };
      case 'fault': return { kind: 'fault', pid: o.pid };
      case 'gone': return { kind: 'exited', pid: o.pid };
      case 'after': return { kind, pid: o.pid };
      case 'watch': return { kind: 'watchpoint', pid: o.pid, watch: o.watch };
      case 'trap': {
        if (o.internal || o.points.length === 0) return { kind, pid: o.pid };
        const b = o.points[0];
        if (forward) {
          for (const x of o.points) x.hits++;
          for (const x of o.points) if (x.temp) this.delete(x.id);
        }
        return { kind: 'breakpoint', pid: o.pid, breakpoint: b };
      }
    }
  }

  // ---- Seeking: to a point of the run, from the nearest snapshot

  private restore(s: Snapshot): void {
    this.patcher.disarm();
    this.snaps.restore(s);
    this.here = { tick: s.tick, kind: 'tick', pid: 0 };
    this.resume = null;
  }

  /** Restore the latest snapshot at or before tick, unless going on from here is shorter. */
  private from(tick: number, target: Position['kind']): void {
    const s = this.snaps.latest(tick);
    const here = this.here;
    const ahead = earlier(here, { tick, kind: target }) || (here.tick === tick && here.kind === 'tick' && target === 'tick');
    if (!(ahead && here.tick >= s.tick)) this.restore(s);
  }

  async seekTick(t: number): Promise<Outcome> {
    this.from(t, 'tick');
    return this.drive({ tick: t, user: false });
  }

  /** To the boundary right after pid's count-th instruction. */
  private async seekCount(pid: number, count: number): Promise<void> {
    const s = this.snaps.latest(this.kernel.clock, (x) => this.cpuAt(x, pid) < count);
    if (!(this.here.tick >= s.tick && this.cpu(pid) < count && this.kernel.pendingFault === null)) this.restore(s);
    await this.drive({ pid, count, user: false });
  }

  private async seekHit(tick: number, pid: number): Promise<void> {
    this.from(tick, 'hit');
    await this.drive({ tick: tick + 1, hit: { tick, pid }, user: false, points: true });
  }

  /**
   * The last event (breakpoint hit, watch change, internal hit) a recording replay finds before position end:
   * replays interval after interval, latest first.
   */
  private async findLast(make: (record: Recorder) => Goal, end: Position): Promise<Event | null> {
    let to: Position = end;
    for (;;) {
      const s = this.snaps.latest(to.tick, (x) => earlier({ tick: x.tick, kind: 'tick' }, to));
      if (!earlier({ tick: s.tick, kind: 'tick' }, to)) return null;
      this.restore(s);
      const record = new Recorder(end);
      await this.drive({ ...make(record), tick: to.tick });
      if (record.last) return record.last;
      if (s.tick === 0) return null;
      to = { tick: s.tick, kind: 'tick', pid: 0 };
    }
  }

  // ---- Driving forward

  private liveWatches(): Watchpoint[] {
    return this.watchpoints.filter((w) => this.alive(w.pid));
  }

  private read(w: Watchpoint): Uint8Array | null {
    const p = this.process(w.pid);
    return p ? peek(p, w.addr, w.len) : null;
  }

  /** The page-table entries of a watchpoint's pages now; null if its process has exited. */
  private entries(w: Watchpoint): Int32Array | null {
    const p = this.process(w.pid);
    if (!p || p.state === 'zombie') return null;
    return p.space.pt.subarray(w.addr >>> PAGE_SHIFT, ((w.addr + w.len - 1) >>> PAGE_SHIFT) + 1);
  }

  /**
   * Whether a watched page may have been written since protect(): its entry changed (made writable again by a
   * write, mapped, copied on write, shared by fork), or its process exited. Called after every run segment.
   */
  private touched(ws: Watchpoint[]): boolean {
    for (const w of ws) {
      const was = this.guarded.get(w);
      const now = this.entries(w);
      if (now === null) {
        if (was !== undefined) return true;
        continue;
      }
      for (let k = 0; k < now.length; k++) if (now[k] !== was?.[k]) return true;
    }
    return false;
  }

  /** Write-protect the watched pages, and note their entries. */
  private protect(ws: Watchpoint[]): void {
    this.guarded.clear();
    for (const w of ws) {
      const pt = this.entries(w);
      if (pt === null) continue;
      for (let k = 0; k < pt.length; k++) if ((pt[k] & PTE_W) !== 0) pt[k] = (pt[k] & ~PTE_W) | PTE_SNAP;
      this.guarded.set(w, pt.slice());
    }
  }

  /** The first watchpoint whose value differs from ref (a process that has exited changes nothing), or -1. */
  private changedWatch(ws: Watchpoint[], ref: (Uint8Array | null)[]): number {
    return ws.findIndex((w, k) => this.alive(w.pid) && !same(this.read(w), ref[k]));
  }

  private snapshot(): void {
    const sites = this.patcher.sitesNow;
    this.patcher.disarm();
    this.snaps.take();
    if (sites) this.patcher.arm(sites);
  }

  /**
   * After a run segment wrote a watched page: replay the window since `from` (when the pages were last known
   * unwritten) one instruction of `culprit` at a time, and stop where a watched value changed. False, at tick
   * `to`, if none did.
   */
  private async locate(ws: Watchpoint[], ref: (Uint8Array | null)[], from: number, culprit: number, to: number): Promise<boolean> {
    const k = this.kernel;
    this.restore(this.snaps.latest(from));
    await this.drive({ tick: from, user: false });
    for (;;) {
      if (this.changedWatch(ws, ref) >= 0) return true;
      if (k.clock >= to) return false;
      const why = k.advance({ pid: culprit, steps: 1, tick: to, predicate: () => this.changedWatch(ws, ref) >= 0 });
      if (why === 'exited' || why === 'halted') return this.changedWatch(ws, ref) >= 0;
      if (why === 'host') await k.hostWait();
    }
  }

  private verdict(p: Process, goal: Goal): 'stop' | 'after' | 'pass' {
    const at = this.kernel.clock;
    if (goal.hit) return at === goal.hit.tick && p.pid === goal.hit.pid ? 'stop' : 'pass';
    const internal = goal.internal !== undefined && goal.internal.sites(p.exe).has(p.cpu.pc) && goal.internal.when(p);
    const user = (goal.user || goal.points === true) && this.userSites(p.exe).has(p.cpu.pc);
    if (!internal && !user) return 'pass';
    if (goal.record) {
      goal.record.push({ tick: at, kind: 'hit', pid: p.pid, count: this.cpu(p.pid), points: this.pointsAt(p) });
      return 'pass';
    }
    if (internal) return goal.internal!.after ? 'after' : 'stop';
    return this.resume?.tick === at && this.resume.pid === p.pid ? 'pass' : 'stop';
  }

  private pointsAt(p: Process): Breakpoint[] {
    return this.breakpoints.filter((b) => resolveIn(b.loc, p.exe) === p.cpu.pc);
  }

  /** Execute the instruction under p's trap (the original word put back for one step). */
  private stepOver(p: Process, brk: boolean): StopReason {
    const cache = p.space.code;
    const addr = p.cpu.pc;
    this.resume = { tick: this.kernel.clock, pid: p.pid };
    this.patcher.lift(p);
    try {
      return this.kernel.advance({ pid: p.pid, steps: 1, faults: true, brk });
    } finally {
      this.patcher.relay(cache, addr);
    }
  }

  /** Run the machine until the goal is met or something stops it; the position is updated. */
  private async drive(goal: Goal): Promise<Outcome> {
    const o = await this.run(goal);
    const k = this.kernel;
    if (o.why === 'trap') this.here = { tick: k.clock, kind: 'hit', pid: o.pid };
    else if (o.why === 'fault') this.here = { tick: k.clock, kind: 'fault', pid: o.pid };
    else if (o.why === 'exited' || o.why === 'halted') this.here = { tick: k.clock, kind: 'end', pid: 0 };
    else this.here = { tick: k.clock, kind: 'tick', pid: 0 };
    this.resume = o.why === 'trap' ? { tick: k.clock, pid: o.pid } : null;
    return o;
  }

  private async run(goal: Goal): Promise<Outcome> {
    const k = this.kernel;
    const traps = goal.user || goal.points === true;
    const internal = goal.internal;
    const sites: Sites | null =
      traps && this.breakpoints.length > 0
        ? internal ? (exe) => union(this.userSites(exe), internal.sites(exe)) : this.userSites
        : (internal?.sites ?? null);
    const watches = goal.user || (goal.points === true && goal.record !== undefined) ? this.liveWatches() : [];
    let ref = watches.map((w) => this.read(w));
    this.protect(watches);
    let checked = k.clock;
    let last = k.current?.pid ?? 0;
    let boundary = this.here.kind === 'tick';
    let lastTurn = k.clock;
    if (this.here.kind !== 'hit') this.resume = null;
    // The process of the goal ended the run by exiting: it was seen alive, and is not any more.
    let seen = goal.pid !== undefined && this.alive(goal.pid);
    const gone = (): boolean => {
      if (goal.pid === undefined) return false;
      if (this.alive(goal.pid)) seen = true;
      return seen && !this.alive(goal.pid);
    };
    for (;;) {
      // A watched page written in the last segment: find the instruction that changed a watched value, if any.
      if (watches.length > 0 && this.touched(watches)) {
        const to = k.clock;
        if (await this.locate(watches, ref, checked, last, to)) {
          const i = this.changedWatch(watches, ref);
          const now = watches.map((w) => this.read(w));
          const watch = { point: watches[i], old: ref[i], now: now[i] };
          if (!goal.record) {
            watches[i].hits++;
            return { why: 'watch', pid: k.current?.pid ?? last, watch };
          }
          goal.record.push({ tick: k.clock, kind: 'tick', pid: k.current?.pid ?? last, count: 0, points: [], watch });
          ref = now;
        }
        this.protect(watches);
        checked = k.clock;
        boundary = true;
      }
      if (boundary && this.snaps.due()) this.snapshot();
      if (goal.count !== undefined && this.cpu(goal.pid!) >= goal.count) return { why: 'step' };
      if (sites && this.patcher.sitesNow !== sites) this.patcher.arm(sites);
      if (!sites) this.patcher.disarm();
      // Only the interpreter reads the code frames, where the traps are.
      k.engine = sites ? ENGINES.interp : ENGINES[k.config.engine];
      const until: Until = { tick: Math.min(goal.tick ?? Infinity, this.snaps.nextMark(k.clock), k.clock + (watches.length > 0 ? WATCH_SLICE : SLICE)), faults: true, brk: goal.user };
      if (goal.count !== undefined) {
        until.pid = goal.pid;
        until.steps = goal.count - this.cpu(goal.pid!);
      }
      until.predicate = () => {
        last = k.current?.pid ?? last;
        return (watches.length > 0 && this.touched(watches)) || gone();
      };
      const why = k.advance(until);
      // The end comes at a boundary, after the predicate has seen the last segment: nothing watched can have
      // changed since (and a halted machine has given its processes' memory back).
      if (why === 'exited' || why === 'halted') return { why };
      boundary = why !== 'fault' && why !== 'host';
      if (why !== 'fault') last = k.current?.pid ?? last;
      else last = k.pendingFault!.pid;
      if (watches.length > 0 && this.touched(watches)) continue;
      checked = k.clock;
      switch (why) {
        case 'tick':
          if (goal.tick !== undefined && k.clock >= goal.tick) return { why: 'tick' };
          // The host's turn (Ctrl-C) every SLICE ticks, however short the slices: a turn costs more than a slice of compiled code.
          if (k.clock - lastTurn >= SLICE) {
            await this.yieldToHost();
            lastTurn = k.clock;
          }
          if (goal.user && this.interrupted) return { why: 'interrupted' };
          break;
        case 'steps': return { why: 'step' };
        case 'brk': return { why: 'brk', pid: last };
        case 'host': await k.hostWait(); break;
        case 'predicate': if (gone()) return { why: 'gone', pid: goal.pid! }; break;
        case 'fault': {
          const p = k.pendingFault!;
          if (!this.patcher.isTrap(p)) return { why: 'fault', pid: p.pid };
          k.pardon();
          const v = this.verdict(p, goal);
          if (v === 'stop') return { why: 'trap', pid: p.pid, points: this.pointsAt(p), internal: goal.internal?.sites(p.exe).has(p.cpu.pc) === true };
          const r = this.stepOver(p, goal.user);
          boundary = r !== 'fault' && r !== 'host';
          if (r === 'host') {
            await k.hostWait();
            break;
          }
          this.resume = null;
          if (r === 'exited' || r === 'halted') return { why: r };
          if (watches.length > 0 && this.touched(watches)) continue;
          checked = k.clock;
          if (r === 'fault') return { why: 'fault', pid: k.pendingFault!.pid };
          if (r === 'brk') return { why: 'brk', pid: p.pid };
          if (v === 'after') return { why: 'after', pid: p.pid };
          if (gone()) return { why: 'gone', pid: goal.pid! };
          break;
        }
      }
    }
  }
}

/** Sites in one executable only. */
function only(exe: Executable, addrs: number[]): Sites {
  const set = new Set(addrs);
  return (e) => (e === exe ? set : NOWHERE);
}

function union(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  return b.size === 0 ? a : a.size === 0 ? b : new Set([...a, ...b]);
}

function same(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, k) => x === b[k]);
}
