// Golden-output tests: every example program runs with fixed arguments and input, and its stdout,
// stderr and exit status must match the .golden files beside it. UPDATE_GOLDEN=1 rewrites them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles, formatGolden, parseGolden, REPO, runGolden } from './golden.js';

const PROGRAMS = path.join(REPO, 'programs');
const goldens = findFiles(PROGRAMS, '.golden');

describe('example programs', () => {
  it.each(goldens.map((f) => [path.relative(PROGRAMS, f), f]))('%s', (_name, file) => {
    const g = parseGolden(file);
    const actual = runGolden(g);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, formatGolden({ ...g, ...actual }));
    expect(actual).toEqual({ status: g.status, stdout: g.stdout, stderr: g.stderr });
  });

  it('has a golden case for every program', () => {
    const sources = findFiles(PROGRAMS, '.asm').filter((f) => !f.includes(`${path.sep}lib${path.sep}`));
    const covered = new Set(goldens.map((f) => path.basename(f).split('.')[0] + ':' + path.dirname(f)));
    const missing = sources.filter((f) => !covered.has(path.basename(f, '.asm') + ':' + path.dirname(f)));
    expect(missing.map((f) => path.relative(PROGRAMS, f))).toEqual([]);
  });
});
