import { expect, it } from 'vitest';
import * as path from 'node:path';
import * as asm from '../../assembler/index.js';
import { Kernel } from '../../kernel/kernel.js';
import { machineOptions } from '../../kernel/options.js';
import { createPolicy } from '../../kernel/policies/index.js';
import { BufferSink } from '../../kernel/io.js';
import { nodeHost } from '../../host/node.js';
import { DebugHost } from '../../kernel/debug/host.js';
import { Snapshots } from '../../kernel/debug/snapshots.js';
import { machineDump } from '../../kernel/debug/state.js';
import { build } from '../helpers/kernel.js';

const root = path.resolve('programs');
function make(policy = 'rr') {
  const o = machineOptions({ root, quantum: 37, policy });
  const out = new BufferSink();
  const host = new DebugHost(nodeHost(root, { stdin: null as never, stdout: out, stderr: out }, asm), new Uint8Array(), out, out);
  const k = new Kernel(o, host, createPolicy(o));
  const exe = asm.assemble(path.join(root, 'pipeline.asm')).exe!;
  k.create(exe, ['pipeline.asm'], null);
  return { k, host, out };
}
it('restore', () => {
  for (const policy of ['rr', 'lottery', 'mlfq', 'cfs']) {
  const a = make(policy);
  const snaps = new Snapshots(a.k, a.host, { interval: 1000, count: 100, bytes: 1e9 });
  snaps.take();
  const dumps: string[] = [];
  for (let t = 1000; t <= 20000; t += 1000) { a.k.advance({ tick: t }); snaps.take(); dumps.push(machineDump(a.k)); }
  a.k.advance({ tick: 25000 });
  const d25 = machineDump(a.k);
  const b = make(policy);
  b.k.advance({ tick: 5000 });
  expect(machineDump(b.k) === dumps[4]).toBe(true);
  // restore snapshot at 5000 and compare
  for (const t of [5000, 12000, 1000, 20000]) {
    snaps.restore(snaps.latest(t));
    expect(machineDump(a.k) === dumps[t / 1000 - 1]).toBe(true);
  }
  a.k.advance({ tick: 25000 });
  expect(machineDump(a.k) === d25).toBe(true);
  b.k.advance({ tick: 25000 });
  expect(machineDump(b.k) === d25).toBe(true);
  console.log(policy, snaps.count, snaps.bytes, a.k.clock, a.out.text().length);
  }
});
