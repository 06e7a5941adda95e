// Per-process address spaces: page tables over the frame pool, lazy paging, copy-on-write, faults.
import type { Executable } from './image.js';
import { bssBase, CODE_BASE, GUARD_PAGES, PAGE_SHIFT, PAGE_SIZE, PAGES, pageUp, STACK_TOP } from './layout.js';
import type { FramePool } from './memory.js';
import { Signal } from './syscalls.js';
import { hex } from './text.js';

// A page-table entry is (frame << 12) | permission bits; 0 means not present.
// Access kinds use the same bits as the permissions they need, so a check is one AND.
export const PTE_R = 1;
export const PTE_W = 2;
export const PTE_X = 4;
export const PTE_COW = 8;
/**
 * A writable page write-protected for a machine snapshot (the debugger's): its first write goes to
 * resolve(), which marks the frame dirty and makes the page writable again. Never seen by the guest:
 * such a page counts as writable everywhere, and no fault is counted for it.
 */
export const PTE_SNAP = 16;

export type Access = typeof PTE_R | typeof PTE_W | typeof PTE_X;
export type PageKind = 'file' | 'zero' | 'cow';

export interface Fault {
  signal: number;
  addr: number;
  detail: string; // e.g. "write to 0x00000000 (unmapped page)"
}


const VERB: Record<Access, string> = { [PTE_R]: 'read from', [PTE_W]: 'write to', [PTE_X]: 'execute at' };

/**
 * The frames holding one executable's code, shared read-only by every process running it
 * (the page cache of the executable file). Frames are filled on the first touch by any user.
 */
export class CodeCache {
  readonly frames: Int32Array;
  private users = 0;

  constructor(readonly exe: Executable, readonly pool: FramePool) {
    this.frames = new Int32Array(pageUp(exe.code.length) >>> PAGE_SHIFT).fill(-1);
  }

  attach(): void {
    this.users++;
  }

  /** Whether no address space uses it (its frames are back in the pool). */
  get unused(): boolean {
    return this.users === 0;
  }

  detach(): void {
    if (--this.users > 0) return;
    for (let k = 0; k < this.frames.length; k++) {
      if (this.frames[k] >= 0) this.pool.release(this.frames[k]);
      this.frames[k] = -1;
    }
  }

  /** The frame of code page k, filled from the executable if nobody touched it yet; -1 if memory is full. */
  frame(k: number): number {
    if (this.frames[k] < 0) {
      const f = this.pool.alloc();
      if (f < 0) return -1;
      const from = k << PAGE_SHIFT;
      this.pool.u8.set(this.exe.code.subarray(from, Math.min(from + PAGE_SIZE, this.exe.code.length)), f << PAGE_SHIFT);
      this.frames[k] = f;
      this.pool.onCodeFill?.(this, k);
    }
    return this.frames[k];
  }
}

export class AddressSpace {
  readonly pt = new Int32Array(PAGES);
  /** The pages with an entry in pt, so that fork and destroy cost what is mapped, not the whole table. */
  private mapped: number[] = [];
  readonly exe: Executable;
  readonly codeEnd: number;
  readonly dataEnd: number; // end of the file-backed .data bytes
  readonly staticEnd: number; // end of .bss
  readonly heapStart: number;
  readonly stackLow: number;
  brk: number;
  /** Page faults counted for this space (docs/KERNEL.md: every page-table entry filled). */
  faults = 0;
  /** Called after each counted page fault; the kernel traces it. */
  onPageFault: ((page: number, kind: PageKind) => void) | null = null;
  /** Why the last failed access failed. */
  fault: Fault = { signal: 0, addr: 0, detail: '' };
  private destroyed = false;

  constructor(readonly pool: FramePool, readonly code: CodeCache, stackLimit: number, from?: AddressSpace) {
    const exe = code.exe;
    this.exe = exe;
    this.codeEnd = CODE_BASE + exe.code.length;
    this.dataEnd = exe.dataAddr + exe.data.length;
    this.staticEnd = bssBase(exe.dataAddr, exe.data.length) + exe.bssSize;
    this.heapStart = pageUp(this.staticEnd);
    this.stackLow = STACK_TOP - stackLimit;
    this.brk = from ? from.brk : this.heapStart;
    code.attach();
  }

  /** Whether the layout leaves room for the stack and its guard above the static data. */
  fits(): boolean {
    return this.stackLow - GUARD_PAGES * PAGE_SIZE >= this.heapStart && this.stackLow < STACK_TOP;
  }

  /** The permissions an address may be mapped with (0: none), and why not when 0. */
  private region(addr: number): { perm: number; why: string } {
    if (addr >= CODE_BASE && addr < pageUp(this.codeEnd)) return { perm: PTE_R | PTE_X, why: '' };
    if (addr >= this.exe.dataAddr && addr < this.heapStart) return { perm: PTE_R | PTE_W, why: '' };
    if (addr >= this.heapStart && addr < pageUp(this.brk)) return { perm: PTE_R | PTE_W, why: '' };
    if (addr >= this.stackLow && addr < STACK_TOP) return { perm: PTE_R | PTE_W, why: '' };
    if (addr >= this.stackLow - GUARD_PAGES * PAGE_SIZE && addr < this.stackLow) return { perm: 0, why: 'stack overflow' };
    return { perm: 0, why: 'unmapped page' };
  }

  private fail(signal: number, addr: number, access: Access, why: string): false {
    this.fault = { signal, addr: addr | 0, detail: `${VERB[access]} ${hex(addr)} (${why})` };
    return false;
  }

  /**
   * The slow path of every access: check alignment (BUS first, as docs/LANGUAGE.md says), then map the page
   * lazily or break copy-on-write. True if the access may now be retried; false with `fault` set.
   */
  resolve(addr: number, size: number, access: Access): boolean {
    if ((addr & (size - 1)) !== 0) {
      return this.fail(Signal.BUS, addr, access, `misaligned ${size === 4 ? 'word' : 'half-word'}`);
    }
    if (addr >>> 24 !== 0) return this.fail(Signal.SEGV, addr, access, 'outside the address space');
    const vpn = addr >>> PAGE_SHIFT;
    const pte = this.pt[vpn];
    if (pte !== 0) {
      if ((pte & access) !== 0) return true;
      if (access === PTE_W && (pte & PTE_SNAP) !== 0) {
        this.pool.dirty[pte >>> PAGE_SHIFT] = 1;
        this.pt[vpn] = (pte & ~PTE_SNAP) | PTE_W;
        return true;
      }
      if (access === PTE_W && (pte & PTE_COW) !== 0) return this.breakCow(vpn, pte);
      const why = access === PTE_W ? 'read-only code page' : access === PTE_X ? 'page not executable' : 'page not readable';
      return this.fail(Signal.SEGV, addr, access, why);
    }
    const { perm, why } = this.region(addr);
    if (perm === 0) return this.fail(Signal.SEGV, addr, access, why);
    if ((perm & access) === 0) {
      return this.fail(Signal.SEGV, addr, access, access === PTE_W ? 'read-only code page' : 'page not executable');
    }
    return this.mapPage(vpn, perm) || this.fail(Signal.KILL, addr, access, 'out of memory');
  }

  private mapPage(vpn: number, perm: number): boolean {
    const base = vpn << PAGE_SHIFT;
    let frame: number;
    let kind: PageKind = 'zero';
    if ((perm & PTE_X) !== 0) {
      frame = this.code.frame((base - CODE_BASE) >>> PAGE_SHIFT);
      if (frame < 0) return false;
      this.pool.retain(frame);
      kind = 'file';
    } else {
      frame = this.pool.alloc();
      if (frame < 0) return false;
      const from = Math.max(base, this.exe.dataAddr);
      const to = Math.min(base + PAGE_SIZE, this.dataEnd);
      if (from < to) {
        const off = this.exe.dataAddr;
        this.pool.u8.set(this.exe.data.subarray(from - off, to - off), (frame << PAGE_SHIFT) + (from - base));
        kind = 'file';
      }
    }
    this.pt[vpn] = (frame << PAGE_SHIFT) | perm;
    this.mapped.push(vpn);
    this.counted(vpn, kind);
    return true;
  }

  private breakCow(vpn: number, pte: number): boolean {
    const old = pte >>> PAGE_SHIFT;
    if (this.pool.refCount(old) === 1) {
      // The other sharers are gone: the page is ours, no copy and no fault to count.
      this.pool.dirty[old] = 1;
      this.pt[vpn] = (pte & ~PTE_COW) | PTE_W;
      return true;
    }
    const frame = this.pool.alloc();
    if (frame < 0) return this.fail(Signal.KILL, vpn << PAGE_SHIFT, PTE_W, 'out of memory');
    this.pool.u8.copyWithin(frame << PAGE_SHIFT, old << PAGE_SHIFT, (old + 1) << PAGE_SHIFT);
    this.pool.release(old);
    this.pt[vpn] = (frame << PAGE_SHIFT) | PTE_R | PTE_W;
    this.counted(vpn, 'cow');
    return true;
  }

  private counted(vpn: number, kind: PageKind): void {
    this.faults++;
    this.onPageFault?.(vpn, kind);
  }

  /** Whether [addr, addr+len) lies in mapped or mappable pages allowing the access. */
  accessible(addr: number, len: number, access: Access): boolean {
    if (len === 0) return true;
    if (!Number.isInteger(addr) || !Number.isInteger(len) || addr < 0 || len < 0 || addr + len > STACK_TOP) return false;
    for (let page = addr >>> PAGE_SHIFT; page <= (addr + len - 1) >>> PAGE_SHIFT; page++) {
      const pte = this.pt[page];
      const perm = pte !== 0 ? pte | ((pte & (PTE_COW | PTE_SNAP)) !== 0 ? PTE_W : 0) : this.region(page << PAGE_SHIFT).perm;
      if ((perm & access) === 0) return false;
    }
    return true;
  }

  /**
   * Physical byte address of addr for an access by the kernel on the process's behalf,
   * paging in as needed; -1 with `fault` set on failure.
   */
  private physical(addr: number, access: Access): number {
    let pte = this.pt[addr >>> PAGE_SHIFT];
    if ((pte & access) === 0) {
      if (!this.resolve(addr, 1, access)) return -1;
      pte = this.pt[addr >>> PAGE_SHIFT];
    }
    return (pte & -PAGE_SIZE) | (addr & (PAGE_SIZE - 1));
  }

  /** Copy len bytes out of the space; null if the range is not readable (or memory ran out: see `fault`). */
  read(addr: number, len: number): Uint8Array | null {
    if (!this.accessible(addr, len, PTE_R)) return null;
    const out = new Uint8Array(len);
    for (let done = 0; done < len; ) {
      const at = addr + done;
      const n = Math.min(len - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
      const phys = this.physical(at, PTE_R);
      if (phys < 0) return null;
      out.set(this.pool.u8.subarray(phys, phys + n), done);
      done += n;
    }
    return out;
  }

  /** Copy bytes into the space; false if the range is not writable (or memory ran out: see `fault`). */
  write(addr: number, bytes: Uint8Array): boolean {
    if (!this.accessible(addr, bytes.length, PTE_W)) return false;
    for (let done = 0; done < bytes.length; ) {
      const at = addr + done;
      const n = Math.min(bytes.length - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
      const phys = this.physical(at, PTE_W);
      if (phys < 0) return false;
      this.pool.u8.set(bytes.subarray(done, done + n), phys);
      done += n;
    }
    return true;
  }

  /** A zero-terminated string of at most max bytes (terminator excluded); null if unreadable or unterminated. */
  readString(addr: number, max: number): Uint8Array | null {
    const bytes: number[] = [];
    for (let at = addr; bytes.length <= max; at++) {
      if (!this.accessible(at, 1, PTE_R)) return null;
      const phys = this.physical(at, PTE_R);
      if (phys < 0) return null;
      const b = this.pool.u8[phys];
      if (b === 0) return Uint8Array.from(bytes);
      bytes.push(b);
    }
    return null;
  }

  /** Move the end of the heap; returns the old end, or -1 when the request cannot be met. */
  sbrk(increment: number): number {
    const old = this.brk;
    const end = old + increment;
    if (!Number.isInteger(end) || end < this.heapStart || end > this.stackLow - GUARD_PAGES * PAGE_SIZE) return -1;
    // Bounded overcommit, like Linux's heuristic: one request may not exceed the frames free now;
    // frames are only taken when pages are touched.
    if ((pageUp(end) - pageUp(old)) / PAGE_SIZE > this.pool.free) return -1;
    for (let page = pageUp(end) >>> PAGE_SHIFT; page < pageUp(old) >>> PAGE_SHIFT; page++) this.unmap(page);
    this.brk = end;
    return old;
  }

  private unmap(page: number): void {
    const pte = this.pt[page];
    if (pte === 0) return;
    this.pool.release(pte >>> PAGE_SHIFT);
    this.pt[page] = 0;
    const k = this.mapped.indexOf(page); // only sbrk shrinking comes here: rare
    this.mapped[k] = this.mapped[this.mapped.length - 1];
    this.mapped.pop();
  }

  /** A copy of this space for fork: every page shared, writable ones copy-on-write in both. */
  fork(): AddressSpace {
    const child = new AddressSpace(this.pool, this.code, STACK_TOP - this.stackLow, this);
    child.mapped = this.mapped.slice();
    for (const page of this.mapped) {
      let pte = this.pt[page];
      if ((pte & (PTE_W | PTE_SNAP)) !== 0) pte = (pte & ~(PTE_W | PTE_SNAP)) | PTE_COW;
      this.pt[page] = pte;
      child.pt[page] = pte;
      this.pool.retain(pte >>> PAGE_SHIFT);
    }
    return child;
  }

  /** Write-protect every writable page for a snapshot (PTE_SNAP), so that the first write marks its frame dirty. */
  protectForSnapshot(): void {
    for (const page of this.mapped) {
      const pte = this.pt[page];
      if ((pte & PTE_W) !== 0) this.pt[page] = (pte & ~PTE_W) | PTE_SNAP;
    }
  }

  /** Give every frame back to the pool (once: a destroyed space holds nothing). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const page of this.mapped) {
      this.pool.release(this.pt[page] >>> PAGE_SHIFT);
      this.pt[page] = 0;
    }
    this.mapped = [];
    this.code.detach();
  }
}
