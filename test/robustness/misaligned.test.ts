// Regression (bug 1, fixed): a jump to a misaligned pc inside the code page already running must fault with BUS.
//
// docs/ISA.md: "fetching from a misaligned pc is a BUS fault". vm/interp.ts used to check alignment only
// when pc entered a new code window, so `jmp` to pc+2 on the same page executed the aligned word below
// it and ran on with a misaligned pc. Found by differential.test.ts.
import { describe, expect, it } from 'vitest';
import { Stop } from '../../vm/cpu.js';
import { CODE_BASE } from '../../vm/layout.js';
import { Signal } from '../../vm/syscalls.js';
import { ins, machine, program } from '../helpers/build.js';

const SYS_EXIT = ins('sys', 'i', [], [0]);

describe('misaligned pc inside the running code page', () => {
  it('jmp rs to pc+2 faults with BUS at that address, after one tick per instruction run', () => {
    const m = machine(program([ins('li', 'ri', [1], [CODE_BASE + 6]), ins('jmp', 'r', [1]), SYS_EXIT, SYS_EXIT]));
    expect(m.step(10)).toBe(Stop.Fault);
    expect(m.cpu.fault).toMatchObject({ signal: Signal.BUS, addr: CODE_BASE + 6 });
    expect(m.cpu.pc).toBe(CODE_BASE + 6);
    expect(m.cpu.ran).toBe(2);
  });

  it('jmp rs to a misaligned address on a page not yet running faults with BUS (control)', () => {
    const m = machine(program([ins('li', 'ri', [1], [0x10002]), ins('jmp', 'r', [1])]));
    expect(m.step(10)).toBe(Stop.Fault);
    expect(m.cpu.fault).toMatchObject({ signal: Signal.BUS, addr: 0x10002 });
  });
});
