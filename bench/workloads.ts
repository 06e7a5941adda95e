// The catalogue of `quanta bench`: each workload program with its size, how it runs, and its plain-JS twin.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineName } from '../vm/engine.js';
import type { Executable } from '../vm/image.js';
import { loadAssembler } from '../host/programs.js';
import { nodeSource } from '../host/node-source.js';
import * as js from './baselines.js';
import { runBare } from './bare.js';
import { onCpu, onKernel, type Outcome } from './machines.js';

export interface Case {
  name: string;
  describe: string;
  /** cpu: the engine on a bare CPU; kernel: whole processes under the kernel; host: a child `node`. */
  via: 'cpu' | 'kernel' | 'host';
  /** The execution tier that runs the guest code; null for host cases. */
  engine: EngineName | null;
  /** What ns/op counts: 'instr' (ops = ticks), or one system call, page fault, fork+wait, start-up. */
  op: string;
  /** Operations per run; null when they are the run's ticks. */
  ops: number | null;
  run: () => Outcome | Promise<Outcome>;
  /** What run() must report as its result (compared under `mask`): the JS twin's answer. */
  expect: number;
  mask: number;
  js: { name: string; run: () => unknown } | null;
  /** The same machine code on the bare switch interpreter (bench/bare.ts); for the interpreter's cases only. */
  bare: (() => number) | null;
  /** A case this one's MIPS is compared with (the same engine's): the preemption overhead. */
  versus: string | null;
  /** Called once the case is measured. */
  cleanup?: () => void;
}

/** The package root, from either bench/*.ts (tests) or dist/bench/*.js (the CLI). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('quanta bench: cannot find the package root');
    dir = up;
  }
  return dir;
}

export const workloadPath = (name: string): string => path.join(packageRoot(), 'bench', 'workloads', `${name}.asm`);

export async function assembleWorkload(name: string): Promise<Executable> {
  const { assemble, formatDiagnostic } = await loadAssembler();
  const result = assemble(workloadPath(name), { host: nodeSource });
  if (!result.exe) throw new Error(result.diagnostics.map(formatDiagnostic).join('\n'));
  return result.exe;
}

const CPU = { via: 'cpu', op: 'instr', ops: null, mask: -1, versus: null } as const;
const KERNEL = { via: 'kernel', mask: 0xff, bare: null, versus: null } as const;

/** Every workload runs on each tier, the interpreter first. */
export const TIERS: readonly EngineName[] = ['interp', 'jit'];

/** CPU-bound processes in the preemption workloads, and the quanta they run at. */
const PROCS = 4;
const QUANTA = [1_000, 10_000, 100_000];

export async function workloadCases(quick: boolean): Promise<Case[]> {
  const size = (full: number, small: number): number => (quick ? small : full);
  const [loop, fib, sieve, memcpy, syscall, touch, forkwait] = await Promise.all(
    ['loop', 'fib', 'sieve', 'memcpy', 'syscall', 'touch', 'forkwait'].map(assembleWorkload),
  );
  const n = { loop: size(2_000_000, 50_000), fib: size(27, 18), sieve: size(262_144, 16_384), memcpy: size(32, 2) };
  const calls = size(200_000, 5_000);
  const pages = size(2_048, 64);
  const forks = size(2_000, 50);
  const perProc = size(500_000, 10_000);
  const tier = (engine: EngineName): Case[] => {
    const bare = (exe: Executable, arg: number) => (engine === 'interp' ? () => runBare(exe, arg) : null);
    const cpu = (exe: Executable, arg: number) => onCpu(engine, exe, arg);
    return [
      { ...CPU, engine, name: 'loop', describe: 'tight arithmetic loop (add/xor/shl/sub/blt)', run: cpu(loop, n.loop),
        expect: js.loop(n.loop), js: { name: 'loop()', run: () => js.loop(n.loop) }, bare: bare(loop, n.loop) },
      { ...CPU, engine, name: 'fib', describe: `recursive fib(${n.fib}) (call/ret/push/pop)`, run: cpu(fib, n.fib),
        expect: js.fib(n.fib), js: { name: 'fib()', run: () => js.fib(n.fib) }, bare: bare(fib, n.fib) },
      { ...CPU, engine, name: 'sieve', describe: `byte sieve below ${n.sieve} (lbu/sb)`, run: cpu(sieve, n.sieve),
        expect: js.sieve(n.sieve), js: { name: 'sieve()', run: () => js.sieve(n.sieve) }, bare: bare(sieve, n.sieve) },
      { ...CPU, engine, name: 'memcpy', describe: `word copy loop, ${n.memcpy} passes over 64 KiB (lw/sw)`, run: cpu(memcpy, n.memcpy),
        expect: js.memcpy(n.memcpy), js: { name: 'memcpy()', run: () => js.memcpy(n.memcpy) }, bare: null },
      { ...KERNEL, engine, name: 'syscall', describe: `${calls} × sys getpid in a loop`, op: 'syscall', ops: calls,
        run: () => onKernel(engine, syscall, 'syscall', calls, { copies: 1 }), expect: calls, js: { name: 'call via table', run: () => js.syscalls(calls) } },
      { ...KERNEL, engine, name: 'touch', describe: `sbrk ${pages} pages, touch one word each`, op: 'page fault', ops: pages,
        run: () => onKernel(engine, touch, 'touch', pages, { copies: 1 }), expect: pages, js: { name: 'new Int32Array + touch', run: () => js.touch(pages) } },
      { ...KERNEL, engine, name: 'forkwait', describe: `${forks} × (fork; child exits; wait)`, op: 'fork+wait', ops: forks,
        run: () => onKernel(engine, forkwait, 'forkwait', forks, { copies: 1 }), expect: forks, js: null },
      { ...KERNEL, engine, name: 'procs-1', describe: `1 process, the loop × ${PROCS * perProc}, fifo (no preemption)`, op: 'instr', ops: null,
        run: () => onKernel(engine, loop, 'loop', PROCS * perProc, { copies: 1, policy: 'fifo' }),
        expect: js.loop(PROCS * perProc), js: { name: 'loop()', run: () => js.loop(PROCS * perProc) } },
      ...QUANTA.map((q): Case => ({
        ...KERNEL, engine, name: `procs-${PROCS}-q${q / 1000}k`, describe: `${PROCS} processes, the loop × ${perProc} each, rr quantum ${q}`,
        op: 'instr', ops: null, versus: 'procs-1',
        run: () => onKernel(engine, loop, 'loop', perProc, { copies: PROCS, policy: 'rr', quantum: q }),
        expect: js.loop(perProc), js: { name: `${PROCS} × loop()`, run: () => { for (let k = 1; k < PROCS; k++) js.loop(perProc); return js.loop(perProc); } },
      })),
    ];
  };
  // Each workload on both tiers, side by side.
  const [interp, ...others] = TIERS.map(tier);
  return interp.flatMap((c, k) => [c, ...others.map((cases) => cases[k])]);
}
