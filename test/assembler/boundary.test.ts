// The assembler runs outside Node (the playground): no Node modules, no Buffer, no process; only vm/ below it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';

const DIR = path.resolve(import.meta.dirname, '../../assembler');

test('assembler/ imports only chevrotain, itself and vm/, and uses no Node globals', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(10);
  for (const f of files) {
    const text = fs.readFileSync(path.join(DIR, f), 'utf8');
    for (const m of text.matchAll(/\bfrom '([^']+)'/g)) expect(m[1], f).toMatch(/^(chevrotain|\.\/[a-z-]+\.js|\.\.\/vm\/[a-z-]+\.js)$/);
    expect(text, f).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  }
});
