// The examples of the user's docs are run as written: every ```asm block that starts with `; NAME.asm` is saved as
// that file, and every ```console block is run command by command (bash, `quanta` being dist/cli/quanta.cjs) in the
// doc's own directory, its output checked against the lines the doc shows. A `…` line stands for any lines.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SYSCALLS } from '../vm/syscalls.js';
import { CLI, REPO } from './golden.js';

/**
 * The docs whose examples are run, and what their examples' directory starts with: the library (lib/), a copy of
 * programs/ (the examples run in it), or a copy of programs/ under programs/ (they run from the repository root).
 */
type Start = 'lib' | 'programs' | 'root';
const DOCS: [string, Start][] = [
  ['README.md', 'root'], ['docs/LANGUAGE.md', 'lib'], ['docs/SYSCALLS.md', 'lib'], ['docs/CLI.md', 'programs'], ['docs/KERNEL.md', 'programs'],
];

interface Block {
  lang: string;
  line: number;
  text: string;
}

/** The fenced code blocks of a markdown text, with the line each starts on. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const lines = markdown.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const open = /^```(\w*)\s*$/.exec(lines[k]);
    if (!open) continue;
    const start = k;
    const body: string[] = [];
    for (k++; k < lines.length && !/^```\s*$/.test(lines[k]); k++) body.push(lines[k]);
    out.push({ lang: open[1], line: start + 1, text: body.join('\n') });
  }
  return out;
}

/** A console block as commands, each with the output the doc shows for it. */
function transcript(text: string): { command: string; output: string[] }[] {
  const steps: { command: string; output: string[] }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else if (steps.length > 0) steps[steps.length - 1].output.push(line);
  }
  return steps;
}

/** The shown output as a pattern: `…` on a line of its own matches any lines. */
function pattern(lines: string[]): RegExp {
  const parts = lines.map((l) => (l === '…' ? '(?:.*\\n)*?' : l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\n'));
  return new RegExp(`^${parts.join('')}$`);
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

/** A directory for one doc's examples, and `quanta` (also as `npx quanta`) on the PATH. */
function workspace(start: Start): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-docs-'));
  roots.push(dir);
  const programs = path.join(REPO, 'programs');
  if (start === 'lib') fs.cpSync(path.join(programs, 'lib'), path.join(dir, 'lib'), { recursive: true });
  else fs.cpSync(programs, start === 'root' ? path.join(dir, 'programs') : dir, { recursive: true });
  fs.mkdirSync(path.join(dir, '.bin'));
  fs.writeFileSync(path.join(dir, '.bin', 'quanta'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, '.bin', 'npx'), `#!/bin/sh\n[ "$1" = quanta ] || exit 127\nshift\nexec quanta "$@"\n`, { mode: 0o755 });
  return { dir, env: { ...process.env, PATH: `${path.join(dir, '.bin')}:${process.env.PATH}`, COLUMNS: '100' } };
}

/** What the script prints after each command: a NUL, the command's exit status, a newline. */
const MARK = /\u0000(\d+)\n/;

describe.skipIf(!fs.existsSync(CLI))('examples of the docs', () => {
  for (const [doc, start] of DOCS) {
    const all = blocks(fs.readFileSync(path.join(REPO, doc), 'utf8'));
    const { dir, env } = workspace(start);
    // Every file first: a console block may run a program shown further down.
    for (const b of all) {
      const name = b.lang === 'asm' ? /^; ([\w./-]+\.asm)\b/.exec(b.text)?.[1] : undefined;
      if (name) fs.writeFileSync(path.join(dir, name), b.text + '\n');
    }
    const consoles = all.filter((b) => b.lang === 'console');
    test(`${doc} has examples`, () => expect(consoles.length).toBeGreaterThan(0));
    test.each(consoles.map((b) => [b.line, b] as const))(`${doc}:%i`, (_line, b) => {
      const steps = transcript(b.text);
      // One shell for the block, so that `cd` holds and `echo $?` sees the previous command's status.
      const script = steps.map((s) => `{ ${s.command}\n} 2>&1\n__s=$?; printf '\\0%d\\n' $__s; (exit $__s)`).join('\n');
      const r = spawnSync('bash', ['-c', script], { cwd: dir, env, input: '', encoding: 'utf8', timeout: 120_000 });
      // split() with a capturing group: output, status, output, status, …
      const parts = r.stdout.split(MARK);
      steps.forEach((s, k) => {
        expect(parts[2 * k] ?? '', `$ ${s.command}`).toMatch(pattern(s.output));
        // A command whose output the doc does not show must succeed (a failure would hide behind a `…`), unless
        // the doc shows its status next.
        const shown = steps[k + 1]?.command === 'echo $?';
        if (!shown && s.output.every((l) => l === '…')) expect(parts[2 * k + 1], `status of $ ${s.command}`).toBe('0');
      });
    });
  }
});

test('docs/SYSCALLS.md has a section with an example for every system call', () => {
  const text = fs.readFileSync(path.join(REPO, 'docs', 'SYSCALLS.md'), 'utf8');
  for (const [number, name] of SYSCALLS.entries()) {
    const at = text.indexOf(`\n### ${number} \`${name}\``);
    expect(at, `section ### ${number} \`${name}\``).toBeGreaterThan(0);
    const section = text.slice(at + 1, text.indexOf('\n### ', at + 1) >>> 0);
    expect(section, `an example of ${name}`).toMatch(new RegExp(`\`\`\`asm\\n; \\S+\\.asm[^]*\\bsys\\s+${name}\\b[^]*\`\`\`console\\n\\$ [^\\n]*quanta`));
  }
});
