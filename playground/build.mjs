// Build the playground (`npm run playground`): type-check playground/, bundle the page and its worker with
// esbuild (the library's own modules, CodeMirror, the programs of programs/ as the virtual file system), and
// write static files only to playground/dist/: index.html, style.css, main.js, worker.js.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const out = path.join(here, 'dist');

/** Files of programs/ that guests and the editor see, by path relative to it: the sources and workloads. */
function programFiles() {
  const files = {};
  const dir = path.join(root, 'programs');
  const visit = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(name);
      else if (/\.(asm|wl)$/.test(entry.name)) files[name] = fs.readFileSync(path.join(dir, name), 'utf8');
    }
  };
  visit('');
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** `import PROGRAMS from 'virtual:programs'`: the virtual file system's seed, read at build time. */
const programsPlugin = {
  name: 'programs',
  setup(build) {
    build.onResolve({ filter: /^virtual:programs$/ }, () => ({ path: 'programs', namespace: 'virtual' }));
    build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
      contents: `export default ${JSON.stringify(programFiles())};`,
      loader: 'js',
      watchFiles: [],
    }));
  },
};

const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(here, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'playground/main.ts', worker: 'playground/worker.ts' },
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Built from sources the tests check: the assembler skips chevrotain's grammar checks at start-up (assembler/tokens.ts).
  define: { __QUANTA_BUNDLE__: 'true' },
  plugins: [programsPlugin],
});
for (const f of ['index.html', 'style.css']) fs.copyFileSync(path.join(here, f), path.join(out, f));
console.log(`playground: ${path.relative(process.cwd(), path.join(out, 'index.html'))}`);
