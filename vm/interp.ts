// The interpreter: runs one CPU context against its address space for a budget of ticks.
//
// Hot-loop protocol (after Lua's lvm.c):
//  - pc, the budget, the registers and the memory views live in locals;
//  - every instruction passes two cheap checks: pc inside the current code window, and budget left;
//  - every memory access has an inline fast path (aligned, inside the space, page present with the
//    permission); anything else leaves the switch for one common slow path, which asks the MMU to
//    page in or break copy-on-write and then restarts the instruction, or stops with a fault;
//  - pc and the tick count are saved into the CPU before anything that can call out of the loop;
//  - a division by zero leaves by its own exit, to the FPE.
// Instructions are restartable: no register changes before the last access that can fault.
import { Field, Mask } from './encoding.js';
import { BY_OPCODE, FORMS, Op, Reg } from './isa.js';
import { EXIT_ADDR, Page } from './layout.js';
import { type Access, PTE_R, PTE_W, PTE_X } from './mmu.js';
import { hex } from './text.js';
import { Signal } from './syscalls.js';
import { type Cpu, Stop } from './cpu.js';

/** Words per opcode (extension words included); 1 for undefined opcodes. */
const WORDS = new Uint8Array(256).fill(1);
/** The memory access of each opcode, from the ISA table, for the slow path: its size, and the permission it needs. */
const ACCESS_SIZE = new Uint8Array(256);
const ACCESS_PERM = new Uint8Array(256);
for (const row of BY_OPCODE) {
  if (!row) continue;
  WORDS[row.op] = FORMS[row.form].words;
  if (row.mem) {
    ACCESS_SIZE[row.op] = row.mem.size;
    ACCESS_PERM[row.op] = row.mem.write ? PTE_W : PTE_R;
  }
}

/** Address bits that send an access of each size to the slow path: outside the 16 MiB space, or misaligned. */
export const enum Miss {
  WORD = 0xff000003,
  HALF = 0xff000001,
  BYTE = 0xff000000,
}

/** Most ticks one run() executes; a larger budget returns Stop.Budget there, and the caller resumes. */
const MAX_BUDGET = 0x7fffffff;

/**
 * A budget as the tick count an engine works with: a small integer keeps the counter in a machine
 * register (a HeapNumber budget, such as Math.min(…, Infinity) yields, would make every decrement a
 * float operation).
 */
export const ticksOf = (budget: number): number => (budget > MAX_BUDGET ? MAX_BUDGET : budget) | 0;

/**
 * Ticks per call of the hot loop. A long first call would run in V8's on-stack-replacement code,
 * compiled mid-loop and up to 1.7× slower (docs/PERFORMANCE.md); short calls reach the regular
 * optimized code after a few slices, at the cost of one call per slice.
 */
const SLICE = 1 << 16;

/** The largest offset in a page at which an instruction of any size still ends inside it. */
const FULL_WINDOW = Page.SIZE - 12;

/**
 * Run until the budget is spent or the program traps. On return, cpu.ran holds the ticks
 * consumed (a faulting instruction costs none) and cpu.pc where to resume.
 */
export function run(cpu: Cpu, budget: number): Stop {
  const total = ticksOf(budget);
  let done = 0;
  for (;;) {
    const slice = total - done > SLICE ? SLICE : total - done;
    const stop = runSlice(cpu, slice, done);
    done = cpu.ran;
    if (stop !== Stop.Budget || done >= total) return stop;
  }
}

/**
 * The hot loop for at most `total` ticks; cpu.ran counts on from `before` (ticks of earlier slices, or
 * that another tier ran in the same call, so that page faults see the ticks of the whole call).
 */
export function runSlice(cpu: Cpu, total: number, before: number): Stop {
  const regs = cpu.regs;
  const space = cpu.space;
  const pt = space.pt;
  const pool = space.pool;
  const m32 = pool.i32;
  const m16 = pool.i16;
  const u16 = pool.u16;
  const m8 = pool.i8;
  const u8 = pool.u8;
  let pc = cpu.pc | 0;
  let left = total;
  // The code window: pc may run from cpage to cpage + climit without a check; cdelta maps it to physical.
  // The window starts empty (pc - cpage = -1), so that the first instruction enters one.
  let cpage = (pc + 1) | 0;
  let climit = 0;
  let cdelta = 0;
  let stop = Stop.Budget;
  let w = 0;
  let at = 0; // word index of the instruction in m32: its extension words follow
  let x = 0;
  let addr = 0;
  let pte = 0;

  loop: for (;;) {
    zero: {
      // One unsigned compare for both ends: below cpage wraps to a large offset. climit is never
      // negative, so both sides are uint32 and V8 compares them without converting to float.
      if ((pc - cpage) >>> 0 > climit) {
        // Enter a new code window: exit trampoline, fetch permission, straddling instructions.
        if (pc === EXIT_ADDR) {
          stop = Stop.Exit;
          break;
        }
        cpu.pc = pc;
        cpu.ran = before + total - left;
        if ((pc & Miss.WORD) !== 0 || ((pte = pt[pc >>> Page.SHIFT]) & PTE_X) === 0) {
          if (!space.resolve(pc, 4, PTE_X)) {
            cpu.fault = space.fault;
            stop = Stop.Fault;
            break;
          }
          pte = pt[pc >>> Page.SHIFT];
        }
        const base = pc & -Page.SIZE;
        cdelta = (pte & -Page.SIZE) - base;
        cpage = base;
        climit = FULL_WINDOW;
        if (pc - base > FULL_WINDOW) {
          // One of the last two words: a window of this instruction alone, so that the next one is
          // checked again. If its extension words continue on the next page, copy it to the scratch
          // frame so that the switch below reads them without a page check.
          cpage = pc;
          climit = 0;
          const words = WORDS[m32[(pc + cdelta) >> 2] & Mask.OP];
          const next = base + Page.SIZE;
          if (pc + 4 * words > next) {
            let npte = pt[next >>> Page.SHIFT];
            if ((npte & PTE_X) === 0) {
              if (!space.resolve(next, 4, PTE_X)) {
                cpu.fault = space.fault;
                stop = Stop.Fault;
                break;
              }
              npte = pt[next >>> Page.SHIFT];
            }
            const scratch = pool.scratch << (Page.SHIFT - 2);
            for (let k = 0; k < words; k++) {
              const from = pc + 4 * k;
              m32[scratch + k] = from < next ? m32[(from + cdelta) >> 2] : m32[((npte & -Page.SIZE) + (from - next)) >> 2];
            }
            cdelta = (scratch << 2) - pc;
          }
        }
      }
      if (--left < 0) {
        left = 0;
        stop = Stop.Budget;
        break;
      }
      w = m32[(at = (pc + cdelta) >> 2)];
      switch (w & Mask.OP) {
        case Op.NOP: pc += 4; continue;
        case Op.BRK:
          pc += 4;
          if (cpu.breakOnBrk) {
            stop = Stop.Break;
            break loop;
          }
          continue;
        case Op.SYS:
          cpu.sysno = w >> Field.IMM16;
          pc += 4;
          stop = Stop.Syscall;
          break loop;
        case Op.MOV: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG]; pc += 4; continue;
        case Op.LI: regs[(w >> Field.A) & Mask.REG] = w >> Field.IMM16; pc += 4; continue;
        case Op.LI_W: regs[(w >> Field.A) & Mask.REG] = m32[at + 1]; pc += 8; continue;

        // `| 0` on every result that can leave the int32 range: an Int32Array store wraps it the same
        // way, but once an add has overflowed, V8's feedback turns it into a float add unless the
        // expression itself is truncated (2× on a loop whose accumulator wraps; docs/PERFORMANCE.md).
        case Op.ADD: regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] + regs[(w >> Field.C) & Mask.REG]) | 0; pc += 4; continue;
        case Op.ADD_I: regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0; pc += 4; continue;
        case Op.ADD_W: regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0; pc += 8; continue;
        case Op.SUB: regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] - regs[(w >> Field.C) & Mask.REG]) | 0; pc += 4; continue;
        case Op.SUB_I: regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] - (w >> Field.IMM16)) | 0; pc += 4; continue;
        case Op.SUB_W: regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] - m32[at + 1]) | 0; pc += 8; continue;
        case Op.MUL: regs[(w >> Field.A) & Mask.REG] = Math.imul(regs[(w >> Field.B) & Mask.REG], regs[(w >> Field.C) & Mask.REG]); pc += 4; continue;
        case Op.MUL_I: regs[(w >> Field.A) & Mask.REG] = Math.imul(regs[(w >> Field.B) & Mask.REG], w >> Field.IMM16); pc += 4; continue;
        case Op.MUL_W: regs[(w >> Field.A) & Mask.REG] = Math.imul(regs[(w >> Field.B) & Mask.REG], m32[at + 1]); pc += 8; continue;

        // Division by zero leaves by `break zero`, to the FPE below.
        case Op.DIV: x = regs[(w >> Field.C) & Mask.REG]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] / x) | 0; pc += 4; continue;
        case Op.DIV_I: x = w >> Field.IMM16; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] / x) | 0; pc += 4; continue;
        case Op.DIV_W: x = m32[at + 1]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] / x) | 0; pc += 8; continue;
        case Op.REM: x = regs[(w >> Field.C) & Mask.REG]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] % x) | 0; pc += 4; continue;
        case Op.REM_I: x = w >> Field.IMM16; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] % x) | 0; pc += 4; continue;
        case Op.REM_W: x = m32[at + 1]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = (regs[(w >> Field.B) & Mask.REG] % x) | 0; pc += 8; continue;
        case Op.DIVU: x = regs[(w >> Field.C) & Mask.REG]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = ((regs[(w >> Field.B) & Mask.REG] >>> 0) / (x >>> 0)) | 0; pc += 4; continue;
        case Op.DIVU_I: x = w >> Field.IMM16; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = ((regs[(w >> Field.B) & Mask.REG] >>> 0) / (x >>> 0)) | 0; pc += 4; continue;
        case Op.DIVU_W: x = m32[at + 1]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = ((regs[(w >> Field.B) & Mask.REG] >>> 0) / (x >>> 0)) | 0; pc += 8; continue;
        case Op.REMU: x = regs[(w >> Field.C) & Mask.REG]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = ((regs[(w >> Field.B) & Mask.REG] >>> 0) % (x >>> 0)) | 0; pc += 4; continue;
        case Op.REMU_I: x = w >> Field.IMM16; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = ((regs[(w >> Field.B) & Mask.REG] >>> 0) % (x >>> 0)) | 0; pc += 4; continue;
        case Op.REMU_W: x = m32[at + 1]; if (x === 0) break zero; regs[(w >> Field.A) & Mask.REG] = ((regs[(w >> Field.B) & Mask.REG] >>> 0) % (x >>> 0)) | 0; pc += 8; continue;

        case Op.AND: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] & regs[(w >> Field.C) & Mask.REG]; pc += 4; continue;
        case Op.AND_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] & (w >> Field.IMM16); pc += 4; continue;
        case Op.AND_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] & m32[at + 1]; pc += 8; continue;
        case Op.OR: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] | regs[(w >> Field.C) & Mask.REG]; pc += 4; continue;
        case Op.OR_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] | (w >> Field.IMM16); pc += 4; continue;
        case Op.OR_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] | m32[at + 1]; pc += 8; continue;
        case Op.XOR: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] ^ regs[(w >> Field.C) & Mask.REG]; pc += 4; continue;
        case Op.XOR_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] ^ (w >> Field.IMM16); pc += 4; continue;
        case Op.XOR_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] ^ m32[at + 1]; pc += 8; continue;
        case Op.SHL: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] << regs[(w >> Field.C) & Mask.REG]; pc += 4; continue;
        case Op.SHL_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] << (w >> Field.IMM16); pc += 4; continue;
        case Op.SHL_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] << m32[at + 1]; pc += 8; continue;
        case Op.SHR: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >>> regs[(w >> Field.C) & Mask.REG]; pc += 4; continue;
        case Op.SHR_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >>> (w >> Field.IMM16); pc += 4; continue;
        case Op.SHR_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >>> m32[at + 1]; pc += 8; continue;
        case Op.SRA: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >> regs[(w >> Field.C) & Mask.REG]; pc += 4; continue;
        case Op.SRA_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >> (w >> Field.IMM16); pc += 4; continue;
        case Op.SRA_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >> m32[at + 1]; pc += 8; continue;

        case Op.SLT: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] < regs[(w >> Field.C) & Mask.REG] ? 1 : 0; pc += 4; continue;
        case Op.SLT_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] < w >> Field.IMM16 ? 1 : 0; pc += 4; continue;
        case Op.SLT_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] < m32[at + 1] ? 1 : 0; pc += 8; continue;
        case Op.SLTU: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >>> 0 < regs[(w >> Field.C) & Mask.REG] >>> 0 ? 1 : 0; pc += 4; continue;
        case Op.SLTU_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >>> 0 < (w >> Field.IMM16) >>> 0 ? 1 : 0; pc += 4; continue;
        case Op.SLTU_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] >>> 0 < m32[at + 1] >>> 0 ? 1 : 0; pc += 8; continue;
        case Op.SEQ: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] === regs[(w >> Field.C) & Mask.REG] ? 1 : 0; pc += 4; continue;
        case Op.SEQ_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] === w >> Field.IMM16 ? 1 : 0; pc += 4; continue;
        case Op.SEQ_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] === m32[at + 1] ? 1 : 0; pc += 8; continue;
        case Op.SNE: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] !== regs[(w >> Field.C) & Mask.REG] ? 1 : 0; pc += 4; continue;
        case Op.SNE_I: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] !== w >> Field.IMM16 ? 1 : 0; pc += 4; continue;
        case Op.SNE_W: regs[(w >> Field.A) & Mask.REG] = regs[(w >> Field.B) & Mask.REG] !== m32[at + 1] ? 1 : 0; pc += 8; continue;

        case Op.NOT: regs[(w >> Field.A) & Mask.REG] = ~regs[(w >> Field.B) & Mask.REG]; pc += 4; continue;
        case Op.NEG: regs[(w >> Field.A) & Mask.REG] = (-regs[(w >> Field.B) & Mask.REG]) | 0; pc += 4; continue;

        // Loads and stores: the fast path inline; a miss leaves the switch for the slow path below, which
        // takes the access's size and permission from the ISA table.
        case Op.LW:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2]; pc += 4; continue; }
          break;
        case Op.LW_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2]; pc += 8; continue; }
          break;
        case Op.LW_A:
          addr = m32[at + 1];
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2]; pc += 8; continue; }
          break;
        case Op.LH:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1]; pc += 4; continue; }
          break;
        case Op.LH_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1]; pc += 8; continue; }
          break;
        case Op.LH_A:
          addr = m32[at + 1];
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1]; pc += 8; continue; }
          break;
        case Op.LHU:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = u16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1]; pc += 4; continue; }
          break;
        case Op.LHU_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = u16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1]; pc += 8; continue; }
          break;
        case Op.LHU_A:
          addr = m32[at + 1];
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = u16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1]; pc += 8; continue; }
          break;
        case Op.LB:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m8[((pte & -Page.SIZE) | (addr & Page.OFFSET))]; pc += 4; continue; }
          break;
        case Op.LB_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m8[((pte & -Page.SIZE) | (addr & Page.OFFSET))]; pc += 8; continue; }
          break;
        case Op.LB_A:
          addr = m32[at + 1];
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = m8[((pte & -Page.SIZE) | (addr & Page.OFFSET))]; pc += 8; continue; }
          break;
        case Op.LBU:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = u8[((pte & -Page.SIZE) | (addr & Page.OFFSET))]; pc += 4; continue; }
          break;
        case Op.LBU_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = u8[((pte & -Page.SIZE) | (addr & Page.OFFSET))]; pc += 8; continue; }
          break;
        case Op.LBU_A:
          addr = m32[at + 1];
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) { regs[(w >> Field.A) & Mask.REG] = u8[((pte & -Page.SIZE) | (addr & Page.OFFSET))]; pc += 8; continue; }
          break;
        case Op.SW:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2] = regs[(w >> Field.A) & Mask.REG]; pc += 4; continue; }
          break;
        case Op.SW_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2] = regs[(w >> Field.A) & Mask.REG]; pc += 8; continue; }
          break;
        case Op.SW_A:
          addr = m32[at + 1];
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2] = regs[(w >> Field.A) & Mask.REG]; pc += 8; continue; }
          break;
        case Op.SH:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { u16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1] = regs[(w >> Field.A) & Mask.REG]; pc += 4; continue; }
          break;
        case Op.SH_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { u16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1] = regs[(w >> Field.A) & Mask.REG]; pc += 8; continue; }
          break;
        case Op.SH_A:
          addr = m32[at + 1];
          if ((addr & Miss.HALF) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { u16[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 1] = regs[(w >> Field.A) & Mask.REG]; pc += 8; continue; }
          break;
        case Op.SB:
          addr = (regs[(w >> Field.B) & Mask.REG] + (w >> Field.IMM16)) | 0;
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { u8[((pte & -Page.SIZE) | (addr & Page.OFFSET))] = regs[(w >> Field.A) & Mask.REG]; pc += 4; continue; }
          break;
        case Op.SB_W:
          addr = (regs[(w >> Field.B) & Mask.REG] + m32[at + 1]) | 0;
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { u8[((pte & -Page.SIZE) | (addr & Page.OFFSET))] = regs[(w >> Field.A) & Mask.REG]; pc += 8; continue; }
          break;
        case Op.SB_A:
          addr = m32[at + 1];
          if ((addr & Miss.BYTE) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) { u8[((pte & -Page.SIZE) | (addr & Page.OFFSET))] = regs[(w >> Field.A) & Mask.REG]; pc += 8; continue; }
          break;

        case Op.PUSH:
          addr = (regs[Reg.SP] - 4) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) {
            m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2] = regs[(w >> Field.A) & Mask.REG];
            regs[Reg.SP] = addr;
            pc += 4;
            continue;
          }
          break;
        case Op.POP:
          addr = regs[Reg.SP];
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) {
            regs[(w >> Field.A) & Mask.REG] = m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2];
            regs[Reg.SP] += 4;
            pc += 4;
            continue;
          }
          break;

        case Op.JMP: pc += (w >> Field.OFF24) << 2; continue;
        case Op.JMP_R: pc = regs[(w >> Field.A) & Mask.REG]; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.CALL: case Op.CALL_R:
          addr = (regs[Reg.SP] - 4) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) {
            x = (w & Mask.OP) === Op.CALL ? pc + ((w >> Field.OFF24) << 2) : regs[(w >> Field.A) & Mask.REG];
            m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2] = pc + 4;
            regs[Reg.SP] = addr;
            pc = x;
            if ((pc & 3) !== 0) cpage = pc + 1; // off a word boundary: the fetch faults with BUS
            continue;
          }
          break;
        case Op.RET:
          addr = regs[Reg.SP];
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) {
            pc = m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2];
            regs[Reg.SP] = addr + 4;
            if ((pc & 3) !== 0) cpage = pc + 1;
            continue;
          }
          break;
        case Op.ENTER: case Op.ENTER_W:
          addr = (regs[Reg.SP] - 4) | 0;
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_W) !== 0) {
            m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2] = regs[Reg.FP];
            regs[Reg.FP] = addr;
            if ((w & Mask.OP) === Op.ENTER) {
              regs[Reg.SP] = (addr - (w >> Field.IMM16)) | 0;
              pc += 4;
            } else {
              regs[Reg.SP] = (addr - m32[at + 1]) | 0;
              pc += 8;
            }
            continue;
          }
          break;
        case Op.LEAVE:
          addr = regs[Reg.FP];
          if ((addr & Miss.WORD) === 0 && ((pte = pt[addr >>> Page.SHIFT]) & PTE_R) !== 0) {
            regs[Reg.SP] = addr + 4;
            regs[Reg.FP] = m32[((pte & -Page.SIZE) | (addr & Page.OFFSET)) >> 2];
            pc += 4;
            continue;
          }
          break;

        case Op.BEQ: pc += regs[(w >> Field.A) & Mask.REG] === regs[(w >> Field.B) & Mask.REG] ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BEQ_T: pc = regs[(w >> Field.A) & Mask.REG] === regs[(w >> Field.B) & Mask.REG] ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BEQ_I: pc += regs[(w >> Field.A) & Mask.REG] === (w << (24 - Field.IMM8)) >> 24 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BEQ_X: pc = regs[(w >> Field.A) & Mask.REG] === m32[at + 1] ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BNE: pc += regs[(w >> Field.A) & Mask.REG] !== regs[(w >> Field.B) & Mask.REG] ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BNE_T: pc = regs[(w >> Field.A) & Mask.REG] !== regs[(w >> Field.B) & Mask.REG] ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BNE_I: pc += regs[(w >> Field.A) & Mask.REG] !== (w << (24 - Field.IMM8)) >> 24 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BNE_X: pc = regs[(w >> Field.A) & Mask.REG] !== m32[at + 1] ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLT: pc += regs[(w >> Field.A) & Mask.REG] < regs[(w >> Field.B) & Mask.REG] ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BLT_T: pc = regs[(w >> Field.A) & Mask.REG] < regs[(w >> Field.B) & Mask.REG] ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLT_I: pc += regs[(w >> Field.A) & Mask.REG] < (w << (24 - Field.IMM8)) >> 24 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BLT_X: pc = regs[(w >> Field.A) & Mask.REG] < m32[at + 1] ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGE: pc += regs[(w >> Field.A) & Mask.REG] >= regs[(w >> Field.B) & Mask.REG] ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BGE_T: pc = regs[(w >> Field.A) & Mask.REG] >= regs[(w >> Field.B) & Mask.REG] ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGE_I: pc += regs[(w >> Field.A) & Mask.REG] >= (w << (24 - Field.IMM8)) >> 24 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BGE_X: pc = regs[(w >> Field.A) & Mask.REG] >= m32[at + 1] ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLTU: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 < regs[(w >> Field.B) & Mask.REG] >>> 0 ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BLTU_T: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 < regs[(w >> Field.B) & Mask.REG] >>> 0 ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLTU_I: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 < (w << (24 - Field.IMM8)) >> 24 >>> 0 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BLTU_X: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 < m32[at + 1] >>> 0 ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGEU: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 >= regs[(w >> Field.B) & Mask.REG] >>> 0 ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BGEU_T: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 >= regs[(w >> Field.B) & Mask.REG] >>> 0 ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGEU_I: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 >= (w << (24 - Field.IMM8)) >> 24 >>> 0 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BGEU_X: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 >= m32[at + 1] >>> 0 ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGT: pc += regs[(w >> Field.A) & Mask.REG] > regs[(w >> Field.B) & Mask.REG] ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BGT_T: pc = regs[(w >> Field.A) & Mask.REG] > regs[(w >> Field.B) & Mask.REG] ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGT_I: pc += regs[(w >> Field.A) & Mask.REG] > (w << (24 - Field.IMM8)) >> 24 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BGT_X: pc = regs[(w >> Field.A) & Mask.REG] > m32[at + 1] ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLE: pc += regs[(w >> Field.A) & Mask.REG] <= regs[(w >> Field.B) & Mask.REG] ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BLE_T: pc = regs[(w >> Field.A) & Mask.REG] <= regs[(w >> Field.B) & Mask.REG] ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLE_I: pc += regs[(w >> Field.A) & Mask.REG] <= (w << (24 - Field.IMM8)) >> 24 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BLE_X: pc = regs[(w >> Field.A) & Mask.REG] <= m32[at + 1] ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGTU: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 > regs[(w >> Field.B) & Mask.REG] >>> 0 ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BGTU_T: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 > regs[(w >> Field.B) & Mask.REG] >>> 0 ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BGTU_I: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 > (w << (24 - Field.IMM8)) >> 24 >>> 0 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BGTU_X: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 > m32[at + 1] >>> 0 ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLEU: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 <= regs[(w >> Field.B) & Mask.REG] >>> 0 ? (w >> Field.OFF16) << 2 : 4; continue;
        case Op.BLEU_T: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 <= regs[(w >> Field.B) & Mask.REG] >>> 0 ? m32[at + 1] : pc + 8; if ((pc & 3) !== 0) cpage = pc + 1; continue;
        case Op.BLEU_I: pc += regs[(w >> Field.A) & Mask.REG] >>> 0 <= (w << (24 - Field.IMM8)) >> 24 >>> 0 ? (w >> Field.OFF12) << 2 : 4; continue;
        case Op.BLEU_X: pc = regs[(w >> Field.A) & Mask.REG] >>> 0 <= m32[at + 1] >>> 0 ? m32[at + 2] : pc + 12; if ((pc & 3) !== 0) cpage = pc + 1; continue;

        default:
          left++; // a faulting instruction costs no tick
          cpu.fault = { signal: Signal.ILL, addr: pc, detail: `opcode 0x${(w & Mask.OP).toString(16).padStart(2, '0')} at ${hex(pc)}` };
          stop = Stop.Fault;
          break loop;
      }

      // Out of the switch: a memory access missed its fast path. Page in or break copy-on-write and
      // restart the instruction, or fault.
      left++;
      cpu.pc = pc;
      cpu.ran = before + total - left;
      if (space.resolve(addr, ACCESS_SIZE[w & Mask.OP], ACCESS_PERM[w & Mask.OP] as Access)) continue;
      cpu.fault = space.fault;
      stop = Stop.Fault;
      break;
    }
    // A division by zero (`break zero` above).
    left++;
    cpu.fault = { signal: Signal.FPE, addr: pc, detail: `division by zero at ${hex(pc)}` };
    stop = Stop.Fault;
    break;
  }

  cpu.pc = pc;
  cpu.ran = before + total - left;
  return stop;
}
