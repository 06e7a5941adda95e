// docs/DEBUGGER.md's tutorial shows real output: every line of its session blocks is a line of the golden
// sessions the program tests run (programs/forktree.debug.golden, programs/faults/null.debug.golden).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../golden.js';

it('the tutorial of docs/DEBUGGER.md quotes its golden sessions', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'DEBUGGER.md'), 'utf8');
  const tutorial = doc.slice(doc.indexOf('## A session'), doc.indexOf('## Commands'));
  const blocks = [...tutorial.matchAll(/```console\n([^]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(4);
  const golden = ['forktree.debug.golden', 'faults/null.debug.golden']
    .map((f) => fs.readFileSync(path.join(REPO, 'programs', f), 'utf8'))
    .join('\n')
    .split('\n');
  const known = new Set(golden);
  const quoted = blocks.flatMap((b) => b.split('\n')).filter((l) => l !== '' && l !== '…' && !l.startsWith('$ '));
  expect(quoted.filter((l) => !known.has(l))).toEqual([]);
});
