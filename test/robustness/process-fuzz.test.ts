// Process-API fuzz: random mixes of fork, spawn, wait, kill, pipes, dup2, sleep and friends, under every policy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEvent } from '../../kernel/events.js';
import { POLICIES } from '../../kernel/policies/index.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { build, expectCleanEnd, runExe, sandbox } from './harness.js';

const root = sandbox();
fs.writeFileSync(path.join(root, 'child.asm'), 'main: li r1, 1\n la r2, hi\n li r3, 3\n sys write\n li r1, 5\n sys exit\n.data\nhi: .ascii "hi\\n"\n');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** One step of a program, as assembly; `k` makes its labels unique. */
type Step = (k: number) => string;

const small = fc.integer({ min: -2, max: 8 });
const simple: fc.Arbitrary<Step> = fc.oneof(
  fc.constant(() => 'sys yield'),
  fc.constant(() => 'sys getpid'),
  small.map((n) => () => `li r1, ${n}\n sys sleep`),
  fc.tuple(fc.integer({ min: -1, max: 7 }), fc.boolean()).map(([pid, st]) => () => `li r1, ${pid}\n ${st ? 'la r2, status' : 'li r2, 0'}\n sys wait`),
  fc.tuple(fc.integer({ min: -1, max: 7 }), fc.constantFrom(0, 9, 15, 19, 18, 5)).map(([pid, sig]) => () => `li r1, ${pid}\n li r2, ${sig}\n sys kill`),
  fc.constant(() => 'la r1, fds\n sys pipe'),
  fc.integer({ min: 0, max: 8 }).map((n) => () => `lw r1, [fds + 4]\n la r2, msg\n li r3, ${n}\n sys write`),
  fc.integer({ min: 0, max: 8 }).map((n) => () => `lw r1, [fds]\n la r2, buf\n li r3, ${n}\n sys read`),
  fc.integer({ min: 0, max: 1 }).map((e) => () => `lw r1, [fds + ${4 * e}]\n sys close`),
  fc.integer({ min: 0, max: 5 }).map((to) => () => `lw r1, [fds]\n li r2, ${to}\n sys dup2`),
  fc.integer({ min: 0, max: 5 }).map((fd) => () => `li r1, ${fd}\n sys close`),
  fc.constant(() => 'li r1, 1\n la r2, msg\n li r3, 4\n sys write'),
  fc.constant(() => 'la r1, childname\n li r2, 0\n sys spawn'),
  fc.integer({ min: 0, max: 7 }).map((pid) => () => `li r1, ${pid}\n la r2, stat\n sys pstat`),
  fc.constant(() => 'la r1, stat\n li r2, 10\n sys procs'),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: -25, max: 25 })).map(([pid, v]) => () => `li r1, ${pid}\n li r2, ${v}\n sys nice`),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: -1, max: 500 })).map(([pid, v]) => () => `li r1, ${pid}\n li r2, ${v}\n sys settickets`),
  fc.integer({ min: 1, max: 300 }).map((n) => (k: number) => `li r6, ${n}\nspin${k}: sub r6, r6, 1\n bne r6, 0, spin${k}`),
);

/** fork: the child runs its own steps and exits with a code; the parent carries on. */
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: simple },
  {
    weight: 2, arbitrary: fc.tuple(fc.array(simple, { maxLength: 5 }), fc.integer({ min: 0, max: 255 })).map(([body, code]) => (k: number) =>
      `sys fork\n bne r0, 0, parent${k}\n${body.map((s, j) => s(k * 100 + j)).join('\n')}\n li r1, ${code}\n sys exit\nparent${k}:`),
  },
);

function source(steps: Step[], exitCode: number): string {
  return `        .data
childname: .asciz "child.asm"
msg:    .ascii "ping"
        .align 4
fds:    .word 0, 0
status: .word 0
stat:   .space 40
buf:    .space 16
        .text
main:
${steps.map((s, k) => s(k + 1)).join('\n')}
        li r1, ${exitCode}
        sys exit
`;
}

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
