// Reverse execution is exact: after any mix of forward and backward commands on random process programs, the whole
// machine (registers, memory, page tables, process table, descriptors, pipes, policy state, statistics, host
// positions) equals that of a fresh machine run forward to the same point.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Patcher } from '../../kernel/debug/breakpoints.js';
import { instructionStarts } from '../../kernel/debug/breakpoints.js';
import type { Position } from '../../kernel/debug/debugger.js';
import { machineDump } from '../../kernel/debug/state.js';
import type { StopReason } from '../../kernel/kernel.js';
import { ENGINES } from '../../vm/engine.js';
import { JIT_TUNING } from '../../vm/jit.js';
import { POLICIES } from '../../kernel/policies/index.js';
import type { Executable } from '../../vm/image.js';
import { debugMachine, debugSession, type Machine } from '../helpers/debug.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { build, sandbox } from '../robustness/harness.js';
import { CHILD, source, type Step, step } from '../robustness/process-gen.js';

const root = sandbox();
fs.writeFileSync(path.join(root, 'child.asm'), CHILD);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A command of the session, with the random choices it needs (k picks among what exists when it runs). */
const command = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((n) => ({ op: 'step', n })),
  fc.integer({ min: 1, max: 60 }).map((n) => ({ op: 'reverse-step', n })),
  fc.constant({ op: 'next' }),
  fc.constant({ op: 'finish' }),
  fc.constant({ op: 'continue' }),
  fc.constant({ op: 'reverse-next' }),
  fc.constant({ op: 'reverse-continue' }),
  fc.integer({ min: 0, max: 4000 }).map((t) => ({ op: 'goto', t })),
  fc.nat().map((k) => ({ op: 'process', k })),
  fc.nat().map((k) => ({ op: 'break', k })),
  fc.nat().map((k) => ({ op: 'watch', k })),
  fc.constant({ op: 'delete' }),
);
type Command = { op: string; n?: number; t?: number; k?: number };

/** The command line for c in the session's current state. */
function line(c: Command, exe: Executable, pids: number[]): string {
  switch (c.op) {
    case 'step': case 'reverse-step': return `${c.op} ${c.n}`;
    case 'goto': return `goto ${c.t}`;
    case 'process': return `process ${pids[c.k! % pids.length]}`;
    case 'break': {
      const starts = [...instructionStarts(exe)];
      return `break *${starts[c.k! % starts.length]}`;
    }
    case 'watch': return `watch ${['fds', 'status', 'stat', 'buf', 'msg'][c.k! % 5]}`;
    default: return c.op;
  }
}

/** Run a fresh machine forward, with nothing of the debugger but one trap where needed, to position pos. */
function seek(m: Machine, pos: Position, pc: number, exe: Executable): void {
  const k = m.kernel;
  const go = (why: StopReason): void => {
    if (why === 'host') throw new Error('a fresh machine waited for its host');
  };
  go(k.advance({ tick: pos.tick }));
  if (pos.kind === 'tick') return;
  if (pos.kind === 'end') return go(k.advance());
  const traps = new Patcher(k);
  // The fresh machine loads programs that guests spawn anew: the same program is the same code, not the same object.
  const same = (e: Executable): boolean => e.code.length === exe.code.length && e.code.every((b, i) => b === exe.code[i]);
  if (pos.kind === 'hit') {
    traps.arm((e) => (same(e) ? new Set([pc]) : new Set()));
    k.engine = ENGINES.interp; // compiled code is made from the executable: it would not see the trap
  }
  for (;;) {
    go(k.advance({ faults: true }));
    const p = k.pendingFault;
    if (!p) throw new Error(`the fresh run passed ${JSON.stringify(pos)}`);
    if (p.pid === pos.pid && k.clock === pos.tick && (pos.kind === 'fault' || traps.isTrap(p))) break;
  }
  if (pos.kind === 'hit') {
    k.pardon();
    traps.disarm();
  }
}

describe('reverse execution', () => {
  const n = runs(60, 2000);
  it(`leaves the machine exactly as a forward run to the same point (${n} programs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 10 }),
        fc.constantFrom(...Object.keys(POLICIES)),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(16, 100, 1000),
        fc.array(command, { minLength: 1, maxLength: 14 }),
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.boolean(),
        async (steps, policy, quantum, interval, commands, arrival, eager) => {
          // The compiling tier, made to compile at once (else these short runs would never leave the interpreter).
          const tuning = { ...JIT_TUNING };
          if (eager) Object.assign(JIT_TUNING, { warmup: 0, threshold: 0 });
          try {
            await session(steps, policy, quantum, interval, commands, arrival);
          } finally {
            Object.assign(JIT_TUNING, tuning);
          }
        },
      ),
      params(20261124, n),
    );
  }, TIMEOUT);
});

/** One session: the program, the machine's options, the commands, each checked against a fresh forward run. */
async function session(steps: Step[], policy: string, quantum: number, interval: number, commands: Command[], arrival: number | null): Promise<void> {
  const exe = build(source(steps, 3));
  const options = { policy, quantum, maxProcs: 5, maxTicks: 4000, mem: 512 << 10 };
  const machine = (): Machine => debugMachine(root, exe, options, '', ['prog'], arrival ?? undefined);
  const s = debugSession(machine(), { interval, count: 6, bytes: 1 << 30 });
  for (const c of commands) {
    const text = line(c, exe, [...s.kernel.table.keys()]);
    await s.session.execute(text);
    const pos = s.dbg.here;
    s.dbg.clean();
    const fresh = machine();
    const at = pos.kind === 'tick' ? null : s.kernel.table.get(pos.pid)!;
    seek(fresh, pos, at?.cpu.pc ?? 0, at?.exe ?? exe);
    expect({ after: text, tick: s.kernel.clock }).toEqual({ after: text, tick: fresh.kernel.clock });
    const [da, db] = [machineDump(s.kernel), machineDump(fresh.kernel)];
    expect(da === db, `machine after '${text}' at ${JSON.stringify(pos)}`).toBe(true);
    const host = (m: Machine): unknown => ({ in: m.host.stdin.mark().length, out: m.host.stdout.pos, err: m.host.stderr.pos });
    expect(host(s)).toEqual(host(fresh));
  }
  // What the guests wrote was shown once, in order, however often the run went back over it.
  const end = machine();
  await end.kernel.run();
  expect(end.stdout.text().startsWith(s.stdout.text())).toBe(true);
}
