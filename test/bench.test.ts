// Smoke test of `quanta bench --quick --json`: the report's shape only, never its timings.
import { describe, expect, it } from 'vitest';
import { runBench } from '../bench/harness.js';

const stat = { ms: expect.any(Number), rme: expect.any(Number), samples: expect.any(Number), cpuMs: expect.any(Number) };

describe('quanta bench --quick', () => {
  it('reports every workload with MIPS, spread and the plain-JS ratio', async () => {
    const report = JSON.parse(JSON.stringify(await runBench({ quick: true })));
    expect(report.machine).toEqual({
      cpu: expect.any(String), cores: expect.any(Number), node: expect.any(String),
      v8: expect.any(String), platform: expect.any(String), date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    expect(report.quick).toBe(true);
    const names = report.results.map((r: { name: string }) => r.name);
    expect(names).toEqual(expect.arrayContaining(['loop', 'fib', 'sieve', 'memcpy', 'syscall', 'touch', 'forkwait', 'procs-1', 'procs-4-q1k', 'procs-4-q10k', 'procs-4-q100k']));
    for (const r of report.results) {
      expect(r).toMatchObject({ name: expect.any(String), describe: expect.any(String), via: expect.stringMatching(/^(interp|kernel)$/), op: expect.any(String), vm: stat });
      expect(r.ticks).toBeGreaterThan(0);
      expect(r.mips).toEqual(expect.any(Number));
      expect(r.cpuMips).toEqual(expect.any(Number));
      expect(r.nsPerOp).toEqual(expect.any(Number));
      if (r.js !== null) expect(r.js).toEqual({ name: expect.any(String), ...stat });
      if (r.js !== null) expect(r.ratio).toEqual(expect.any(Number));
    }
    const byName = (n: string) => report.results.find((r: { name: string }) => r.name === n);
    expect(byName('loop').bare).toEqual({ ...stat, mips: expect.any(Number), cpuMips: expect.any(Number), fraction: expect.any(Number) });
    expect(byName('procs-4-q10k').versus).toEqual({ name: 'procs-1', overhead: expect.any(Number) });
  });

  it('runs only the workloads --filter names', async () => {
    const report = await runBench({ quick: true, filter: 'SIEVE' });
    expect(report.results.map((r) => r.name)).toEqual(['sieve']);
  });

  it('refuses a filter that matches nothing, naming the workloads', async () => {
    await expect(runBench({ quick: true, filter: 'nope' })).rejects.toThrow(/no workload matches 'nope'.*loop/);
  });
});
