// The messages between the page and the machine's Web Worker (structured-clone data only).
import type { Diagnostic } from '../assembler/index.js';

/** The extension of workload files. */
export const WORKLOAD = '.wl';

/** What to run: the virtual file system, the processes (workload lines), the run options and the views. */
export interface RunSpec {
  /** Every file of the virtual file system by path: the examples, the library, the editor's file. */
  files: Record<string, string>;
  /** The editor's file: a program, or a workload file whose lines are the processes (docs/KERNEL.md, Workloads). */
  main: string;
  /** For a program: one process per line, as in a workload file: `[at=T] [nice=N] [tickets=N] [length=N] PROGRAM ARGS…`. */
  processes: string;
  /** Run options by name (kernel/options.ts's table checks them). */
  options: Record<string, string | boolean>;
  stdin: string;
  /** --stats: the statistics table at the end; --trace: kernel events as they happen. */
  stats: boolean;
  trace: 'off' | 'sched' | 'all';
  /** --states: process-run.py's table at the end, a row per this many ticks (0: not shown). */
  states: number;
}

/** A breakpoint set in the editor's gutter. */
export interface LineMark {
  file: string;
  line: number;
}

export type ToWorker =
  | { type: 'assemble'; id: number; path: string; files: Record<string, string> }
  | ({ type: 'run' } & RunSpec)
  /** Start a debugger session on the spec's machine, stopped at tick 0; `memory` is the address the memory view shows. */
  | ({ type: 'debug'; breakpoints: LineMark[]; memory: string } & RunSpec)
  /** A command of the debugger's language (docs/DEBUGGER.md: step, continue, reverse-step, print, …). */
  | { type: 'command'; line: string; memory: string }
  | ({ type: 'break'; on: boolean; memory: string } & LineMark)
  /** End the debugger session. */
  | { type: 'end' }
  /** Stop the run, or interrupt the debugger's running command. */
  | { type: 'stop' };

/** A piece of output: the guests' streams, the kernel's messages and the views' text. */
export interface Chunk {
  stream: 'stdout' | 'stderr' | 'info';
  text: string;
}

/** One process in the live table. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  /** What it waits for while blocked. */
  on: string | null;
  cpu: number;
  ready: number;
  blocked: number;
  switches: number;
  faults: number;
  /** Wait status once exited. */
  status: number | null;
}

export interface Progress {
  clock: number;
  instructions: number;
  output: Chunk[];
  rows: ProcessRow[];
  /** Processes not in rows (the table shows the first ones). */
  more: number;
  /** The timeline so far as SVG, when it was drawn again. */
  timeline: string | null;
}

export type FromWorker =
  | { type: 'diagnostics'; id: number; diagnostics: Diagnostic[] }
  | ({ type: 'progress' } & Progress)
  /** After each debugger command: what it printed, the selected process and where it is, and the views. */
  | { type: 'debug-state'; console: string; pid: number; where: { file: string; line: number } | null; regs: string; memory: string; backtrace: string; pages: string }
  /** A run ended (status: the command's exit status), or a debugger session did (-1) or could not start. */
  | { type: 'done'; status: number; stopped: boolean };
