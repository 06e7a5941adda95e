// The playground page: the editor, the run controls and options, and the views of a run (output, live process
// table, timeline); the machine itself runs in a Web Worker (worker.ts).
import PROGRAMS from 'virtual:programs';
import type { Diagnostic } from '../assembler/index.js';
import { RUN_OPTIONS, showDefault, type OptionSpec } from '../kernel/options.js';
import { Editor } from './editor.js';
import { EXAMPLES, type Example } from './examples.js';
import { type Chunk, type FromWorker, type ProcessRow, type RunSpec, type ToWorker, WORKLOAD } from './protocol.js';
import { makeFragment, parseFragment } from './url.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The file a shared program opens as when the link names none. */
const SHARED_FILE = 'main.asm';
/** Characters the output pane keeps (the oldest go first). */
const OUTPUT_KEEP = 400_000;
/** How long a stop may take before the worker is ended instead (a run yields every few milliseconds). */
const STOP_GRACE_MS = 2000;

/** The virtual file system: the standard programs and library, and the user's edits of them. */
const files: Record<string, string> = { ...PROGRAMS };
let path = 'hello.asm';

// ---- Run options, from the table in kernel/options.ts

/** The options shown: all but the sandbox root, which the virtual file system stands for. */
const SHOWN = RUN_OPTIONS.filter((s) => s.type !== 'path');
const fields = new Map<string, HTMLInputElement | HTMLSelectElement>();

function field(spec: OptionSpec): HTMLInputElement | HTMLSelectElement {
  if (spec.type === 'choice') {
    const select = (spec.name === 'policy' ? $('policy') : document.createElement('select')) as HTMLSelectElement;
    for (const c of spec.choices!) select.add(new Option(c, c));
    return select;
  }
  const input = (spec.name === 'quantum' ? $('quantum') : document.createElement('input')) as HTMLInputElement;
  if (spec.type === 'flag') input.type = 'checkbox';
  else input.placeholder = showDefault(spec) ?? 'none';
  return input;
}

function buildOptions(): void {
  const box = $('option-fields');
  for (const spec of SHOWN) {
    const el = field(spec);
    el.dataset.option = spec.name;
    el.title = spec.describe;
    fields.set(spec.name, el);
    if (spec.name === 'policy' || spec.name === 'quantum') continue;
    const label = document.createElement('label');
    label.dataset.policy = spec.policy ?? '';
    label.append(`--${spec.name} `, el);
    label.title = spec.describe;
    box.append(label);
  }
  $('policy').addEventListener('change', showKnobs);
}

/** Each policy's knobs only under that policy. */
function showKnobs(): void {
  const policy = fields.get('policy')!.value;
  for (const label of $('option-fields').querySelectorAll<HTMLLabelElement>('label')) {
    const owners = label.dataset.policy ? label.dataset.policy.split(', ') : null;
    label.hidden = owners !== null && !owners.includes(policy);
  }
}

function setOptions(given: Readonly<Record<string, string | boolean>>): void {
  for (const [name, el] of fields) {
    const v = given[name];
    if (el instanceof HTMLInputElement && el.type === 'checkbox') el.checked = v === true || v === 'true' || v === '';
    else el.value = v !== undefined ? String(v) : el instanceof HTMLSelectElement ? String(SHOWN.find((s) => s.name === name)!.default) : '';
  }
  showKnobs();
}

/** The options set: those given a value, a knob only under its own policy. */
function options(): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  const policy = fields.get('policy')!.value;
  for (const spec of SHOWN) {
    const el = fields.get(spec.name)!;
    if (spec.policy && !spec.policy.split(', ').includes(policy)) continue;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      if (el.checked) out[spec.name] = true;
    } else if (el.value.trim() !== '' && el.value !== String(spec.default)) out[spec.name] = el.value.trim();
  }
  return out;
}

// ---- Files and examples

const editor = new Editor($('editor'), {
  check: (text) => (path.endsWith(WORKLOAD) ? Promise.resolve(null) : lint(path, text)),
  path: () => path,
  changed: () => {
    files[path] = editor.text;
  },
  breakpointsChanged: (line, on) => {
    if (debugging && line !== null) send({ type: 'break', file: path, line, on, memory: memoryAt() });
  },
});

function buildExamples(): void {
  const select = $<HTMLSelectElement>('example');
  select.innerHTML = '';
  EXAMPLES.forEach((g, gi) => {
    const group = document.createElement('optgroup');
    group.label = g.group;
    g.items.forEach((ex, k) => group.append(new Option(ex.label, `${gi}/${k}`)));
    select.append(group);
  });
  const all = document.createElement('optgroup');
  all.label = 'Every file';
  for (const f of Object.keys(files).sort()) all.append(new Option(f, `file:${f}`));
  select.append(all);
}

/** Open a file in the editor; the processes box runs it, unless told otherwise. */
function open(file: string, ex: Omit<Example, 'label' | 'file'> = {}): void {
  if (!running) clearViews();
  path = file;
  editor.load(files[file] ?? '', file.endsWith(WORKLOAD) ? 'workload' : 'asm');
  $('file').textContent = file;
  $<HTMLTextAreaElement>('processes').value = ex.processes ?? file;
  $('processes-box').hidden = file.endsWith(WORKLOAD);
  $<HTMLTextAreaElement>('stdin').value = ex.stdin ?? '';
  $<HTMLInputElement>('states').value = ex.states ? String(ex.states) : '';
  if (ex.stats) $<HTMLInputElement>('stats').checked = true;
  setOptions(ex.options ?? {});
  const select = $<HTMLSelectElement>('example');
  if (![...select.options].some((o) => o.value === `file:${file}`)) buildExamples();
  select.value = `file:${file}`;
}

function openExample(value: string): void {
  if (value.startsWith('file:')) return open(value.slice(5));
  const [g, k] = value.split('/').map(Number);
  const ex = EXAMPLES[g].items[k];
  open(ex.file, ex);
  $<HTMLSelectElement>('example').value = value;
}

// ---- The workers: one checks the editor's text as it changes, one runs the machine

const WORKER_URL = 'worker.js';

let lintWorker: Worker | null = null;
let lintId = 0;
const lintWaiting = new Map<number, (d: Diagnostic[]) => void>();

function lint(file: string, text: string): Promise<Diagnostic[]> {
  if (!lintWorker) {
    lintWorker = new Worker(WORKER_URL);
    lintWorker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type !== 'diagnostics') return;
      lintWaiting.get(m.id)?.(m.diagnostics);
      lintWaiting.delete(m.id);
    };
  }
  const id = ++lintId;
  files[file] = text;
  const request: ToWorker = { type: 'assemble', id, path: file, files };
  lintWorker.postMessage(request);
  return new Promise((resolve) => lintWaiting.set(id, resolve));
}

let runner: Worker | null = null;
let running = false;
let stopTimer = 0;
/** A debugger session is open in the runner; busy while one of its commands runs. */
let debugging = false;
let busy = false;

function send(m: ToWorker): void {
  if (!runner) {
    runner = new Worker(WORKER_URL);
    runner.onmessage = (e: MessageEvent<FromWorker>) => onRunner(e.data);
    // The worker itself failed (out of memory, say): the page says so and can run again.
    runner.onerror = (e) => {
      runner?.terminate();
      runner = null;
      append([{ stream: 'info', text: `[the machine's worker failed${e.message ? `: ${e.message}` : ''}]\n` }]);
      if (debugging) onRunner({ type: 'done', status: -1, stopped: true });
      else finish('failed');
    };
  }
  if (m.type === 'command' || m.type === 'break') setBusy(true);
  runner.postMessage(m);
}

function spec(): RunSpec {
  files[path] = editor.text;
  const trace = $<HTMLSelectElement>('trace').value as RunSpec['trace'];
  const states = Number($<HTMLInputElement>('states').value.trim() || 0);
  return {
    files, main: path, processes: $<HTMLTextAreaElement>('processes').value, options: options(), stdin: $<HTMLTextAreaElement>('stdin').value,
    stats: $<HTMLInputElement>('stats').checked, trace, states: Number.isInteger(states) && states > 0 ? states : 0,
  };
}

function setRunning(on: boolean): void {
  running = on;
  $<HTMLButtonElement>('run').disabled = on;
  $<HTMLButtonElement>('debug').disabled = on;
  $<HTMLButtonElement>('stop').disabled = !on;
  $<HTMLSelectElement>('example').disabled = on;
  document.body.classList.toggle('running', on);
}

function run(): void {
  if (running) return;
  clearViews();
  setRunning(true);
  $('status').textContent = 'running…';
  send({ type: 'run', ...spec() });
}

function stop(): void {
  if (!running || !runner) return;
  runner.postMessage({ type: 'stop' } satisfies ToWorker);
  if (debugging) return; // interrupts the running command; the session stops at the next slice
  stopTimer = window.setTimeout(() => {
    runner?.terminate();
    runner = null;
    append([{ stream: 'info', text: '[the machine did not stop: its worker was ended]\n' }]);
    finish('stopped');
  }, STOP_GRACE_MS);
}

function finish(status: string): void {
  window.clearTimeout(stopTimer);
  setRunning(false);
  $('status').textContent = status;
}

// ---- The debugger pane: buttons and a command line over the library's session in the worker

const memoryAt = (): string => $<HTMLInputElement>('dbg-addr').value.trim() || 'sp';

function startDebug(): void {
  if (running) return;
  clearViews();
  $('dbg-console').textContent = '';
  for (const id of ['dbg-regs', 'dbg-bt', 'dbg-memory', 'dbg-pages']) $(id).textContent = '';
  debugging = true;
  setRunning(true);
  setBusy(true);
  $('debugger').hidden = false;
  document.body.classList.add('debugging');
  editor.lock(true);
  $('status').textContent = 'debugging…';
  const breakpoints = editor.breakpointLines().map((line) => ({ file: path, line }));
  send({ type: 'debug', ...spec(), breakpoints, memory: memoryAt() });
}

function setBusy(on: boolean): void {
  busy = on;
  for (const b of $('debugger').querySelectorAll<HTMLButtonElement>('button[data-command]')) b.disabled = on;
  $<HTMLButtonElement>('dbg-end').disabled = on;
  $<HTMLButtonElement>('stop').disabled = !on;
}

function command(line: string): void {
  if (!debugging || busy) return;
  const shown = document.createElement('span');
  shown.className = 'cmd';
  shown.textContent = `(quanta) ${line}\n`;
  $('dbg-console').append(shown);
  send({ type: 'command', line, memory: memoryAt() });
}

function endDebug(): void {
  if (!debugging || busy) return;
  send({ type: 'end' });
}

let selectedPid = 0;

function onDebugState(m: Extract<FromWorker, { type: 'debug-state' }>): void {
  const con = $('dbg-console');
  con.append(m.console);
  con.scrollTop = con.scrollHeight;
  const stops = m.console.split('\n').filter((l) => l.startsWith('stopped: '));
  if (stops.length > 0) $('status').textContent = `debugging — ${stops[stops.length - 1]}`;
  selectedPid = m.pid;
  markSelected();
  editor.showCurrent(m.where && m.where.file === path ? m.where.line : null);
  $('dbg-regs').textContent = m.regs;
  $('dbg-bt').textContent = m.backtrace;
  $('dbg-memory').textContent = m.memory;
  $('dbg-pages').textContent = m.pages;
  setBusy(false);
}

function markSelected(): void {
  for (const tr of $<HTMLTableElement>('ptable').tBodies[0].rows) tr.classList.toggle('selected', debugging && tr.cells[0]?.textContent === String(selectedPid));
}

let lastClock = 0;

function onRunner(m: FromWorker): void {
  switch (m.type) {
    case 'progress':
      lastClock = m.clock;
      append(m.output);
      showTable(m.rows, m.more);
      if (m.timeline !== null) $('timeline').innerHTML = m.timeline;
      markSelected();
      if (running && !debugging) $('status').textContent = `running… tick ${m.clock.toLocaleString('en-US')}, ${m.instructions.toLocaleString('en-US')} instructions`;
      break;
    case 'debug-state':
      onDebugState(m);
      break;
    case 'done':
      if (debugging) {
        debugging = false;
        setBusy(false);
        $('debugger').hidden = true;
        document.body.classList.remove('debugging');
        editor.showCurrent(null);
        editor.lock(false);
        finish(m.status >= 0 ? `the session could not start: exit status ${m.status}` : 'the debugging session has ended');
        break;
      }
      finish(m.stopped ? `stopped at tick ${lastClock.toLocaleString('en-US')}` : `finished at tick ${lastClock.toLocaleString('en-US')}: exit status ${m.status}`);
      break;
    case 'diagnostics':
      break;
  }
}

// ---- Views

function clearViews(): void {
  $('output').textContent = '';
  outputSize = 0;
  showTable([], 0);
  $('timeline').innerHTML = '';
  lastClock = 0;
}

let outputSize = 0;

function append(chunks: readonly Chunk[]): void {
  const out = $('output');
  const atBottom = out.scrollTop + out.clientHeight >= out.scrollHeight - 4;
  for (const c of chunks) {
    const last = out.lastElementChild as HTMLElement | null;
    if (last?.dataset.stream === c.stream) last.append(c.text);
    else {
      const span = document.createElement('span');
      span.dataset.stream = c.stream;
      span.className = c.stream;
      span.textContent = c.text;
      out.append(span);
    }
    outputSize += c.text.length;
  }
  while (outputSize > OUTPUT_KEEP && out.firstElementChild) {
    outputSize -= out.firstElementChild.textContent!.length;
    out.firstElementChild.remove();
  }
  if (atBottom) out.scrollTop = out.scrollHeight;
}

function showTable(rows: readonly ProcessRow[], more: number): void {
  const body = $<HTMLTableElement>('ptable').tBodies[0];
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.className = r.state;
    const state = r.state === 'blocked' && r.on ? `blocked (${r.on})` : r.state;
    for (const cell of [r.pid, r.ppid, r.name, state, r.cpu, r.ready, r.blocked, r.switches, r.faults, r.status ?? '']) {
      const td = document.createElement('td');
      td.textContent = String(cell);
      tr.append(td);
    }
    return tr;
  }));
  if (more > 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 10;
    td.textContent = `… and ${more} more`;
    tr.append(td);
    body.append(tr);
  }
}

// ---- Sharing

function share(): void {
  const { processes, stdin } = spec();
  const fragment = makeFragment({
    src: editor.text,
    procs: processes !== path && !path.endsWith(WORKLOAD) ? processes : undefined,
    stdin: stdin !== '' ? stdin : undefined,
    options: { ...(path !== SHARED_FILE ? { file: path } : {}), ...stringOptions(options()) },
    run: true,
  });
  history.replaceState(null, '', fragment);
  const box = $<HTMLInputElement>('share-url');
  box.hidden = false;
  box.value = location.href;
  box.select();
  void navigator.clipboard?.writeText(location.href).catch(() => {});
}

const stringOptions = (o: Record<string, string | boolean>): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));

/** Open what the fragment names (a shared program), and run it if it says so; false if it names none. */
function fromFragment(): boolean {
  const f = parseFragment(location.hash);
  if (f.src === undefined) return false;
  const { file, ...rest } = f.options;
  const name = file && /^[\w./-]+$/.test(file) && !file.startsWith('/') ? file : SHARED_FILE;
  files[name] = f.src;
  open(name, { processes: f.procs, stdin: f.stdin, options: rest });
  if (f.run) run();
  return true;
}

// ---- Start

buildOptions();
buildExamples();
$('example').addEventListener('change', (e) => openExample((e.target as HTMLSelectElement).value));
$('run').addEventListener('click', run);
$('stop').addEventListener('click', stop);
$('share').addEventListener('click', share);
$('debug').addEventListener('click', startDebug);
$('dbg-end').addEventListener('click', endDebug);
for (const b of $('debugger').querySelectorAll<HTMLButtonElement>('button[data-command]')) b.addEventListener('click', () => command(b.dataset.command!));
$('dbg-command').addEventListener('keydown', (e) => {
  const input = e.target as HTMLInputElement;
  if (e.key !== 'Enter' || input.value.trim() === '') return;
  command(input.value.trim());
  input.value = '';
});
$('dbg-addr').addEventListener('change', () => {
  if (debugging && !busy) send({ type: 'command', line: '', memory: memoryAt() });
});
$('ptable').addEventListener('click', (e) => {
  const pid = (e.target as HTMLElement).closest('tr')?.cells[0]?.textContent;
  if (debugging && pid && /^\d+$/.test(pid)) command(`process ${pid}`);
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  }
});
window.addEventListener('hashchange', () => void fromFragment());
if (!fromFragment()) openExample('0/0');
