// The opcode numbers are part of the .qx format: the table of (opcode, mnemonic, form) is pinned per QX_VERSION.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QX_VERSION } from '../../vm/format.js';
import { ISA } from '../../vm/isa.js';

/** The table as this version of the format defines it: one `0xNN mnemonic form` line per opcode. */
const listing = (): string =>
  [...ISA].sort((a, b) => a.op - b.op).map((r) => `0x${r.op.toString(16).padStart(2, '0')} ${r.mnemonic} ${r.form}\n`).join('');

describe('pinned opcode numbers', () => {
  it(`equal the table recorded for format version ${QX_VERSION}`, () => {
    // Changing an opcode's number, mnemonic or form makes existing .qx files mean something else: bump
    // QX_VERSION in vm/format.ts and record the new table as isa-v<version>.txt beside this test.
    const recorded = path.join(import.meta.dirname, `isa-v${QX_VERSION}.txt`);
    expect(fs.existsSync(recorded), `no recorded table for format version ${QX_VERSION}`).toBe(true);
    expect(listing()).toBe(fs.readFileSync(recorded, 'utf8'));
  });
});
