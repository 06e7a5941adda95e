// The two ways `quanta bench` runs a workload program: straight on an engine, or under the kernel.
import { STACK_TOP } from '../vm/layout.js';
import type { Executable } from '../vm/image.js';
import { FramePool } from '../vm/memory.js';
import { AddressSpace, CodeCache } from '../vm/mmu.js';
import { Cpu, Stop } from '../vm/cpu.js';
import { ENGINES, type EngineName } from '../vm/engine.js';
import { BufferInput, BufferSink, NULL_SINK } from '../kernel/io.js';
import { Kernel } from '../kernel/kernel.js';
import { machineOptions } from '../kernel/options.js';
import { createPolicy } from '../kernel/policies/index.js';
import { memoryHost } from '../host/memory.js';

export interface Outcome {
  /** Exact ticks executed (the CPU's or the kernel's count). */
  ticks: number;
  /** r1 at the program's exit call on the bare CPU; the exit status under the kernel. */
  result: number;
}

/**
 * A run of exe with r3 = arg on a CPU and address space of its own, as the kernel would but without it,
 * until its first `sys` (every workload's exit). The runs share one CodeCache, as processes running one
 * executable do, so that the compiling tier's regions outlive a run: the figures are the tier's own,
 * not its warm-up's (which `quanta run` pays once; docs/PERFORMANCE.md measures whole runs).
 */
export function onCpu(engine: EngineName, exe: Executable, arg: number, mem = 4 << 20): () => Outcome {
  const pool = new FramePool(mem);
  const code = new CodeCache(exe, pool);
  const step = ENGINES[engine];
  return () => {
    const space = new AddressSpace(pool, code, 1 << 20);
    const cpu = new Cpu(space);
    cpu.pc = exe.entry;
    cpu.regs[3] = arg;
    cpu.regs[15] = STACK_TOP;
    let ticks = 0;
    try {
      for (;;) {
        const stop = step(cpu, Infinity);
        ticks += cpu.ran;
        if (stop === Stop.Syscall) return { ticks, result: cpu.regs[1] };
        if (stop !== Stop.Budget) throw new Error(`workload stopped (${stop}) at ${cpu.pc}: ${cpu.fault.detail}`);
      }
    } finally {
      space.destroy();
    }
  };
}

export interface KernelRun {
  copies: number;
  policy?: string;
  quantum?: number;
  mem?: string;
}

/** Run `copies` processes of exe, each with r3 = arg, under a kernel; resolves when all have exited. */
export async function onKernel(engine: EngineName, exe: Executable, name: string, arg: number, how: KernelRun): Promise<Outcome> {
  const stderr = new BufferSink();
  const options = machineOptions({ engine, policy: how.policy, quantum: how.quantum, mem: how.mem ?? '32M' });
  const kernel = new Kernel(options, memoryHost({ stdin: new BufferInput(), stdout: NULL_SINK, stderr }), createPolicy(options));
  for (let k = 0; k < how.copies; k++) {
    const p = kernel.create(exe, [name], null);
    if (typeof p === 'number') throw new Error(`${name}: cannot start process (error ${-p})`);
    // The workloads read their size from r3, which a fresh process has at 0.
    p.cpu.regs[3] = arg;
  }
  const status = await kernel.run();
  const errors = stderr.text();
  if (errors) throw new Error(`${name}: ${errors.trim()}`);
  return { ticks: kernel.instructions, result: status };
}
