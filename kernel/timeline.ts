// The --timeline view: a Gantt chart (SVG) of each process's states over virtual time, built from the event stream.
import type { KernelEvent } from './events.js';
import { renderTimeline, type ChartTitle, type Span, type SpanState as Lane } from './timeline-svg.js';

/** Which state each event puts its process in (events that change nothing are absent). */
const NEXT: Partial<Record<KernelEvent['type'], Lane | 'gone'>> = {
  spawn: 'ready', dispatch: 'running', preempt: 'ready', yield: 'ready', block: 'blocked',
  wake: 'ready', stop: 'stopped', cont: 'ready', exit: 'gone',
};

/** Collects state spans per process from kernel events; render() draws them. */
export class Timeline {
  private readonly spans = new Map<number, Span[]>();
  private readonly names = new Map<number, string>();
  private readonly open = new Map<number, { from: number; state: Lane }>();

  record(e: KernelEvent): void {
    if (e.pid === undefined) return;
    if (e.type === 'spawn' || e.type === 'exec') this.names.set(e.pid, String(e.fields.name));
    const next = NEXT[e.type];
    if (!next) return;
    const cur = this.open.get(e.pid);
    if (cur && e.tick > cur.from) {
      const list = this.spans.get(e.pid) ?? [];
      list.push({ from: cur.from, to: e.tick, state: cur.state });
      this.spans.set(e.pid, list);
    }
    if (next === 'gone') this.open.delete(e.pid);
    else this.open.set(e.pid, { from: e.tick, state: next });
    if (!this.spans.has(e.pid)) this.spans.set(e.pid, []);
  }

  /** Close the spans still open at tick end (the run is over). */
  private close(end: number): void {
    for (const [pid, cur] of this.open) if (end > cur.from) this.spans.get(pid)!.push({ from: cur.from, to: end, state: cur.state });
    this.open.clear();
  }

  /** Ticks pid spent in each state, exactly (before any drawing merges sub-pixel spans). */
  totals(pid: number, end: number): Record<Lane, number> {
    this.close(end);
    const sum: Record<Lane, number> = { running: 0, ready: 0, blocked: 0, stopped: 0 };
    for (const s of this.spans.get(pid) ?? []) sum[s.state] += s.to - s.from;
    return sum;
  }

  /** The chart up to tick end (see renderTimeline), titled with the policy and quantum when given. */
  render(end: number, title?: ChartTitle): string {
    this.close(end);
    return renderTimeline({ spans: this.spans, names: this.names, end, title });
  }
}
