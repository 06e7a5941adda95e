// docs/ISA.md carries the opcode table generated from the ISA table; UPDATE_DOCS=1 regenerates it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { BEGIN, END, opcodeTable } from '../../vm/isa-doc.js';
import { REPO } from '../golden.js';

it('docs/ISA.md holds the opcode table generated from vm/isa.ts', () => {
  const file = path.join(REPO, 'docs', 'ISA.md');
  const doc = fs.readFileSync(file, 'utf8');
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END) + END.length;
  expect(start).toBeGreaterThanOrEqual(0);
  const current = doc.slice(start, end);
  if (process.env.UPDATE_DOCS && current !== opcodeTable()) fs.writeFileSync(file, doc.slice(0, start) + opcodeTable() + doc.slice(end));
  expect(current).toBe(opcodeTable());
});
