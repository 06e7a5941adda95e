// The built-in job program (docs/CLI.md): `job c7 i5 c1 s20 c3` made into machine code whose ticks are exact.
import { encode } from '../vm/encoding.js';
import type { Executable } from '../vm/image.js';
import { BY_OPCODE, Op } from '../vm/isa.js';
import { CODE_BASE, dataBase } from '../vm/layout.js';
import { syscallNumber } from '../vm/syscalls.js';

/** The program name that always means the built-in job. */
export const JOB = 'job';

/** Longest phase: a c phase's loop counter and a wait's inline operand are 32-bit. */
export const MAX_PHASE = 2 ** 31 - 1;

export interface Phase {
  kind: 'c' | 's' | 'i';
  ticks: number;
}

/** The phases of `job` arguments (c phases in a row merged), or a one-line reason they are not a job. */
export function parsePhases(args: readonly string[]): Phase[] | string {
  const phases: Phase[] = [];
  for (const word of args) {
    const m = /^([csi])(\d+)$/.exec(word);
    const ticks = m ? Number(m[2]) : NaN;
    if (!m || !(ticks >= 1 && ticks <= MAX_PHASE)) return `job: '${word}' is not a phase (cN, sN or iN, N from 1 to ${MAX_PHASE})`;
    const kind = m[1] as Phase['kind'];
    const last = phases[phases.length - 1];
    if (kind !== 'c' && last?.kind !== 'c') return `job: ${word} must follow a c phase (the c phase's last tick starts the wait)`;
    if (kind === 'c' && last?.kind === 'c') last.ticks += ticks;
    else phases.push({ kind, ticks });
  }
  if (phases.length === 0) return 'job: no phases (e.g. job c5 i3 c2)';
  if (phases[phases.length - 1].kind !== 'c') return 'job: it must end with a c phase (its last tick is the exit)';
  return phases;
}

const DELAY = syscallNumber('delay')!;

/**
 * The job's code: each c phase is straight-line code of exactly its ticks, its last instruction the `sys
 * delay` that starts the following wait (the wait's length in the word after it, negative for a sleep),
 * or, at the end, the `ret` that exits with status 0 (r0 is 0 at start and after every delay).
 */
function assemble(phases: readonly Phase[]): number[] {
  const code: number[] = [];
  const put = (op: Op, regs: number[] = [], imms: number[] = [], target = 0): void => {
    code.push(...encode(BY_OPCODE[op]!, { regs, imms, target }, CODE_BASE + 4 * code.length));
  };
  phases.forEach((phase, k) => {
    if (phase.kind !== 'c') return;
    // Ticks before the phase's last instruction: a counted loop of two ticks a turn, set up in one.
    let spin = phase.ticks - 1;
    if (spin >= 3) {
      const turns = Math.floor((spin - 1) / 2);
      put(Op.LI_W, [1], [turns]);
      const loop = CODE_BASE + 4 * code.length;
      put(Op.SUB_I, [1, 1], [1]);
      put(Op.BNE_I, [1], [0], loop);
      spin -= 1 + 2 * turns;
    }
    for (; spin > 0; spin--) put(Op.NOP);
    const wait = phases[k + 1];
    if (!wait) put(Op.RET);
    else {
      put(Op.SYS, [], [DELAY]);
      code.push(wait.kind === 'i' ? wait.ticks : -wait.ticks);
    }
  });
  return code;
}

/** The executable running these phases (see parsePhases). */
export function jobExecutable(phases: readonly Phase[]): Executable {
  const code = new Uint8Array(Int32Array.from(assemble(phases)).buffer);
  return { entry: CODE_BASE, codeAddr: CODE_BASE, code, dataAddr: dataBase(code.length), data: new Uint8Array(0), bssSize: 0, debug: null };
}
