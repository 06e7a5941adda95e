// The kernel's mechanism: the process table, dispatch and the timer, traps, blocking and waking, exit.
//
// Control-transfer protocol (after xv6's sched/yield):
//   advance()    steps the machine. At every tick boundary, boundary() first applies what fell due there
//                (timed wakeups, arrivals, the policy's own events: a syscall's effects came before, as it
//                ran); then the running process leaves the CPU if it yielded, its slice is spent, or a
//                process that just became ready preempts it; then, if the CPU is free, the policy picks.
//   a segment    hands the CPU to the running process through the engine for at most the ticks to the next
//                boundary that can matter (end of slice, next timed event, a limit); the engine returns
//                on the budget, a trap (sys), a fault, a `brk`, or the entry function's return;
//   a trap       runs the system call at the end of the caller's tick; the kernel's work costs no tick.
// The policy only ever sees processes and events; registers and memory stay here. The machine's state is
// plain data (waits included), so that a debugger can copy it and replay from the copy.
import { Stop } from '../vm/cpu.js';
import { disassembleAt } from '../vm/disasm.js';
import { type Engine, ENGINES } from '../vm/engine.js';
import type { Executable } from '../vm/image.js';
import { sourceLine } from '../vm/image.js';
import { FramePool } from '../vm/memory.js';
import type { Fault, PageKind } from '../vm/mmu.js';
import { Errno, SYSCALLS } from '../vm/syscalls.js';
import { hex } from '../vm/text.js';
import { Accounting } from './accounting.js';
import type { EventType, FaultReport, HaltReport, KernelEvent } from './events.js';
import { type OpenFile, PAUSE, TerminalIn, TerminalOut } from './files.js';
import type { KernelHost } from './host.js';
import { type Image, Loader, startRegisters } from './loader.js';
import { CLOCK_LIMIT, type MachineOptions, OptionError, showSize } from './options.js';
import type { Policy, ReadyReason } from './policy.js';
import { Process, type State, type Wait, type WaitOn } from './process.js';
import { SYSCALL_HANDLERS } from './syscalls.js';

/** The options the mechanism reads (the policy got its own when it was made). */
export type KernelConfig = Pick<MachineOptions, 'ioLatency' | 'mem' | 'maxProcs' | 'maxFiles' | 'stack' | 'maxTicks' | 'engine'>;

/** Exit statuses of the whole machine that are not a process's (docs/CLI.md). */
export const MAX_TICKS_STATUS = 124;
export const DEADLOCK_STATUS = 125;

/** Settings a workload line gives its process (docs/CLI.md). */
export interface Settings {
  nice?: number;
  tickets?: number;
  length?: number;
}

/** A process a workload starts later: created at the start of tick `at`, before the dispatch decision there. */
interface Arrival {
  at: number;
  exe: Executable;
  argv: string[];
  settings: Settings;
}

/** When advance() must stop, besides the end of the machine and waits for the host. */
export interface Until {
  /** Stop when the clock reaches this tick, before anything runs at it. */
  tick?: number;
  /** Stop once process `pid` has executed `steps` more instructions (others run meanwhile as scheduled). */
  pid?: number;
  steps?: number;
  /** Stop after a `brk` instruction (pc past it). */
  brk?: boolean;
  /** Stop when a process faults, before it is killed, its registers readable; the next advance kills it. */
  faults?: boolean;
  /** Checked after every run segment and system call: stop when it says so. */
  predicate?: () => boolean;
}

/**
 * Why advance() returned: the machine ended ('exited': every process did; 'halted': --max-ticks or a
 * deadlock), it waits for the host ('host': await hostWait(), then advance again), or a limit of Until.
 */
export type StopReason = 'exited' | 'halted' | 'host' | 'tick' | 'steps' | 'brk' | 'fault' | 'predicate';

/** Most ticks one engine call runs: the engine's budget must be a small integer. */
const CHUNK = 1 << 30;

/** Ticks between looks at an interactive terminal while guests compute (host time, not virtual). */
const POLL_TICKS = 1 << 24;

/**
 * The machine's memory, reserved whole at start. A host with less address space to give (`ulimit -v`, a
 * small container, a browser tab) refuses a large --mem here: the user's value to change, not a crash.
 */
function reserve(bytes: number): FramePool {
  try {
    return new FramePool(bytes);
  } catch (e) {
    if (e instanceof RangeError) throw new OptionError(`--mem ${showSize(bytes)}: this host cannot reserve that much memory for the machine (${e.message})`);
    throw e;
  }
}

export class Kernel {
  clock = 0;
  idle = 0;
  switches = 0;
  instructions = 0;
  /** The process table: live processes and zombies not yet reaped, in pid order. */
  readonly table = new Map<number, Process>();
  /** The one bookkeeping of every process's time (statistics, timeline, pstat). */
  readonly acct = new Accounting();
  readonly pool: FramePool;
  readonly loader: Loader;
  /** The process holding the CPU between run segments, and the ticks left of its slice. */
  current: Process | null = null;
  private left = 0;
  /**
   * The tier that runs guest code (config.engine). The debugger puts the interpreter in while it has breakpoint
   * traps patched into code frames: compiled code is made from the executable and would not see them.
   */
  engine: Engine;
  private readonly maxTicks: number;
  private readonly listeners: { listener: (e: KernelEvent) => void; types: ReadonlySet<EventType> | null }[] = [];
  /** How many listeners want each event type: an event nobody wants costs nothing to not build. */
  private readonly wants = new Map<EventType, number>();
  private nextPid = 1;
  /** The pid that ran last, to tell a context switch from a re-dispatch. */
  private lastPid = 0;
  /** The process whose instructions are running, and the clock when its segment started, to stamp page faults. */
  private segment: Process | null = null;
  private segmentStart = 0;
  /** The machine's status once halted, else -1. */
  private halted = -1;
  /** Processes created and not yet exited. */
  private alive = 0;
  private readonly arrivals: Arrival[] = [];
  /** Blocked processes by what they wait for; timed waits (sleep, io) in `timers`. */
  private readonly waiting: Record<'child' | 'pipe' | 'input', Set<Process>> = { child: new Set(), pipe: new Set(), input: new Set() };
  private readonly timers = new Set<Process>();
  private retrying = false;
  private readonly pendingRetries = new Set<WaitOn>();
  /** Processes that became ready since the last boundary: each may preempt the running one. */
  private fresh: Process[] = [];
  /** A process faulted under Until.faults and is not yet killed. */
  private faulted: Process | null = null;
  /** A system call paused the machine to wait for the host; it runs again when advance resumes. */
  private paused: Process | null = null;
  /** Events raised while a system call runs, held back so that its `syscall` line comes first. */
  private deferred: KernelEvent[] | null = null;

  constructor(
    readonly config: KernelConfig,
    readonly host: KernelHost,
    readonly policy: Policy,
  ) {
    this.pool = reserve(config.mem);
    this.loader = new Loader(this.pool, config.stack);
    this.engine = ENGINES[config.engine];
    this.maxTicks = Math.min(config.maxTicks, CLOCK_LIMIT);
  }

  /** Listen to the event stream: every event, or only those of the given types. */
  on(listener: (e: KernelEvent) => void, types?: Iterable<EventType>): void {
    const set = types ? new Set(types) : null;
    this.listeners.push({ listener, types: set });
    for (const t of set ?? ALL_EVENTS) this.wants.set(t, (this.wants.get(t) ?? 0) + 1);
  }

  wanted(type: EventType): boolean {
    return this.wants.has(type);
  }

  emit(tick: number, type: EventType, pid: number | undefined, fields: Record<string, string | number> = {}, report?: KernelEvent['report']): void {
    if (!this.wants.has(type)) return;
    const e: KernelEvent = { tick, type, pid, fields, report };
    if (this.deferred) this.deferred.push(e);
    else this.deliver(e);
  }

  private deliver(e: KernelEvent): void {
    for (const { listener, types } of this.listeners) if (!types || types.has(e.type)) listener(e);
  }

  /** Processes that have not exited. */
  live(): Process[] {
    return [...this.table.values()].filter((p) => p.state !== 'zombie');
  }

  /** The command's exit status (docs/CLI.md): the machine's when it halted, else process 1's wait status. */
  status(): number {
    return this.halted >= 0 ? this.halted : (this.acct.records()[0]?.status ?? 0);
  }

  // ---- Creating processes

  /**
   * Create a process running exe with argv, child of parent (null for the processes the command line
   * or a workload starts). Its descriptors are the parent's, or the terminal's. A negative errno on failure.
   */
  create(exe: Executable, argv: string[], parent: Process | null, settings: Settings = {}): Process | number {
    if (this.table.size >= this.config.maxProcs) return -Errno.EAGAIN;
    const img = this.loader.image(exe, argv);
    if (typeof img === 'number') return img;
    const p = this.admit(exe, img, parent?.pid ?? 0, processName(argv[0] ?? ''), parent ? parent.fds : this.terminal(), (q) => {
      startRegisters(q.cpu, exe, img);
      q.nice = settings.nice ?? 0;
      q.tickets = settings.tickets ?? q.tickets;
      q.length = settings.length ?? Infinity;
    });
    this.settle(p, img, parent ? Math.max(0, this.clock - 1) : this.clock);
    return p;
  }

  /** A copy of parent sharing its pages copy-on-write; 0 in the child's r0. */
  fork(parent: Process): Process | number {
    if (this.table.size >= this.config.maxProcs) return -Errno.EAGAIN;
    return this.admit(parent.exe, { space: parent.space.fork(), sp: 0, argc: 0, faults: [] }, parent.pid, parent.name, parent.fds, (q) => {
      q.cpu.regs.set(parent.cpu.regs);
      q.cpu.regs[0] = 0;
      q.cpu.pc = parent.cpu.pc;
      q.nice = parent.nice;
      q.tickets = parent.tickets;
      q.length = parent.length;
    });
  }

  /** Replace p's program; its pid, parent, descriptors and accounting stay. 0, or a negative errno. */
  exec(p: Process, exe: Executable, argv: string[]): number {
    const img = this.loader.image(exe, argv);
    if (typeof img === 'number') return img;
    p.space.destroy();
    p.cpu.space = img.space;
    this.watchFaults(p);
    p.exe = exe;
    p.rec.name = processName(argv[0] ?? '');
    startRegisters(p.cpu, exe, img);
    this.emit(this.clock, 'exec', p.pid, { name: p.name });
    this.settle(p, img, Math.max(0, this.clock - 1));
    return 0;
  }

  /** A workload's process, created at the start of tick `at` (now or later). */
  arrive(at: number, exe: Executable, argv: string[], settings: Settings = {}): void {
    this.arrivals.push({ at, exe, argv, settings });
    this.arrivals.sort((a, b) => a.at - b.at);
  }

  /** Enter a new process into the table and the ready set. */
  private admit(exe: Executable, img: Image, ppid: number, name: string, fds: readonly (OpenFile | null)[], init: (p: Process) => void): Process {
    const pid = this.nextPid++;
    const p = new Process(pid, exe, img.space, this.acct.open(pid, ppid, name, this.clock));
    init(p);
    p.fds = fds.slice();
    for (const f of p.fds) if (f) f.refs++;
    this.table.set(pid, p);
    this.alive++;
    this.watchFaults(p);
    this.emit(this.clock, 'spawn', pid, { parent: ppid, name });
    this.makeReady(p, 'new');
    return p;
  }

  /** Count and trace the page faults laying out p's image took, at tick `at`, after the event that explains them. */
  private settle(p: Process, img: Image, at: number): void {
    for (const [page, kind] of img.faults) this.pageFault(p, page, kind, at);
  }

  private terminal(): OpenFile[] {
    const { stdin, stdout, stderr } = this.host;
    return [new TerminalIn(stdin), new TerminalOut(stdout), new TerminalOut(stderr)];
  }

  /** Count p's page faults, and trace them: inside an instruction at its tick, else at the system call's. */
  private watchFaults(p: Process): void {
    p.space.onPageFault = (page, kind) => {
      const tick = this.segment === p ? this.segmentStart + p.cpu.ran : Math.max(0, this.clock - 1);
      this.pageFault(p, page, kind, tick);
    };
  }

  private pageFault(p: Process, page: number, kind: PageKind, tick: number): void {
    p.rec.faults++;
    this.emit(tick, 'pagefault', p.pid, { page: page.toString(16), kind });
  }

  /** After the machine's state was replaced by a copy (the debugger's replay): hook every space up again. */
  reattach(): void {
    for (const p of this.table.values()) if (p.state !== 'zombie') this.watchFaults(p);
  }

  // ---- Running

  /** Run until every process has exited or the machine halts; the command's exit status (docs/CLI.md). */
  async run(): Promise<number> {
    try {
      for (;;) {
        // A person at a terminal may type while guests compute: look every so often (host time only).
        const why = this.advance(this.host.stdin.interactive ? { tick: this.clock + POLL_TICKS } : {});
        if (why === 'exited' || why === 'halted') break;
        if (why === 'host') await this.hostWait();
        else await new Promise((resolve) => setTimeout(resolve, 0));
        if (this.waiting.input.size > 0) this.retryWaits('input');
      }
    } finally {
      this.host.stdin.close();
    }
    return this.status();
  }

  /** What advance() returned 'host' for: output to drain, or input to come. */
  async hostWait(): Promise<void> {
    const { stdout, stderr, stdin } = this.host;
    if (stdout.congested) await stdout.drained();
    else if (stderr.congested) await stderr.drained();
    else await stdin.wait();
  }

  /** Step the machine until a reason to stop (see Until, StopReason). Never waits: see run(). */
  advance(until: Until = {}): StopReason {
    let steps = until.pid !== undefined ? (until.steps ?? Infinity) : Infinity;
    for (;;) {
      if (this.faulted) this.kill(this.faulted, this.faulted.cpu.fault, this.faulted.cpu.pc);
      if (this.halted >= 0) return 'halted';
      if (this.alive === 0 && this.arrivals.length === 0) return 'exited';
      if (this.paused) {
        const p = this.paused;
        this.paused = null;
        if (!this.syscall(p)) return 'host';
        continue;
      }
      if (this.clock >= this.maxTicks) {
        this.halt({ reason: this.clock >= this.config.maxTicks ? 'max-ticks' : 'clock-limit', status: MAX_TICKS_STATUS, waiting: [] });
        return 'halted';
      }
      if (until.tick !== undefined && this.clock >= until.tick) return 'tick';
      if (this.host.stdout.congested || this.host.stderr.congested) return 'host';
      this.boundary();
      const p = this.current;
      if (!p) {
        const why = this.idleStep(until);
        if (why) return why;
        continue;
      }
      let budget = Math.min(this.left, this.maxTicks - this.clock, this.nextEvent() - this.clock, CHUNK);
      if (until.tick !== undefined) budget = Math.min(budget, until.tick - this.clock);
      if (until.pid === p.pid) budget = Math.min(budget, steps);
      if (!(budget > 0)) throw new Error(`kernel: empty run segment at tick ${this.clock}`);
      p.cpu.breakOnBrk = until.brk === true;
      this.segment = p;
      this.segmentStart = this.clock;
      const stop = this.engine(p.cpu, budget);
      this.segment = null;
      const ran = p.cpu.ran;
      this.clock += ran;
      this.instructions += ran;
      this.left -= ran;
      if (until.pid === p.pid) steps -= ran;
      this.policy.ran(p, ran, this.clock);
      switch (stop) {
        case Stop.Budget: break;
        case Stop.Break: return 'brk';
        case Stop.Syscall:
          if (!this.syscall(p)) return 'host';
          break;
        case Stop.Exit: this.exit(p, p.cpu.regs[0] & 255); break;
        case Stop.Fault:
          if (until.faults) {
            this.faulted = p;
            return 'fault';
          }
          this.kill(p, p.cpu.fault, p.cpu.pc);
          break;
      }
      if (steps <= 0) return 'steps';
      if (until.predicate?.()) return 'predicate';
    }
  }

  /** The process that faulted under Until.faults, not yet killed; the debugger may pardon it (a breakpoint). */
  get pendingFault(): Process | null {
    return this.faulted;
  }

  pardon(): void {
    this.faulted = null;
  }

  /**
   * A tick boundary: what fell due joins the ready set (timed wakeups, then arrivals, by pid), the
   * policy's own event fires, the running process leaves the CPU if it must, and a free CPU is given out.
   */
  private boundary(): void {
    if (this.timers.size > 0) this.wakeTimed();
    while (this.arrivals.length > 0 && this.arrivals[0].at <= this.clock) {
      const a = this.arrivals.shift()!;
      const p = this.create(a.exe, a.argv, null, a.settings);
      if (typeof p === 'number') this.emit(this.clock, 'spawn', undefined, { name: processName(a.argv[0] ?? ''), error: -p });
    }
    let forced = false;
    if (this.policy.nextEvent && this.policy.nextEvent(this.clock) <= this.clock) {
      forced = this.policy.event!(this.clock, this.current?.state === 'running' ? this.current : null);
    }
    const p = this.current;
    let displaced: Process | null = null;
    if (p) {
      if (p.state !== 'running') this.current = null; // it blocked, stopped or exited in its last tick
      else if (p.yielding) this.leaveCpu(p, 'yield', 'yield');
      else if (this.left <= 0 || forced) this.leaveCpu(p, 'preempt', 'preempt');
      else if (this.fresh.length > 0 && this.preempted(p)) {
        displaced = p;
        this.leaveCpu(p, 'displaced', null);
      }
    }
    this.fresh = [];
    if (this.current) return;
    const picked = this.policy.pick(this.clock);
    if (!picked) return;
    const next = this.table.get(picked.pid);
    if (!next || next.state !== 'ready') throw new Error(`policy picked pid ${picked.pid}, which is not ready`);
    const draw = this.policy.drawn?.();
    if (draw) this.emit(this.clock, 'draw', undefined, { winner: draw.winner, ticket: draw.ticket, total: draw.total, random: draw.random });
    if (displaced) this.emit(this.clock, 'preempt', displaced.pid, { by: next.pid });
    this.dispatch(next);
  }

  /** Whether a process that became ready since the last boundary takes the CPU from p. */
  private preempted(p: Process): boolean {
    const preempts = this.policy.preempts;
    if (!preempts) return false;
    return this.fresh.some((q) => q.state === 'ready' && preempts.call(this.policy, q, p, this.clock));
  }

  /** The running process p goes back to the ready set. */
  private leaveCpu(p: Process, why: ReadyReason, event: 'yield' | 'preempt' | null): void {
    p.yielding = false;
    this.current = null;
    this.setState(p, 'ready');
    if (event) this.emit(this.clock, event, p.pid);
    this.policy.ready(p, why, this.clock);
  }

  private dispatch(p: Process): void {
    if (p.rec.firstRun < 0) p.rec.firstRun = this.clock;
    if (this.lastPid !== 0 && this.lastPid !== p.pid) {
      this.switches++;
      p.rec.switches++;
      this.emit(this.clock, 'switch', undefined, { from: this.lastPid, to: p.pid });
    }
    this.lastPid = p.pid;
    this.setState(p, 'running');
    this.emit(this.clock, 'dispatch', p.pid);
    this.current = p;
    this.left = this.policy.quantum(p);
  }

  /** Nobody runs: jump the clock to the next timed event, wait for the host's input, or report a deadlock. */
  private idleStep(until: Until): StopReason | null {
    const next = this.nextEvent();
    if (next < Infinity) {
      const to = Math.min(next, this.maxTicks, until.tick ?? Infinity);
      this.idle += to - this.clock;
      this.clock = to;
      return null;
    }
    if (this.waiting.input.size > 0) return 'host';
    if (this.alive === 0 && this.arrivals.length === 0) return 'exited'; // the last arrival could not start
    this.halt({
      reason: 'deadlock',
      status: DEADLOCK_STATUS,
      waiting: this.live().map((q) => ({ pid: q.pid, name: q.name, on: q.state === 'stopped' ? 'stopped' : (q.wait?.on ?? '?') })),
    });
    return 'halted';
  }

  /** The tick of the next thing due on its own: a timed wakeup, an arrival, the policy's event; Infinity if none. */
  private nextEvent(): number {
    let next = this.arrivals.length > 0 ? this.arrivals[0].at : Infinity;
    for (const q of this.timers) if (q.wait!.until! < next) next = q.wait!.until!;
    if (this.policy.nextEvent) next = Math.min(next, this.policy.nextEvent(this.clock));
    return next;
  }

  /**
   * The machine stops with processes alive (--max-ticks, deadlock): their frames and descriptors go back,
   * they stay in their states, so the statistics show them as not exited.
   */
  private halt(report: HaltReport): void {
    this.halted = report.status;
    this.emit(this.clock, 'halt', undefined, { reason: report.reason, status: report.status }, report);
    for (const p of this.live()) this.dropResources(p);
  }

  // ---- System calls, blocking and waking

  /** Run p's system call at the end of its tick. False if it paused the machine to wait for the host. */
  private syscall(p: Process): boolean {
    const n = p.cpu.sysno;
    const handler = n >= 0 ? SYSCALL_HANDLERS[n] : undefined;
    const traced = this.wanted('syscall');
    if (traced) this.deferred = [];
    const result = handler ? handler(this, p, p.cpu.regs, null) : -Errno.ENOSYS;
    if (result === PAUSE) {
      this.deferred = null;
      this.paused = p;
      return false;
    }
    if (result !== null) p.cpu.regs[0] = result;
    if (traced) {
      const effects = this.deferred!;
      this.deferred = null;
      this.emit(this.clock - 1, 'syscall', p.pid, { name: SYSCALLS[n] ?? String(n), ret: result ?? '-' });
      for (const e of effects) this.deliver(e);
    }
    return true;
  }

  /**
   * Block p from now on (or, when a retry must go on waiting, just note its progress). The wait ends
   * when a retry of its call completes, or at `until` for a timed one.
   */
  block(p: Process, wait: Wait): null {
    const again = p.state === 'blocked';
    p.wait = wait;
    this.register(p);
    if (!again) {
      this.setState(p, 'blocked');
      this.emit(this.clock, 'block', p.pid, { on: wait.on });
    }
    return null;
  }

  private register(p: Process): void {
    const w = p.wait!;
    if (w.until !== undefined) this.timers.add(p);
    else this.waiting[w.on as 'child' | 'pipe' | 'input'].add(p);
  }

  private unregister(p: Process): void {
    if (!p.wait) return;
    if (p.wait.until !== undefined) this.timers.delete(p);
    else this.waiting[p.wait.on as 'child' | 'pipe' | 'input'].delete(p);
  }

  /** Make a blocked process ready with the result of its system call: the one way a wait ends. */
  private wake(p: Process, result: number): void {
    const timed = p.wait?.until !== undefined;
    this.unregister(p);
    p.wait = null;
    p.cpu.regs[0] = result;
    this.emit(this.clock, 'wake', p.pid);
    this.makeReady(p, timed ? 'io' : 'wake');
  }

  /** Try to complete p's blocked call again; it wakes if the call completes. */
  private retry(p: Process): void {
    const w = p.wait!;
    if (w.until !== undefined) {
      if (w.until <= this.clock) this.wake(p, w.result ?? 0);
      return;
    }
    // Taken out first, so that a pass of retries the call itself asks for cannot retry it again.
    this.unregister(p);
    p.wait = null;
    const r = SYSCALL_HANDLERS[p.cpu.sysno]!(this, p, p.cpu.regs, w);
    if (p.state !== 'blocked') return; // the call ended the process (killed for want of memory)
    if (r === null || r === PAUSE) {
      p.wait ??= w;
      this.register(p);
    } else this.wake(p, r);
  }

  /** Wake, in pid order, every process whose timed wait ends by now. */
  private wakeTimed(): void {
    const due = [...this.timers].filter((q) => q.wait!.until! <= this.clock);
    for (const q of due.sort((a, b) => a.pid - b.pid)) this.wake(q, q.wait!.result ?? 0);
  }

  /**
   * Retry, in pid order, the calls of processes blocked on something that may have changed. A retry may
   * itself change things (a read frees pipe space for a writer): such requests are served by further
   * passes, never by re-entering a pass that is still running.
   */
  retryWaits(on: WaitOn): void {
    this.pendingRetries.add(on);
    if (this.retrying) return;
    this.retrying = true;
    while (this.pendingRetries.size > 0) {
      const kinds = [...this.pendingRetries];
      this.pendingRetries.clear();
      for (const kind of kinds) {
        const set = this.waiting[kind as 'child' | 'pipe' | 'input'];
        if (!set) continue;
        for (const q of [...set].sort((a, b) => a.pid - b.pid)) if (q.state === 'blocked' && q.wait) this.retry(q);
      }
    }
    this.retrying = false;
  }

  /** p (not running) joins the ready set, and may preempt the running process at this boundary. */
  private makeReady(p: Process, why: ReadyReason): void {
    this.setState(p, 'ready');
    this.policy.ready(p, why, this.clock);
    this.fresh.push(p);
  }

  /** The one place a process changes state: its record closes the span it was in. */
  private setState(p: Process, state: State): void {
    this.acct.enter(p.rec, state, this.clock, state === 'blocked' ? (p.wait?.on ?? null) : null);
    p.state = state;
  }

  /** Suspend p (STOP); a blocked process keeps its wait, to resume it on CONT. */
  stop(p: Process): void {
    if (p.state === 'zombie' || p.state === 'stopped') return;
    if (p.state === 'ready') this.policy.remove(p);
    if (p.state === 'blocked') this.unregister(p);
    this.setState(p, 'stopped');
    this.emit(this.clock, 'stop', p.pid);
  }

  /** Resume a stopped process: ready, or blocked again if what it waited for has not come. */
  cont(p: Process): void {
    if (p.state !== 'stopped') return;
    this.emit(this.clock, 'cont', p.pid);
    const w = p.wait;
    if (!w) {
      this.makeReady(p, 'wake');
      return;
    }
    this.setState(p, 'blocked');
    this.emit(this.clock, 'block', p.pid, { on: w.on });
    this.register(p);
    this.retry(p);
  }

  // ---- Faults and exit

  /** Kill p for a fault of the instruction at pc (or of the kernel's access for its system call there). */
  kill(p: Process, fault: Fault, pc: number): void {
    if (this.faulted === p) this.faulted = null;
    const inCode = pc >= p.exe.codeAddr && pc < p.exe.codeAddr + p.exe.code.length;
    const at = inCode ? sourceLine(p.exe, pc) : null;
    const report: FaultReport = {
      pid: p.pid, name: p.name, signal: fault.signal, detail: fault.detail, pc,
      file: at?.file ?? null, line: at?.line ?? 0, instr: inCode ? disassembleAt(p.exe, pc) : null,
    };
    this.emit(this.clock, 'fault', p.pid, { signal: fault.signal, addr: hex(fault.addr) }, report);
    this.exit(p, 128 + fault.signal);
  }

  /** End p with a wait status: free its memory and descriptors, leave a zombie, tell its parent. */
  exit(p: Process, status: number): void {
    if (p.state === 'zombie') return;
    if (p.state === 'ready') this.policy.remove(p);
    if (p.state === 'blocked') this.unregister(p);
    p.wait = null;
    if (this.paused === p) this.paused = null;
    this.policy.exited(p);
    const hadPipes = this.dropResources(p);
    this.alive--;
    this.acct.finish(p.rec, status, this.clock);
    p.state = 'zombie';
    this.emit(this.clock, 'exit', p.pid, { status });
    // Orphans go to process 1; once it has exited too, nobody will wait for them: reap them.
    const init = this.table.get(1);
    const initGone = !init || init.state === 'zombie';
    for (const child of [...this.table.values()]) {
      if (child.ppid !== p.pid) continue;
      child.rec.ppid = 1;
      if (child.state === 'zombie' && initGone) this.reap(child);
    }
    const parent = this.table.get(p.ppid);
    if (p.ppid !== 0 && (!parent || parent.state === 'zombie')) this.reap(p);
    // The parent, or process 1 having adopted zombies, may be waiting for exactly this.
    this.retryWaits('child');
    if (hadPipes) this.retryWaits('pipe');
  }

  /** Remove a zombie from the table: only its record stays. */
  reap(p: Process): void {
    this.table.delete(p.pid);
    this.acct.reaped(p.rec);
  }

  /** Close p's descriptors and free its memory; whether it held a pipe end (others may wait on it). */
  private dropResources(p: Process): boolean {
    const hadPipes = p.fds.some((f) => f?.kind === 'pipe');
    for (const f of p.fds) if (f && --f.refs === 0) f.close();
    p.fds = [];
    p.space.destroy();
    return hadPipes;
  }
}

const ALL_EVENTS: readonly EventType[] = [
  'spawn', 'dispatch', 'preempt', 'yield', 'block', 'wake', 'stop', 'cont', 'exit', 'switch', 'draw', 'syscall', 'fault', 'pagefault', 'exec', 'halt',
];

/** The name a process is shown by: its program's file name without directory or extension. */
export function processName(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.(asm|qx)$/, '') || base;
}
