// `quanta bench --baseline DIR`: this build's interpreter against another build's, in interleaved rounds of CPU time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cpu from '../vm/cpu.js';
import * as interp from '../vm/interp.js';
import * as layout from '../vm/layout.js';
import * as memory from '../vm/memory.js';
import * as mmu from '../vm/mmu.js';
import type { Executable } from '../vm/image.js';
import { assembleWorkload } from './workloads.js';

/** A build's machine: each build runs on its own classes, so that nothing of one leaks into the other. */
interface Build {
  FramePool: typeof memory.FramePool;
  AddressSpace: typeof mmu.AddressSpace;
  CodeCache: typeof mmu.CodeCache;
  Cpu: typeof cpu.Cpu;
  run: typeof interp.run;
}

const THIS: Build = { ...memory, ...mmu, ...cpu, run: interp.run };

/** A build of Quanta in dir (its dist/vm/ compiled), or an error saying what is missing. */
async function load(dir: string): Promise<Build> {
  const vm = path.resolve(dir, 'dist', 'vm');
  const files = ['memory', 'mmu', 'cpu', 'interp'];
  const missing = files.filter((f) => !fs.existsSync(path.join(vm, `${f}.js`)));
  if (missing.length > 0) throw new BaselineError(`--baseline: no build in '${dir}' (missing ${missing.map((f) => `dist/vm/${f}.js`).join(', ')}; run npx tsc -p . there)`);
  const [m, u, c, i] = await Promise.all(files.map((f) => import(pathToFileURL(path.join(vm, `${f}.js`)).href)));
  return { FramePool: m.FramePool, AddressSpace: u.AddressSpace, CodeCache: u.CodeCache, Cpu: c.Cpu, run: i.run };
}

/** A --baseline that cannot be loaded: a usage error. */
export class BaselineError extends Error {}

/** CPU microseconds of one run of exe with r3 = arg on a build's interpreter, and its ticks. */
function once(build: Build, exe: Executable, arg: number): { us: number; ticks: number } {
  const pool = new build.FramePool(4 << 20);
  const machine = new build.Cpu(new build.AddressSpace(pool, new build.CodeCache(exe, pool), 1 << 20));
  machine.pc = exe.entry;
  machine.regs[3] = arg;
  machine.regs[15] = layout.STACK_TOP;
  let ticks = 0;
  const t0 = process.cpuUsage();
  for (;;) {
    const stop = build.run(machine, Infinity);
    ticks += machine.ran;
    if (stop === cpu.Stop.Syscall) break;
    if (stop !== cpu.Stop.Budget) throw new Error(`workload stopped (${stop}): ${machine.fault.detail}`);
  }
  const used = process.cpuUsage(t0);
  return { us: used.user + used.system, ticks };
}

export interface BaselineResult {
  name: string;
  /** Median CPU MIPS of this build's interpreter, and of the baseline's, over the same interleaved rounds. */
  cpuMips: number;
  baselineCpuMips: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Both interpreters on the CPU workloads, alternating which goes first, `rounds` times each. */
export async function compareBaseline(dir: string, quick: boolean): Promise<BaselineResult[]> {
  const other = await load(dir);
  const sizes: Record<string, number> = quick ? { loop: 50_000, fib: 18, sieve: 16_384, memcpy: 2 } : { loop: 2_000_000, fib: 27, sieve: 262_144, memcpy: 32 };
  const rounds = quick ? 1 : 8;
  const results: BaselineResult[] = [];
  for (const [name, arg] of Object.entries(sizes)) {
    const exe = await assembleWorkload(name);
    const mips: [number[], number[]] = [[], []];
    for (let k = 0; k < rounds; k++) {
      for (const which of k % 2 === 0 ? [0, 1] : [1, 0]) {
        const r = once(which === 0 ? THIS : other, exe, arg);
        mips[which].push(r.ticks / r.us);
      }
    }
    results.push({ name, cpuMips: median(mips[0]), baselineCpuMips: median(mips[1]) });
  }
  return results;
}
