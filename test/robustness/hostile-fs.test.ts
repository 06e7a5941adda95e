// A hostile file system inside the sandbox root: links leading out (dangling or not), devices, FIFOs,
// directories where files are expected. Every path the kernel touches for a guest is confined alike.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errno } from '../../vm/syscalls.js';
import { expectCleanEnd, runSource, sandbox } from './harness.js';

let root = '';
let outside = '';

beforeAll(() => {
  root = sandbox();
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.asm'), 'main: li r0, 42\nret\n');
  fs.writeFileSync(path.join(root, 'inside.txt'), 'inside\n');
  fs.mkdirSync(path.join(root, 'dir'));
  fs.writeFileSync(path.join(root, 'dir', 'f.txt'), 'f\n');
  fs.symlinkSync(path.join(outside, 'created.txt'), path.join(root, 'dangling-out'));
  fs.symlinkSync('nothere.txt', path.join(root, 'dangling-in'));
  fs.symlinkSync(path.join(outside, 'secret.asm'), path.join(root, 'link-out'));
  fs.symlinkSync('inside.txt', path.join(root, 'link-in'));
  fs.symlinkSync('dir', path.join(root, 'dir-link'));
  fs.symlinkSync(outside, path.join(root, 'dir-out'));
  fs.symlinkSync('/dev/zero', path.join(root, 'zero'));
  fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

/** open(path, flags); then write "x" (flags 1, 2) or read a byte (flags 0); exit 0, or with the error number. */
function opener(file: string, flags: number): string {
  const io = flags === 0 ? 'sys read' : 'sys write';
  return `
        .data
path:   .asciz ${JSON.stringify(file)}
buf:    .ascii "x"
        .text
main:   la r1, path
        li r2, ${flags}
        sys open
        blt r0, 0, fail
        mov r1, r0
        la r2, buf
        li r3, 1
        ${io}
        blt r0, 0, fail
        li r1, 0
        sys exit
fail:   neg r1, r0
        sys exit
`;
}

async function openStatus(file: string, flags: number): Promise<number> {
  const r = await runSource(opener(file, flags), { root, maxTicks: 10_000 });
  expectCleanEnd(r);
  return r.status;
}

describe('open confines every path to the root', () => {
  it.each([
    ['a dangling link pointing outside, for writing', 'dangling-out', 1, Errno.EPERM],
    ['a dangling link pointing outside, for appending', 'dangling-out', 2, Errno.EPERM],
    ['a dangling link pointing inside, for writing', 'dangling-in', 1, Errno.EPERM],
    ['a link to a file outside', 'link-out', 0, Errno.EPERM],
    ['a file under a link to a directory outside', 'dir-out/secret.asm', 0, Errno.EPERM],
    ['a new file under a link to a directory outside', 'dir-out/new.txt', 1, Errno.EPERM],
    ['a link to a device', 'zero', 0, Errno.EPERM],
    ['a FIFO (which would block the host on open)', 'fifo', 0, Errno.EPERM],
    ['a FIFO, for writing', 'fifo', 1, Errno.EPERM],
    ['a loop of links', 'loop-a', 0, Errno.EPERM],
    ['a parent directory', '../x.txt', 0, Errno.EPERM],
    ['a way out through a directory', 'dir/../../x.txt', 1, Errno.EPERM],
    ['an absolute path', '/etc/passwd', 0, Errno.EPERM],
    ['a directory', 'dir', 0, Errno.EINVAL],
    ['a missing file', 'nothere.txt', 0, Errno.ENOENT],
    ['a file under a file', 'inside.txt/x', 0, Errno.ENOTDIR],
  ])('refuses %s', async (_what, file, flags, errno) => {
    expect(await openStatus(file, flags)).toBe(errno);
    expect(fs.existsSync(path.join(outside, 'created.txt'))).toBe(false);
    expect(fs.readdirSync(outside)).toEqual(['secret.asm']);
  });

  it.each([
    ['a link to a file inside', 'link-in', 0],
    ['a file through a link to a directory inside', 'dir-link/f.txt', 0],
    ['a new file through a link to a directory inside', 'dir-link/new.txt', 1],
    ['a path that goes down and up again', 'dir/../inside.txt', 0],
  ])('allows %s', async (_what, file, flags) => {
    expect(await openStatus(file, flags)).toBe(0);
  });

  it('works with the root at /', async () => {
    const r = await runSource(opener('etc/passwd', 0), { root: '/', maxTicks: 10_000 });
    expect(r.status).toBe(0);
  });
});

/** spawn(file) and wait: exit with the child's status, or with spawn's error number. */
function spawner(file: string): string {
  return `
        .data
path:   .asciz ${JSON.stringify(file)}
status: .word 0
        .text
main:   la r1, path
        li r2, 0
        sys spawn
        blt r0, 0, fail
        mov r1, r0
        la r2, status
        sys wait
        lw r1, [status]
        sys exit
fail:   neg r1, r0
        sys exit
`;
}

describe('spawn assembles sources inside the root only', () => {
  it.each([
    ['a parent directory', '../secret.asm'],
    ['an absolute path', `${'$OUTSIDE'}/secret.asm`],
    ['the host terminal (which would block the host)', '/dev/stdin'],
    ['an endless device (which would fill the host)', '/dev/zero'],
    ['a link to an endless device', 'zero'],
    ['a FIFO', 'fifo'],
    ['a link to a file outside', 'link-out'],
  ])('an .include of %s fails the spawn with -ENOEXEC, at once', async (_what, name) => {
    const include = name.replace('$OUTSIDE', outside);
    fs.writeFileSync(path.join(root, 'inc.asm'), `.include ${JSON.stringify(include)}\n`);
    const started = Date.now();
    const r = await runSource(spawner('inc.asm'), { root, maxTicks: 10_000 });
    expectCleanEnd(r);
    expect(r.status).toBe(Errno.ENOEXEC);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([
    ['a link leading out', 'link-out', Errno.EPERM],
    ['a parent directory', '../secret.asm', Errno.EPERM],
    ['a device', 'zero', Errno.EPERM],
    ['a FIFO', 'fifo', Errno.EPERM],
    ['a directory', 'dir', Errno.ENOEXEC],
    ['a missing file', 'none.asm', Errno.ENOENT],
  ])('spawn of %s is refused', async (_what, file, errno) => {
    const r = await runSource(spawner(file), { root, maxTicks: 10_000 });
    expect(r.status).toBe(errno);
  });

  it('an .include inside the root works', async () => {
    fs.writeFileSync(path.join(root, 'lib.asm'), 'answer: li r0, 7\nret\n');
    fs.writeFileSync(path.join(root, 'dir', 'uses.asm'), '.entry main\n.include "../lib.asm"\nmain: call answer\nret\n');
    const r = await runSource(spawner('dir/uses.asm'), { root, maxTicks: 10_000 });
    expect(r.status).toBe(7);
  });
});

describe('readdir', () => {
  /** readdir(path) into a buffer of len bytes, printed to stdout; exit with the byte count or the error. */
  const lister = (dir: string, len: number): string => `
        .data
path:   .asciz ${JSON.stringify(dir)}
        .bss
buf:    .space 4096
        .text
main:   la r1, path
        la r2, buf
        li r3, ${len}
        sys readdir
        blt r0, 0, fail
        mov r3, r0
        li r1, 1
        la r2, buf
        sys write
        li r1, 0
        sys exit
fail:   neg r1, r0
        sys exit
`;

  it('lists what a guest can reach, in byte order, directories with a slash', async () => {
    const r = await runSource(lister('.', 4096), { root, maxTicks: 10_000 });
    const names = r.stdout.split('\n').filter(Boolean);
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(names).toEqual(expect.arrayContaining(['dir/', 'dir-link/', 'inside.txt', 'link-in']));
    for (const hidden of ['fifo', 'zero', 'link-out', 'dir-out', 'dir-out/', 'dangling-out', 'loop-a']) expect(names).not.toContain(hidden);
  });

  it('gives only whole names that fit', async () => {
    const r = await runSource(lister('dir', 3), { root, maxTicks: 10_000 });
    expect(r.stdout).toBe('');
    const r2 = await runSource(lister('dir', 5), { root, maxTicks: 10_000 });
    expect(r2.stdout).toBe('');
    const r3 = await runSource(lister('dir', 6), { root, maxTicks: 10_000 });
    expect(r3.stdout).toBe('f.txt\n');
  });

  it.each([
    ['a file', 'inside.txt', Errno.ENOTDIR],
    ['a missing directory', 'none', Errno.ENOENT],
    ['a directory outside', 'dir-out', Errno.EPERM],
    ['the parent directory', '..', Errno.EPERM],
  ])('refuses %s', async (_what, dir, errno) => {
    const r = await runSource(lister(dir, 100), { root, maxTicks: 10_000 });
    expect(r.status).toBe(errno);
  });
});

describe('a guest that spawns assembler bombs', () => {
  /** 2^40 lines from 40 macros that each expand the one before twice. */
  const BOMB = ['.macro m0', 'nop', '.endm', ...Array.from({ length: 40 }, (_, k) => `.macro m${k + 1}\nm${k}\nm${k}\n.endm`), 'main: m40', ''].join('\n');

  it('pays for a bomb once: every spawn of it fails with -ENOEXEC, the machine stays fast', async () => {
    fs.writeFileSync(path.join(root, 'bomb.asm'), BOMB);
    const loop = `
        .data
path:   .asciz "bomb.asm"
        .text
main:   li r6, 200
again:  la r1, path
        li r2, 0
        sys spawn
        bge r0, 0, bad
        sub r6, r6, 1
        bne r6, 0, again
        neg r1, r0
        sys exit
bad:    li r1, 99
        sys exit
`;
    const started = Date.now();
    const r = await runSource(loop, { root, maxTicks: 100_000 });
    expectCleanEnd(r);
    expect(r.status).toBe(Errno.ENOEXEC);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
