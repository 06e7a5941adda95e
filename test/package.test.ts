// The built package as another project uses it: `import … from 'quanta'`, type-checked against its
// .d.ts and run, assembles and runs hello under a kernel.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './golden.js';

const CONSUMER = `
import { assemble, BufferInput, BufferSink, DEFAULTS, disassemble, Kernel, POLICIES, readExecutable, writeExecutable } from 'quanta';

const built = assemble(${JSON.stringify(path.join(REPO, 'programs', 'hello.asm'))});
if (!built.exe) throw new Error(built.diagnostics.map((d) => d.message).join('; '));
const loaded = readExecutable(writeExecutable(built.exe));
if (!loaded.ok) throw new Error(loaded.error);
const stdout = new BufferSink();
const kernel = new Kernel({
  ...DEFAULTS, knobs: {}, root: '.', loadProgram: () => -2,
  stdin: new BufferInput(''), stdout, stderr: new BufferSink(),
});
kernel.create(loaded.exe, ['hello'], null);
const status: number = await kernel.run();
console.log(JSON.stringify({ status, stdout: stdout.text(), sys: disassemble(loaded.exe).includes('sys'), policies: Object.keys(POLICIES) }));
`;

describe("the package 'quanta'", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-consumer-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('type-checks and runs a program that imports it by name', () => {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'quanta'), 'dir');
    fs.writeFileSync(path.join(dir, 'consumer.mts'), CONSUMER);
    const tsc = spawnSync(process.execPath, [
      path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '--strict', '--skipLibCheck', '--target', 'es2022',
      '--module', 'nodenext', '--moduleResolution', 'nodenext', '--typeRoots', path.join(REPO, 'node_modules', '@types'),
      '--types', 'node', 'consumer.mts',
    ], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const run = spawnSync(process.execPath, ['consumer.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ status: 0, stdout: 'Hello, world!\n', sys: true, policies: expect.arrayContaining(['rr', 'mlfq']) });
  });
});
