// The debugger's costs (a script, not a timed test): `node dist/bench/debug.js [--quick]`.
//
//  - throughput of `continue` over the loop workload on each engine: plain kernel.run(), and under the debugger
//    with nothing set, with a breakpoint set (hit once, at the end; it runs on the interpreter, which alone reads
//    the code frames where traps are), and with a watchpoint on a word the loop never writes; CPU time,
//    medians of interleaved rounds, MIPS and the cost relative to the debugger with nothing set;
//  - `reverse-step 1` at tick 10^8 (wall time) of a loop that writes no memory and of one that rewrites 64 KiB,
//    with the snapshots' count and memory there.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Session } from '../kernel/debug/commands.js';
import { Debugger } from '../kernel/debug/debugger.js';
import { DebugHost, debugStreams } from '../kernel/debug/host.js';
import { NULL_SINK } from '../kernel/io.js';
import type { Kernel } from '../kernel/kernel.js';
import { machineOptions } from '../kernel/options.js';
import { nodeKernel } from '../host/machine.js';
import type { Executable } from '../vm/image.js';
import { assembleWorkload } from './workloads.js';

const quick = process.argv.includes('--quick');
const ITERATIONS = quick ? 300_000 : 3_000_000;
const ROUNDS = quick ? 3 : 9;
const FAR = quick ? 10_000_000 : 100_000_000;
/** Physical memory of each machine: small, so that building one per run does not make the collector the cost. */
const MEM = 1 << 20;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-bench-debug-'));

function machine(exe: Executable, iterations: number, engine: string): { kernel: Kernel; host: DebugHost } {
  const streams = debugStreams('', NULL_SINK, NULL_SINK);
  let host: DebugHost | null = null;
  const kernel = nodeKernel(machineOptions({ root, engine, mem: MEM }), streams, undefined, (base) => (host = new DebugHost(base, streams)));
  const p = kernel.create(exe, ['loop'], null);
  if (typeof p === 'number') throw new Error(`create failed: ${p}`);
  p.cpu.regs[3] = iterations;
  return { kernel, host: host! };
}

function session(exe: Executable, iterations: number, engine: string): Session {
  const { kernel, host } = machine(exe, iterations, engine);
  const dbg = new Debugger(kernel, host, { yieldToHost: () => new Promise((resolve) => setImmediate(resolve)) });
  return new Session(dbg, { print: () => {}, source: () => null });
}

/** CPU seconds of f. */
async function cpu(f: () => Promise<unknown>): Promise<number> {
  const t = process.cpuUsage();
  await f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const exe = await assembleWorkload('loop');
  const ticks = (() => {
    const { kernel } = machine(exe, ITERATIONS, 'interp');
    kernel.advance();
    return kernel.clock;
  })();
  const cases: [string, () => Promise<unknown>][] = [];
  for (const engine of ['interp', 'jit']) {
    const debug = (...lines: string[]) => async (): Promise<void> => {
      const s = session(exe, ITERATIONS, engine);
      for (const l of lines) await s.execute(l);
    };
    cases.push(
      [`${engine}: kernel.run()`, () => machine(exe, ITERATIONS, engine).kernel.run()],
      [`${engine}: nothing set`, debug('continue')],
      [`${engine}: a breakpoint`, debug('break *0x1030', 'continue')],
      [`${engine}: a watchpoint`, debug('watch sp - 256', 'continue')],
    );
  }
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) for (const [name, f] of cases) times.get(name)!.push(await cpu(f));
  console.log(`continue over loop.asm, ${ITERATIONS} iterations = ${ticks} ticks; CPU time, median of ${ROUNDS} interleaved rounds (node ${process.version})`);
  for (const [name] of cases) {
    const t = median(times.get(name)!);
    const base = median(times.get(`${name.split(':')[0]}: nothing set`)!);
    console.log(`  ${name.padEnd(24)} ${(t * 1000).toFixed(1).padStart(8)} ms  ${(ticks / t / 1e6).toFixed(1).padStart(6)} MIPS  ${(((t - base) / base) * 100).toFixed(1).padStart(6)} % vs nothing set`);
  }

  // Far into a run: the loop writes no memory; memcpy rewrites 16 pages (64 KiB) again and again.
  for (const name of ['loop', 'memcpy']) {
    const s = session(await assembleWorkload(name), 1 << 30, 'jit');
    const wall = async (line: string): Promise<number> => {
      const t = performance.now();
      await s.execute(line);
      return (performance.now() - t) / 1000;
    };
    const there = await wall(`goto ${FAR}`);
    const back = await wall('reverse-step 1');
    const again = await wall('reverse-step 1');
    const snaps = s.dbg.snaps;
    console.log(`${name}: goto ${FAR} ${there.toFixed(2)} s wall; reverse-step 1 there ${(back * 1000).toFixed(0)} ms, once more ${(again * 1000).toFixed(0)} ms; ` +
      `${snaps.count} snapshots every ${snaps.interval} ticks, ${(snaps.bytes / 1024).toFixed(0)} KiB`);
  }
  fs.rmSync(root, { recursive: true, force: true });
}

await main();
