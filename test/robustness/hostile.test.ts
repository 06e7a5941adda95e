// Hostile programs under the kernel: runaway loops, memory hogs, every system call with hostile arguments, floods of output.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../kernel/events.js';
import { Errno, SYSCALLS } from '../../vm/syscalls.js';
import { ByteSink, CountingSink, expectCleanEnd, runSource, sandbox } from './harness.js';

const root = sandbox();
fs.writeFileSync(path.join(root, 'child.asm'), 'main: li r1, 3\n sys exit\n');
fs.writeFileSync(path.join(root, 'bad.qx'), 'not an executable');
fs.mkdirSync(path.join(root, 'dir'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const ERRNOS = new Set<number>(Object.values(Errno).map((e) => -e));

/** Results of the system calls a run made, from the kernel's syscall events ('-' when the call blocked or ended the caller). */
function syscallResults(): { listen: (e: KernelEvent) => void; results: (string | number)[] } {
  const results: (string | number)[] = [];
  return { results, listen: (e) => void (e.type === 'syscall' && results.push(e.fields.ret)) };
}

describe('runaway and greedy programs', () => {
  it('an infinite loop stops at --max-ticks with status 124', async () => {
    const r = await runSource('main: jmp main\n', { maxTicks: 50_000, root });
    expect(r.status).toBe(124);
    expect(r.stderr).toBe('quanta: stopped at tick 50000 (--max-ticks)\n');
    expectCleanEnd(r);
  });

  it('an infinite loop of system calls stops at --max-ticks too', async () => {
    const r = await runSource('main: sys getpid\n sys yield\n jmp main\n', { maxTicks: 20_000, root });
    expect(r.status).toBe(124);
    expectCleanEnd(r);
  });

  it('sbrk in a loop ends with -ENOMEM, never a host failure', async () => {
    const r = await runSource(`
main:   li r1, 0x10000
        sys sbrk
        bge r0, 0, main
        neg r1, r0
        sys exit
`, { root, mem: 1 << 20 });
    expect(r.status).toBe(Errno.ENOMEM);
    expectCleanEnd(r);
  });

  it.each([[0x7fffffff], [-0x80000000], [0x1000000], [-0x1000]])('sbrk(%i) returns -ENOMEM', async (n) => {
    const r = await runSource(`main: li r1, ${n}\n sys sbrk\n neg r1, r0\n sys exit\n`, { root });
    expect(r.status).toBe(Errno.ENOMEM);
    expectCleanEnd(r);
  });

  it('a process touching pages until memory runs out is killed with a message, and its frames come back', async () => {
    // Grow and touch the heap a page at a time until sbrk refuses, then touch a fresh stack page.
    const r = await runSource(`
main:   li r1, 4096
        sys sbrk
        blt r0, 0, full
        sw r1, [r0]
        jmp main
full:   sw r1, [sp - 0x8000]
        li r1, 0
        sys exit
`, { root, mem: 128 << 10 });
    expect(r.status).toBe(137);
    expect(r.stderr).toMatch(/^\[1 prog\] killed: .*out of memory/);
    expectCleanEnd(r);
  });

  it('a fork bomb meets --max-procs with -EAGAIN and the tick limit, leaking nothing', async () => {
    const r = await runSource('main: sys fork\n jmp main\n', { root, maxProcs: 8, maxTicks: 20_000, quantum: 50 });
    expect(r.status).toBe(124);
    expectCleanEnd(r);
  });

  it('a fork bomb under a small --mem ends cleanly', async () => {
    const r = await runSource('main: sys fork\n sw r0, [sp - 64]\n jmp main\n', { root, maxProcs: 64, maxTicks: 10_000, mem: 128 << 10, quantum: 20 });
    expectCleanEnd(r);
  });

  it('a spawn loop of a real program meets the process limit and ends cleanly', async () => {
    const r = await runSource(`
        .data
name:   .asciz "child.asm"
        .text
main:   la r1, name
        li r2, 0
        sys spawn
        jmp main
`, { root, maxProcs: 6, maxTicks: 20_000 });
    expect(r.status).toBe(124);
    expectCleanEnd(r);
  });

  it('deep recursion overflows the stack into its guard: SEGV, status 139', async () => {
    const r = await runSource('main: call main\n', { root, stack: 1 << 16 });
    expect(r.status).toBe(139);
    expect(r.stderr).toMatch(/segmentation fault: write to 0x[0-9a-f]+ \(stack overflow\)/);
    expectCleanEnd(r);
  });
});

// Arguments in r1–r5: nulls, all ones, the largest int, the top of the space, a pointer whose length
// runs past the end of the space, and a string with no terminator before unmapped memory.
const HOSTILE: [string, string[]][] = [
  ['zeros', ['0', '0', '0', '0', '0']],
  ['minus ones', ['-1', '-1', '-1', '-1', '-1']],
  ['INT_MAX', ['0x7fffffff', '0x7fffffff', '0x7fffffff', '0x7fffffff', '0x7fffffff']],
  ['INT_MIN', ['-0x80000000', '-0x80000000', '-0x80000000', '-0x80000000', '-0x80000000']],
  ['top of space', ['0xffffff', '0xffffff', '0xffffff', '0xffffff', '0xffffff']],
  ['fd 1, top of space, length 2', ['1', '0xffffff', '2', '0', '0']],
  ['fd 1, data, length INT_MAX', ['1', 'fill', '0x7fffffff', '0', '0']],
  ['fd 0, code, length 8', ['0', 'main', '8', '0', '0']],
  ['fd 1, pointer + length wraps', ['1', '0xfffff000', '0x2000', '0', '0']],
  ['unterminated string', ['fill', 'fill', '1', '0', '0']],
  ['string at top of space', ['0xfffffc', 'fill', '0', '0', '0']],
  ['code pointers', ['main', 'main', 'main', 'main', 'main']],
  ['stack', ['sp', 'sp', '4', '4', '4']],
  ['directory name', ['dirname', '0', '0', '0', '0']],
  ['bad executable', ['badname', '0', '0', '0', '0']],
  ['argv of wild pointers', ['childname', 'wild', '0', '0', '0']],
];

/** A program that loads the arguments, makes the call twice, and exits with 0 if it got that far. */
function hostileCall(n: number, args: string[]): string {
  const load = args.map((a, k) => (a === 'sp' ? `        mov r${k + 1}, sp` : /^[a-z]/.test(a) ? `        la r${k + 1}, ${a}` : `        li r${k + 1}, ${a}`)).join('\n');
  return `
        .data
childname: .asciz "child.asm"
dirname: .asciz "dir"
badname: .asciz "bad.qx"
wild:   .word childname, 0x800000, 0
        .align 4096
fill:   .space 4096, 65
        .text
main:
${load}
        sys ${n}
${load}
        sys ${n}
        li r1, 0
        sys exit
`;
}

/** What docs/SYSCALLS.md makes some of these calls return, by `number/case`: the rest must merely be a result or an errno. */
const EXPECTED: Record<string, number> = {
  '1/fd 1, top of space, length 2': -Errno.EFAULT,
  '1/fd 1, pointer + length wraps': -Errno.EFAULT,
  '1/fd 1, data, length INT_MAX': -Errno.EFAULT,
  '2/fd 0, code, length 8': -Errno.EFAULT,
  '3/unterminated string': -Errno.EFAULT,
  '3/directory name': -Errno.EINVAL,
  '4/minus ones': -Errno.EBADF,
  '5/unterminated string': -Errno.EFAULT,
  '5/string at top of space': -Errno.EFAULT,
  '5/bad executable': -Errno.ENOEXEC,
  '5/argv of wild pointers': -Errno.EFAULT,
  '7/unterminated string': -Errno.EFAULT,
  '7/bad executable': -Errno.ENOEXEC,
  '8/zeros': -Errno.ECHILD,
  '9/minus ones': -Errno.EINVAL,
  '13/minus ones': -Errno.EINVAL,
  '16/code pointers': -Errno.EFAULT,
  '17/INT_MAX': -Errno.EBADF,
  '18/top of space': -Errno.ESRCH,
  '19/INT_MAX': -Errno.ESRCH,
  '21/code pointers': -Errno.EFAULT,
};

describe('every system call number with hostile arguments', () => {
  const numbers = [...SYSCALLS.keys(), SYSCALLS.length, 99, 0x7fff, -1, -0x8000];
  const cases = numbers.filter((n) => n !== 0).flatMap((n) => HOSTILE.map(([what, args]) => [n, what, args] as const));
  it(`returns a result or an error number, never a host exception (${cases.length} calls)`, async () => {
    for (const [n, what, args] of cases) {
      const { listen, results } = syscallResults();
      const r = await runSource(hostileCall(n, args), { root, maxTicks: 10_000, maxProcs: 4, mem: 512 << 10 }, listen);
      expectCleanEnd(r);
      for (const v of results) {
        const ok = v === '-' || (typeof v === 'number' && (v >= 0 || ERRNOS.has(v)));
        expect(ok, `sys ${n} (${SYSCALLS[n] ?? 'unknown'}) with ${what} returned ${v}`).toBe(true);
      }
      if (n >= SYSCALLS.length || n < 0) expect(results[0]).toBe(-Errno.ENOSYS);
      const expected = EXPECTED[`${n}/${what}`];
      if (expected !== undefined) expect(results[0], `sys ${n} (${SYSCALLS[n]}) with ${what}`).toBe(expected);
    }
  });

  it('exit keeps its code modulo 256 for any argument', async () => {
    for (const [code, status] of [[0x7fffffff, 255], [-1, 255], [256, 0], [-0x80000000, 0]]) {
      const r = await runSource(`main: li r1, ${code}\n sys exit\n`, { root });
      expect(r.status).toBe(status);
      expectCleanEnd(r);
    }
  });
});

describe('output', () => {
  it('10 MB of output is written in full, in bounded time', async () => {
    const stdout = new CountingSink();
    const started = Date.now();
    const r = await runSource(`
        .bss
buf:    .space 4096
        .text
main:   li r6, 2560
again:  li r1, 1
        la r2, buf
        li r3, 4096
        sys write
        sub r6, r6, 1
        bne r6, 0, again
        li r1, 0
        sys exit
`, { root, stdout });
    expect(r.status).toBe(0);
    expect(stdout.bytes).toBe(10 * 1024 * 1024);
    expect(Date.now() - started).toBeLessThan(30_000);
    expectCleanEnd(r);
  });

  it('terminal escape sequences and control bytes pass through unchanged', async () => {
    const stdout = new ByteSink();
    const r = await runSource(`
        .data
esc:    .ascii "\\x1b[31mred\\x1b[0m\\x07\\r\\x1b]0;title\\x07"
        .byte 0, 0xff, 0x9b
end:
        .text
main:   li r1, 1
        la r2, esc
        li r3, end - esc
        sys write
        li r1, 0
        sys exit
`, { root, stdout });
    expect(r.status).toBe(0);
    const bytes = Buffer.concat([Buffer.from('\x1b[31mred\x1b[0m\x07\r\x1b]0;title\x07', 'latin1'), Buffer.from([0, 0xff, 0x9b])]);
    expect(stdout.buffer().equals(bytes)).toBe(true);
  });
});
