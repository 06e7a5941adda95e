// `quanta debug` on a real terminal (tmux): line editing, history, and Ctrl-C interrupting a running `continue`.
// Skipped where tmux is not installed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../golden.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
/** A server of our own, so that no other tmux session is touched. */
const SOCKET = `quanta-debug-test-${process.pid}`;
const tmux = (...args: string[]): string => spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' }).stdout;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-tty-'));
fs.writeFileSync(path.join(dir, 'spin.asm'), '; spin.asm — counts for ever\nmain:   li r1, 0\nloop:   add r1, r1, 1\n        jmp loop\n');
afterAll(() => {
  if (hasTmux) tmux('kill-server');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The screen's text (tmux drops the blanks at the end of each line). */
const screen = (): string => tmux('capture-pane', '-p', '-t', 'q');

/** Wait until the screen matches (a terminal answers in its own time: poll, with a generous limit). */
async function until(pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 100) {
    const s = screen();
    if (pattern.test(s)) return s;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the terminal never showed ${pattern}; it shows:\n${screen()}`);
}

/** Press keys one at a time: readline misreads an arrow key's escape sequence that arrives with more keys behind it. */
async function keys(...k: string[]): Promise<void> {
  for (const key of k) {
    tmux('send-keys', '-t', 'q', key);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!hasTmux)('quanta debug on a terminal', () => {
  it('edits a line, recalls history, and Ctrl-C interrupts a running continue', async () => {
    tmux('new-session', '-d', '-s', 'q', '-x', '100', '-y', '40', `cd ${dir} && ${process.execPath} ${CLI} debug spin.asm; echo session ended $?; sleep 60`);
    await until(/spin\.asm:2 {2}li r1, 0\n\(quanta\)\s*$/m);
    // A typo mended in the middle of the line: the cursor moves back four characters (r1 is argc, 1).
    await keys('prit r1');
    await until(/\(quanta\) prit r1$/m);
    await keys('Left', 'Left', 'Left', 'Left', 'n', 'Enter');
    await until(/^r1 = 1 \(0x00000001\)$/m);
    await keys('step 3', 'Enter');
    await until(/stopped: step tick=3 /);
    // The previous line comes back with the up arrow.
    await keys('Up');
    await until(/\(quanta\) step 3$/m);
    await keys('Enter');
    await until(/stopped: step tick=6 /);
    await keys('continue', 'Enter');
    await until(/\(quanta\) continue$/m);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await keys('C-c');
    const s = await until(/stopped: interrupted tick=(\d+) pid=1/);
    expect(Number(/interrupted tick=(\d+)/.exec(s)![1])).toBeGreaterThan(6);
    // The session goes on: the program's state is there to look at.
    await keys('print r1 >> 31', 'Enter');
    await until(/^r1 >> 31 = 0 /m);
    await keys('quit', 'Enter');
    await until(/^session ended 0$/m);
  }, 60_000);
});
