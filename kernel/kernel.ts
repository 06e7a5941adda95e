// The kernel's mechanism: process table, dispatch and the timer, traps, blocking and waking, exit.
//
// Control-transfer protocol (after xv6's sched/yield):
//   run()        picks the next process from the policy and dispatches it;
//   slice(p)     hands the CPU to p through the interpreter for at most the rest of its quantum;
//                the interpreter returns on the timer (budget spent), a trap (sys), a fault or exit;
//   on a trap    the kernel runs the system call at the end of the caller's tick; if the caller is
//                still running and has quantum left, slice() resumes it, else control returns to run().
// The policy only ever sees processes and events; registers and memory stay here.
import { DEFAULT_ENGINE, type Engine, ENGINES, type EngineName } from '../vm/engine.js';
import { Stop } from '../vm/cpu.js';
import type { Executable } from '../vm/image.js';
import { sourceLine } from '../vm/image.js';
import { FramePool } from '../vm/memory.js';
import { AddressSpace, CodeCache, hex, type PageKind } from '../vm/mmu.js';
import { EXIT_ADDR, STACK_TOP } from '../vm/layout.js';
import { Errno, Signal, SYSCALLS } from '../vm/syscalls.js';
import { disassembleAt } from '../vm/disasm.js';
import { type KernelEvent, type EventType } from './events.js';
import { type OpenFile, TerminalIn, TerminalOut } from './files.js';
import type { HostInput, Sink } from './io.js';
import type { Policy } from './policy.js';
import { DEFAULT_POLICY, knobDefaults, POLICIES } from './policies/index.js';
import { Process, type Wait } from './process.js';
import { SYSCALL_TABLE } from './syscalls.js';

export interface KernelOptions {
  policy: string;
  quantum: number;
  seed: number;
  ioLatency: number;
  root: string;
  mem: number; // bytes of physical memory
  maxProcs: number;
  maxFiles: number; // descriptors per process
  stack: number; // stack limit in bytes
  maxTicks: number; // Infinity for no limit
  engine: EngineName; // which execution tier runs guest code
  knobs: Record<string, number>; // policy knobs given on the command line
  /** Load the program a guest path names (found at hostPath) for spawn and exec: the kernel knows no assembler. */
  loadProgram: (hostPath: string, guestPath: string) => Executable | number;
  stdin: HostInput;
  stdout: Sink;
  stderr: Sink;
}

export const DEFAULTS = {
  policy: DEFAULT_POLICY,
  quantum: 10_000,
  seed: 1,
  ioLatency: 0,
  mem: 64 << 20,
  maxProcs: 64,
  maxFiles: 16,
  stack: 1 << 20,
  maxTicks: Infinity,
  engine: DEFAULT_ENGINE,
} as const;

/** A new address space with argv laid out; settle() starts tracing its faults, those of the layout first. */
interface Image {
  space: AddressSpace;
  sp: number;
  settle: () => void;
}

/** Most argv bytes (strings and pointers) a process may start with. */
export const MAX_ARGV_BYTES = 64 * 1024;

/** Exit statuses of the whole machine that are not a process's (SPEC §4, §6). */
export const MAX_TICKS_STATUS = 124;
export const DEADLOCK_STATUS = 125;

const SIGNAL_NAMES: Record<number, string> = {
  [Signal.ILL]: 'illegal instruction',
  [Signal.BUS]: 'bus error',
  [Signal.FPE]: 'arithmetic fault',
  [Signal.KILL]: 'killed',
  [Signal.SEGV]: 'segmentation fault',
};

/** Run chunk for a policy without preemption: the interpreter's budget must be a finite number. */
const CHUNK = 1 << 30;

export class Kernel {
  clock = 0;
  idle = 0;
  switches = 0;
  instructions = 0;
  /** The process table: live processes and zombies not yet reaped. */
  readonly table = new Map<number, Process>();
  /** Every process ever created, for the statistics. */
  readonly all: Process[] = [];
  readonly pool: FramePool;
  readonly policy: Policy;
  private readonly caches = new Map<Executable, CodeCache>();
  private readonly engine: Engine;
  private readonly listeners: ((e: KernelEvent) => void)[] = [];
  private nextPid = 1;
  private last: Process | null = null;
  /** The process on the CPU during an interpreter run, else null. */
  private running: Process | null = null;
  /** Clock at the start of the current interpreter run, to stamp page faults inside it. */
  private segmentStart = 0;
  private halted = -1;
  /** Processes in a timed wait (sleep, io), so that wakeups need no scan of the table. */
  private readonly timers = new Set<Process>();
  /** Processes created and not yet exited. */
  private alive = 0;
  private retrying = false;
  private readonly pendingRetries = new Set<Wait['on']>();
  /** Events raised while a system call runs, held back so that the `syscall` line comes first. */
  private deferred: KernelEvent[] | null = null;

  constructor(readonly options: KernelOptions) {
    const policy = POLICIES[options.policy];
    if (!policy) throw new Error(`unknown policy '${options.policy}'`);
    this.policy = policy.create({ quantum: options.quantum, seed: options.seed, knobs: { ...knobDefaults(), ...options.knobs } });
    this.pool = new FramePool(options.mem);
    this.engine = ENGINES[options.engine];
  }

  on(listener: (e: KernelEvent) => void): void {
    this.listeners.push(listener);
  }

  emit(tick: number, type: EventType, pid: number | undefined, fields?: Record<string, string | number>): void {
    if (this.listeners.length === 0) return;
    const e: KernelEvent = { tick, type, pid, fields: fields ?? {} };
    if (this.deferred) this.deferred.push(e);
    else for (const l of this.listeners) l(e);
  }

  /** Processes that have not exited. */
  live(): Process[] {
    return [...this.table.values()].filter((p) => p.state !== 'zombie');
  }

  /** A fresh address space for exe with argv on its stack, or a negative errno. */
  private image(exe: Executable, argv: string[], pid: number): Image | number {
    let cache = this.caches.get(exe);
    if (!cache) {
      cache = new CodeCache(exe, this.pool);
      this.caches.set(exe, cache);
    }
    const space = new AddressSpace(this.pool, cache, this.options.stack);
    // Faults from laying out argv are traced after the spawn or exec line that explains them.
    const faults: [number, PageKind][] = [];
    space.onPageFault = (page, kind) => faults.push([page, kind]);
    const sp = space.fits() ? this.setupStack(space, argv) : -Errno.ENOMEM;
    if (sp < 0) {
      space.destroy();
      return sp;
    }
    return { space, sp, settle: () => {
      this.traceFaults(space, pid);
      for (const [page, kind] of faults) space.onPageFault!(page, kind);
    } };
  }

  /** Registers of a process starting exe: argc, argv, sp at the return address, the rest zero. */
  private start(p: Process, exe: Executable, argc: number, sp: number): void {
    p.cpu.regs.fill(0);
    p.cpu.pc = exe.entry;
    p.cpu.regs[1] = argc;
    p.cpu.regs[2] = sp + 4;
    p.cpu.regs[15] = sp;
  }

  /** Enter a new process into the table and the ready set. */
  private admit(p: Process, fds: readonly (OpenFile | null)[]): Process {
    p.fds = fds.slice();
    for (const f of p.fds) if (f) f.refs++;
    this.table.set(p.pid, p);
    this.all.push(p);
    this.nextPid++;
    this.alive++;
    this.emit(this.clock, 'spawn', p.pid, { parent: p.ppid, name: p.name });
    this.policy.ready(p, 'new', this.clock);
    return p;
  }

  /**
   * Create a process running exe with argv, child of parent (null for the processes the command
   * line loads). Its descriptors are the parent's, or the terminal's. Returns a negative errno on failure.
   */
  create(exe: Executable, argv: string[], parent: Process | null): Process | number {
    if (this.table.size >= this.options.maxProcs) return -Errno.EAGAIN;
    const img = this.image(exe, argv, this.nextPid);
    if (typeof img === 'number') return img;
    const p = new Process(this.nextPid, parent?.pid ?? 0, processName(argv[0] ?? ''), exe, img.space, this.clock);
    this.start(p, exe, argv.length, img.sp);
    this.admit(p, parent ? parent.fds : this.terminal());
    img.settle();
    return p;
  }

  /** A copy of parent sharing its pages copy-on-write; 0 in the child's r0. */
  fork(parent: Process): Process | number {
    if (this.table.size >= this.options.maxProcs) return -Errno.EAGAIN;
    const p = new Process(this.nextPid, parent.pid, parent.name, parent.exe, parent.space.fork(), this.clock);
    this.traceFaults(p.space, p.pid);
    p.cpu.regs.set(parent.cpu.regs);
    p.cpu.regs[0] = 0;
    p.cpu.pc = parent.cpu.pc;
    p.nice = parent.nice;
    p.tickets = parent.tickets;
    return this.admit(p, parent.fds);
  }

  /** Replace p's program; its pid, parent, descriptors and accounting stay. 0, or a negative errno. */
  exec(p: Process, exe: Executable, argv: string[]): number {
    const img = this.image(exe, argv, p.pid);
    if (typeof img === 'number') return img;
    p.faultsBefore += p.space.faults;
    p.space.destroy();
    p.cpu.space = img.space;
    p.exe = exe;
    p.name = processName(argv[0] ?? '');
    this.start(p, exe, argv.length, img.sp);
    this.emit(this.clock, 'exec', p.pid, { name: p.name });
    img.settle();
    return 0;
  }

  private terminal(): (TerminalIn | TerminalOut)[] {
    return [new TerminalIn(this.options.stdin), new TerminalOut(this.options.stdout), new TerminalOut(this.options.stderr)];
  }

  /** Trace the page faults of pid's space: inside an instruction at its tick, else at the system call's. */
  private traceFaults(space: AddressSpace, pid: number): void {
    space.onPageFault = (page: number, kind: PageKind) => {
      const running = this.running;
      const tick = running?.pid === pid ? this.segmentStart + running.cpu.ran : Math.max(0, this.clock - 1);
      this.emit(tick, 'pagefault', pid, { page: page.toString(16), kind });
    };
  }

  /**
   * Lay out argv at the top of the stack: the strings, then the zero-terminated pointer array,
   * then the return address to the exit trampoline. Returns sp, or a negative errno.
   */
  private setupStack(space: AddressSpace, argv: string[]): number {
    const enc = new TextEncoder();
    const strings = argv.map((a) => enc.encode(a + '\0'));
    const bytes = strings.reduce((n, s) => n + s.length, 0) + 4 * (argv.length + 2) + 4;
    if (bytes > MAX_ARGV_BYTES) return -Errno.EINVAL;
    let top = STACK_TOP;
    const ptrs: number[] = [];
    for (const s of strings) {
      top -= s.length;
      ptrs.push(top);
    }
    top &= ~3;
    const table = new Int32Array(argv.length + 2);
    table[0] = EXIT_ADDR;
    ptrs.forEach((ptr, k) => (table[k + 1] = ptr));
    const sp = top - 4 * table.length;
    const image = new Uint8Array(STACK_TOP - sp);
    image.set(new Uint8Array(table.buffer), 0);
    let at = STACK_TOP;
    for (const s of strings) {
      at -= s.length;
      image.set(s, at - sp);
    }
    if (!space.write(sp, image)) return -Errno.ENOMEM;
    return sp;
  }

  /** Run until every process has exited; returns the command's exit status (SPEC §6). */
  async run(): Promise<number> {
    try {
      while (this.halted < 0 && this.alive > 0) {
        if (this.clock >= this.options.maxTicks) {
          this.halt(MAX_TICKS_STATUS, `quanta: stopped at tick ${this.clock} (--max-ticks)`);
          break;
        }
        const next = this.policy.pick(this.clock) as Process | null;
        if (next) this.slice(next);
        else await this.idleUntilSomethingHappens();
      }
    } finally {
      this.options.stdin.close();
    }
    if (this.halted >= 0) {
      this.release();
      return this.halted;
    }
    const first = this.all[0];
    return first ? first.status : 0;
  }

  /**
   * The machine stopped with processes alive (--max-ticks, deadlock): give back their frames and
   * descriptors. They stay in their states, so the statistics show them as not exited.
   */
  private release(): void {
    for (const p of this.live()) this.dropResources(p);
  }

  /** Close p's descriptors and free its memory; whether it held a pipe end (others may wait on it). */
  private dropResources(p: Process): boolean {
    const hadPipes = p.fds.some((f) => f?.kind === 'pipe');
    for (const f of p.fds) if (f && --f.refs === 0) f.close();
    p.fds = [];
    p.space.destroy();
    return hadPipes;
  }

  private halt(status: number, message: string): void {
    this.halted = status;
    this.say(message);
  }

  /** A line from the kernel on the host's stderr (faults, halts). */
  say(line: string): void {
    this.options.stderr.write(new TextEncoder().encode(line + '\n'));
  }

  private dispatch(p: Process): void {
    if (p.firstRun < 0) p.firstRun = this.clock;
    if (this.last !== null && this.last !== p) {
      this.switches++;
      p.switches++;
      this.emit(this.clock, 'switch', undefined, { from: this.last.pid, to: p.pid });
    }
    this.last = p;
    p.enter('running', this.clock);
    this.emit(this.clock, 'dispatch', p.pid);
  }

  /** Give p the CPU for one quantum, handling its traps, until it is preempted, blocks or ends. */
  private slice(p: Process): void {
    this.dispatch(p);
    let left = this.policy.quantum(p);
    while (p.state === 'running') {
      // Timed waits that end now join the ready set (after what a system call made ready), never
      // preempting p; the run below stops at the next one so that it is woken at its exact tick.
      this.wakeTimed();
      if (this.clock >= this.options.maxTicks) return;
      if (left <= 0) {
        this.preempt(p, 'preempt');
        return;
      }
      const budget = Math.min(left, this.options.maxTicks - this.clock, this.nextTimer() - this.clock, CHUNK);
      this.segmentStart = this.clock;
      this.running = p;
      const stop = this.engine(p.cpu, budget);
      this.running = null;
      const ran = p.cpu.ran;
      this.clock += ran;
      this.instructions += ran;
      p.cpuTicks += ran;
      left -= ran;
      this.policy.ran(p, ran, this.clock);
      switch (stop) {
        case Stop.Budget: case Stop.Break: break;
        case Stop.Syscall: this.syscall(p); break;
        case Stop.Exit: this.exit(p, p.cpu.regs[0] & 255); break;
        case Stop.Fault: this.fault(p); break;
      }
    }
  }

  /** The tick at which the earliest timed wait ends; Infinity if none. */
  private nextTimer(): number {
    let next = Infinity;
    for (const q of this.timers) if (q.state === 'blocked' && q.wait!.until! < next) next = q.wait!.until!;
    return next;
  }

  /** The running process goes back to the ready set, after those woken at this tick. */
  preempt(p: Process, why: 'preempt' | 'yield'): void {
    this.wakeTimed();
    p.enter('ready', this.clock);
    this.emit(this.clock, why, p.pid);
    this.policy.ready(p, why, this.clock);
  }

  private syscall(p: Process): void {
    const n = p.cpu.sysno;
    const handler = n >= 0 ? SYSCALL_TABLE[n] : undefined;
    const traced = this.listeners.length > 0;
    if (traced) this.deferred = [];
    const result = handler ? handler(this, p, p.cpu.regs) : -Errno.ENOSYS;
    if (result !== null) p.cpu.regs[0] = result;
    if (!traced) return;
    const effects = this.deferred!;
    this.deferred = null;
    this.emit(this.clock - 1, 'syscall', p.pid, { name: SYSCALLS[n] ?? String(n), ret: result ?? '-' });
    for (const e of effects) for (const l of this.listeners) l(e);
  }

  /** Block the running process p from now on; the wait's retry completes its call later. */
  block(p: Process, wait: Wait): null {
    p.wait = wait;
    if (wait.until !== undefined) this.timers.add(p);
    p.enter('blocked', this.clock);
    this.emit(this.clock, 'block', p.pid, { on: wait.on });
    return null;
  }

  /** Suspend p (SIGSTOP); a blocked process keeps its wait, to resume it on CONT. */
  stop(p: Process): void {
    if (p.state === 'zombie' || p.state === 'stopped') return;
    if (p.state === 'ready') this.policy.remove(p);
    p.enter('stopped', this.clock);
    this.emit(this.clock, 'stop', p.pid);
  }

  /** Resume a stopped process: ready, or blocked again if what it waited for has not come. */
  cont(p: Process): void {
    if (p.state !== 'stopped') return;
    this.emit(this.clock, 'cont', p.pid);
    const w = p.wait;
    if (!w) {
      p.enter('ready', this.clock);
      this.policy.ready(p, 'wake', this.clock);
      return;
    }
    p.enter('blocked', this.clock);
    this.emit(this.clock, 'block', p.pid, { on: w.on });
    const done = w.until !== undefined ? (w.until <= this.clock ? (w.retry?.() ?? 0) : null) : (w.retry?.() ?? null);
    if (done !== null) this.wake(p, done);
  }

  /** Make a blocked process ready with the result of its system call. */
  wake(p: Process, result: number): void {
    p.cpu.regs[0] = result;
    p.wait = null;
    this.timers.delete(p);
    p.enter('ready', this.clock);
    this.emit(this.clock, 'wake', p.pid);
    this.policy.ready(p, 'wake', this.clock);
  }

  /** Wake, in pid order, every process whose timed wait ends by now. */
  private wakeTimed(): void {
    if (this.timers.size === 0) return;
    const due = [...this.timers].filter((q) => q.state === 'blocked' && q.wait!.until! <= this.clock);
    for (const q of due.sort((a, b) => a.pid - b.pid)) this.wake(q, q.wait!.retry?.() ?? 0);
  }

  /**
   * Retry, in pid order, the calls of processes blocked on something that may have changed. A retry
   * may itself change things (a read frees pipe space for a writer): such requests are queued and
   * served by further passes, never by re-entering a retry that is still running.
   */
  retryWaits(on: Wait['on']): void {
    this.pendingRetries.add(on);
    if (this.retrying) return;
    this.retrying = true;
    while (this.pendingRetries.size > 0) {
      const kinds = new Set(this.pendingRetries);
      this.pendingRetries.clear();
      for (const q of this.table.values()) {
        if (q.state !== 'blocked' || !q.wait?.retry || !kinds.has(q.wait.on)) continue;
        const r = q.wait.retry();
        if (r !== null && q.state === 'blocked') this.wake(q, r);
      }
    }
    this.retrying = false;
  }

  /** Nobody is ready: jump the clock to the next timed event, wait for host input, or report a deadlock. */
  private async idleUntilSomethingHappens(): Promise<void> {
    const next = this.nextTimer();
    if (next < Infinity) {
      const to = Math.min(next, this.options.maxTicks);
      this.idle += to - this.clock;
      this.clock = to;
      this.wakeTimed();
      return;
    }
    const blocked = this.live().filter((q) => q.state === 'blocked');
    if (blocked.some((q) => q.wait?.on === 'input')) {
      await this.options.stdin.wait();
      this.retryWaits('input');
      return;
    }
    const who = this.live().map((q) => `[${q.pid} ${q.name}] ${q.state === 'stopped' ? 'stopped' : `waits for ${q.wait?.on ?? '?'}`}`);
    this.halt(DEADLOCK_STATUS, `quanta: deadlock at tick ${this.clock}: ${who.join('; ')}`);
  }

  private fault(p: Process): void {
    const f = p.cpu.fault;
    const pc = p.cpu.pc;
    const name = SIGNAL_NAMES[f.signal] ?? `signal ${f.signal}`;
    // A fetch fault outside the code has no instruction to show: the detail names the address.
    const inCode = pc >= p.exe.codeAddr && pc < p.exe.codeAddr + p.exe.code.length;
    const at = sourceLine(p.exe, pc);
    const where = !inCode ? '' : ` at ${at ? `${at.file}:${at.line}` : `pc ${hex(pc)}`} (${disassembleAt(p.exe, pc)})`;
    const msg = `[${p.pid} ${p.name}] ${name}: ${f.detail}${where}`;
    this.say(msg);
    this.emit(this.clock, 'fault', p.pid, { signal: f.signal, addr: hex(f.addr) });
    this.exit(p, 128 + f.signal);
  }

  /** End p with a wait status: free its memory and descriptors, leave a zombie, tell its parent. */
  exit(p: Process, status: number): void {
    if (p.state === 'ready') this.policy.remove(p);
    this.policy.exited(p);
    const hadPipes = this.dropResources(p);
    p.wait = null;
    this.timers.delete(p);
    this.alive--;
    p.status = status;
    p.end = this.clock;
    p.enter('zombie', this.clock);
    this.emit(this.clock, 'exit', p.pid, { status });
    // Orphans go to process 1; once it has exited too, nobody will wait for them: reap them.
    const init = this.table.get(1);
    const initGone = !init || init.state === 'zombie';
    for (const child of [...this.table.values()]) {
      if (child.ppid !== p.pid) continue;
      child.ppid = 1;
      if (child.state === 'zombie' && initGone) this.table.delete(child.pid);
    }
    const parent = this.table.get(p.ppid);
    if (p.ppid !== 0 && (!parent || parent.state === 'zombie')) this.table.delete(p.pid);
    // The parent, or process 1 having adopted zombies, may be waiting for exactly this.
    this.retryWaits('child');
    if (hadPipes) this.retryWaits('pipe');
  }
}

/** The name a process is shown by: its program's file name without directory or extension. */
export function processName(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.(asm|qx)$/, '') || base;
}
