// The --timeline view: a Gantt chart (SVG) of each process's states over virtual time, drawn from the accounting's spans.
import { type Lane, type Span, SpanLog } from './accounting.js';
import type { Kernel } from './kernel.js';

const COLORS: Record<Lane, string> = { running: '#2e7d32', ready: '#ffd54f', blocked: '#64b5f6', stopped: '#e57373' };

/** Collects each process's state spans from the kernel's accounting as they close; render() draws them. */
export class Timeline {
  private readonly log: SpanLog;

  constructor(private readonly kernel: Kernel) {
    this.log = new SpanLog(kernel.acct);
  }

  /** The chart up to now: one lane per process, a tick axis and a legend. */
  render(): string {
    const end = this.kernel.clock;
    const spans = this.log.upTo(end);
    const names = new Map(this.kernel.acct.records().map((r) => [r.pid, r.name]));
    const pids = [...spans.keys()].sort((a, b) => a - b);
    const lane = pids.length > 24 ? 12 : 22;
    const left = 150;
    const width = 900;
    const top = 44;
    const height = top + pids.length * lane + 40;
    const total = Math.max(end, 1);
    const x = (t: number): number => left + (t / total) * width;
    const out: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" font-family="sans-serif" font-size="${lane > 12 ? 12 : 10}">`,
      `<rect width="100%" height="100%" fill="white"/>`,
    ];
    // Legend.
    (Object.keys(COLORS) as Lane[]).forEach((state, k) => {
      out.push(`<rect class="legend" x="${left + k * 110}" y="10" width="14" height="14" fill="${COLORS[state]}"/>`);
      out.push(`<text x="${left + k * 110 + 20}" y="22">${state}</text>`);
    });
    pids.forEach((pid, row) => {
      const y = top + row * lane;
      out.push(`<g class="lane" data-pid="${pid}">`);
      out.push(`<text x="${left - 8}" y="${y + lane * 0.7}" text-anchor="end">${pid} ${escapeXml(names.get(pid) ?? '')}</text>`);
      for (const s of merge(spans.get(pid)!, total / width)) {
        out.push(`<rect class="${s.state}" x="${x(s.from).toFixed(2)}" y="${y + 2}" width="${Math.max(0.5, x(s.to) - x(s.from)).toFixed(2)}" height="${lane - 4}" fill="${COLORS[s.state]}"><title>${s.state} ${s.from}–${s.to}</title></rect>`);
      }
      out.push('</g>');
    });
    // Tick axis with round-numbered marks.
    const axisY = top + pids.length * lane + 6;
    out.push(`<line x1="${left}" y1="${axisY}" x2="${left + width}" y2="${axisY}" stroke="black"/>`);
    const step = niceStep(total / 8);
    for (let t = 0; t <= total; t += step) {
      out.push(`<line x1="${x(t).toFixed(2)}" y1="${axisY}" x2="${x(t).toFixed(2)}" y2="${axisY + 5}" stroke="black"/>`);
      out.push(`<text class="tick" x="${x(t).toFixed(2)}" y="${axisY + 18}" text-anchor="middle">${t}</text>`);
    }
    out.push(`<text x="${left + width}" y="${axisY + 32}" text-anchor="end">virtual time (ticks)</text>`);
    out.push('</svg>');
    return out.join('\n') + '\n';
  }
}

/**
 * Spans narrower than a pixel would make the file huge and the chart unreadable: join each into its
 * neighbour, keeping running time visible (a column in which the process ran shows as running).
 */
function merge(spans: Span[], perPixel: number): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && (last.state === s.state || s.to - last.from < perPixel)) {
      last.to = s.to;
      if (s.state === 'running') last.state = 'running';
    } else out.push({ ...s });
  }
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
