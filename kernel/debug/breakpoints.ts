// Breakpoints: where a location is in a program, and the patching that makes the engine stop there for free.
//
// A breakpoint costs nothing until it is reached: its instruction's opcode byte is replaced, in the shared
// code-cache frame, by an undefined opcode, so that the engine faults there (ILL) at full speed. The kernel stops
// before killing a faulting process (Until.faults); the debugger recognises its own trap, pardons the process, and
// to go on puts the original word back for one step. The executable itself is never changed: disassembly, fault
// messages and the debugger's memory views read the original code.
import { codeWords } from '../../vm/disasm.js';
import { decode } from '../../vm/encoding.js';
import type { Executable } from '../../vm/image.js';
import { BY_OPCODE } from '../../vm/isa.js';
import { PAGE_SHIFT, PAGE_SIZE } from '../../vm/layout.js';
import type { CodeCache } from '../../vm/mmu.js';
import { Signal } from '../../vm/syscalls.js';
import type { Kernel } from '../kernel.js';
import type { Process } from '../process.js';

/** Where a breakpoint is, as the user wrote it: a code label, `file:line`, or an address. */
export type Location =
  | { kind: 'label'; name: string }
  | { kind: 'line'; file: string; line: number }
  | { kind: 'addr'; addr: number };

/** The opcode a breakpoint puts in place of its instruction's: one the ISA leaves undefined. */
export const TRAP_OPCODE = 0xff;
if (BY_OPCODE[TRAP_OPCODE]) throw new Error('breakpoints: the trap opcode is a defined instruction');

const starts = new WeakMap<Executable, ReadonlySet<number>>();

/**
 * The addresses where instructions start: decoded forward from each row of the line table (so that data
 * between instructions cannot mislead the decoding past the next source line), or from the start of the code.
 */
export function instructionStarts(exe: Executable): ReadonlySet<number> {
  let set = starts.get(exe);
  if (set) return set;
  const words = codeWords(exe.code, 0, exe.code.length >> 2);
  const rows = exe.debug?.lines.map((l) => l.addr) ?? [];
  const from = rows.length > 0 ? rows : [exe.codeAddr];
  const found = new Set<number>();
  from.forEach((addr, k) => {
    const end = k + 1 < from.length ? from[k + 1] : exe.codeAddr + words.length * 4;
    for (let i = (addr - exe.codeAddr) >> 2; exe.codeAddr + 4 * i < end; ) {
      found.add(exe.codeAddr + 4 * i);
      i += decode(words, i, exe.codeAddr)?.words ?? 1;
    }
  });
  starts.set(exe, (set = found));
  return set;
}

/** Whether a file name as written in a breakpoint names a file of the debug info (the same path, or its tail). */
export function sameFile(given: string, known: string): boolean {
  return known === given || known.endsWith('/' + given) || given.endsWith('/' + known);
}

/**
 * The address of loc in exe's code, or null if exe has no such place. A line without code moves to the next
 * line of the same file that has some, as in gdb.
 */
export function resolveIn(loc: Location, exe: Executable): number | null {
  const debug = exe.debug;
  switch (loc.kind) {
    case 'addr':
      return instructionStarts(exe).has(loc.addr) ? loc.addr : null;
    case 'label': {
      const s = debug?.symbols.find((x) => x.name === loc.name && x.kind === 'code');
      return s && instructionStarts(exe).has(s.value) ? s.value : null;
    }
    case 'line': {
      if (!debug) return null;
      let best: { line: number; addr: number } | null = null;
      for (const row of debug.lines) {
        if (row.line < loc.line || !sameFile(loc.file, debug.files[row.file] ?? '')) continue;
        if (!best || row.line < best.line || (row.line === best.line && row.addr < best.addr)) best = { line: row.line, addr: row.addr };
      }
      return best?.addr ?? null;
    }
  }
}

/** The word at addr of exe's code as the executable has it (little-endian), 0 outside the code. */
export function codeWord(exe: Executable, addr: number): number {
  const off = addr - exe.codeAddr;
  if (off < 0 || off + 4 > exe.code.length) return 0;
  return exe.code[off] | (exe.code[off + 1] << 8) | (exe.code[off + 2] << 16) | (exe.code[off + 3] << 24);
}

/** Where trap words are: the sites of each executable, asked for when a program's code is first patched. */
export type Sites = (exe: Executable) => ReadonlySet<number>;

/** Puts trap words into the code frames of the running programs, and takes them out again. */
export class Patcher {
  /** The sites as given to arm(), and as patched: each program's resolved once, so that disarm() undoes exactly that. */
  private given: Sites | null = null;
  private sites: Sites | null = null;

  constructor(private readonly kernel: Kernel) {}

  /** The sites patched now, as given to arm() (null: none). */
  get sitesNow(): Sites | null {
    return this.given;
  }

  /** Patch every site (and, through the pool's hook, every code page filled from now on). */
  arm(sites: Sites): void {
    this.disarm();
    const resolved = new Map<Executable, ReadonlySet<number>>();
    this.given = sites;
    this.sites = (exe) => resolved.get(exe) ?? resolved.set(exe, sites(exe)).get(exe)!;
    for (const cache of this.caches()) this.patchAll(cache, true);
    this.kernel.pool.onCodeFill = (cache, page) => this.patchPage(cache, page, true);
  }

  /** Put every original word back: the code frames are as the executables say. */
  disarm(): void {
    if (!this.sites) return;
    for (const cache of this.caches()) this.patchAll(cache, false);
    this.kernel.pool.onCodeFill = null;
    this.sites = null;
    this.given = null;
  }

  /** Whether p's pending fault is one of our traps. */
  isTrap(p: Process): boolean {
    return this.sites !== null && p.cpu.fault.signal === Signal.ILL && this.sites(p.exe).has(p.cpu.pc);
  }

  /** Put the original word back at p's trap, for one step. */
  lift(p: Process): void {
    this.write(p.space.code, p.cpu.pc, false);
  }

  /** Set the trap at addr of cache's program again (if its page is still there). */
  relay(cache: CodeCache, addr: number): void {
    if (this.sites?.(cache.exe).has(addr)) this.write(cache, addr, true);
  }

  /** The code caches holding frames: those of the live processes. */
  private caches(): Set<CodeCache> {
    const set = new Set<CodeCache>();
    for (const p of this.kernel.table.values()) if (p.state !== 'zombie') set.add(p.space.code);
    return set;
  }

  private patchAll(cache: CodeCache, on: boolean): void {
    for (const addr of this.sites!(cache.exe)) this.write(cache, addr, on);
  }

  private patchPage(cache: CodeCache, page: number, on: boolean): void {
    for (const addr of this.sites!(cache.exe)) if ((addr - cache.exe.codeAddr) >>> PAGE_SHIFT === page) this.write(cache, addr, on);
  }

  private write(cache: CodeCache, addr: number, on: boolean): void {
    const off = addr - cache.exe.codeAddr;
    const frame = cache.frames[off >>> PAGE_SHIFT];
    if (frame === undefined || frame < 0) return; // not filled yet: the fill hook patches it
    const word = codeWord(cache.exe, addr);
    const pool = this.kernel.pool;
    pool.i32[(frame * PAGE_SIZE + (off & (PAGE_SIZE - 1))) >> 2] = on ? (word & ~0xff) | TRAP_OPCODE : word;
    // A frame freed while patched keeps its trap: restoring a snapshot must not take it for unchanged.
    pool.dirty[frame] = 1;
  }
}
