// Process images: an address space for an executable with argv laid out on its stack, and the registers it starts with.
import type { Cpu } from '../vm/cpu.js';
import type { Executable } from '../vm/image.js';
import { EXIT_ADDR, STACK_TOP } from '../vm/layout.js';
import type { FramePool } from '../vm/memory.js';
import { AddressSpace, CodeCache, type PageKind } from '../vm/mmu.js';
import { Reg } from '../vm/isa.js';
import { Errno } from '../vm/syscalls.js';

/** Most argv bytes (strings and pointers) a process may start with. */
export const MAX_ARGV_BYTES = 64 * 1024;

/** A new address space with argv on its stack, and the page faults that laying it out took. */
export interface Image {
  space: AddressSpace;
  sp: number;
  argc: number;
  /** Counted against the process once it exists, after the event that explains them. */
  faults: [number, PageKind][];
}

export class Loader {
  /** One code cache per executable, so that processes running the same program share its code pages. */
  private readonly caches = new Map<Executable, CodeCache>();

  constructor(private readonly pool: FramePool, private readonly stackLimit: number) {}

  /** A fresh address space for exe with argv laid out, or a negative errno. */
  image(exe: Executable, argv: readonly string[]): Image | number {
    let cache = this.caches.get(exe);
    if (!cache) {
      // Executables nobody runs any more are forgotten, so that loading ever new ones costs no memory.
      for (const [e, c] of this.caches) if (c.unused) this.caches.delete(e);
      cache = new CodeCache(exe, this.pool);
      this.caches.set(exe, cache);
    }
    const space = new AddressSpace(this.pool, cache, this.stackLimit);
    const faults: [number, PageKind][] = [];
    space.onPageFault = (page, kind) => faults.push([page, kind]);
    const sp = space.fits() ? setupStack(space, argv) : -Errno.ENOMEM;
    if (sp < 0) {
      space.destroy();
      return sp;
    }
    space.onPageFault = null;
    return { space, sp, argc: argv.length, faults };
  }
}

/** Registers of a process starting exe: argc, argv, sp at the return address, the rest zero (docs/KERNEL.md). */
export function startRegisters(cpu: Cpu, exe: Executable, img: Image): void {
  cpu.regs.fill(0);
  cpu.pc = exe.entry;
  cpu.regs[1] = img.argc;
  cpu.regs[2] = img.sp + 4;
  cpu.regs[Reg.SP] = img.sp;
}

/**
 * Lay out argv at the top of the stack: the strings, then the zero-terminated pointer array, then the
 * return address to the exit trampoline. Returns sp, or a negative errno.
 */
function setupStack(space: AddressSpace, argv: readonly string[]): number {
  const enc = new TextEncoder();
  const strings = argv.map((a) => enc.encode(a + '\0'));
  const bytes = strings.reduce((n, s) => n + s.length, 0) + 4 * (argv.length + 2) + 4;
  if (bytes > MAX_ARGV_BYTES) return -Errno.EINVAL;
  let top = STACK_TOP;
  const ptrs: number[] = [];
  for (const s of strings) {
    top -= s.length;
    ptrs.push(top);
  }
  top &= ~3;
  const table = new Int32Array(argv.length + 2);
  table[0] = EXIT_ADDR;
  ptrs.forEach((ptr, k) => (table[k + 1] = ptr));
  const sp = top - 4 * table.length;
  const image = new Uint8Array(STACK_TOP - sp);
  image.set(new Uint8Array(table.buffer), 0);
  let at = STACK_TOP;
  for (const s of strings) {
    at -= s.length;
    image.set(s, at - sp);
  }
  if (!space.write(sp, image)) return -Errno.ENOMEM;
  return sp;
}
