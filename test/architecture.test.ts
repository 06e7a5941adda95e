// The floors of docs/ARCHITECTURE.md, enforced: a folder imports only from the floors below it (and its own),
// and the floors that must also run in a browser import nothing of Node's.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFiles, REPO } from './golden.js';

/** Each folder and the folders it may import from (itself always). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  vm: [],
  assembler: ['vm'],
  kernel: ['vm'],
  host: ['vm', 'assembler', 'kernel'],
  bench: ['vm', 'assembler', 'kernel', 'host'],
  cli: ['vm', 'assembler', 'kernel', 'host', 'bench'],
};

/** Folders whose code runs in the browser too: no Node modules, no Node globals. */
const PORTABLE = ['vm', 'kernel', 'assembler'];

/** Node's globals, as code would use them (words in comments and prose do not count). */
const NODE_GLOBALS: [string, RegExp][] = [
  ['Buffer', /\bBuffer\.|\bnew Buffer\b/],
  ['process', /\bprocess\.(env|exit|stdout|stderr|stdin|argv|cwd|on|platform|memoryUsage|cpuUsage|hrtime|nextTick|exitCode)\b/],
  ['setImmediate', /\bsetImmediate\(/],
  ['require', /\brequire\(/],
];

interface Import {
  file: string;
  target: string;
}

function imports(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)];
  return found.map((m) => ({ file, target: m[1] ?? m[2] }));
}

const folderOf = (file: string): string => path.relative(REPO, file).split(path.sep)[0];

describe('the floors', () => {
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) {
    it(`${folder}/ imports only from ${allowed.length ? allowed.join(', ') + ' and ' : ''}itself`, () => {
      const wrong: string[] = [];
      for (const file of findFiles(path.join(REPO, folder), '.ts')) {
        for (const imp of imports(file)) {
          if (!imp.target.startsWith('.')) continue;
          const to = folderOf(path.resolve(path.dirname(file), imp.target));
          if (to !== folder && !allowed.includes(to)) wrong.push(`${path.relative(REPO, file)} → ${imp.target}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it.each(PORTABLE)('%s/ uses nothing of Node (it runs in the browser)', (folder) => {
    const wrong: string[] = [];
    for (const file of findFiles(path.join(REPO, folder), '.ts')) {
      const text = fs.readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
      for (const imp of imports(file)) if (imp.target.startsWith('node:')) wrong.push(`${path.relative(REPO, file)} imports ${imp.target}`);
      for (const [what, use] of NODE_GLOBALS) if (use.test(text)) wrong.push(`${path.relative(REPO, file)} uses ${what}`);
    }
    expect(wrong).toEqual([]);
  });
});
