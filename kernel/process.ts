// A process: its CPU context, address space, descriptors, state, what it waits for, and its record.
import { Cpu } from '../vm/cpu.js';
import type { Executable } from '../vm/image.js';
import type { AddressSpace } from '../vm/mmu.js';
import type { ProcessRecord } from './accounting.js';
import type { OpenFile } from './files.js';
import type { Schedulable } from './policy.js';

export type State = 'ready' | 'running' | 'blocked' | 'stopped' | 'zombie';

/** State numbers as pstat reports them (docs/SYSCALLS.md). */
export const STATE_NUMBER: Readonly<Record<State, number>> = { ready: 0, running: 1, blocked: 2, stopped: 3, zombie: 4 };

/** What a blocked process waits for (the trace's `block on=`). */
export type WaitOn = 'child' | 'pipe' | 'input' | 'sleep' | 'io';

/**
 * Why a blocked process waits: plain data, so that the machine can be copied and replayed. A timed
 * wait ends at `until` with `result`; any other is retried by running its system call again (the
 * arguments are still in r1–r5), which goes on from `done` bytes already transferred.
 */
export interface Wait {
  on: WaitOn;
  until?: number;
  result?: number;
  done?: number;
}

/** The nice range (docs/SYSCALLS.md `nice`). */
export const NICE_MIN = -20;
export const NICE_MAX = 19;

export class Process implements Schedulable {
  state: State = 'ready';
  readonly cpu: Cpu;
  fds: (OpenFile | null)[] = [];
  wait: Wait | null = null;
  nice = 0;
  tickets = 100;
  /** Declared CPU ticks (workload `length=`), for sjf and stcf; Infinity when not declared. */
  length = Infinity;
  /** Set by `yield`: the process leaves the CPU at the end of its tick. */
  yielding = false;

  constructor(
    readonly pid: number,
    public exe: Executable,
    space: AddressSpace,
    readonly rec: ProcessRecord,
  ) {
    this.cpu = new Cpu(space);
  }

  get space(): AddressSpace {
    return this.cpu.space;
  }

  get name(): string {
    return this.rec.name;
  }

  get ppid(): number {
    return this.rec.ppid;
  }
}
