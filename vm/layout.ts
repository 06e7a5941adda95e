// Address-space layout constants of docs/LANGUAGE.md, shared by the assembler, loader, MMU and kernel.

/**
 * The page geometry as compile-time constants for the hot loops: tsc writes a const enum member as a
 * literal, while an imported `const` stays a load in V8's optimized code (measured: docs/PERFORMANCE.md).
 */
export const enum Page {
  SIZE = 4096,
  SHIFT = 12,
  OFFSET = SIZE - 1, // mask of the offset inside a page
}

export const PAGE_SIZE: number = Page.SIZE;
export const PAGE_SHIFT: number = Page.SHIFT;
/** Size of every virtual address space: 16 MiB, addresses 0x000000–0xFFFFFF. */
export const SPACE_SIZE = 0x1000000;
export const PAGES = SPACE_SIZE / PAGE_SIZE;
/** The code segment always starts here; page 0 is never mapped. */
export const CODE_BASE = 0x1000;
/** The stack ends here (exclusive) and grows down. */
export const STACK_TOP = 0x1000000;
/** Unmapped guard pages kept below the stack limit so that overflow faults rather than meets the heap. */
export const GUARD_PAGES = 1;
/**
 * Return address pushed below argc/argv: returning from the entry function jumps here,
 * which the interpreter reports as an exit with status r0. It lies in the never-mapped
 * page 0, so no program can execute code there.
 */
export const EXIT_ADDR = 0x00000ffc;

export const pageUp = (n: number): number => Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
export const align = (n: number, to: number): number => Math.ceil(n / to) * to;

/** Where the data segment of a program with codeSize bytes of code starts. */
export const dataBase = (codeSize: number): number => CODE_BASE + pageUp(codeSize);
/** Where .bss starts: the end of .data rounded up to 16 bytes. */
export const bssBase = (dataAddr: number, dataSize: number): number => dataAddr + align(dataSize, 16);
/** Code + data + bss (from CODE_BASE) must end at or below this, so hostile sources cannot exhaust the host. */
export const STATIC_LIMIT = 0xe00000;
