// A deliberately simple reference interpreter, written from docs/LANGUAGE.md and docs/ISA.md, to check vm/interp.ts against.
//
// Nothing here is shared with the real interpreter except the ISA table and the generic decoder:
// memory is a Map of page number → bytes, every access goes through one checked function, and
// each instruction is executed by mnemonic, never by opcode, so that a wrong opcode case in the
// fast interpreter cannot be mirrored here.
import { decode, type Decoded } from '../../vm/encoding.js';
import type { Executable } from '../../vm/image.js';
import { BY_OPCODE, FORMS } from '../../vm/isa.js';
import { bssBase, CODE_BASE, EXIT_ADDR, PAGE_SIZE, pageUp, SPACE_SIZE, STACK_TOP } from '../../vm/layout.js';
import { Signal } from '../../vm/syscalls.js';

export type RefStop = 'budget' | 'syscall' | 'fault' | 'exit';
type Access = 'r' | 'w' | 'x';

export interface RefFault {
  signal: number;
  addr: number;
}

/** Raised inside one instruction; the instruction then has no effect and costs no tick. */
class FaultSignal {
  constructor(readonly fault: RefFault) {}
}

export class RefMachine {
  readonly regs: number[] = new Array(16).fill(0);
  pc: number;
  sysno = 0;
  fault: RefFault | null = null;
  /** Pages first touched (docs/LANGUAGE.md: each counts as a page fault). */
  pageFaults = 0;
  readonly pages = new Map<number, Uint8Array>();
  private readonly codeEnd: number;
  private readonly staticEnd: number;
  private readonly stackLow: number;
  private readonly brk: number;

  /** frames: physical frames available (a touch that needs one more is killed, docs/KERNEL.md). */
  constructor(readonly exe: Executable, stackLimit: number, readonly frames: number) {
    this.pc = exe.entry;
    this.regs[15] = STACK_TOP;
    this.codeEnd = CODE_BASE + exe.code.length;
    this.staticEnd = bssBase(exe.dataAddr, exe.data.length) + exe.bssSize;
    this.stackLow = STACK_TOP - stackLimit;
    this.brk = pageUp(this.staticEnd);
  }

  /** What a page may be mapped as, by the layout of docs/LANGUAGE.md. */
  private permissions(addr: number): Access[] {
    if (addr >= CODE_BASE && addr < pageUp(this.codeEnd)) return ['r', 'x'];
    if (addr >= this.exe.dataAddr && addr < pageUp(this.staticEnd)) return ['r', 'w'];
    if (addr >= pageUp(this.staticEnd) && addr < pageUp(this.brk)) return ['r', 'w'];
    if (addr >= this.stackLow && addr < STACK_TOP) return ['r', 'w'];
    return [];
  }

  /** The first-touch contents of the page at base: code or data bytes from the file, else zeros. */
  private fill(base: number): Uint8Array {
    const page = new Uint8Array(PAGE_SIZE);
    for (let i = 0; i < PAGE_SIZE; i++) {
      const a = base + i;
      if (a >= CODE_BASE && a < this.codeEnd) page[i] = this.exe.code[a - CODE_BASE];
      else if (a >= this.exe.dataAddr && a < this.exe.dataAddr + this.exe.data.length) page[i] = this.exe.data[a - this.exe.dataAddr];
    }
    return page;
  }

  /** The page holding addr, checked for an access of size bytes: alignment first, then range, then permission. */
  private page(addr: number, size: number, access: Access): Uint8Array {
    addr |= 0;
    if (addr % size !== 0) throw new FaultSignal({ signal: Signal.BUS, addr });
    if (addr < 0 || addr >= SPACE_SIZE) throw new FaultSignal({ signal: Signal.SEGV, addr });
    const number = Math.floor(addr / PAGE_SIZE);
    if (!this.permissions(addr).includes(access)) throw new FaultSignal({ signal: Signal.SEGV, addr });
    let page = this.pages.get(number);
    if (!page) {
      if (this.pages.size >= this.frames) throw new FaultSignal({ signal: Signal.KILL, addr });
      page = this.fill(number * PAGE_SIZE);
      this.pages.set(number, page);
      this.pageFaults++;
    }
    return page;
  }

  private load(addr: number, size: number, access: Access = 'r'): number {
    const page = this.page(addr, size, access);
    const off = (addr | 0) % PAGE_SIZE;
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + page[off + i];
    return v; // unsigned
  }

  private store(addr: number, size: number, value: number): void {
    const page = this.page(addr, size, 'w');
    const off = (addr | 0) % PAGE_SIZE;
    for (let i = 0; i < size; i++) page[off + i] = (value >>> (8 * i)) & 0xff;
  }

  /** Fetch and decode the instruction at pc; its extension words may lie on the next page. */
  private fetch(): Decoded | null {
    const first = this.load(this.pc, 4, 'x') | 0;
    const row = BY_OPCODE[first & 0xff];
    const words = row ? FORMS[row.form].words : 1;
    const code = new Int32Array(words);
    code[0] = first;
    for (let k = 1; k < words; k++) code[k] = this.load(this.pc + 4 * k, 4, 'x') | 0;
    return row ? decode(code, 0, this.pc) : null;
  }

  /** Run at most budget instructions; returns why it stopped and how many ticks it used. */
  run(budget: number): { stop: RefStop; ran: number } {
    let ran = 0;
    for (;;) {
      if (this.pc === EXIT_ADDR) return { stop: 'exit', ran };
      let ins: Decoded | null;
      try {
        ins = this.fetch();
      } catch (e) {
        return this.faulted(e, ran);
      }
      if (ran === budget) return { stop: 'budget', ran };
      if (!ins) {
        this.fault = { signal: Signal.ILL, addr: this.pc };
        return { stop: 'fault', ran };
      }
      try {
        const trap = this.execute(ins);
        ran++;
        if (trap) return { stop: 'syscall', ran };
      } catch (e) {
        return this.faulted(e, ran);
      }
    }
  }

  private faulted(e: unknown, ran: number): { stop: RefStop; ran: number } {
    if (!(e instanceof FaultSignal)) throw e;
    this.fault = e.fault;
    return { stop: 'fault', ran };
  }

  /** Execute one decoded instruction; true if it was a system call. */
  private execute(ins: Decoded): boolean {
    const { instr, regs: f, imms } = ins;
    const r = this.regs;
    const next = this.pc + 4 * ins.words;
    const u = (v: number): number => v >>> 0;
    // The second operand: a register for three-register forms, else the immediate.
    const src = (): number => (instr.form === 'ABC' ? r[f[2]] : imms[0]) | 0;
    const set = (k: number, v: number): void => {
      r[k] = v | 0;
    };
    const divisor = (): number => {
      const d = src();
      if (d === 0) throw new FaultSignal({ signal: Signal.FPE, addr: this.pc });
      return d;
    };
    const memAddr = (): number => (instr.syntax === 'rM' ? imms[0] : r[f[1]] + imms[0]) | 0;
    const push = (v: number): void => {
      const sp = (r[15] - 4) | 0;
      this.store(sp, 4, v);
      r[15] = sp;
    };
    let pc = next;
    switch (instr.mnemonic) {
      case 'nop': case 'brk': break;
      case 'sys': this.sysno = imms[0]; this.pc = next; return true;
      case 'mov': set(f[0], r[f[1]]); break;
      case 'li': set(f[0], imms[0]); break;
      case 'add': set(f[0], r[f[1]] + src()); break;
      case 'sub': set(f[0], r[f[1]] - src()); break;
      case 'mul': set(f[0], Number((BigInt(r[f[1]]) * BigInt(src())) & 0xffffffffn)); break;
      case 'div': { const d = divisor(); set(f[0], Math.trunc(r[f[1]] / d)); break; }
      case 'rem': { const d = divisor(); set(f[0], r[f[1]] - Math.trunc(r[f[1]] / d) * d); break; }
      case 'divu': { const d = divisor(); set(f[0], Math.floor(u(r[f[1]]) / u(d))); break; }
      case 'remu': { const d = divisor(); set(f[0], u(r[f[1]]) % u(d)); break; }
      case 'and': set(f[0], r[f[1]] & src()); break;
      case 'or': set(f[0], r[f[1]] | src()); break;
      case 'xor': set(f[0], r[f[1]] ^ src()); break;
      case 'shl': set(f[0], r[f[1]] << (src() & 31)); break;
      case 'shr': set(f[0], u(r[f[1]]) >>> (src() & 31)); break;
      case 'sra': set(f[0], r[f[1]] >> (src() & 31)); break;
      case 'slt': set(f[0], r[f[1]] < src() ? 1 : 0); break;
      case 'sltu': set(f[0], u(r[f[1]]) < u(src()) ? 1 : 0); break;
      case 'seq': set(f[0], r[f[1]] === src() ? 1 : 0); break;
      case 'sne': set(f[0], r[f[1]] !== src() ? 1 : 0); break;
      case 'not': set(f[0], ~r[f[1]]); break;
      case 'neg': set(f[0], -r[f[1]]); break;
      case 'lw': set(f[0], this.load(memAddr(), 4)); break;
      case 'lh': set(f[0], (this.load(memAddr(), 2) << 16) >> 16); break;
      case 'lhu': set(f[0], this.load(memAddr(), 2)); break;
      case 'lb': set(f[0], (this.load(memAddr(), 1) << 24) >> 24); break;
      case 'lbu': set(f[0], this.load(memAddr(), 1)); break;
      case 'sw': this.store(memAddr(), 4, r[f[0]]); break;
      case 'sh': this.store(memAddr(), 2, r[f[0]]); break;
      case 'sb': this.store(memAddr(), 1, r[f[0]]); break;
      case 'push': push(r[f[0]]); break;
      case 'pop': { const v = this.load(r[15], 4); set(f[0], v); r[15] = (r[15] + 4) | 0; break; }
      case 'jmp': pc = instr.form === 'J' ? ins.target : r[f[0]]; break;
      case 'call': { const to = instr.form === 'J' ? ins.target : r[f[0]]; push(next); pc = to; break; }
      case 'ret': { const v = this.load(r[15], 4); r[15] = (r[15] + 4) | 0; pc = v | 0; break; }
      case 'enter': push(r[14]); r[14] = r[15]; r[15] = (r[15] - imms[0]) | 0; break;
      case 'leave': { const v = this.load(r[14], 4); r[15] = (r[14] + 4) | 0; r[14] = v | 0; break; }
      default: {
        // Conditional branches: compare register a with register b or the immediate.
        const a = r[f[0]];
        const b = (instr.syntax === 'rrt' ? r[f[1]] : imms[0]) | 0;
        const taken: Record<string, boolean> = {
          beq: a === b, bne: a !== b, blt: a < b, bge: a >= b, bgt: a > b, ble: a <= b,
          bltu: u(a) < u(b), bgeu: u(a) >= u(b), bgtu: u(a) > u(b), bleu: u(a) <= u(b),
        };
        if (!(instr.mnemonic in taken)) throw new Error(`reference: no semantics for ${instr.mnemonic}`);
        if (taken[instr.mnemonic]) pc = ins.target;
      }
    }
    this.pc = pc | 0;
    return false;
  }
}
