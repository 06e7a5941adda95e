// Looking at a process without touching it: memory as the guest would read it (nothing paged in, no fault
// counted), names of addresses, the frame-pointer chain, and the page table by segment.
import type { DebugSymbol, Executable } from '../../vm/image.js';
import { sourceLine } from '../../vm/image.js';
import { CODE_BASE, EXIT_ADDR, GUARD_PAGES, PAGE_SHIFT, PAGE_SIZE, pageUp, STACK_TOP } from '../../vm/layout.js';
import { PTE_COW, PTE_R, PTE_SNAP, PTE_W, PTE_X } from '../../vm/mmu.js';
import { hex } from '../../vm/text.js';
import type { Process } from '../process.js';

/**
 * len bytes at addr of p's memory as a load would see them now, or null if some byte is not readable (or p has
 * exited). Pages not touched yet read as their first touch would fill them; code reads as the executable has it
 * (breakpoint traps never show).
 */
export function peek(p: Process, addr: number, len: number): Uint8Array | null {
  const space = p.space;
  if (p.state === 'zombie' || !space.accessible(addr, len, PTE_R)) return null;
  const exe = space.exe;
  const out = new Uint8Array(len);
  for (let k = 0; k < len; k++) {
    const at = addr + k;
    const pte = space.pt[at >>> PAGE_SHIFT];
    if (at >= CODE_BASE && at < pageUp(space.codeEnd)) out[k] = exe.code[at - CODE_BASE] ?? 0;
    else if (pte !== 0) out[k] = space.pool.u8[(pte & -PAGE_SIZE) | (at & (PAGE_SIZE - 1))];
    else if (at >= exe.dataAddr && at < space.dataEnd) out[k] = exe.data[at - exe.dataAddr];
  }
  return out;
}

/** The little-endian word at addr (any alignment), or null if unreadable. */
export function peekWord(p: Process, addr: number): number | null {
  const b = peek(p, addr, 4);
  return b ? b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24) : null;
}

/** The symbol named name in exe (any kind: labels, data, constants). */
export function symbol(exe: Executable, name: string): DebugSymbol | undefined {
  return exe.debug?.symbols.find((s) => s.name === name);
}

/** The code label at or before addr, as `label` or `label+off`; the address in hex without one. */
export function codeName(exe: Executable, addr: number): string {
  let best: DebugSymbol | null = null;
  for (const s of exe.debug?.symbols ?? []) {
    if (s.kind !== 'code' || s.value > addr || (best && s.value <= best.value)) continue;
    best = s;
  }
  if (!best || addr >= exe.codeAddr + exe.code.length) return hex(addr);
  return addr === best.value ? best.name : `${best.name}+${addr - best.value}`;
}

/** `file:line` of addr in exe, or null without debug information there. */
export function where(exe: Executable, addr: number): string | null {
  const at = sourceLine(exe, addr);
  return at ? `${at.file}:${at.line}` : null;
}

export interface Frame {
  pc: number;
  /** The frame pointer of this frame (absent for the innermost, whose frame may not be set up yet). */
  fp?: number;
}

/** Most frames a backtrace follows: a corrupt chain cannot make it run on. */
const MAX_FRAMES = 64;

/**
 * The call chain by frame pointers: frame 0 is where p is; each `enter`ed frame holds the caller's fp at [fp] and
 * the return address at [fp + 4]. The chain ends at fp 0, a return to the exit trampoline, or a pointer that
 * does not go up the stack.
 */
export function backtrace(p: Process): Frame[] {
  const frames: Frame[] = [{ pc: p.cpu.pc }];
  let fp = p.cpu.regs[14] >>> 0;
  while (frames.length < MAX_FRAMES && fp !== 0 && (fp & 3) === 0 && fp >= p.cpu.regs[15] >>> 0 && fp <= STACK_TOP - 8) {
    const ra = peekWord(p, fp + 4);
    const up = peekWord(p, fp);
    if (ra === null || up === null || ra === EXIT_ADDR) break;
    frames.push({ pc: ra >>> 0, fp });
    if (up >>> 0 <= fp) break;
    fp = up >>> 0;
  }
  return frames;
}

/** The segment a page of p's space belongs to, or null if none may be mapped there. */
function segment(p: Process, page: number): string | null {
  const s = p.space;
  const a = page << PAGE_SHIFT;
  if (a >= CODE_BASE && a < pageUp(s.codeEnd)) return 'code';
  if (a >= s.exe.dataAddr && a < s.heapStart) return a < s.dataEnd ? 'data' : 'bss';
  if (a >= s.heapStart && a < pageUp(s.brk)) return 'heap';
  if (a >= s.stackLow && a < STACK_TOP) return 'stack';
  if (a >= s.stackLow - GUARD_PAGES * PAGE_SIZE && a < s.stackLow) return 'guard';
  return null;
}

const perm = (pte: number, present: boolean, seg: string): string => {
  if (!present) return seg === 'code' ? 'r-x' : seg === 'guard' ? '---' : 'rw-';
  const w = (pte & (PTE_W | PTE_SNAP | PTE_COW)) !== 0;
  return `${pte & PTE_R ? 'r' : '-'}${w ? 'w' : '-'}${pte & PTE_X ? 'x' : '-'}`;
};

/**
 * p's page table as rows: every present page, and each run of pages of one segment not touched yet as one row
 * (a stack of 256 pages is mostly absent). The snapshot-protect bit is bookkeeping, shown as writable.
 */
export function pageRows(p: Process): string[][] {
  const rows: string[][] = [['page', 'address', 'segment', 'present', 'cow', 'perm', 'frame']];
  if (p.state === 'zombie') return rows;
  let run: { from: number; to: number; seg: string } | null = null;
  const flush = (): void => {
    if (!run) return;
    const n = run.to - run.from + 1;
    const page = n === 1 ? hexPage(run.from) : `${hexPage(run.from)}-${hexPage(run.to)}`;
    rows.push([page, hex(run.from << PAGE_SHIFT), run.seg, n === 1 ? 'no' : `no (${n} pages)`, '-', perm(0, false, run.seg), '-']);
    run = null;
  };
  for (let page = 0; page < STACK_TOP >>> PAGE_SHIFT; page++) {
    const seg = segment(p, page);
    const pte = p.space.pt[page];
    if (seg === null || pte !== 0) flush();
    if (seg === null) continue;
    if (pte !== 0) {
      rows.push([hexPage(page), hex(page << PAGE_SHIFT), seg, 'yes', pte & PTE_COW ? 'yes' : 'no', perm(pte, true, seg), String(pte >>> PAGE_SHIFT)]);
    } else if (run && run.seg === seg && run.to === page - 1) run.to = page;
    else {
      flush();
      run = { from: page, to: page, seg };
    }
  }
  flush();
  return rows;
}

const hexPage = (page: number): string => '0x' + page.toString(16).padStart(3, '0');

/** Rows as a table with columns padded to their widest cell. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}
