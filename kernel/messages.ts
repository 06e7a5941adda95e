// The kernel's one-line messages on stderr, a view of its fault and halt events (docs/KERNEL.md).
import { hex, printable } from '../vm/text.js';
import { Signal } from '../vm/syscalls.js';
import type { FaultReport, HaltReport, KernelEvent } from './events.js';

const SIGNAL_NAMES: Record<number, string> = {
  [Signal.ILL]: 'illegal instruction',
  [Signal.BUS]: 'bus error',
  [Signal.FPE]: 'arithmetic fault',
  [Signal.KILL]: 'killed',
  [Signal.SEGV]: 'segmentation fault',
};

/** What a fault of this signal is called: "segmentation fault", "bus error", … */
export function signalName(signal: number): string {
  return SIGNAL_NAMES[signal] ?? `signal ${signal}`;
}

/** `[3 fib] segmentation fault: write to 0x00000000 (unmapped page) at fib.asm:17 (sw r1, [r0])`. */
export function formatFault(r: FaultReport): string {
  const name = signalName(r.signal);
  // A fetch fault outside the code has no instruction to show: the detail names the address.
  const where = r.instr === null ? '' : ` at ${r.file ? `${r.file}:${r.line}` : `pc ${hex(r.pc)}`} (${r.instr})`;
  return `[${r.pid} ${printable(r.name)}] ${name}: ${r.detail}${where}`;
}

/** Why the machine stopped with processes alive. */
export function formatHalt(tick: number, r: HaltReport): string {
  switch (r.reason) {
    case 'max-ticks': return `quanta: stopped at tick ${tick} (--max-ticks)`;
    case 'clock-limit': return `quanta: stopped at tick ${tick} (the virtual clock's limit)`;
    case 'deadlock': {
      const who = r.waiting.map((w) => `[${w.pid} ${printable(w.name)}] ${w.on === 'stopped' ? 'stopped' : `waits for ${w.on}`}`);
      return `quanta: deadlock at tick ${tick}: ${who.join('; ')}`;
    }
  }
}

/** The message line of a fault or halt event, or of a workload's process that could not be created. */
export function formatMessage(e: KernelEvent): string | null {
  if (e.type === 'spawn' && e.fields.error !== undefined) {
    return `quanta: cannot start ${printable(String(e.fields.name))} at tick ${e.tick} (error ${e.fields.error})`;
  }
  if (!e.report) return null;
  return e.type === 'fault' ? formatFault(e.report as FaultReport) : formatHalt(e.tick, e.report as HaltReport);
}

/** The events formatMessage speaks for: a machine's host always listens to these. */
export const MESSAGE_EVENTS = ['fault', 'halt', 'spawn'] as const;
