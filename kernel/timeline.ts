// The --timeline view: each process's state spans from the kernel's accounting, collected as they close and
// drawn by kernel/timeline-svg.ts.
import type { Span } from './accounting.js';
import type { Kernel } from './kernel.js';
import { renderTimeline, type ChartTitle } from './timeline-svg.js';

/** Collects each process's spans as they close; render() draws them with those still open. */
export class Timeline {
  private readonly spans = new Map<number, Span[]>();

  constructor(private readonly kernel: Kernel) {
    kernel.acct.onSpan((s) => this.add(s));
  }

  private add(s: Span): void {
    const list = this.spans.get(s.pid);
    if (list) list.push(s);
    else this.spans.set(s.pid, [s]);
  }

  /** The chart up to now (see renderTimeline), titled with the policy and quantum when given. */
  render(title?: ChartTitle): string {
    const now = this.kernel.clock;
    const records = this.kernel.acct.records();
    const spans = new Map<number, Span[]>(records.map((r) => [r.pid, [...(this.spans.get(r.pid) ?? [])]]));
    for (const s of this.kernel.acct.openSpans(now)) spans.get(s.pid)?.push(s);
    return renderTimeline({ spans, names: new Map(records.map((r) => [r.pid, r.name])), end: now, title });
  }
}
