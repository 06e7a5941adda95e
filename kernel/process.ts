// A process: its CPU context, address space, descriptors, state and accounting.
import { Cpu } from '../vm/cpu.js';
import type { Executable } from '../vm/image.js';
import type { AddressSpace } from '../vm/mmu.js';
import type { OpenFile } from './files.js';

export type State = 'ready' | 'running' | 'blocked' | 'stopped' | 'zombie';

/** State numbers as pstat reports them (SPEC §5). */
export const STATE_NUMBER: Readonly<Record<State, number>> = { ready: 0, running: 1, blocked: 2, stopped: 3, zombie: 4 };

export type WaitOn = 'child' | 'pipe' | 'input' | 'sleep' | 'io';

/** Why a blocked process waits, and how to finish its system call when the wait may be over. */
export interface Wait {
  on: WaitOn;
  /** Tick at which a timed wait ends (sleep, io). */
  until?: number;
  /** Try to complete the call: its result for r0, or null to keep waiting. */
  retry?: () => number | null;
}

export class Process {
  state: State = 'ready';
  readonly cpu: Cpu;
  fds: (OpenFile | null)[] = [];
  /** Wait status once a zombie: the exit code, or 128 + signal. */
  status = 0;
  wait: Wait | null = null;
  nice = 0;
  tickets = 100;
  // Accounting in ticks (SPEC §6 statistics).
  readonly start: number;
  end = -1;
  firstRun = -1;
  cpuTicks = 0;
  readyTicks = 0;
  blockedTicks = 0;
  stoppedTicks = 0;
  switches = 0;
  /** Page faults of the address spaces this process had before its current one (exec replaces it). */
  faultsBefore = 0;
  /** Tick of the last state change, from which the time in the current state is counted. */
  since: number;

  constructor(
    readonly pid: number,
    public ppid: number,
    public name: string,
    public exe: Executable,
    space: AddressSpace,
    now: number,
  ) {
    this.cpu = new Cpu(space);
    this.start = now;
    this.since = now;
  }

  get space(): AddressSpace {
    return this.cpu.space;
  }

  get faults(): number {
    return this.faultsBefore + this.space.faults;
  }

  /** Ticks spent ready, blocked and stopped up to now, the current state included. */
  times(now: number): { ready: number; blocked: number; stopped: number } {
    const current = now - this.since;
    return {
      ready: this.readyTicks + (this.state === 'ready' ? current : 0),
      blocked: this.blockedTicks + (this.state === 'blocked' ? current : 0),
      stopped: this.stoppedTicks + (this.state === 'stopped' ? current : 0),
    };
  }

  /** Move to a new state at tick now, charging the time spent in the old one. */
  enter(state: State, now: number): void {
    const spent = now - this.since;
    switch (this.state) {
      case 'ready': this.readyTicks += spent; break;
      case 'blocked': this.blockedTicks += spent; break;
      case 'stopped': this.stoppedTicks += spent; break;
      case 'running': case 'zombie': break; // running time is charged per tick by the kernel
    }
    this.state = state;
    this.since = now;
  }
}
