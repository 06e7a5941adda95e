// Process-API fuzz: random mixes of fork, spawn, wait, kill, pipes, dup2, sleep and friends, under every policy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEvent } from '../../kernel/events.js';
import { POLICIES } from '../../kernel/policies/index.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { CHILD, source, step } from './process-gen.js';
import { build, expectCleanEnd, runExe, sandbox } from './harness.js';

const root = sandbox();
fs.writeFileSync(path.join(root, 'child.asm'), CHILD);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('process API fuzz', () => {
  const n = runs(1000, 20_000);
  it(`random process programs end cleanly, leak no frame, and run identically twice (${n} programs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(...Object.keys(POLICIES)),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 6 }),
        async (steps, code, policy, quantum, maxProcs) => {
          const exe = build(source(steps, code));
          const once = async () => {
            const trace: string[] = [];
            const r = await runExe(exe, { root, policy, quantum, maxProcs, maxTicks: 20_000, mem: 512 << 10 }, ['prog'], (e) => trace.push(formatEvent(e)));
            return { r, trace };
          };
          const a = await once();
          expectCleanEnd(a.r);
          // When the machine was not halted, every process left is a zombie nobody waited for.
          if (a.r.status !== 124 && a.r.status !== 125) for (const p of a.r.kernel.table.values()) expect(p.state).toBe('zombie');
          const exits = a.trace.filter((l) => / exit pid=/.test(l)).map((l) => / pid=(\d+)/.exec(l)![1]);
          expect(new Set(exits).size).toBe(exits.length);
          const b = await once();
          expect([b.r.status, b.r.stdout, b.r.stderr, b.trace]).toEqual([a.r.status, a.r.stdout, a.r.stderr, a.trace]);
        },
      ),
      params(20260305, n, { shrink: false }),
    );
  }, TIMEOUT);
});
