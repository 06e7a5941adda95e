// The debugger's command language (SPEC §6, gdb's names and short forms): one line in, text out. The command
// line and the browser both drive a Session; neither the session nor the engine under it ever throws on
// anything a guest does or a user types: a bad command gets one line, and the session goes on.
import { disassembleAt } from '../../vm/disasm.js';
import type { Executable } from '../../vm/image.js';
import { BY_OPCODE, FORMS, registerName, registerNumber } from '../../vm/isa.js';
import { hex, didYouMean, printable } from '../../vm/text.js';
import { signalName } from '../messages.js';
import type { Process } from '../process.js';
import { codeWord, type Location, resolveIn, sameFile } from './breakpoints.js';
import type { Breakpoint, Debugger, Stop } from './debugger.js';
import { evaluate, type ExprScope } from './expr.js';
import { backtrace, codeName, pageRows, peek, peekWord, symbol, table, where } from './inspect.js';

export interface SessionIO {
  /** Print the debugger's own output (whole lines, each ending with a newline). */
  print(text: string): void;
  /** The text of a source file named by debug information, or null if it cannot be read. */
  source(file: string): string | null;
}

interface Command {
  /** The full name first, then the short forms. */
  names: readonly string[];
  usage: string;
  help: string;
  run(s: Session, args: string): Promise<void> | void;
  /** An empty line repeats it (on a terminal), as in gdb. */
  repeats?: boolean;
}

/** Most words `x` shows and instructions `disasm` lists at once. */
const MAX_ROWS = 4096;
/** Most bytes one watchpoint watches. */
const MAX_WATCH = 64;
/** Lines `list` shows. */
const LIST_LINES = 10;

class CommandError extends Error {}

const fail = (message: string): never => {
  throw new CommandError(message);
};

/** A whole number as a command argument, in [min, max]. */
function count(text: string | undefined, what: string, dflt: number, min: number, max: number): number {
  if (text === undefined || text === '') return Number.isNaN(dflt) ? fail(`${what} is needed`) : dflt;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) fail(`${what} must be a whole number from ${min} to ${max} (got '${text}')`);
  return n;
}

const ascii = (bytes: Uint8Array): string => Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');

const decimal = (v: number): string => `${v | 0} (${hex(v)})`;

export class Session {
  /** The process commands act on (step, print, x, …). */
  selected = 0;
  private lastList: { exe: Executable; file: string; next: number } | null = null;
  private lastCommand = '';

  constructor(readonly dbg: Debugger, private readonly io: SessionIO, private readonly repeatOnEmpty = false) {
    this.selected = this.firstPid();
  }

  /** The stop the session starts at (tick 0, before the first instruction). */
  start(): void {
    this.show({ kind: 'start', pid: this.selected });
  }

  interrupt(): void {
    this.dbg.interrupt();
  }

  /** Run one command line; false once the session should end (quit). */
  async execute(line: string): Promise<boolean> {
    let text = line.trim();
    if (text === '' || text.startsWith('#')) {
      if (!(text === '' && this.repeatOnEmpty && this.lastCommand)) return true;
      text = this.lastCommand;
    }
    const word = text.split(/\s+/)[0];
    const args = text.slice(word.length).trim();
    const cmd = COMMANDS.find((c) => c.names.includes(word.toLowerCase()));
    this.lastCommand = cmd?.repeats ? text : '';
    if (!cmd) {
      this.say(`unknown command '${printable(word)}'${didYouMean(word, COMMANDS.flatMap((c) => c.names))} (help lists them)`);
      return true;
    }
    if (cmd.names[0] === 'quit') return false;
    if (!cmd.usage.includes(' ') && args !== '') {
      this.say(`${cmd.names[0]}: takes no arguments (got '${printable(args)}')`);
      return true;
    }
    try {
      await cmd.run(this, args);
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      this.say(`${cmd.names[0]}: ${e.message}`);
    }
    return true;
  }

  say(text: string): void {
    this.io.print(text + '\n');
  }

  // ---- Helpers for the commands

  firstPid(): number {
    const pids = [...this.dbg.kernel.table.keys()];
    return pids.length > 0 ? Math.min(...pids) : 0;
  }

  /** The selected process, as it is now (it may have exited). */
  proc(): Process {
    if (this.selected === 0) fail('there is no process yet (a workload starts them later)');
    return this.dbg.process(this.selected) ?? fail(`process ${this.selected} is gone (ps lists the processes)`);
  }

  live(): Process {
    const p = this.proc();
    if (p.state === 'zombie') fail(`process ${p.pid} has exited`);
    return p;
  }

  scope(p: Process): ExprScope {
    return {
      register: (name) => (name === 'pc' ? p.cpu.pc : registerNumber(name) >= 0 && /^(r\d+|fp|sp)$/.test(name) ? p.cpu.regs[registerNumber(name)] : undefined),
      symbol: (name) => symbol(p.exe, name)?.value,
      word: (addr) => peekWord(p, addr),
      names: () => ['pc', 'fp', 'sp', ...Array.from({ length: 16 }, (_, k) => `r${k}`), ...(p.exe.debug?.symbols.map((s) => s.name) ?? [])],
    };
  }

  value(text: string, p: Process): number {
    const v = evaluate(text, this.scope(p));
    return typeof v === 'number' ? v : fail(v.error);
  }

  /**
   * `ADDR [N]`: an address expression (dflt when absent, if it may be) and a count after it, which is the last
   * word when that is a number.
   */
  addressAndCount(args: string, p: Process, what: string, n: number, max: number, dflt?: number): { expr: string; addr: number; n: number } {
    const words = args.trim().split(/\s+/);
    const counted = words.length > 1 && /^\d[\d_]*$/.test(words[words.length - 1]);
    const expr = counted ? words.slice(0, -1).join(' ') : args.trim();
    const addr = expr === '' && dflt !== undefined ? dflt : this.value(expr, p) >>> 0;
    return { expr, addr, n: count(counted ? words[words.length - 1] : undefined, what, n, 1, max) };
  }

  /** Parse a breakpoint location: `*EXPR` or a number (an address), `file:line`, or a code label. */
  location(text: string): Location {
    if (text === '') fail('a location is needed: a label, FILE:LINE or an address');
    if (text.startsWith('*') || /^(0[xXbB])?\d/.test(text)) return { kind: 'addr', addr: this.value(text.replace(/^\*/, ''), this.proc()) >>> 0 };
    const m = /^(.+):(\d+)$/.exec(text);
    if (m) return { kind: 'line', file: m[1], line: Number(m[2]) };
    return { kind: 'label', name: text };
  }

  /** Why no program has loc, as one line. */
  nowhere(loc: Location): string {
    const programs = this.dbg.programs();
    switch (loc.kind) {
      case 'label': {
        const labels = programs.flatMap((e) => e.debug?.symbols.filter((s) => s.kind === 'code').map((s) => s.name) ?? []);
        return `no code label '${printable(loc.name)}' in ${programs.length === 1 ? 'the program' : 'any program'}${didYouMean(loc.name, labels)}`;
      }
      case 'line': {
        const known = programs.some((e) => e.debug?.files.some((f) => sameFile(loc.file, f)));
        return known ? `no code at or after line ${loc.line} of ${printable(loc.file)}` : `no file '${printable(loc.file)}' in the debug information`;
      }
      case 'addr': return `${hex(loc.addr)} is not the start of an instruction in ${programs.length === 1 ? 'the program' : 'any program'}`;
    }
  }

  /** `file:line` and the instruction at pc of p's program. */
  at(p: Process, pc = p.cpu.pc): string {
    if (p.state === 'zombie') return 'exited';
    const instr = disassembleAt(p.exe, pc);
    return `${where(p.exe, pc) ?? codeName(p.exe, pc)}  ${instr === '?' ? `(no instruction at ${hex(pc)})` : instr}`;
  }

  /** Print a stop: the fixed line `stopped: REASON tick=T pid=P pc=0x…`, then where, then what happened. */
  show(stop: Stop): void {
    const k = this.dbg.kernel;
    if (this.dbg.process(stop.pid)) this.selected = stop.pid;
    else if (!this.dbg.process(this.selected)) this.selected = this.firstPid();
    const p = this.dbg.process(this.selected);
    const reason = stop.breakpoint ? `breakpoint ${stop.breakpoint.id}` : stop.watch ? `watchpoint ${stop.watch.point.id}` : stop.kind;
    this.say(`stopped: ${reason} tick=${k.clock} pid=${this.selected} pc=${hex(p?.cpu.pc ?? 0)}`);
    if (!p) this.say(this.selected === 0 ? 'no process yet (a workload starts them later)' : `process ${this.selected} is gone`);
    else if (p.state === 'zombie') this.say(`[${p.pid} ${printable(p.name)}] exited with status ${p.rec.status}`);
    else this.say(this.at(p));
    if (stop.watch) this.say(`${stop.watch.point.text}: old ${shown(stop.watch.old)}, new ${shown(stop.watch.now)}`);
    if (stop.kind === 'fault' && p) this.say(`[${p.pid} ${printable(p.name)}] ${signalName(p.cpu.fault.signal)}: ${p.cpu.fault.detail} (continue kills it)`);
    if (this.dbg.here.kind === 'end' && k.live().length === 0) this.say('every process has exited (reverse commands and goto still work)');
    if (stop.start) this.say(`(the start of ${stop.kind === 'start' ? 'the run' : `process ${this.selected}`})`);
    this.lastList = null;
  }

  /** Breakpoint sites in exe (for the marks of disasm). */
  sitesIn(exe: Executable): Set<number> {
    return new Set(this.dbg.breakpoints.map((b) => resolveIn(b.loc, exe)).filter((a): a is number => a !== null));
  }

  describe(b: Breakpoint): string {
    const p = this.dbg.process(this.selected);
    const programs = this.dbg.programs();
    const exe = p && resolveIn(b.loc, p.exe) !== null ? p.exe : (programs.find((e) => resolveIn(b.loc, e) !== null) ?? programs[0]);
    const addr = exe ? resolveIn(b.loc, exe) : null;
    const here = addr === null ? '' : ` at ${hex(addr)}: ${where(exe, addr) ?? codeName(exe, addr)} (${codeName(exe, addr)})`;
    const others = this.dbg.programs().filter((e) => e !== exe && resolveIn(b.loc, e) !== null).length;
    return `${b.temp ? 'temporary breakpoint' : 'breakpoint'} ${b.id}${here}${others > 0 ? ` and in ${others} other program${others > 1 ? 's' : ''}` : ''}`;
  }

  list(exe: Executable, file: string, from: number): void {
    const text = this.io.source(file);
    if (text === null) fail(`cannot read the source file '${printable(file)}'`);
    const lines = text!.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const start = Math.max(1, Math.min(from, lines.length - LIST_LINES + 1));
    const p = this.dbg.process(this.selected);
    const current = p && p.exe === exe ? where(exe, p.cpu.pc) : null;
    for (let n = start; n < start + LIST_LINES && n <= lines.length; n++) {
      const mark = current === `${file}:${n}` ? '=>' : '  ';
      this.say(`${mark}${String(n).padStart(5)}  ${lines[n - 1]}`);
    }
    this.lastList = { exe, file, next: start + LIST_LINES };
  }

  continueList(): boolean {
    if (!this.lastList) return false;
    this.list(this.lastList.exe, this.lastList.file, this.lastList.next);
    return true;
  }
}

/** A process's state as ps shows it: what a blocked one waits for, a zombie's wait status. */
function stateText(p: Process): string {
  return p.state === 'blocked' ? `blocked on ${p.wait?.on ?? '?'}` : p.state === 'zombie' ? `zombie (${p.rec.status})` : p.state;
}

function shown(bytes: Uint8Array | null): string {
  if (bytes === null) return 'unreadable';
  if (bytes.length === 4) return decimal(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Instruction size in bytes at addr of exe's code (4 for a word that is no instruction). */
function size(exe: Executable, addr: number): number {
  const row = BY_OPCODE[codeWord(exe, addr) & 0xff];
  return 4 * (row ? FORMS[row.form].words : 1);
}

async function stopped(s: Session, stop: Promise<Stop>): Promise<void> {
  s.show(await stop);
}

function breakCommand(temp: boolean): Command['run'] {
  return (s, args) => {
    const loc = s.location(args);
    const b = s.dbg.addBreakpoint(loc, args, temp);
    if (!b) fail(s.nowhere(loc));
    s.say(s.describe(b!));
  };
}

const COMMANDS: readonly Command[] = [
  { names: ['break', 'b', 'br'], usage: 'break LOC', help: 'stop where LOC is reached (a label, FILE:LINE, or an address: *EXPR or a number), by any process', run: breakCommand(false) },
  { names: ['tbreak', 'tb'], usage: 'tbreak LOC', help: 'a breakpoint deleted when first hit', run: breakCommand(true) },
  {
    names: ['delete', 'd'], usage: 'delete [N]', help: 'delete breakpoint or watchpoint N, or all of them',
    run: (s, args) => {
      const id = args === '' ? undefined : count(args, 'N', 0, 1, Number.MAX_SAFE_INTEGER);
      if (!s.dbg.delete(id)) fail(id === undefined ? 'there are no breakpoints or watchpoints' : `no breakpoint or watchpoint ${id} (info breakpoints lists them)`);
      s.say(id === undefined ? 'deleted every breakpoint and watchpoint' : `deleted ${id}`);
    },
  },
  {
    names: ['watch'], usage: 'watch ADDR [LEN]', help: 'stop after an instruction changes LEN bytes (default 4) at ADDR of the selected process',
    run: (s, args) => {
      const p = s.live();
      const { expr, addr, n: len } = s.addressAndCount(args, p, 'LEN', 4, MAX_WATCH);
      const now = peek(p, addr, len);
      if (!now) fail(`${hex(addr)}: ${len} bytes there are not readable in process ${p.pid}`);
      const w = s.dbg.addWatchpoint(p.pid, addr, len, `${expr} (${len === 4 ? '' : `${len} bytes at `}${hex(addr)}) in process ${p.pid}`);
      s.say(`watchpoint ${w.id}: ${w.text}, now ${shown(now)}`);
    },
  },
  { names: ['continue', 'c', 'cont'], usage: 'continue', help: 'run until a breakpoint, a watchpoint, a fault, brk, or the end', repeats: true, run: (s) => stopped(s, s.dbg.continue(s.selected)) },
  {
    names: ['step', 's', 'stepi', 'si'], usage: 'step [N]', help: 'N instructions (default 1) of the selected process; the others run meanwhile as scheduled', repeats: true,
    run: (s, args) => stopped(s, s.dbg.step(s.live().pid, count(args, 'N', 1, 1, Number.MAX_SAFE_INTEGER))),
  },
  { names: ['next', 'n', 'nexti', 'ni'], usage: 'next', help: 'one instruction of the selected process, a call with all it calls', repeats: true, run: (s) => stopped(s, s.dbg.next(s.live().pid)) },
  { names: ['finish', 'fin'], usage: 'finish', help: 'run until the selected process returns from the current function', run: (s) => stopped(s, s.dbg.finish(s.live().pid)) },
  {
    names: ['reverse-step', 'rs'], usage: 'reverse-step [N]', help: 'back N instructions (default 1) of the selected process: the whole machine as it was then', repeats: true,
    run: (s, args) => stopped(s, s.dbg.reverseStep(s.proc().pid, count(args, 'N', 1, 1, Number.MAX_SAFE_INTEGER))),
  },
  { names: ['reverse-next', 'rn'], usage: 'reverse-next', help: 'back one instruction of the selected process, over a call it returned from', repeats: true, run: (s) => stopped(s, s.dbg.reverseNext(s.proc().pid)) },
  { names: ['reverse-continue', 'rc'], usage: 'reverse-continue', help: 'back to the previous breakpoint or watchpoint hit, or to tick 0', repeats: true, run: (s) => stopped(s, s.dbg.reverseContinue(s.selected)) },
  {
    names: ['goto'], usage: 'goto TICK', help: 'the machine as it was (or will be) at tick TICK, before anything runs there',
    run: (s, args) => stopped(s, s.dbg.goto(count(args, 'TICK', NaN, 0, Number.MAX_SAFE_INTEGER), s.selected)),
  },
  {
    names: ['print', 'p'], usage: 'print EXPR', help: 'the value of EXPR: registers, pc, labels, [ADDR] (a word of memory), numbers, + - * / % & | ^ ~ << >>',
    run: (s, args) => {
      const p = s.proc();
      s.say(`${args} = ${decimal(s.value(args, p))}`);
    },
  },
  {
    names: ['regs', 'registers'], usage: 'regs', help: "the selected process's registers",
    run: (s) => {
      const p = s.proc();
      const cells = Array.from({ length: 16 }, (_, k) => `${registerName(k).padEnd(3)} ${hex(p.cpu.regs[k])} ${String(p.cpu.regs[k]).padEnd(11)}`);
      for (let k = 0; k < 16; k += 4) s.say(cells.slice(k, k + 4).join('  ').trimEnd());
      s.say(`pc  ${hex(p.cpu.pc)} ${s.at(p)}`);
    },
  },
  {
    names: ['x'], usage: 'x ADDR [N]', help: 'N words (default 4) of memory at ADDR, in hex and as text',
    run: (s, args) => {
      const p = s.proc();
      const { addr, n: words } = s.addressAndCount(args, p, 'N', 4, MAX_ROWS);
      for (let row = 0; row < words; row += 4) {
        const at = addr + 4 * row;
        const cells: string[] = [];
        let text = '';
        for (let k = 0; k < Math.min(4, words - row); k++) {
          const b = peek(p, at + 4 * k, 4);
          cells.push(b ? hex(b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) : '----------');
          text += b ? ascii(b) : '????';
        }
        s.say(`${hex(at)}:  ${cells.join(' ')}  ${text}`);
      }
    },
  },
  {
    names: ['disasm', 'disassemble'], usage: 'disasm [ADDR] [N]', help: 'N instructions (default 8) from ADDR (default pc): => marks pc, * a breakpoint', repeats: true,
    run: (s, args) => {
      const p = s.proc();
      const { addr: at, n: rows } = s.addressAndCount(args, p, 'N', 8, MAX_ROWS, p.cpu.pc);
      let addr = at;
      const exe = p.exe;
      const sites = s.sitesIn(exe);
      const labels = new Map((exe.debug?.symbols ?? []).filter((x) => x.kind === 'code').map((x) => [x.value, x.name]));
      for (let k = 0; k < rows && addr < exe.codeAddr + exe.code.length; k++) {
        const label = labels.get(addr);
        if (label) s.say(`${label}:`);
        const mark = addr === p.cpu.pc ? '=>' : sites.has(addr) ? ' *' : '  ';
        s.say(`${mark} ${hex(addr)}  ${(where(exe, addr) ?? '').padEnd(16)}  ${disassembleAt(exe, addr)}`);
        addr += size(exe, addr);
      }
    },
  },
  {
    names: ['list', 'l'], usage: 'list [LOC]', help: 'source lines around LOC (default: where the selected process is; again: the next lines)', repeats: true,
    run: (s, args) => {
      if (args === '' && s.continueList()) return;
      const p = s.proc();
      const exe = p.exe;
      const addr = args === '' ? p.cpu.pc : resolveIn(s.location(args), exe) ?? fail(s.nowhere(s.location(args)));
      const at = where(exe, addr) ?? fail(`no source line for ${hex(addr)}`);
      const colon = at.lastIndexOf(':');
      s.list(exe, at.slice(0, colon), Number(at.slice(colon + 1)) - Math.floor(LIST_LINES / 2));
    },
  },
  {
    names: ['backtrace', 'bt', 'where'], usage: 'backtrace', help: 'the calls the selected process is in, by its frame-pointer chain (frames made by enter)',
    run: (s) => {
      const p = s.proc();
      backtrace(p).forEach((f, k) => s.say(`#${k}  ${hex(f.pc)} in ${codeName(p.exe, f.pc)}${where(p.exe, f.pc) ? ` (${where(p.exe, f.pc)})` : ''}`));
    },
  },
  {
    names: ['ps'], usage: 'ps', help: 'every process in the table: * marks the selected one',
    run: (s) => {
      const k = s.dbg.kernel;
      const rows = [['', 'pid', 'ppid', 'name', 'state', 'cpu', 'pc', 'where']];
      for (const p of k.table.values()) {
        rows.push([p.pid === s.selected ? '*' : '', String(p.pid), String(p.ppid), printable(p.name), stateText(p), String(s.dbg.cpu(p.pid)), hex(p.cpu.pc), where(p.exe, p.cpu.pc) ?? '']);
      }
      for (const line of table(rows)) s.say(line);
    },
  },
  {
    names: ['process', 'proc'], usage: 'process PID', help: 'select process PID for step, print, x, … (without PID: which one is selected)',
    run: (s, args) => {
      if (args !== '') {
        const pid = count(args, 'PID', 0, 1, Number.MAX_SAFE_INTEGER);
        if (!s.dbg.process(pid)) fail(`no process ${pid} (ps lists them)`);
        s.selected = pid;
      }
      const p = s.proc();
      s.say(`[${p.pid} ${printable(p.name)}] ${stateText(p)} pc=${hex(p.cpu.pc)} ${s.at(p)}`);
    },
  },
  {
    names: ['info', 'i'], usage: 'info breakpoints|pages|registers', help: 'breakpoints and watchpoints; the page table of the selected process; its registers',
    run: (s, args) => {
      const what = args.toLowerCase();
      if (['breakpoints', 'break', 'b', 'watchpoints'].includes(what)) {
        const d = s.dbg;
        if (d.breakpoints.length + d.watchpoints.length === 0) return s.say('no breakpoints or watchpoints');
        const rows = [['num', 'type', 'disp', 'hits', 'where']];
        for (const b of d.breakpoints) rows.push([String(b.id), 'breakpoint', b.temp ? 'del' : 'keep', String(b.hits), `${b.text} — ${s.describe(b).replace(/^\S+ breakpoint \d+|^breakpoint \d+/, '').trim() || 'not in this program'}`]);
        for (const w of d.watchpoints) rows.push([String(w.id), 'watchpoint', 'keep', String(w.hits), w.text]);
        for (const line of table(rows)) s.say(line);
      } else if (['pages', 'page'].includes(what)) {
        const p = s.proc();
        const sp = p.space;
        s.say(`[${p.pid} ${printable(p.name)}] code ${hex(sp.exe.codeAddr)}–${hex(sp.codeEnd)}, data ${hex(sp.exe.dataAddr)}–${hex(sp.staticEnd)}, heap ${hex(sp.heapStart)}–${hex(sp.brk)}, stack ${hex(sp.stackLow)}–0x01000000, ${sp.faults} page faults`);
        if (p.state === 'zombie') return s.say('(exited: its memory is freed)');
        for (const line of table(pageRows(p))) s.say(line);
      } else if (['registers', 'reg', 'r', 'regs'].includes(what)) {
        return COMMANDS.find((c) => c.names[0] === 'regs')!.run(s, '');
      } else fail(`info ${printable(args)}: say breakpoints, pages or registers${didYouMean(what, ['breakpoints', 'pages', 'registers'])}`);
    },
  },
  {
    names: ['help', 'h'], usage: 'help', help: 'this list',
    run: (s) => {
      for (const c of COMMANDS) s.say(`${c.usage.padEnd(34)}${c.names.length > 1 ? `(${c.names.slice(1).join(', ')}) ` : ''}${c.help}`);
    },
  },
  { names: ['quit', 'q', 'exit'], usage: 'quit', help: 'end the session', run: () => {} },
];
