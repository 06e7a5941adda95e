// Build dist/: tsc (the library, its .d.ts, type checking), then esbuild bundles of the command and the assembler.
//
//   node scripts/build.mjs              always build
//   node scripts/build.mjs --if-stale   only when a source is newer than the last build (`prepare`:
//                                       `npx quanta` runs it again when it links this package)
//
// The command (the `bin`, dist/cli/quanta.cjs) is a small launcher of dist/cli/cli.cjs, the whole CLI
// in one CommonJS file that V8 loads from a code cache made here by running a demo: Node 20 keeps no
// compiled code between runs, and ES modules cannot use a cache of it. dist/assembler/index.js, which
// the library imports, becomes one ES module instead of chevrotain's ~700.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.built');
const SOURCES = ['index.ts', 'assembler', 'vm', 'kernel', 'host', 'cli', 'bench', 'tsconfig.json', 'package.json', 'package-lock.json', 'scripts'];
/** The bundles: a later `tsc -p .` replaces them with its own files, which makes the build stale too. */
const BUNDLES = ['dist/cli/quanta.cjs', 'dist/cli/cli.cjs', 'dist/cli/cli.cjs.cache', 'dist/assembler/index.js'];

/** The newest modification time among the files tsc and esbuild read from this package. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of SOURCES) visit(path.join(root, s));
  return newest;
}

/** Whether dist/ holds the bundles of the current sources. */
function upToDate() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false });
  if (!built) return false;
  const bundles = BUNDLES.map((f) => fs.statSync(path.join(root, f), { throwIfNoEntry: false }));
  return bundles.every((b) => b && b.mtimeMs <= built.mtimeMs) && newestSource() <= built.mtimeMs;
}

if (process.argv.includes('--if-stale') && upToDate()) process.exit(0);

const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const esbuild = await import('esbuild');
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
// The assembler skips chevrotain's grammar checks in what ships (assembler/tokens.ts).
const define = { __QUANTA_BUNDLE__: 'true' };
await esbuild.build({ ...common, entryPoints: ['assembler/index.ts'], outfile: 'dist/assembler/index.js', format: 'esm', define });
const cli = path.join(root, 'dist', 'cli', 'cli.cjs');
await esbuild.build({
  ...common,
  entryPoints: ['cli/main.ts'],
  outfile: cli,
  format: 'cjs',
  // benchmark.js finds lodash with a require that a bundle cannot serve: `quanta bench` loads it from
  // node_modules (it is a dependency), only when that command runs.
  external: ['benchmark'],
  // The few modules that find files next to themselves (package.json, bench/workloads) do it from the bundle's place.
  define: { ...define, 'import.meta.url': '__quantaUrl' },
  banner: { js: 'var __quantaUrl=require("node:url").pathToFileURL(__filename).href;' },
});
const bin = path.join(root, 'dist', 'cli', 'quanta.cjs');
fs.copyFileSync(path.join(root, 'cli', 'quanta.cjs'), bin);
fs.chmodSync(bin, 0o755);
// The code cache: what V8 compiled while the command assembled and ran a program, then printed its help
// (cli/quanta.cjs; each run starts from the cache the one before it wrote).
const cache = `${cli}.cache`;
fs.rmSync(cache, { force: true });
for (const demo of [['run', path.join(root, 'programs', 'hello.asm')], ['--help']]) {
  const r = spawnSync(process.execPath, [bin, ...demo], { stdio: 'ignore', env: { ...process.env, QUANTA_WRITE_CODE_CACHE: cache } });
  if (r.status !== 0) console.warn(`build: \`quanta ${demo[0]}\` for the code cache ended with status ${r.status}; quanta starts without it`);
}
fs.writeFileSync(stamp, '');
