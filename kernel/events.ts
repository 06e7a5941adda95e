// The kernel's event stream and its trace format: one line per event, `TICK EVENT key=value …`.

export type EventType =
  | 'spawn' | 'dispatch' | 'preempt' | 'yield' | 'block' | 'wake' | 'stop' | 'cont' | 'exit' | 'switch'
  | 'draw' | 'syscall' | 'fault' | 'pagefault' | 'exec' | 'halt';

/** What a fault killed a process for, for the one-line report on stderr (docs/KERNEL.md). */
export interface FaultReport {
  pid: number;
  name: string;
  signal: number;
  /** e.g. "write to 0x00000000 (unmapped page)". */
  detail: string;
  /** Where the faulting instruction came from, when it is in the code and debug info says. */
  file: string | null;
  line: number;
  pc: number;
  /** The instruction, disassembled; null when pc is outside the code. */
  instr: string | null;
}

/** Why the whole machine stopped with processes alive. */
export interface HaltReport {
  /** --max-ticks, the clock's own limit (CLOCK_LIMIT), or no process can ever run again. */
  reason: 'max-ticks' | 'clock-limit' | 'deadlock';
  status: number;
  /** For a deadlock: each live process and what it waits for. */
  waiting: { pid: number; name: string; on: string }[];
}

export interface KernelEvent {
  tick: number;
  type: EventType;
  /** Absent only on `switch`, which names from= and to= instead, and on `halt`. */
  pid?: number;
  /** Printed by the trace. */
  fields: Record<string, string | number>;
  /** For views that say more than the trace line: a fault's or a halt's report. */
  report?: FaultReport | HaltReport;
}

/** The scheduling events that `--trace=sched` keeps. */
export const SCHED_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'spawn', 'dispatch', 'preempt', 'yield', 'block', 'wake', 'stop', 'cont', 'exit', 'switch', 'draw',
]);

/** A field value as the trace prints it: strings with spaces, quotes or control characters are quoted. */
function value(v: string | number): string {
  return typeof v === 'number' || /^[^\s"=\p{Cc}]+$/u.test(v) ? String(v) : JSON.stringify(v);
}

export function formatEvent(e: KernelEvent): string {
  let line = `${e.tick} ${e.type}`;
  if (e.pid !== undefined) line += ` pid=${e.pid}`;
  for (const [k, v] of Object.entries(e.fields)) line += ` ${k}=${value(v)}`;
  return line;
}
