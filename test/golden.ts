// Golden cases: `*.golden` files beside the example programs, each one `quanta` command and its expected result.
//
//   run: run fib.asm 10            the quanta arguments, run in the golden file's directory
//   stdin: "3 4\n"                 optional, a JSON string fed to standard input
//   status: 0                      the expected exit status
//   --- stdout
//   …expected standard output…
//   --- stderr
//   …expected standard error…
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(REPO, 'dist', 'cli', 'quanta.cjs');

export interface Golden {
  file: string;
  args: string[];
  stdin: string;
  status: number;
  stdout: string;
  stderr: string;
}

/** Split a run line into words; double quotes group words with spaces. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

export function parseGolden(file: string): Golden {
  const text = fs.readFileSync(file, 'utf8');
  const [head, rest = ''] = text.split(/^--- stdout\n/m);
  const [stdout, stderr = ''] = rest.split(/^--- stderr\n/m);
  const field = (name: string): string | undefined => new RegExp(`^${name}: (.*)$`, 'm').exec(head)?.[1];
  return {
    file,
    args: words(field('run') ?? ''),
    stdin: field('stdin') ? (JSON.parse(field('stdin')!) as string) : '',
    status: Number(field('status') ?? 0),
    stdout,
    stderr,
  };
}

export function formatGolden(g: Golden): string {
  const stdin = g.stdin ? `stdin: ${JSON.stringify(g.stdin)}\n` : '';
  const args = g.args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
  return `run: ${args}\n${stdin}status: ${g.status}\n--- stdout\n${g.stdout}--- stderr\n${g.stderr}`;
}

/** Run the case's command with the built CLI. */
export function runGolden(g: Golden): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...g.args], {
    cwd: path.dirname(g.file),
    input: g.stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function findFiles(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(ext))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}
