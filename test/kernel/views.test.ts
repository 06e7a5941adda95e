// The statistics and the timeline are views of one run: their figures must agree with each other
// and with the identities of docs/CLI.md (cpu + ready + blocked + stopped = turnaround).
import { describe, expect, it } from 'vitest';
import { collectStats, formatStats } from '../../kernel/stats.js';
import { Timeline } from '../../kernel/timeline.js';
import { POLICIES } from '../../kernel/policies/index.js';
import { runSources } from '../helpers/kernel.js';

const WORK = 'main: li r1, 3000\nloop: sub r1, r1, 1\nbne r1, 0, loop\nli r1, 200\nsys sleep\nli r0, 0\nret\n';

describe('statistics and timeline', () => {
  it('agree with each other and with the clock for three processes under rr', async () => {
    let timeline: Timeline | null = null;
    const r = await runSources({ 'w.asm': WORK }, ['w.asm', 'w.asm', 'w.asm'], { quantum: 1000, attach: (k) => (timeline = new Timeline(k)) });
    const stats = collectStats(r.kernel);
    expect(Object.keys(stats)).toEqual(['ticks', 'idle', 'switches', 'instructions', 'io_busy', 'processes', 'averages']);
    // Sleeps are not device I/O; the averages are those of the three.
    expect(stats.io_busy).toBe(0);
    const mean = (f: (p: (typeof stats.processes)[number]) => number): number => stats.processes.reduce((n, p) => n + f(p), 0) / 3;
    expect(stats.averages).toEqual({ response: mean((p) => p.response!), turnaround: mean((p) => p.turnaround!), ready: mean((p) => p.ready) });
    expect(stats.ticks).toBe(stats.instructions + stats.idle);
    for (const p of stats.processes) {
      expect(p.status).toBe(0);
      expect(p.cpu + p.ready + p.blocked + p.stopped).toBe(p.turnaround);
      expect(p.blocked).toBe(200);
    }
    expect(stats.processes.map((p) => p.response)).toEqual([0, 1000, 2000]);

    const svg = timeline!.render({ policy: 'rr', quantum: 1000 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('>Schedule: rr, quantum 1k ticks</text>');
    expect(svg.match(/<g class="lane"/g)).toHaveLength(3);
    expect(svg.match(/class="legend"/g)).toHaveLength(4);
    // The CPU lane passes the CPU round the three processes, a quantum each, while all are ready.
    const holders = [...svg.split('<g class="cpu">')[1].split('</g>')[0].matchAll(/class="holder" data-holder="(\d+)"/g)].map((m) => Number(m[1]));
    expect(holders.slice(0, 6)).toEqual([1, 2, 3, 1, 2, 3]);
    for (const p of stats.processes) {
      const lane = svg.split(`data-pid="${p.pid}"`)[1].split('</g>')[0];
      expect(lane).toContain(`>${p.pid} w</text>`);
      expect(lane.match(/class="running"/g)!.length).toBeGreaterThanOrEqual(3); // three quanta each
    }
    expect(formatStats(stats)).toMatch(/^ *pid +name +status/);
  });

  it.each(Object.keys(POLICIES))('keep the clock exact under %s: sleepers wake at their tick while others run', async (policy) => {
    const sleeper = 'main: li r1, 500\nsys sleep\nsys time\nret\n'; // exits with (time after waking) & 255
    const r = await runSources({ 'w.asm': WORK, 's.asm': sleeper }, ['w.asm', 's.asm', 'w.asm'], { policy, quantum: 1000 });
    const stats = collectStats(r.kernel);
    expect(stats.ticks).toBe(stats.instructions + stats.idle);
    expect(stats.idle).toBeGreaterThanOrEqual(0);
    for (const p of stats.processes) expect(p.cpu + p.ready + p.blocked + p.stopped).toBe(p.turnaround);
    const wake = r.events.find((e) => e.type === 'wake' && e.pid === 2)!;
    const call = r.events.find((e) => e.type === 'syscall' && e.pid === 2 && e.fields.name === 'sleep')!;
    expect(wake.tick).toBe(call.tick + 1 + 500);
  });
});
