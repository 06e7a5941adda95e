// Guest limits sit far below the host's: a program that asks for everything ends in a guest error under a small Node heap.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox } from './harness.js';

const MAIN = path.resolve(import.meta.dirname, '../../dist/cli/quanta.cjs');
const dir = sandbox();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Grab the whole heap sbrk allows, touch every page of it, then recurse until the stack gives out. */
const HOG = `
main:   li r1, 0
        sys sbrk
        mov r4, r0              ; the start of the heap
        li r1, 0x10000
grow:   sys sbrk
        bge r0, 0, grow
        li r1, 0
        sys sbrk
        mov r5, r0              ; its end, as far as sbrk would go
touch:  bgeu r4, r5, deep
        sw r4, [r4]
        add r4, r4, 4096
        jmp touch
deep:   push r4
        call deep
`;

function quanta(args: string[]): { status: number | null; signal: string | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', MAIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, signal: r.signal, stderr: r.stderr };
}

describe.skipIf(!fs.existsSync(MAIN))('guest limits under a 256 MB Node heap (dist/cli/quanta.cjs)', () => {
  it('a program that takes all memory, then all stack, is killed as a guest, not the host', () => {
    fs.writeFileSync(path.join(dir, 'hog.asm'), HOG);
    // With 1M the heap outgrows memory (killed); with 1G, far more than the Node heap, the stack overflows first.
    for (const [mem, status, message] of [['1M', 137, 'killed'], ['1G', 139, 'segmentation fault']] as const) {
      const r = quanta(['run', '--mem', mem, 'hog.asm']);
      expect(r.signal).toBeNull();
      expect(r.status).toBe(status);
      expect(r.stderr).toMatch(new RegExp(`^\\[1 hog\\] ${message}: `));
      expect(r.stderr).not.toMatch(/FATAL ERROR|JavaScript heap|internal error|    at /);
    }
  });

  it('an argv larger than the stack may hold is refused in one line with status 2', () => {
    fs.writeFileSync(path.join(dir, 'ok.asm'), 'main: li r0, 0\n ret\n');
    const r = quanta(['run', 'ok.asm', ...Array.from({ length: 2000 }, () => 'x'.repeat(60))]);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
