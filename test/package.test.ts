// The built package as another project uses it: the README's library example, importing 'quanta' by name,
// type-checked against the .d.ts files and run, prints what the README says it prints.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './golden.js';

const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const section = README.split(/^## As a library$/m)[1] ?? '';
const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
const printed = /prints `([^`]*)`/.exec(section)?.[1] ?? '';

describe("the package 'quanta'", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-consumer-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs the README's library example, type-checked, and prints what the README says", () => {
    expect(example).toContain("from 'quanta'");
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'quanta'), 'dir');
    fs.writeFileSync(path.join(dir, 'consumer.mts'), example);
    const tsc = spawnSync(process.execPath, [
      path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--skipLibCheck', '--target', 'es2022',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', path.join(REPO, 'node_modules', '@types'),
      '--types', 'node', 'consumer.mts',
    ], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const run = spawnSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(printed);
  });
});
