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
import type { Executable } from '../vm/image.js';
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

let stopRequested = false;
let running = false;

/** The processes to start: the workload in the editor (its programs' paths made relative to it), or the processes box. */
function workload(spec: RunSpec): WorkloadLine[] {
  if (!spec.main.endsWith(WORKLOAD)) return parseWorkload(spec.processes, 'processes');
  const dir = spec.main.includes('/') ? spec.main.slice(0, spec.main.lastIndexOf('/') + 1) : '';
  return parseWorkload(spec.files[spec.main] ?? '', spec.main).map((l) => (l.argv[0] === JOB ? l : { ...l, argv: [dir + l.argv[0], ...l.argv.slice(1)] }));
}

/** Build the machine the spec describes, or say on the outbox why it cannot be built (status 1 or 2). */
function build(spec: RunSpec, out: Outbox): { kernel: Kernel; title: { policy: string; quantum: number } } | number {
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
  const host = memoryHost(
    { stdin: new BufferInput(spec.stdin), stdout: out.sink('stdout'), stderr: out.sink('stderr') },
    files,
    (path, fs) => assembleFile(fs, path, true).exe,
  );
  const kernel = new Kernel(options, host, createPolicy(options));
  kernel.on((e) => {
    const line = formatMessage(e);
    if (line !== null) out.add('stderr', line + '\n');
  }, MESSAGE_EVENTS);
  if (spec.trace !== 'off') {
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
  return { kernel, title: { policy: options.policy, quantum: options.quantum } };
}

async function run(spec: RunSpec): Promise<void> {
  const out = new Outbox();
  const built = build(spec, out);
  if (typeof built === 'number') {
    post({ type: 'progress', clock: 0, instructions: 0, output: out.take(), rows: [], more: 0, timeline: null });
    post({ type: 'done', status: built, stopped: false });
    return;
  }
  const { kernel, title } = built;
  const timeline = new Timeline(kernel);
  const states = spec.states > 0 ? new StateTable(kernel, spec.states) : null;
  running = true;
  stopRequested = false;
  let slice = 10_000;
  let lastPost = 0;
  let drawEvery = PROGRESS_MS;
  let lastDraw = -Infinity;
  let wall = 0;
  const progress = (force: boolean): void => {
    const now = performance.now();
    let svg: string | null = null;
    if (force || now - lastDraw >= drawEvery) {
      svg = timeline.render(title);
      // A chart of many spans takes a while to draw: draw it less often, never more than a tenth of the time.
      drawEvery = Math.max(PROGRESS_MS, 10 * (performance.now() - now));
      lastDraw = now;
    }
    post({ type: 'progress', clock: kernel.clock, instructions: kernel.instructions, output: out.take(), ...rows(kernel), timeline: svg });
    lastPost = performance.now();
  };
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
      if (performance.now() - lastPost >= PROGRESS_MS) progress(false);
      await yieldToMessages();
      if (stopRequested) break;
    }
    if (stopRequested) out.add('info', `[stopped at tick ${kernel.clock}]\n`);
    if (states) out.add('info', states.render());
    if (spec.stats) out.add('info', formatStats(collectStats(kernel, wall / 1000)));
    progress(true);
    post({ type: 'done', status: kernel.status(), stopped: stopRequested });
  } finally {
    running = false;
  }
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
      if (!running) void run(m);
      break;
    case 'stop':
      stopRequested = true;
      break;
  }
};
