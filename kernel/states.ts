// The --states view: who runs, waits and is blocked at each tick (or each --unit ticks), in process-run.py's layout.
import { type Lane, type Span, SpanLog } from './accounting.js';
import type { Kernel } from './kernel.js';

/** Most rows a table prints: past it, a larger --unit is asked for instead of pages of output. */
export const MAX_STATE_ROWS = 100_000;

const CELL: Record<Lane, string> = { running: 'RUN', ready: 'READY', blocked: 'BLOCKED', stopped: 'STOPPED' };
/** A cell spanning several states shows the one it spent most ticks in (DONE counting too), ties in this order. */
const LANES: readonly Lane[] = ['running', 'ready', 'blocked', 'stopped'];
const COLUMN = 14;

/**
 * Collects the accounting's spans as they close and prints them as a table: a row per tick (per `unit`
 * ticks), labelled like process-run.py's Time column with the tick at the row's end, a column per process
 * (blank before it was created, DONE once it has exited), the CPU's busy ticks and the I/Os in flight
 * (with unit > 1: the ticks with device I/O in flight). A `*` marks a row in which an I/O ended.
 */
export class StateTable {
  private readonly log: SpanLog;

  constructor(private readonly kernel: Kernel, private readonly unit = 1) {
    this.log = new SpanLog(kernel.acct);
  }

  /** The table and process-run.py's three summary lines, or one line asking for a larger unit. */
  render(): string {
    const k = this.kernel;
    const end = k.clock;
    const u = this.unit;
    const rows = Math.ceil(end / u);
    if (rows > MAX_STATE_ROWS) {
      return `quanta: --states: ${end} ticks make ${rows} rows at --unit ${u}; give --unit ${Math.ceil(end / MAX_STATE_ROWS)} or more\n`;
    }
    const spans = this.log.upTo(end);
    const records = k.acct.records();
    const io = depth([...spans.values()].flat().filter((s) => s.on === 'io'));
    const width = Math.max(3, String(end).length);
    const out: string[] = ['Time'.padEnd(width + 1) + records.map((r) => `PID:${String(r.pid).padStart(2)}`.padStart(COLUMN)).join('') + 'CPU'.padStart(COLUMN) + 'IOs'.padStart(COLUMN)];
    const cursors = records.map(() => 0);
    for (let row = 0; row < rows; row++) {
      const from = row * u;
      const to = Math.min(from + u, end);
      let busy = 0;
      let ioEnded = false;
      const cells = records.map((r, c) => {
        const list = spans.get(r.pid)!;
        while (cursors[c] < list.length && list[cursors[c]].to <= from) cursors[c]++;
        const ticks: Record<Lane, number> = { running: 0, ready: 0, blocked: 0, stopped: 0 };
        for (let s = cursors[c]; s < list.length && list[s].from < to; s++) {
          ticks[list[s].state] += Math.min(to, list[s].to) - Math.max(from, list[s].from);
          if (list[s].on === 'io' && list[s].to < to) ioEnded = true;
        }
        // An I/O that ended exactly at this row's start closed in the row before: look back one span.
        const before = list[cursors[c] - 1];
        if (before?.on === 'io' && before.to === from) ioEnded = true;
        busy += ticks.running;
        const lane = LANES.reduce((best, l) => (ticks[l] > ticks[best] ? l : best), LANES[0]);
        const done = r.end >= 0 ? to - Math.max(from, r.end) : 0;
        if (ticks[lane] > 0 && ticks[lane] >= done) return CELL[lane];
        return done > 0 ? 'DONE' : '';
      });
      const inFlight = u === 1 ? io.at(from) : io.busy(from, to);
      out.push(
        (String(to).padStart(width) + (ioEnded ? '*' : ' ') + cells.map((c) => c.padStart(COLUMN)).join('') +
          (busy > 0 ? String(busy) : '').padStart(COLUMN) + (inFlight > 0 ? String(inFlight) : '').padStart(COLUMN)).trimEnd(),
      );
    }
    const pct = (n: number): string => (end > 0 ? ((100 * n) / end).toFixed(2) : '0.00');
    const ioBusy = k.acct.ioBusy(end);
    out.push('', `Stats: Total Time ${end}`, `Stats: CPU Busy ${k.instructions} (${pct(k.instructions)}%)`, `Stats: IO Busy  ${ioBusy} (${pct(ioBusy)}%)`, '');
    return out.join('\n') + '\n';
  }
}

/** How many of the spans cover each tick, as a step function read at ticks that never go back. */
function depth(spans: readonly Span[]): { at(t: number): number; busy(from: number, to: number): number } {
  const edges = spans.flatMap((s) => [[s.from, 1], [s.to, -1]] as const).sort((a, b) => a[0] - b[0]);
  const steps: { from: number; to: number; n: number }[] = [];
  let n = 0;
  edges.forEach(([t, d], k) => {
    n += d;
    const next = edges[k + 1]?.[0] ?? t;
    if (next > t && n > 0) steps.push({ from: t, to: next, n });
  });
  let first = 0;
  const skip = (t: number): void => {
    while (first < steps.length && steps[first].to <= t) first++;
  };
  return {
    at(t) {
      skip(t);
      const s = steps[first];
      return s && s.from <= t ? s.n : 0;
    },
    busy(from, to) {
      skip(from);
      let sum = 0;
      for (let k = first; k < steps.length && steps[k].from < to; k++) sum += Math.min(to, steps[k].to) - Math.max(from, steps[k].from);
      return sum;
    },
  };
}
