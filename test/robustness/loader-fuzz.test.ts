// Loader fuzz on real programs: mutated .qx files are refused in one line or load and then run cleanly under a tick limit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../assembler/index.js';
import { nodeSource } from '../../host/node-source.js';
import { crc32 } from '../../vm/crc32.js';
import { HEADER, HEADER_SIZE, readExecutable, writeExecutable } from '../../vm/format.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { expectCleanEnd, runExe } from './harness.js';

const PROGRAMS = path.resolve(import.meta.dirname, '../../programs');

/** Every example program that assembles (others are being edited), with and without debug information. */
const FILES: Uint8Array[] = (() => {
  const out: Uint8Array[] = [];
  for (const dir of [PROGRAMS, path.join(PROGRAMS, 'faults')]) {
    for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.asm')).sort()) {
      const r = assemble(path.join(dir, name), { host: nodeSource });
      if (r.exe) out.push(writeExecutable(r.exe), writeExecutable(r.exe, { strip: true }));
    }
  }
  return out;
})();

const U32_FIELDS = Object.entries(HEADER).filter(([k]) => !['magic', 'version', 'flags'].includes(k)).map(([, v]) => v);

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'byte'; at: number; v: number }
  | { kind: 'body'; at: number; v: number }
  | { kind: 'field'; field: number; v: number }
  | { kind: 'grow'; field: number; by: number }
  | { kind: 'cut'; at: number }
  | { kind: 'append'; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), v: fc.constantFrom(0, 0xff, 0x7f, 0x80, 1) }),
  // Code and data bytes, where a mutation with a recomputed checksum should load and then run.
  fc.record({ kind: fc.constant('body' as const), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('field' as const), field: fc.constantFrom(...U32_FIELDS),
    v: fc.oneof(fc.constantFrom(0, 0xffffffff, 0x7fffffff, 0x80000000, 0x1000, 0xe00000, 0xffffff, 4), fc.nat()),
  }),
  // A size or address nudged by a little: just past the end, one word short, misaligned.
  fc.record({ kind: fc.constant('grow' as const), field: fc.constantFrom(...U32_FIELDS), by: fc.integer({ min: -8, max: 8 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }),
);

function apply(file: Uint8Array, m: Mutation): Uint8Array {
  let bytes = file.slice();
  // A file already cut inside its header has no fields left to set.
  if ((m.kind === 'field' || m.kind === 'grow') && bytes.length < HEADER_SIZE) return bytes;
  const view = (): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (m.kind) {
    case 'flip': bytes[m.at % bytes.length] ^= 1 << m.bit; break;
    case 'byte': bytes[m.at % bytes.length] = m.v; break;
    case 'body': {
      if (bytes.length < HEADER_SIZE) break;
      const body = Math.min(view().getUint32(HEADER.codeSize, true) + view().getUint32(HEADER.dataSize, true), bytes.length - HEADER_SIZE);
      if (body > 0) bytes[HEADER_SIZE + (m.at % body)] = m.v;
      break;
    }
    case 'field': view().setUint32(m.field, m.v >>> 0, true); break;
    case 'grow': view().setUint32(m.field, (view().getUint32(m.field, true) + m.by) >>> 0, true); break;
    case 'cut': bytes = bytes.slice(0, m.at % bytes.length); break;
    case 'append': bytes = Uint8Array.from([...bytes, ...m.bytes]); break;
  }
  return bytes;
}

/** Recompute the checksum, so that the checks behind it see the mutation. */
function resign(bytes: Uint8Array): Uint8Array {
  if (bytes.length < HEADER_SIZE) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(HEADER.checksum, 0, true);
  view.setUint32(HEADER.checksum, crc32(bytes), true);
  return bytes;
}

describe('loader fuzz on real assembled programs', () => {
  it(`has a corpus of ${FILES.length} files, each loading as written`, () => {
    expect(FILES.length).toBeGreaterThanOrEqual(20);
    for (const f of FILES) expect(readExecutable(f).ok).toBe(true);
  });

  const n = runs(10_000, 100_000);
  it(`refuses each mutation in one line or loads it, and what loads runs cleanly (${n} files)`, async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(FILES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)), async (k, ms, sign) => {
        const mutated = ms.reduce(apply, FILES[k]);
        const bytes = sign ? resign(mutated) : mutated;
        const r = readExecutable(bytes);
        if (!r.ok) {
          expect(r.error).toMatch(/^\S.*\S$/);
          expect(r.error).not.toMatch(/\n|undefined|NaN|\[object /);
          return;
        }
        loaded++;
        // A file that loads was, or has been made, consistent: it must survive a round trip and a run.
        expect(readExecutable(writeExecutable(r.exe)).ok).toBe(true);
        expectCleanEnd(await runExe(r.exe, { maxTicks: 2000, mem: 256 << 10 }));
      }),
      params(20260303, n, { shrink: false }),
    );
    // A share of the mutations with a recomputed checksum only touch code and data bytes: those must load.
    expect(loaded).toBeGreaterThan(n / 20);
  }, TIMEOUT);
});
