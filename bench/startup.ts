// Start-up workloads: wall time of `quanta run hello.qx` and `hello.asm` in a child node, beside `node -e 0`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeExecutable } from '../vm/format.js';
import { assembleWorkload, packageRoot, workloadPath, type Case } from './workloads.js';

function node(args: string[]): number {
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')}: status ${r.status}: ${r.stderr.toString().trim()}`);
  return 0;
}

/** The start-up cases, or none when the CLI is not built (they time dist/cli/quanta.cjs). */
export async function startupCases(): Promise<Case[]> {
  const cli = path.join(packageRoot(), 'dist', 'cli', 'quanta.cjs');
  if (!fs.existsSync(cli)) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-bench-'));
  const qx = path.join(dir, 'hello.qx');
  fs.writeFileSync(qx, writeExecutable(await assembleWorkload('hello')));
  let users = 2;
  const cleanup = (): void => {
    if (--users === 0) fs.rmSync(dir, { recursive: true, force: true });
  };
  const bare = { name: 'node -e 0', run: () => node(['-e', '0']) };
  const common = { via: 'host', engine: null, op: 'start', ops: 1, expect: 0, mask: -1, js: bare, bare: null, versus: null, cleanup } as const;
  return [
    { ...common, name: 'startup-qx', describe: 'quanta run hello.qx (wall time)', run: () => ({ ticks: 0, result: node([cli, 'run', qx]) }) },
    { ...common, name: 'startup-asm', describe: 'quanta run hello.asm (wall time)', run: () => ({ ticks: 0, result: node([cli, 'run', workloadPath('hello')]) }) },
  ];
}
