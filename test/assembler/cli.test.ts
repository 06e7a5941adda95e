// `quanta asm` and `quanta disasm` as a user runs them (dist/cli/quanta.cjs): outputs, refusals and exit statuses.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '../../dist/cli/quanta.cjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-asm-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HELLO = '.data\nmsg: .asciz "hi\\n"\n.text\nmain: li r1, 1\n la r2, msg\n li r3, 3\n sys write\n li r1, 0\n sys exit\n';

function quanta(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', MAIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!fs.existsSync(MAIN))('quanta asm and disasm (dist/cli/quanta.cjs)', () => {
  // Issue 13: `quanta asm -o hello.asm hello.asm` replaced the source with the executable.
  test('will not write the executable over the source, however the path is spelled', () => {
    fs.writeFileSync(path.join(dir, 'hello.asm'), HELLO);
    fs.symlinkSync('hello.asm', path.join(dir, 'link.qx'));
    for (const out of ['hello.asm', './hello.asm', path.join(dir, 'hello.asm'), 'link.qx']) {
      const r = quanta('asm', '-o', out, 'hello.asm');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("quanta: will not overwrite the source file 'hello.asm' with the executable (choose another -o)\n");
      expect(fs.readFileSync(path.join(dir, 'hello.asm'), 'utf8')).toBe(HELLO);
    }
  });

  // A listing or a disassembly piped into `head` ended in an unhandled EPIPE with Node's stack trace.
  test('output whose reader goes away (| head) ends the command quietly, status 141', () => {
    const big = path.join(dir, 'big.asm');
    fs.writeFileSync(big, `.text\nmain: li r1, 0\n${' add r1, r1, 1\n'.repeat(20_000)} sys exit\n`);
    expect(quanta('asm', '-o', 'big.qx', 'big.asm').status).toBe(0);
    for (const args of ['asm --listing big.asm', 'disasm big.qx']) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${MAIN}" ${args} 2>err.txt | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(r.stdout.trim()).toBe('141');
      expect(fs.readFileSync(path.join(dir, 'err.txt'), 'utf8')).toBe('');
    }
  });

  test('--listing prints lines that end in a newline and writes no executable unless -o asks for one', () => {
    fs.writeFileSync(path.join(dir, 'list.asm'), HELLO);
    const r = quanta('asm', '--listing', 'list.asm');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^00001000 .*list\.asm:4 +main: li r1, 1$/m);
    expect(r.stdout.endsWith('sys exit\n')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'list.qx'))).toBe(false);
    expect(quanta('asm', '--listing', '-o', 'out.qx', 'list.asm').status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out.qx'))).toBe(true);
    expect(quanta('asm', 'list.asm').status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'list.qx'))).toBe(true);
  });

  test('a source that cannot be read is one line and status 2; assembler errors are status 1', () => {
    fs.writeFileSync(path.join(dir, 'bad.asm'), 'main: ad r1, r2, r3\n');
    const cases: [string, number, string][] = [
      ['nope.asm', 2, "quanta: cannot open 'nope.asm': no such file\n"],
      ['/dev/zero', 2, "quanta: cannot open '/dev/zero': not a regular file (a device, FIFO or socket)\n"],
      [dir, 2, `quanta: cannot open '${dir}': is a directory\n`],
      ['bad.asm', 1, "bad.asm:1:7: error: unknown instruction 'ad' — did you mean 'add'?\nmain: ad r1, r2, r3\n      ^~\n"],
    ];
    for (const [file, status, stderr] of cases) expect(quanta('asm', file)).toEqual({ status, stdout: '', stderr });
  });

  // Issue 9: an 11 MB .word line aborted V8 with a heap-out-of-memory error and a native stack trace.
  test('an 11 MB .word line is refused in one line under a 256 MB heap', () => {
    fs.writeFileSync(path.join(dir, 'word.asm'), `main: nop\n.data\n.word ${'7,'.repeat(5_500_000)}7\n`);
    const r = quanta('asm', 'word.asm');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("quanta: cannot open 'word.asm': larger than the limit of 4194304 bytes\n");
  });

  test('disasm prints a program that asm reads back to the same executable', () => {
    fs.writeFileSync(path.join(dir, 'round.asm'), HELLO);
    expect(quanta('asm', '-o', 'round.qx', 'round.asm').status).toBe(0);
    const text = quanta('disasm', 'round.qx');
    expect(text.status).toBe(0);
    fs.writeFileSync(path.join(dir, 'back.asm'), text.stdout);
    expect(quanta('asm', '-o', 'back.qx', 'back.asm').status).toBe(0);
    const body = (f: string): Buffer => fs.readFileSync(path.join(dir, f)).subarray(64, 64 + 36); // header, then the code
    expect(body('back.qx')).toEqual(body('round.qx'));
  });
});
