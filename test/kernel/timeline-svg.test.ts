// The timeline chart drawn from spans: what a reader of the SVG sees, down to the short spans and the tooltips.
import { describe, expect, it } from 'vitest';
import { abbreviate, renderTimeline, type Span } from '../../kernel/timeline-svg.js';

/** The rects of one process's lane, with their class, width and tooltip. */
function lane(svg: string, pid: number): { state: string; width: number; tip: string }[] {
  const body = svg.split(`<g class="lane" data-pid="${pid}">`)[1].split('</g>')[0];
  return [...body.matchAll(/<rect class="(\w+)" x="[\d.]+" y="[\d.]+" width="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({ state: m[1], width: Number(m[2]), tip: m[3] }));
}

describe('the timeline chart', () => {
  it('shows a 6-tick process among 8M ticks, with its exact ticks in the tooltip', () => {
    const spans = new Map<number, Span[]>([
      [1, [{ from: 0, to: 10_000, state: 'running' }, { from: 10_000, to: 10_006, state: 'ready' }, { from: 10_006, to: 8_000_000, state: 'running' }]],
      [2, [{ from: 0, to: 10_000, state: 'ready' }, { from: 10_000, to: 10_006, state: 'running' }]],
    ]);
    const svg = renderTimeline({ spans, names: new Map([[1, 'big'], [2, 'tiny']]), end: 8_000_000, title: { policy: 'rr', quantum: 10_000 } });
    const tiny = lane(svg, 2);
    expect(tiny.map((r) => r.state)).toEqual(['ready', 'running']);
    expect(tiny[1].width).toBeGreaterThanOrEqual(2);
    // Its 6 running ticks share a pixel column with its ready ones: the column shows running, the tooltip both.
    expect(tiny[1].tip).toBe('2 tiny: 8,334–10,006 (1.67k ticks): ready 1,666, running 6');
    expect(lane(svg, 1).map((r) => r.state)).toEqual(['running']);
    expect(lane(svg, 1)[0].tip).toBe('1 big: 0–8,000,000 (8M ticks): running 7,999,994, ready 6');
    expect(lane(svg, 2)[0].tip).toBe('2 tiny: ready 0–8,334 (8.33k ticks)');
  });

  it('labels the axis with abbreviated ticks and keeps the last label inside the picture', () => {
    const svg = renderTimeline({ spans: new Map([[1, [{ from: 0, to: 8_000_000, state: 'running' }]]]), names: new Map([[1, 'a']]), end: 8_000_000 });
    const ticks = [...svg.matchAll(/<text class="tick" x="([\d.]+)"[^>]*>([^<]*)</g)];
    expect(ticks.map((m) => m[2])).toEqual(['0', '1M', '2M', '3M', '4M', '5M', '6M', '7M', '8M']);
    const width = Number(/<svg [^>]*width="(\d+)"/.exec(svg)![1]);
    expect(Number(ticks[ticks.length - 1][1]) + 20).toBeLessThan(width);
    expect(['250000', '1500', '999', '12345678'].map(Number).map(abbreviate)).toEqual(['250k', '1.5k', '999', '12.3M']);
  });

  it('keeps blocked waits and every dispatch visible when many processes share narrow columns', () => {
    // 40 processes taking 1,000-tick turns for 4M ticks: 4,000 ticks per pixel column.
    const n = 40;
    const spans = new Map<number, Span[]>();
    for (let pid = 1; pid <= n; pid++) {
      const list: Span[] = [];
      for (let t = 0; t < 4_000_000; t += n * 1000) {
        const mine = t + (pid - 1) * 1000;
        if (mine > t) list.push({ from: t, to: mine, state: pid % 2 ? 'ready' : 'blocked' });
        list.push({ from: mine, to: mine + 1000, state: 'running' });
        if (mine + 1000 < t + n * 1000) list.push({ from: mine + 1000, to: t + n * 1000, state: 'ready' });
      }
      spans.set(pid, list);
    }
    const svg = renderTimeline({ spans, names: new Map(), end: 4_000_000 });
    const height = Number(/<svg [^>]*height="(\d+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThan(n * 14);
    for (const pid of [1, 2, n]) {
      const rects = lane(svg, pid);
      expect(rects.filter((r) => r.state === 'running')).toHaveLength(100); // one per turn
      if (pid % 2 === 0) expect(rects.some((r) => r.state === 'blocked')).toBe(true);
    }
  });
});
