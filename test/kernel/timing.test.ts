// docs/KERNEL.md's timing rules, pinned for every policy: what falls due at a tick boundary is applied before the
// policy is asked who runs there, however the previous holder of the CPU left it.
import { describe, expect, it } from 'vitest';
import { POLICIES } from '../../kernel/policies/index.js';
import { runSources } from '../helpers/kernel.js';

/** Sleeps 5 ticks from its `sys` at tick 1: ready at exactly 1 + 1 + 5 = 7. */
const SLEEPER = 'main: li r1, 5\nsys sleep\nli r0, 0\nret\n';
/** Dispatched at 2, when the sleeper blocks; its `sys` at tick 6 ends the tick before the sleeper is due. */
const ENDERS: Record<string, string> = {
  exits: 'main: nop\nnop\nnop\nli r1, 0\nsys exit\n',
  blocks: 'main: nop\nnop\nnop\nli r1, 50\nsys sleep\nli r0, 0\nret\n',
  yields: 'main: nop\nnop\nnop\nnop\nsys yield\nli r0, 0\nret\n',
};
const HOG = 'main: li r1, 2000\nloop: sub r1, r1, 1\nbne r1, 0, loop\nli r0, 0\nret\n';

describe.each(Object.keys(POLICIES))('under %s', (policy) => {
  it.each(Object.keys(ENDERS))('a sleeper due when the running process %s is woken before the decision at that tick', async (how) => {
    const r = await runSources({ 's.asm': SLEEPER, 'e.asm': ENDERS[how], 'h.asm': HOG }, ['s.asm', 'e.asm', 'h.asm'], { policy, quantum: 1000 });
    expect(r.status).toBe(0);
    const at7 = r.trace.filter((l) => l.startsWith('7 '));
    const wake = at7.indexOf('7 wake pid=1');
    const dispatch = at7.findIndex((l) => / dispatch /.test(l));
    expect(wake).toBeGreaterThanOrEqual(0);
    expect(dispatch).toBeGreaterThan(wake);
    // pstat's view and the statistics agree that the sleeper waited for exactly its 5 ticks.
    expect(r.kernel.acct.records()[0].spent.blocked).toBe(5);
  });
});

describe('the order of processes that become ready at one boundary', () => {
  it('is: those the system call made ready, then the woken by pid, then the preempted one (rr)', async () => {
    // pid 2 runs ticks 2–6 (its quantum of 5) and spawns in tick 6: at 7 pid 3 is created, pid 1's sleep
    // ends and pid 2 is preempted. The queue is then 3, 1, 2.
    const spawner = '.data\np: .asciz "c.asm"\n.text\nmain: nop\nnop\nla r1, p\nli r2, 0\nsys spawn\nli r0, 0\nret\n';
    const child = 'main: li r0, 0\nret\n';
    const r = await runSources({ 's.asm': SLEEPER, 'p.asm': spawner, 'c.asm': child }, ['s.asm', 'p.asm'], { policy: 'rr', quantum: 5 });
    expect(r.status).toBe(0);
    const order = r.trace.filter((l) => /^\d+ (spawn pid=3|wake|preempt|dispatch)/.test(l));
    expect(order).toEqual([
      '0 dispatch pid=1', '2 dispatch pid=2', '7 spawn pid=3 parent=2 name=c', '7 wake pid=1', '7 preempt pid=2',
      '7 dispatch pid=3', '9 dispatch pid=1', '11 dispatch pid=2',
    ]);
  });
});
