// Smoke test of `quanta bench --quick --json`: the report's shape only, never its timings; the twins' sizes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CROSS } from '../bench/baselines.js';
import { runBench } from '../bench/harness.js';
import { CLI, REPO } from './golden.js';

const stat = { ms: expect.any(Number), rme: expect.any(Number), samples: expect.any(Number), cpuMs: expect.any(Number) };

describe('quanta bench --quick', () => {
  it('reports every workload on both tiers with MIPS, spread and the plain-JS ratio', async () => {
    const report = JSON.parse(JSON.stringify(await runBench({ quick: true })));
    expect(report.machine).toEqual({
      cpu: expect.any(String), cores: expect.any(Number), node: expect.any(String),
      v8: expect.any(String), platform: expect.any(String), date: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    expect(report.quick).toBe(true);
    expect(report.baseline).toBe(null);
    const names = ['loop', 'fib', 'sieve', 'memcpy', 'syscall', 'touch', 'forkwait', 'procs-1', 'procs-4-q1k', 'procs-4-q10k', 'procs-4-q100k'];
    expect(report.results.map((r: { name: string; engine: string }) => `${r.name} ${r.engine}`)).toEqual(names.flatMap((n) => [`${n} interp`, `${n} jit`]));
    for (const r of report.results) {
      expect(r).toMatchObject({ name: expect.any(String), describe: expect.any(String), via: expect.stringMatching(/^(cpu|kernel)$/), op: expect.any(String), vm: stat });
      expect(r.ticks).toBeGreaterThan(0);
      expect(r.mips).toEqual(expect.any(Number));
      expect(r.cpuMips).toEqual(expect.any(Number));
      expect(r.nsPerOp).toEqual(expect.any(Number));
      if (r.js !== null) expect(r.js).toEqual({ name: expect.any(String), ...stat });
      if (r.js !== null) expect(r.ratio).toEqual(expect.any(Number));
    }
    const find = (n: string, engine: string) => report.results.find((r: { name: string; engine: string }) => r.name === n && r.engine === engine);
    expect(find('loop', 'interp').bare).toEqual({ ...stat, mips: expect.any(Number), cpuMips: expect.any(Number), fraction: expect.any(Number) });
    expect(find('loop', 'jit').bare).toBe(null);
    expect(find('loop', 'interp').speedup).toBe(null);
    expect(find('loop', 'jit').speedup).toEqual(expect.any(Number));
    expect(find('loop', 'jit').js).toEqual(find('loop', 'interp').js);
    expect(find('procs-4-q10k', 'jit').versus).toEqual({ name: 'procs-1', overhead: expect.any(Number) });
  });

  it('runs only the workloads --filter names, by workload or tier', async () => {
    const sieve = await runBench({ quick: true, filter: 'SIEVE' });
    expect(sieve.results.map((r) => `${r.name} ${r.engine}`)).toEqual(['sieve interp', 'sieve jit']);
    const jit = await runBench({ quick: true, filter: 'fib jit' });
    expect(jit.results.map((r) => `${r.name} ${r.engine}`)).toEqual(['fib jit']);
  });

  it('compares the interpreter with another build (--baseline), and refuses a directory without one', async () => {
    const report = await runBench({ quick: true, filter: 'fib jit', baseline: REPO });
    expect(report.baseline).toEqual({ dir: REPO, results: ['loop', 'fib', 'sieve', 'memcpy'].map((name) => ({ name, cpuMips: expect.any(Number), baselineCpuMips: expect.any(Number) })) });
    await expect(runBench({ quick: true, filter: 'fib jit', baseline: '/nonexistent' })).rejects.toThrow(/--baseline: no build in '\/nonexistent'/);
  });

  it('runs from the built command (the bundle loads benchmark.js from node_modules)', () => {
    const r = spawnSync(process.execPath, [CLI, 'bench', '--quick', '--json', '--filter', 'loop jit'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { name: string; engine: string }) => `${x.name} ${x.engine}`)).toEqual(['loop jit']);
  });

  it('refuses a filter that matches nothing, naming the workloads', async () => {
    await expect(runBench({ quick: true, filter: 'nope' })).rejects.toThrow(/no workload matches 'nope'.*loop/);
  });
});

describe('the cross-language twins', () => {
  it('run fib, loop and sieve at the same sizes in Quanta (the workloads’ defaults), Lua and node', () => {
    for (const [name, n] of Object.entries(CROSS)) {
      const asm = fs.readFileSync(path.join(REPO, 'bench', 'workloads', `${name}.asm`), 'utf8');
      const lua = fs.readFileSync(path.join(REPO, 'bench', 'lua', `${name}.lua`), 'utf8');
      expect([name, Number(/^\s+\.equ\s+(?:N|SIZE),\s*(\d+)/m.exec(asm)?.[1])]).toEqual([name, n]);
      expect([name, Number(/tonumber\(arg\[1\]\) or (\d+)/.exec(lua)?.[1])]).toEqual([name, n]);
    }
  });
});
