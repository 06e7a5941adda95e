// The CPU context of one process: what the kernel saves and restores on a context switch.
import type { AddressSpace, Fault } from './mmu.js';

/** Why run() returned. */
export const enum Stop {
  Budget = 0, // the budget of ticks is spent (the timer fired)
  Syscall = 1, // a `sys` executed; its number is in sysno, pc is past it
  Fault = 2, // an instruction faulted; pc is at it, `fault` says why, it cost no tick
  Exit = 3, // the entry function returned; the exit status is r0
  Break = 4, // a `brk` executed while breakOnBrk is set; pc is past it
}

export class Cpu {
  readonly regs = new Int32Array(16);
  pc = 0;
  /** Ticks consumed by the last run(); inside a page-fault callback, ticks completed before the current instruction. */
  ran = 0;
  sysno = 0;
  fault: Fault = { signal: 0, addr: 0, detail: '' };
  breakOnBrk = false;

  constructor(public space: AddressSpace) {}
}
