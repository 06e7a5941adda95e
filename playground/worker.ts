// The machine in a Web Worker: the library's assembler and kernel on the in-memory host, run in slices so that
// the page stays responsive and a run can be stopped; progress (output, process table, timeline) posted as it goes.
import { assemble, formatDiagnostic, GUEST_LIMITS } from '../assembler/index.js';
import { formatEvent, SCHED_EVENTS } from '../kernel/events.js';
import { BufferInput, type Sink } from '../kernel/io.js';
import { Kernel } from '../kernel/kernel.js';
import { formatMessage, MESSAGE_EVENTS } from '../kernel/messages.js';
import { machineOptions, OptionError } from '../kernel/options.js';
import { createPolicy } from '../kernel/policies/index.js';
import { StateTable } from '../kernel/states.js';
import { collectStats, formatStats } from '../kernel/stats.js';
import { Timeline } from '../kernel/timeline.js';
import { readExecutable } from '../vm/format.js';
import { type Executable, sourceLine } from '../vm/image.js';
import { Session } from '../kernel/debug/commands.js';
import { Debugger } from '../kernel/debug/debugger.js';
import { DebugHost, type DebugStreams, debugStreams } from '../kernel/debug/host.js';
import { JOB, jobExecutable, parsePhases } from '../host/job.js';
import { MemoryFiles, memoryHost } from '../host/memory.js';
import { parseWorkload, WorkloadError, type WorkloadLine } from '../host/workload.js';
import { type Chunk, type FromWorker, type ProcessRow, type RunSpec, type ToWorker, WORKLOAD } from './protocol.js';

const scope = self as unknown as { postMessage(m: FromWorker): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const post = (m: FromWorker): void => scope.postMessage(m);

/** Host time one slice of the machine may take before the worker looks at its messages again. */
const SLICE_MS = 15;
/** Host time between two progress messages. */
const PROGRESS_MS = 100;
/** Rows of the live process table sent (the rest are counted). */
const MAX_ROWS = 200;
/** Trace lines shown; a run of millions of events would only flood the page. */
const MAX_TRACE = 20_000;
/** Characters of output kept between two progress messages (the page keeps its own window). */
const MAX_PENDING = 1 << 20;

/** Output waiting for the next progress message, decoded per stream. */
class Outbox {
  private chunks: Chunk[] = [];
  private size = 0;
  private dropped = 0;
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  sink(stream: 'stdout' | 'stderr'): Sink {
    return {
      congested: false,
      drained: () => Promise.resolve(),
      write: (bytes) => {
        this.add(stream, this.decoders[stream].decode(bytes, { stream: true }));
        return bytes.length;
      },
    };
  }

  add(stream: Chunk['stream'], text: string): void {
    if (this.size + text.length > MAX_PENDING) {
      this.dropped += text.length;
      return;
    }
    this.size += text.length;
    const last = this.chunks[this.chunks.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.chunks.push({ stream, text });
  }

  take(): Chunk[] {
    if (this.dropped > 0) this.chunks.push({ stream: 'info', text: `[${this.dropped} characters of output not shown]\n` });
    const out = this.chunks;
    this.chunks = [];
    this.size = 0;
    this.dropped = 0;
    return out;
  }
}

/** Assemble a file of the virtual file system, its diagnostics as the assembler gives them. */
function assembleFile(files: MemoryFiles, path: string, guest = false): ReturnType<typeof assemble> {
  return assemble(path, { host: files.source(), ...(guest ? { limits: GUEST_LIMITS } : {}) });
}

/** One executable per program (per job's phases), so that processes of the same program share its code pages. */
function loader(files: MemoryFiles, out: Outbox): (argv: string[]) => Executable | null {
  const loads = new Map<string, Executable>();
  return (argv) => {
    const key = argv[0] === JOB ? argv.join(' ') : argv[0];
    const known = loads.get(key);
    if (known) return known;
    let exe: Executable | null = null;
    if (argv[0] === JOB) {
      const phases = parsePhases(argv.slice(1));
      if (typeof phases === 'string') out.add('stderr', phases + '\n');
      else exe = jobExecutable(phases);
    } else if (argv[0].toLowerCase().endsWith('.asm')) {
      const r = assembleFile(files, argv[0]);
      const text = r.diagnostics.map(formatDiagnostic).join('\n');
      if (text) out.add('stderr', text + '\n');
      exe = r.exe;
    } else {
      const bytes = files.get(argv[0]);
      const r = bytes ? readExecutable(bytes) : null;
      if (r?.ok) exe = r.exe;
      else out.add('stderr', `quanta: cannot open '${argv[0]}': ${r ? r.error : 'no such file'}\n`);
    }
    if (exe) loads.set(key, exe);
    return exe;
  };
}

function rows(k: Kernel): { rows: ProcessRow[]; more: number } {
  const all = k.acct.records();
  const shown = all.slice(0, MAX_ROWS).map((r): ProcessRow => ({
    pid: r.pid,
    ppid: r.ppid,
    name: r.name,
    state: r.state,
    on: r.on,
    cpu: k.acct.total(r, 'running', k.clock),
    ready: k.acct.total(r, 'ready', k.clock),
    blocked: k.acct.total(r, 'blocked', k.clock),
    switches: r.switches,
    faults: r.faults,
    status: r.state === 'zombie' ? r.status : null,
  }));
  return { rows: shown, more: all.length - shown.length + k.acct.dropped };
}

/** Give the worker's event loop a turn (a stop message may be waiting), without setTimeout's clamping. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/** The processes to start: the workload in the editor (its programs' paths made relative to it), or the processes box. */
function workload(spec: RunSpec): WorkloadLine[] {
  if (!spec.main.endsWith(WORKLOAD)) return parseWorkload(spec.processes, 'processes');
  const dir = spec.main.includes('/') ? spec.main.slice(0, spec.main.lastIndexOf('/') + 1) : '';
  return parseWorkload(spec.files[spec.main] ?? '', spec.main).map((l) => (l.argv[0] === JOB ? l : { ...l, argv: [dir + l.argv[0], ...l.argv.slice(1)] }));
}

/** A machine built from a spec, and its views. */
interface Machine {
  kernel: Kernel;
  out: Outbox;
  timeline: Timeline;
  title: { policy: string; quantum: number };
  /** The debugger's host, when the machine runs under the debugger. */
  debug: DebugHost | null;
}

/**
 * Build the machine the spec describes (for the debugger: on its replayable host), or say on the outbox why it
 * cannot be built and give the status (1: the assembler's errors, 2: a bad option or process line).
 */
function build(spec: RunSpec, out: Outbox, debug: boolean): Machine | number {
  const files = new MemoryFiles(spec.files);
  let options;
  let lines;
  try {
    options = machineOptions({ ...spec.options, root: '.' });
    lines = workload(spec);
    if (lines.length > options.maxProcs) throw new WorkloadError(`processes: ${lines.length} processes, more than --max-procs ${options.maxProcs}`);
  } catch (e) {
    if (!(e instanceof OptionError || e instanceof WorkloadError)) throw e;
    out.add('stderr', e.message + '\n');
    return 2;
  }
  const [stdout, stderr] = [out.sink('stdout'), out.sink('stderr')];
  const streams = debug ? debugStreams(spec.stdin, stdout, stderr) : { stdin: new BufferInput(spec.stdin), stdout, stderr };
  const base = memoryHost(streams, files, (path, fs) => assembleFile(fs, path, true).exe);
  const host = debug ? new DebugHost(base, streams as DebugStreams) : null;
  let kernel: Kernel;
  try {
    kernel = new Kernel(options, host ?? base, createPolicy(options));
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    out.add('stderr', e.message + '\n'); // a --mem this tab cannot reserve
    return 2;
  }
  // The kernel's lines go through the guests' stderr: under the debugger, a replay does not show them twice.
  const encoder = new TextEncoder();
  kernel.on((e) => {
    const line = formatMessage(e);
    if (line !== null) streams.stderr.write(encoder.encode(line + '\n'));
  }, MESSAGE_EVENTS);
  if (spec.trace !== 'off' && !debug) {
    let traced = 0;
    kernel.on((e) => {
      if (traced++ < MAX_TRACE) out.add('info', formatEvent(e) + '\n');
      else if (traced === MAX_TRACE + 1) out.add('info', `[trace: only the first ${MAX_TRACE} events are shown]\n`);
    }, spec.trace === 'sched' ? SCHED_EVENTS : undefined);
  }
  const load = loader(files, out);
  const arrivals = lines.some((l) => l.at > 0 || Object.keys(l.settings).length > 0);
  for (const line of lines) {
    const exe = load(line.argv);
    if (!exe) return line.argv[0].toLowerCase().endsWith('.asm') ? 1 : 2;
    if (arrivals) kernel.arrive(line.at, exe, line.argv, line.settings);
    else if (typeof kernel.create(exe, line.argv, null) === 'number') {
      out.add('stderr', `${line.argv[0]}: cannot start process\n`);
      return 2;
    }
  }
  // The timeline listens to the accounting before a debugger copies the machine, so that every copy has it listen.
  return { kernel, out, timeline: new Timeline(kernel), title: { policy: options.policy, quantum: options.quantum }, debug: host };
}

/** Posts the machine's progress: output, the process table, and the timeline when it is due again. */
class Reporter {
  private lastPost = 0;
  private lastDraw = -Infinity;
  private drawEvery = PROGRESS_MS;

  constructor(private readonly m: Machine) {}

  /** Post if PROGRESS_MS have passed (or at once when forced). */
  tick(force = false): void {
    if (force || performance.now() - this.lastPost >= PROGRESS_MS) this.post(force);
  }

  private post(force: boolean): void {
    const { kernel, out, timeline, title } = this.m;
    const now = performance.now();
    let svg: string | null = null;
    if (force || now - this.lastDraw >= this.drawEvery) {
      svg = timeline.render(title);
      // A chart of many spans takes a while to draw: draw it less often, never more than a tenth of the time.
      this.drawEvery = Math.max(PROGRESS_MS, 10 * (performance.now() - now));
      this.lastDraw = now;
    }
    post({ type: 'progress', clock: kernel.clock, instructions: kernel.instructions, output: out.take(), ...rows(kernel), timeline: svg });
    this.lastPost = performance.now();
  }
}

/** Say why the machine could not be built, and that this run is over. */
function refused(out: Outbox, status: number): void {
  post({ type: 'progress', clock: 0, instructions: 0, output: out.take(), rows: [], more: 0, timeline: null });
  post({ type: 'done', status, stopped: false });
}

let stopRequested = false;
let running = false;

async function run(spec: RunSpec): Promise<void> {
  const out = new Outbox();
  const m = build(spec, out, false);
  if (typeof m === 'number') return refused(out, m);
  const { kernel } = m;
  const report = new Reporter(m);
  const states = spec.states > 0 ? new StateTable(kernel, spec.states) : null;
  running = true;
  stopRequested = false;
  let slice = 10_000;
  let wall = 0;
  try {
    for (;;) {
      const t0 = performance.now();
      const why = kernel.advance({ tick: kernel.clock + slice });
      const dt = performance.now() - t0;
      wall += dt;
      // Keep each slice near SLICE_MS of host time, whatever the guests do.
      slice = Math.max(1000, Math.min(1 << 26, Math.round(slice * (dt > 0 ? Math.min(4, SLICE_MS / dt) : 4))));
      if (why === 'exited' || why === 'halted') break;
      if (why === 'host') await kernel.hostWait();
      report.tick();
      await yieldToMessages();
      if (stopRequested) break;
    }
    if (stopRequested) out.add('info', `[stopped at tick ${kernel.clock}]\n`);
    if (states) out.add('info', states.render());
    if (spec.stats) out.add('info', formatStats(collectStats(kernel, wall / 1000)));
    report.tick(true);
    post({ type: 'done', status: kernel.status(), stopped: stopRequested });
  } finally {
    running = false;
  }
}

// ---- The debugger: the library's session (kernel/debug/), driven by the pane's buttons and command line

interface DebugSession {
  session: Session;
  machine: Machine;
  report: Reporter;
  /** Where the session's printing goes now: the console, or a view being captured. */
  printed: string[];
  /** The gutter's breakpoints: `file:line` → the debugger's breakpoint number. */
  marks: Map<string, number>;
  busy: boolean;
}

let debugging: DebugSession | null = null;

/** What a command prints, taken aside (the views: regs, x, bt, info pages). */
async function capture(d: DebugSession, command: string): Promise<string> {
  const saved = d.printed;
  d.printed = [];
  try {
    await d.session.execute(command);
    return d.printed.join('');
  } finally {
    d.printed = saved;
  }
}

/** After every command: the console's new lines, where the selected process is, and the views. */
async function debugState(d: DebugSession, memory: string): Promise<void> {
  d.report.tick(true);
  const p = d.session.dbg.process(d.session.selected);
  const live = p !== undefined && p.state !== 'zombie';
  const console = d.printed.join('');
  d.printed.length = 0;
  post({
    type: 'debug-state',
    console,
    pid: d.session.selected,
    where: live ? sourceLine(p.exe, p.cpu.pc) : null,
    regs: live ? await capture(d, 'regs') : '',
    memory: live ? await capture(d, `x ${memory} 32`) : '',
    backtrace: live ? await capture(d, 'backtrace') : '',
    pages: p ? await capture(d, 'info pages') : '',
  });
}

async function startDebug(spec: RunSpec, breakpoints: readonly { file: string; line: number }[], memory: string): Promise<void> {
  const out = new Outbox();
  const machine = build(spec, out, true);
  if (typeof machine === 'number') return refused(out, machine);
  const report = new Reporter(machine);
  const dbg = new Debugger(machine.kernel, machine.debug!, {
    yieldToHost: async () => {
      report.tick();
      await yieldToMessages();
    },
  });
  const files = new MemoryFiles(spec.files);
  const d: DebugSession = { session: null as unknown as Session, machine, report, printed: [], marks: new Map(), busy: false };
  d.session = new Session(dbg, { print: (text) => void d.printed.push(text), source: (file) => (files.get(file) ? new TextDecoder().decode(files.get(file)!) : null) });
  debugging = d;
  for (const b of breakpoints) await setBreakpoint(d, b.file, b.line, true);
  d.session.start();
  await debugState(d, memory);
}

async function setBreakpoint(d: DebugSession, file: string, line: number, on: boolean): Promise<void> {
  const key = `${file}:${line}`;
  const known = d.marks.get(key);
  if (!on) {
    if (known !== undefined) await d.session.execute(`delete ${known}`);
    d.marks.delete(key);
    return;
  }
  if (known !== undefined) return;
  const before = d.session.dbg.breakpoints.length;
  await d.session.execute(`break ${key}`);
  const all = d.session.dbg.breakpoints;
  if (all.length > before) d.marks.set(key, all[all.length - 1].id);
}

/** Run one step of the session (a command, a breakpoint change) and report; one at a time. */
async function debugDo(memory: string, what: (d: DebugSession) => Promise<unknown>): Promise<void> {
  const d = debugging;
  if (!d || d.busy) return;
  d.busy = true;
  try {
    await what(d);
  } catch (e) {
    // A fault of the debugger itself: one line, and the session goes on.
    d.printed.push(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  } finally {
    d.busy = false;
  }
  await debugState(d, memory);
}

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'assemble': {
      const r = assembleFile(new MemoryFiles(m.files), m.path);
      post({ type: 'diagnostics', id: m.id, diagnostics: r.diagnostics });
      break;
    }
    case 'run':
      if (!running && !debugging) void run(m);
      break;
    case 'debug':
      if (!running && !debugging) void startDebug(m, m.breakpoints, m.memory);
      break;
    case 'command':
      void debugDo(m.memory, (d) => d.session.execute(m.line));
      break;
    case 'break':
      void debugDo(m.memory, (d) => setBreakpoint(d, m.file, m.line, m.on));
      break;
    case 'end':
      if (debugging && !debugging.busy) {
        debugging = null;
        post({ type: 'done', status: -1, stopped: true });
      }
      break;
    case 'stop':
      stopRequested = true;
      debugging?.session.interrupt();
      break;
  }
};
