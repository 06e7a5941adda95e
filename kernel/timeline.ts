// The --timeline view: each process's state spans from the kernel's accounting (a SpanLog), drawn by
// kernel/timeline-svg.ts.
import { SpanLog } from './accounting.js';
import type { Kernel } from './kernel.js';
import { renderTimeline, type ChartTitle } from './timeline-svg.js';

export class Timeline {
  private readonly log: SpanLog;

  constructor(private readonly kernel: Kernel) {
    this.log = new SpanLog(kernel.acct);
  }

  /** The chart up to now (see renderTimeline), titled with the policy and quantum when given. */
  render(title?: ChartTitle): string {
    const now = this.kernel.clock;
    const names = new Map(this.kernel.acct.records().map((r) => [r.pid, r.name]));
    return renderTimeline({ spans: this.log.upTo(now), names, end: now, title });
  }
}
