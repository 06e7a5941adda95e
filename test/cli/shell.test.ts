// The shell as a new user meets it: started from the repository root (`quanta run programs/sh.asm`) it finds the
// standard programs beside itself; it prompts only on a terminal, where Ctrl-D ends a command's input, not the shell.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CLI, REPO } from '../golden.js';

function shell(input: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'run', 'programs/sh.asm', ...args], { cwd: REPO, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!fs.existsSync(CLI))('the shell from the repository root (dist/cli/quanta.cjs)', () => {
  test('runs the standard programs by name, reads files relative to where it was started, prints no prompt into a pipe', () => {
    const r = shell('echo hello world\nls programs/lib\ncat programs/hello.asm | grep Hello | wc\nnosuch x\ntrue\n');
    expect(r.stdout).toBe(
      'hello world\nargs.asm\nfmt.asm\nio.asm\nmalloc.asm\nsort.asm\nstd.asm\nstring.asm\n      1       4      34\n[status 127]\n',
    );
    expect(r.stderr).toBe('sh: nosuch: command not found (looked in the current directory and programs/)\n');
    expect(r.status).toBe(0);
  });

  test('a program in the current directory comes first; a name with a / is a path, not searched for', () => {
    const r = shell('programs/false\nprograms/nosuch\nfaults/null.asm\n');
    expect(r.stdout).toBe('[status 1]\n[status 127]\n[status 127]\n');
    expect(r.stderr).toBe('sh: programs/nosuch: ENOENT (no such file)\nsh: faults/null.asm: ENOENT (no such file)\n');
  });

  test('-v shows a transcript: each command after a prompt', () => {
    expect(shell('echo hi\n', '-v').stdout).toBe('$ echo hi\nhi\n$ \n');
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

describe.skipIf(!fs.existsSync(CLI) || !hasTmux)('the shell on a terminal (tmux)', () => {
  const session = `quanta-sh-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
  /** The screen once it shows `text` (the shell answers a typed line within moments), or what it shows after 20 s. */
  async function screenWith(text: string): Promise<string> {
    let screen = '';
    for (let k = 0; k < 200 && !screen.includes(text); k++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      screen = tmux('capture-pane', '-p', '-t', session);
    }
    return screen;
  }

  test('prompts; Ctrl-D ends a cat, and the shell goes on; Ctrl-D at the prompt ends the shell', async () => {
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', '-c', REPO, `${process.execPath} ${CLI} run programs/sh.asm; echo "[ended $?]"; sleep 60`);
    try {
      // (tmux drops the prompt's trailing space)
      expect(await screenWith('$')).toMatch(/^\$$/m);
      tmux('send-keys', '-t', session, 'cat', 'Enter');
      tmux('send-keys', '-t', session, 'a line for cat', 'Enter');
      await screenWith('a line for cat\na line for cat');
      tmux('send-keys', '-t', session, 'C-d');
      // The next line is typed only at the prompt: typed earlier, the terminal would echo it before the prompt.
      await screenWith('a line for cat\na line for cat\n$');
      tmux('send-keys', '-t', session, 'echo still here', 'Enter');
      const after = await screenWith('still here\n$');
      expect(after).toMatch(/\$ cat\na line for cat\na line for cat\n\$ echo still here\nstill here\n\$/);
      tmux('send-keys', '-t', session, 'false', 'Enter');
      await screenWith('[status 1]');
      tmux('send-keys', '-t', session, 'C-d');
      expect(await screenWith('[ended 1]')).toContain('[ended 1]');
    } finally {
      tmux('kill-session', '-t', session);
    }
  }, 60_000);
});
