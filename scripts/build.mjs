// Build dist/: tsc (the library, its .d.ts, type checking), then esbuild bundles of the CLI and the assembler over tsc's files.
//
//   node scripts/build.mjs              always build
//   node scripts/build.mjs --if-stale   only when a source is newer than the last build (`prepare`:
//                                       `npx quanta` runs it again when it links this package)
//
// The bundles replace dist/cli/main.js and dist/assembler/index.js, so that the command (the `bin`),
// the tests and the CLI's lazy `import('../assembler/index.js')` use the same paths whether dist/
// came from this script or from a plain `tsc -p .` (then unbundled: slower to start, same behaviour).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.built');
const SOURCES = ['index.ts', 'assembler', 'vm', 'kernel', 'host', 'cli', 'bench', 'tsconfig.json', 'package.json', 'package-lock.json', 'scripts'];
/** The bundles: a later `tsc -p .` replaces them with its own files, which makes the build stale too. */
const BUNDLES = ['dist/cli/main.js', 'dist/assembler/index.js'];

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
// Code the two entries share (vm/) lives in chunks, one copy per process. dist/chunks/ is one level
// under dist/ like cli/ and assembler/, so that cli/program.ts's relative path to the assembler
// holds wherever esbuild puts that code.
fs.rmSync(path.join(root, 'dist', 'chunks'), { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts', 'assembler/index.ts'],
  outdir: 'dist',
  outbase: '.',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  // benchmark.js finds lodash with a CommonJS require that a bundle cannot serve: `quanta bench` loads
  // it from node_modules (it is a dependency), only when that command runs.
  external: ['benchmark'],
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  // The assembler skips chevrotain's grammar checks in what ships (assembler/tokens.ts).
  define: { __QUANTA_BUNDLE__: 'true' },
  logLevel: 'warning',
});
fs.writeFileSync(stamp, '');
