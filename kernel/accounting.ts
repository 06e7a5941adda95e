// The one bookkeeping of process time: each state change closes a span, spans add up to the figures that
// pstat, --stats and the averages report, and the timeline and state tables draw the same spans.
import type { State, WaitOn } from './process.js';

/** The states a process spends time in (a zombie spends none). */
export type Lane = 'running' | 'ready' | 'blocked' | 'stopped';

/** pid was in state from tick `from` to tick `to` (exclusive); a blocked span says what it waited on. */
export interface Span {
  pid: number;
  state: Lane;
  from: number;
  to: number;
  on?: WaitOn;
}

/** What the kernel keeps of a process for the statistics: a few numbers, also after it is reaped. */
export interface ProcessRecord {
  readonly pid: number;
  /** Final values: a process adopted by 1 or exec'd under a new name shows the last. */
  ppid: number;
  name: string;
  readonly start: number;
  /** Tick of exit; -1 while alive. */
  end: number;
  /** Wait status once exited. */
  status: number;
  /** Tick of the first dispatch; -1 before it. */
  firstRun: number;
  /** Ticks in each state, spans closed so far. */
  readonly spent: Record<Lane, number>;
  switches: number;
  faults: number;
  state: State;
  /** What it waits on while blocked. */
  on: WaitOn | null;
  /** Tick of the last state change, from which the open span runs. */
  since: number;
}

/**
 * Records of every process ever created, in pid order. Past RETAINED of them, a record is dropped when
 * its process is reaped (its figures still count in the totals), so that the host's memory stays
 * bounded however many processes a long run creates (docs/ROBUSTNESS.md).
 */
export const RETAINED = 100_000;

export class Accounting {
  private readonly kept: ProcessRecord[] = [];
  /** Records beyond RETAINED that are still in the process table, by pid. */
  private readonly extra = new Map<number, ProcessRecord>();
  /** Processes created whose records were dropped. */
  dropped = 0;
  /** Sums over every process that has exited, dropped records included: for the averages. */
  readonly exited = { count: 0, response: 0, turnaround: 0, ready: 0 };
  private readonly listeners: ((s: Span) => void)[] = [];
  /** Processes blocked on simulated device I/O now, since when one has been, and the ticks so closed. */
  private inIo = 0;
  private ioSince = 0;
  private ioClosed = 0;

  /** Call listener with every span as it closes. */
  onSpan(listener: (s: Span) => void): void {
    this.listeners.push(listener);
  }

  open(pid: number, ppid: number, name: string, now: number): ProcessRecord {
    const rec: ProcessRecord = {
      pid, ppid, name, start: now, end: -1, status: 0, firstRun: -1,
      spent: { running: 0, ready: 0, blocked: 0, stopped: 0 }, switches: 0, faults: 0, state: 'ready', on: null, since: now,
    };
    if (this.kept.length < RETAINED) this.kept.push(rec);
    else this.extra.set(pid, rec);
    return rec;
  }

  /** rec moves to state at tick now (blocked: on what): the span it was in closes. */
  enter(rec: ProcessRecord, state: State, now: number, on: WaitOn | null = null): void {
    const lane = rec.state === 'zombie' ? null : rec.state;
    if (lane && now > rec.since) {
      rec.spent[lane] += now - rec.since;
      const span: Span = { pid: rec.pid, state: lane, from: rec.since, to: now };
      if (rec.on) span.on = rec.on;
      for (const l of this.listeners) l(span);
    }
    // I/O busy is the union of the processes' device waits: counted while at least one is in one.
    if (rec.on === 'io' && --this.inIo === 0) this.ioClosed += now - this.ioSince;
    rec.on = state === 'blocked' ? on : null;
    if (rec.on === 'io' && this.inIo++ === 0) this.ioSince = now;
    rec.state = state;
    rec.since = now;
  }

  /** Ticks up to now in which some process was blocked on simulated device I/O. */
  ioBusy(now: number): number {
    return this.ioClosed + (this.inIo > 0 ? now - this.ioSince : 0);
  }

  /** rec's process exits at tick now with a wait status. */
  finish(rec: ProcessRecord, status: number, now: number): void {
    this.enter(rec, 'zombie', now);
    rec.end = now;
    rec.status = status;
    this.exited.count++;
    this.exited.turnaround += now - rec.start;
    this.exited.response += (rec.firstRun < 0 ? now : rec.firstRun) - rec.start;
    this.exited.ready += rec.spent.ready;
  }

  /** Ticks rec has spent in state up to now, the open span included. */
  total(rec: ProcessRecord, state: Lane, now: number): number {
    return rec.spent[state] + (rec.state === state ? now - rec.since : 0);
  }

  /** rec's process was reaped: past RETAINED, nothing of it is kept. */
  reaped(rec: ProcessRecord): void {
    if (this.extra.delete(rec.pid)) this.dropped++;
  }

  /** The records kept, in pid order. */
  records(): ProcessRecord[] {
    return this.extra.size === 0 ? this.kept : [...this.kept, ...this.extra.values()];
  }

  /** The spans still open at tick now (the machine stopped with processes alive), without closing them. */
  openSpans(now: number): Span[] {
    return this.records()
      .filter((r) => r.state !== 'zombie' && now > r.since)
      .map((r) => (r.on ? { pid: r.pid, state: r.state as Lane, from: r.since, to: now, on: r.on } : { pid: r.pid, state: r.state as Lane, from: r.since, to: now }));
  }
}

/** Every process's spans as they close, kept for a view drawn at the end (the timeline, the state table). */
export class SpanLog {
  private readonly spans = new Map<number, Span[]>();

  constructor(private readonly acct: Accounting) {
    acct.onSpan((s) => {
      const list = this.spans.get(s.pid);
      if (list) list.push(s);
      else this.spans.set(s.pid, [s]);
    });
  }

  /** Each process's spans up to tick now, those still open included, by pid in pid order. */
  upTo(now: number): Map<number, Span[]> {
    const all = new Map<number, Span[]>();
    for (const r of this.acct.records()) all.set(r.pid, [...(this.spans.get(r.pid) ?? [])]);
    for (const s of this.acct.openSpans(now)) all.get(s.pid)?.push(s);
    return all;
  }
}
