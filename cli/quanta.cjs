#!/usr/bin/env node
// The `quanta` command: runs the bundled CLI (dist/cli/cli.cjs) from V8's code cache of it, which the build made.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Script, constants } = require('node:vm');
const { wrap } = require('node:module');

// Node 20 keeps no compiled code between runs (module.enableCompileCache() comes with Node 22), and
// compiling the bundle is most of a short run's start-up: V8 takes it from this cache instead.
const bundle = path.join(__dirname, 'cli.cjs');
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // No cache (a build that could not write it): V8 compiles as usual.
}
const script = new Script(wrap(fs.readFileSync(bundle, 'utf8')), {
  filename: bundle,
  cachedData,
  // `quanta bench --baseline DIR` imports another build's modules.
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
// The build runs a demo with this set to keep what V8 compiled during it (scripts/build.mjs).
if (process.env.QUANTA_WRITE_CODE_CACHE === cacheFile) process.once('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
script.runInThisContext()(module.exports, require, module, bundle, __dirname);
