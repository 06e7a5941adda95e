// The timeline the playground draws under the debugger: after going back in time and forward again, it is the
// chart of a plain run stopped at the same tick (a replay closes the same spans again; later ones are dropped).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, memorySource } from '../../assembler/index.js';
import { Timeline } from '../../kernel/timeline.js';
import { REPO } from '../golden.js';
import { debugMachine, debugSession } from '../helpers/debug.js';
import { testKernel } from '../helpers/kernel.js';

const PROGRAMS = path.join(REPO, 'programs');
const sources = Object.fromEntries(
  ['forktree.asm', ...fs.readdirSync(path.join(PROGRAMS, 'lib')).map((f) => `lib/${f}`)].map((f) => [f, fs.readFileSync(path.join(PROGRAMS, f), 'utf8')]),
);
const exe = assemble('forktree.asm', { host: memorySource(sources) }).exe!;
const OPTIONS = { quantum: 50 };
const TITLE = { policy: 'rr', quantum: 50 };

/** The chart of a plain run of forktree stopped at tick t. */
function plainChart(t: number): string {
  const { kernel } = testKernel(PROGRAMS, OPTIONS);
  const timeline = new Timeline(kernel);
  kernel.create(exe, ['forktree.asm', '2'], null);
  kernel.advance({ tick: t });
  return timeline.render(TITLE);
}

describe('the timeline under the debugger', () => {
  it('after going back and forward, is the plain run\'s chart at the same tick', async () => {
    // The view listens to the accounting before the debugger copies the machine: its copies listen too.
    const m = debugMachine(PROGRAMS, exe, OPTIONS, '', ['forktree.asm', '2']);
    const timeline = new Timeline(m.kernel);
    const s = debugSession(m);
    const chart = async (command: string): Promise<string> => {
      await s.session.execute(command);
      return timeline.render(TITLE);
    };
    expect(await chart('goto 6000')).toBe(plainChart(6000));
    expect(await chart('goto 2500')).toBe(plainChart(2500));
    expect(await chart('reverse-step 100')).toBe(plainChart(s.kernel.clock));
    expect(s.kernel.clock).toBeLessThan(2500);
    expect(await chart('goto 7000')).toBe(plainChart(7000));
    // The whole run, and a step back from its end.
    const end = await chart('continue');
    expect(s.kernel.clock).toBe(9142);
    expect(end).toBe(plainChart(9142));
    expect(await chart('goto 9000')).toBe(plainChart(9000));
  });
});
