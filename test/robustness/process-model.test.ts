// Model-based test of spawn, wait, kill and yield: a parent's random calls under fifo must return what a small model predicts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Errno, Signal } from '../../vm/syscalls.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { build, ByteSink, expectCleanEnd, runExe, sandbox } from './harness.js';

/** childK.asm exits at once with status 10 + K. */
const CHILDREN = 4;
const root = sandbox();
for (let k = 0; k < CHILDREN; k++) fs.writeFileSync(path.join(root, `child${k}.asm`), `main: li r1, ${10 + k}\n sys exit\n`);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

type Command =
  | { kind: 'spawn'; child: number } // CHILDREN means a missing file
  | { kind: 'wait'; pid: number; status: boolean }
  | { kind: 'kill'; pid: number; sig: number }
  | { kind: 'yield' };

// Mostly the first children's pids, so that kills and waits meet live children.
const pid = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 4, max: 7 }) }, { weight: 1, arbitrary: fc.constant(99) });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('spawn' as const), child: fc.integer({ min: 0, max: CHILDREN }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), pid: fc.oneof(fc.constant(-1), pid), status: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('kill' as const), pid, sig: fc.constantFrom(0, Signal.KILL, Signal.TERM, Signal.STOP, Signal.CONT, 7) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'yield' as const }) },
);

/** The parent program: each call, then its result (and a wait's status word) written to stdout as 4 bytes. */
function source(commands: Command[]): string {
  const out = (label: string): string => `li r1, 1\n la r2, ${label}\n li r3, 4\n sys write`;
  const body = commands.map((c) => {
    switch (c.kind) {
      case 'spawn': return `la r1, name${c.child}\n li r2, 0\n sys spawn`;
      case 'wait': return `li r1, ${c.pid}\n ${c.status ? 'la r2, status' : 'li r2, 0'}\n sys wait`;
      case 'kill': return `li r1, ${c.pid}\n li r2, ${c.sig}\n sys kill`;
      case 'yield': return 'sys yield';
    }
  }).map((call, k) => `${call}\n sw r0, [ret]\n ${out('ret')}${commands[k].kind === 'wait' && (commands[k] as { status: boolean }).status ? `\n ${out('status')}` : ''}`);
  const names = Array.from({ length: CHILDREN + 1 }, (_, k) => `name${k}: .asciz "${k < CHILDREN ? `child${k}` : 'missing'}.asm"`);
  return `        .data\n        .align 4\nret:    .word 0\nstatus: .word 0\n${names.join('\n')}\n        .text\nmain:\n${body.join('\n')}\n li r1, 0\n sys exit\n`;
}

interface Child { state: 'ready' | 'stopped' | 'zombie'; status: number; code: number }

/** What the kernel should answer under fifo: the words written to stdout, and the machine's status. */
function model(commands: Command[], maxProcs: number): { words: number[]; status: number } {
  const table = new Map<number, Child>();
  let queue: number[] = [];
  let nextPid = 2;
  let statusWord = 0;
  const words: number[] = [];
  /** Run every ready child, in queue order, to its exit; after each, let `onExit` complete a blocked wait. */
  const runChildren = (onExit: () => number | null): number | null => {
    let result: number | null = null;
    for (const p of queue) {
      const c = table.get(p)!;
      c.state = 'zombie';
      c.status = c.code;
      if (result === null) result = onExit();
    }
    queue = [];
    return result;
  };
  for (const c of commands) {
    let r: number;
    switch (c.kind) {
      case 'spawn':
        if (c.child === CHILDREN) r = -Errno.ENOENT;
        else if (table.size + 1 >= maxProcs) r = -Errno.EAGAIN;
        else {
          r = nextPid++;
          table.set(r, { state: 'ready', status: 0, code: 10 + c.child });
          queue.push(r);
        }
        break;
      case 'wait': {
        const matching = (): number[] => [...table.keys()].filter((p) => c.pid === -1 || p === c.pid);
        const reap = (): number | null => {
          const z = matching().find((p) => table.get(p)!.state === 'zombie');
          if (z === undefined) return null;
          if (c.status) statusWord = table.get(z)!.status;
          table.delete(z);
          return z;
        };
        if (matching().length === 0) r = -Errno.ECHILD;
        else {
          const got = reap() ?? runChildren(reap);
          if (got === null) return { words, status: 125 }; // blocked with nobody left to run: deadlock
          r = got;
        }
        break;
      }
      case 'kill': {
        const victim = table.get(c.pid);
        if (![0, Signal.KILL, Signal.TERM, Signal.STOP, Signal.CONT].includes(c.sig)) r = -Errno.EINVAL;
        else if (!victim) r = -Errno.ESRCH;
        else {
          r = 0;
          if (victim.state !== 'zombie' && c.sig === Signal.STOP && victim.state === 'ready') {
            victim.state = 'stopped';
            queue = queue.filter((p) => p !== c.pid);
          } else if (victim.state === 'stopped' && c.sig === Signal.CONT) {
            victim.state = 'ready';
            queue.push(c.pid);
          } else if (victim.state !== 'zombie' && (c.sig === Signal.KILL || c.sig === Signal.TERM)) {
            victim.state = 'zombie';
            victim.status = 128 + c.sig;
            queue = queue.filter((p) => p !== c.pid);
          }
        }
        break;
      }
      case 'yield':
        runChildren(() => null);
        r = 0;
        break;
    }
    words.push(r);
    if (c.kind === 'wait' && c.status) words.push(statusWord);
  }
  runChildren(() => null);
  return { words, status: [...table.values()].some((c) => c.state === 'stopped') ? 125 : 0 };
}

describe('process API against a model (fifo)', () => {
  const n = runs(600, 10_000);
  it(`spawn, wait, kill and yield return what the model predicts (${n} command sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 16 }), fc.integer({ min: 2, max: 6 }), async (commands, maxProcs) => {
        const stdout = new ByteSink();
        const r = await runExe(build(source(commands)), { root, policy: 'fifo', maxProcs, stdout, maxTicks: 1_000_000 });
        expectCleanEnd(r);
        const bytes = stdout.buffer();
        const words = Array.from({ length: bytes.length / 4 }, (_, k) => bytes.readInt32LE(4 * k));
        expect({ words, status: r.status }).toEqual(model(commands, maxProcs));
      }),
      params(20260306, n, { shrink: false }),
    );
  }, TIMEOUT);
});
