// Bad invocations of `quanta` as a user types them (dist/cli/quanta.cjs): each is one line on stderr with the words
// that say what was wrong and what was meant, exit status 2, and nothing run or written; --help wraps at words.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI, REPO } from '../golden.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-usage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const HELLO = fs.readFileSync(path.join(REPO, 'programs', 'hello.asm'), 'utf8');
fs.writeFileSync(path.join(dir, 'hello.asm'), HELLO);
fs.writeFileSync(path.join(dir, 'hello.s'), HELLO);
fs.writeFileSync(path.join(dir, 'two.wl'), 'hello.asm\nat=5 job c3\n');

function quanta(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', input: '', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each mistake of issue 13 (and its neighbours): the command line, and words its one line must hold. */
const BAD: [string, string[], string[]][] = [
  ['a misspelt command', ['runn', 'hello.asm'], ["unknown command 'runn'", "did you mean 'run'?"]],
  ['a command in capitals', ['RUN', 'hello.asm'], ["unknown command 'RUN'", "did you mean 'run'?"]],
  ['no command', [], ['a command is required', 'asm, disasm, run']],
  ['an option before the command', ['--qantum', '5'], ["unknown option '--qantum'", 'after the command']],
  ['a misspelt option', ['run', '--qantum', '5', 'hello.asm'], ["unknown option '--qantum'", "did you mean '--quantum'?", 'quanta run --help']],
  ['a misspelt option with =', ['run', '--polcy=rr', 'hello.asm'], ["unknown option '--polcy'", "did you mean '--policy'?"]],
  ['an unknown short option', ['run', '-q', '5', 'hello.asm'], ["unknown option '-q'"]],
  ['a misspelt choice', ['run', '--policy', 'mlfg', 'hello.asm'], ["--policy: unknown value 'mlfg'", "did you mean 'mlfq'?", 'choose from rr, fifo']],
  ['a number that is not one', ['run', '--quantum', 'abc', 'hello.asm'], ['--quantum must be a whole number', "(got 'abc')"]],
  ['a number out of range', ['run', '--max-ticks', '0', 'hello.asm'], ['--max-ticks must be a whole number from 1', "(got '0')"]],
  ['a bad size', ['run', '--mem', '1x', 'hello.asm'], ['--mem must be', "(got '1x')"]],
  ['a bad --trace', ['run', '--trace=bogus', 'hello.asm'], ["--trace: unknown value 'bogus'", 'choose from all, sched']],
  ['a misspelt --trace', ['run', '--trace=shed', 'hello.asm'], ["did you mean 'sched'?"]],
  ['an empty --timeline', ['run', '--timeline=', 'hello.asm'], ['--timeline needs a file name']],
  ['a --timeline that cannot be written', ['run', '--timeline', '/nonexistent/x.svg', 'hello.asm'], ["--timeline: cannot write '/nonexistent/x.svg'"]],
  ['a --stats-json that cannot be written', ['run', '--stats-json', '/nonexistent/x.json', 'hello.asm'], ["--stats-json: cannot write '/nonexistent/x.json'"]],
  ['a --stats-json over the program', ['run', '--stats-json', 'hello.asm', 'hello.asm'], ["--stats-json 'hello.asm' would overwrite the input file 'hello.asm'"]],
  ['a --timeline over a workload', ['run', '--timeline', 'two.wl', '--workload', 'two.wl'], ["--timeline 'two.wl' would overwrite the input file 'two.wl'"]],
  ['a --timeline over a workload program', ['run', '--timeline', './hello.asm', '--workload', 'two.wl'], ['would overwrite the input file']],
  ['two outputs in one file', ['run', '--timeline', 'out', '--stats-json', './out', 'hello.asm'], ['--timeline and --stats-json name the same file']],
  ['a missing --root', ['run', '--root', '/nonexistent', 'hello.asm'], ["--root: '/nonexistent' is not a directory"]],
  ['source not named .asm', ['run', 'hello.s'], ['hello.s: not a Quanta executable (bad magic)', 'rename it hello.asm']],
  ['source not named .asm, among --procs', ['run', '--procs', 'hello.asm', 'hello.s'], ['rename it hello.asm']],
  ['disassembling source not named .asm', ['disasm', 'hello.s'], ['rename it hello.asm']],
  ['a program without its extension', ['run', 'hello'], ["cannot open 'hello': no such file", "did you mean 'hello.asm'?"]],
  ['a missing program', ['run', 'nope.asm'], ["cannot open 'nope.asm': no such file"]],
  ['no program', ['run'], ['a program to run is required']],
  ['no program after options', ['run', '--quantum'], ['a program to run is required']],
  ['a program and a workload', ['run', '--workload', 'two.wl', 'hello.asm'], ['--workload lists the programs itself']],
  ['asm without a file', ['asm'], ['missing <file>', 'usage: quanta asm <file>']],
  ['asm with two files', ['asm', 'hello.asm', 'x.asm'], ["unexpected argument 'x.asm'"]],
  ['asm over its own source', ['asm', '-o', 'hello.asm', 'hello.asm'], ['will not overwrite the source file']],
  ['a misspelt exercise', ['exercise', 'shed'], ["unknown command 'shed'", "did you mean 'sched'?", 'sched, prun, mlfq, lottery']],
  ['a misspelt exercise option', ['exercise', 'sched', '--sed', '3'], ["unknown option '--sed'", "did you mean '--seed'?"]],
  ['a bench filter matching nothing', ['bench', '--filter', 'zzz'], ["no workload matches 'zzz'"]],
];

describe.skipIf(!fs.existsSync(CLI))('bad invocations (dist/cli/quanta.cjs)', () => {
  test.each(BAD)('%s: one line, status 2', (_what, args, words) => {
    const r = quanta(args);
    expect(r.stderr.endsWith('\n') && r.stderr.split('\n').length === 2, `one line: ${JSON.stringify(r.stderr)}`).toBe(true);
    expect(r.stderr.startsWith('quanta: ')).toBe(true);
    for (const w of words) expect(r.stderr).toContain(w);
    expect(r.stdout).toBe(''); // refused before anything ran
    expect(r.status).toBe(2);
  });

  // Found in this round: a full disk at the end of the run was "internal error", status 70.
  test.skipIf(!fs.existsSync('/dev/full'))('an output file the disk refuses at the end: the run happened, then one line, status 2', () => {
    for (const view of ['--stats-json', '--timeline']) {
      const r = quanta(['run', view, '/dev/full', 'hello.asm']);
      expect(r.stdout).toBe('Hello, world!\n');
      expect(r.stderr).toBe(`quanta: ${view}: cannot write '/dev/full': ENOSPC\n`);
      expect(r.status).toBe(2);
    }
  });

  // Found in this round: from a directory that was removed, every command was an "internal error" (uv_cwd).
  test('run from a directory that was removed: one line, status 2', () => {
    const r = spawnSync('bash', ['-c', `mkdir gone && cd gone && rmdir ../gone && exec "${process.execPath}" "${CLI}" run "${path.join(dir, 'hello.asm')}"`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('quanta: the current directory no longer exists (it was removed): run quanta from one that does\n');
    expect(r.status).toBe(2);
  });

  test('nothing is written by a refused run', () => {
    expect(fs.readFileSync(path.join(dir, 'hello.asm'), 'utf8')).toBe(HELLO);
    expect(fs.readFileSync(path.join(dir, 'two.wl'), 'utf8')).toBe('hello.asm\nat=5 job c3\n');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('choices are taken in any case, --trace too; a repeated option takes its last value', () => {
    const r = quanta(['run', '--policy', 'MLFQ', '--trace=SCHED', '--quantum', '1', '--quantum', '500', 'hello.asm']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello, world!\n');
    expect(r.stderr).toMatch(/^0 spawn pid=1 parent=0 name=hello$/m);
  });

  test('--help and -h show help, at word boundaries for terminals 80 to 150 columns wide', () => {
    const help = (args: string[], columns: number): string => {
      const r = quanta(args, { COLUMNS: String(columns) });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
    for (const args of [['--help'], ['run', '--help'], ['run', '-h'], ['asm', '--help'], ['exercise', 'mlfq', '--help']]) {
      const wide = words(help(args, 1000));
      expect(wide).toContain('--help');
      for (const columns of [80, 100, 150]) {
        const text = help(args, columns);
        for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(Math.min(columns, 120));
        // A word cut at the margin would show up as two words here.
        expect(words(text)).toEqual(wide);
      }
    }
    expect(help(['run', '--help'], 80)).toMatch(/ preempts the running one and runs at once\n| preempts the running one\n/);
  });

  // Issue 13: `--trace=bogus` was "internal error", status 70. Nothing a user types may be one.
  test('random command lines: never an internal error, a stack trace or a status outside the documented ones', () => {
    const word = fc.constantFrom(
      'run', 'asm', 'disasm', 'exercise', 'sched', 'mlfq', 'hello.asm', 'hello.s', 'two.wl', 'job', 'c5', 'nope', '', '-', '--', '=',
      '--policy', '--policy=MLFQ', '--quantum', '--quantum=0', '--trace', '--trace=', '--timeline', '--timeline=', '--stats-json',
      '--root', '--root=/', '--mem=4K', '--procs', '--workload', '--stats', '--states', '--unit', '-o', '--listing', '-c', '--seed',
      '--json', '-h', '--version', '--max-ticks=100', 'abc', '-1', '1e99', '0x10', 'out.svg', '.', '/nonexistent', '--no-stats', '-xyz',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (args) => {
        const r = quanta(args);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at |Error:/);
        expect([0, 1, 2, 124]).toContain(r.status);
        if (r.status === 2) expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^(quanta: |[\w./-]+: )/);
      }),
      params(1313, runs(30, 400), { shrink: false }),
    );
  }, TIMEOUT);
});
