// Physical memory: one buffer of 4 KiB frames with typed views, a free list and reference counts.
import { PAGE_SHIFT, PAGE_SIZE } from './layout.js';
import type { CodeCache } from './mmu.js';

/** The allocator's bookkeeping, copied by a machine snapshot (the debugger's). */
export interface AllocatorState {
  readonly refs: Int32Array;
  /** The free list, bottom to top. */
  readonly free: Int32Array;
  /** Frames from here up were never handed out. */
  readonly fresh: number;
}

/** Largest physical memory we accept: frame bases must stay below 2^31 in a page-table entry. */
export const MAX_PHYSICAL = 1 << 30;

export class FramePool {
  readonly frames: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;
  /**
   * One frame past the allocatable ones, never mapped by any process: the interpreter copies an
   * instruction that straddles two code pages here so that its hot loop can read extension words
   * without a page check.
   */
  readonly scratch: number;
  /**
   * Snapshot support (the debugger): frames whose contents may have changed since the last snapshot.
   * A frame handed out is dirty; a write through a page table marks its frame in AddressSpace.resolve,
   * reached because a snapshot write-protects every page (PTE_SNAP), never from the interpreter's hot loop.
   */
  readonly dirty: Uint8Array;
  /** Counts changes of reference counts and the free list, so that a snapshot can share an unchanged copy. */
  changes = 0;
  /** Called once a code page is filled from its executable: the debugger patches its breakpoints in. */
  onCodeFill: ((cache: CodeCache, page: number) => void) | null = null;
  private readonly refs: Int32Array;
  /** Frames given back, handed out again first (last in, first out). */
  private readonly freeList: Int32Array;
  private top = 0;
  /**
   * Frames from here up were never handed out: they are handed out in increasing order after the free
   * list, so that traces and tests see stable, low frame numbers, and a machine starts without touching
   * a list as long as its memory (a 64 MiB machine has 16,384 frames).
   */
  private fresh = 0;
  /**
   * Frames from here up were never handed out at all (a snapshot restore may lower `fresh`, never this):
   * they are still as the OS zero-filled them, so handing one out needs no fill.
   */
  private clean = 0;

  constructor(bytes: number) {
    this.frames = Math.floor(Math.min(bytes, MAX_PHYSICAL) / PAGE_SIZE);
    // The buffer is zero-filled lazily by the OS: untouched frames cost no resident memory. Shared where
    // the host has it (Node; a browser page only when cross-origin isolated): V8 counts a plain
    // ArrayBuffer of 64 MiB or more as memory pressure and collects garbage at once, ~4 ms of every
    // short run's start-up; nothing else about it differs (no other thread ever sees it).
    const size = (this.frames + 1) * PAGE_SIZE;
    const buffer = typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(size) : new ArrayBuffer(size);
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.i32 = new Int32Array(buffer);
    this.scratch = this.frames;
    this.refs = new Int32Array(this.frames);
    this.dirty = new Uint8Array(this.frames);
    this.freeList = new Int32Array(this.frames);
  }

  get free(): number {
    return this.top + this.frames - this.fresh;
  }

  get used(): number {
    return this.frames - this.free;
  }

  /** A zeroed frame with one reference, or -1 when memory is exhausted. */
  alloc(): number {
    let f: number;
    if (this.top > 0) f = this.freeList[--this.top];
    else if (this.fresh < this.frames) f = this.fresh++;
    else return -1;
    if (f >= this.clean) this.clean = f + 1;
    else this.u8.fill(0, f << PAGE_SHIFT, (f + 1) << PAGE_SHIFT);
    this.refs[f] = 1;
    this.dirty[f] = 1;
    this.changes++;
    return f;
  }

  retain(f: number): void {
    this.refs[f]++;
    this.changes++;
  }

  release(f: number): void {
    this.changes++;
    if (--this.refs[f] === 0) this.freeList[this.top++] = f;
  }

  refCount(f: number): number {
    return this.refs[f];
  }

  /** A copy of the reference counts and the free list. */
  allocator(): AllocatorState {
    return { refs: this.refs.slice(), free: this.freeList.slice(0, this.top), fresh: this.fresh };
  }

  /** Put back a copy taken by allocator() (the frames' contents are the caller's to restore). */
  restoreAllocator(s: AllocatorState): void {
    this.refs.set(s.refs);
    this.freeList.set(s.free);
    this.top = s.free.length;
    this.fresh = s.fresh;
    this.changes++;
  }
}
