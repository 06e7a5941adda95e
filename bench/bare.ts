// The ceiling for the interpreter: a bare switch loop over one flat Int32Array, no MMU, no budget,
// no tick accounting, no code window. It runs the same machine code (only the opcodes the
// loop/fib/sieve workloads use), so the gap to vm/interp.ts is the price of those checks.
import type { Executable } from '../vm/image.js';
import { Op } from '../vm/isa.js';
import { SPACE_SIZE, STACK_TOP } from '../vm/layout.js';

/** Run exe with r3 = arg until its first `sys`; returns r1 there (the workloads' exit status). */
export function runBare(exe: Executable, arg: number): number {
  const buffer = new ArrayBuffer(SPACE_SIZE);
  const m32 = new Int32Array(buffer);
  const u8 = new Uint8Array(buffer);
  u8.set(exe.code, exe.codeAddr);
  u8.set(exe.data, exe.dataAddr);
  const regs = new Int32Array(16);
  regs[3] = arg;
  regs[15] = STACK_TOP;
  let pc = exe.entry;
  let w = 0;
  let sp = 0;
  for (;;) {
    w = m32[pc >> 2];
    switch (w & 0xff) {
      case Op.SYS: return regs[1];
      case Op.MOV: regs[(w >> 8) & 15] = regs[(w >> 12) & 15]; pc += 4; break;
      case Op.LI: regs[(w >> 8) & 15] = w >> 16; pc += 4; break;
      case Op.ADD: regs[(w >> 8) & 15] = regs[(w >> 12) & 15] + regs[(w >> 16) & 15]; pc += 4; break;
      case Op.ADD_I: regs[(w >> 8) & 15] = regs[(w >> 12) & 15] + (w >> 16); pc += 4; break;
      case Op.SUB: regs[(w >> 8) & 15] = regs[(w >> 12) & 15] - regs[(w >> 16) & 15]; pc += 4; break;
      case Op.SUB_I: regs[(w >> 8) & 15] = regs[(w >> 12) & 15] - (w >> 16); pc += 4; break;
      case Op.XOR_I: regs[(w >> 8) & 15] = regs[(w >> 12) & 15] ^ (w >> 16); pc += 4; break;
      case Op.SHL_I: regs[(w >> 8) & 15] = regs[(w >> 12) & 15] << (w >> 16); pc += 4; break;
      case Op.LBU: regs[(w >> 8) & 15] = u8[regs[(w >> 12) & 15] + (w >> 16)]; pc += 4; break;
      case Op.SB: u8[regs[(w >> 12) & 15] + (w >> 16)] = regs[(w >> 8) & 15]; pc += 4; break;
      case Op.PUSH: sp = regs[15] - 4; m32[sp >> 2] = regs[(w >> 8) & 15]; regs[15] = sp; pc += 4; break;
      case Op.POP: sp = regs[15]; regs[(w >> 8) & 15] = m32[sp >> 2]; regs[15] = sp + 4; pc += 4; break;
      case Op.CALL: sp = regs[15] - 4; m32[sp >> 2] = pc + 4; regs[15] = sp; pc += (w >> 8) << 2; break;
      case Op.RET: sp = regs[15]; pc = m32[sp >> 2]; regs[15] = sp + 4; break;
      case Op.JMP: pc += (w >> 8) << 2; break;
      case Op.BLT: pc += regs[(w >> 8) & 15] < regs[(w >> 12) & 15] ? (w >> 16) << 2 : 4; break;
      case Op.BGE: pc += regs[(w >> 8) & 15] >= regs[(w >> 12) & 15] ? (w >> 16) << 2 : 4; break;
      case Op.BLT_I: pc += regs[(w >> 8) & 15] < (w << 12) >> 24 ? (w >> 20) << 2 : 4; break;
      case Op.BNE_I: pc += regs[(w >> 8) & 15] !== (w << 12) >> 24 ? (w >> 20) << 2 : 4; break;
      default: throw new Error(`bare interpreter: opcode 0x${(w & 0xff).toString(16)} at ${pc} is not in its subset`);
    }
  }
}
