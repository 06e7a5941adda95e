// Execution fuzz through the kernel: random programs full of system calls with hostile arguments end cleanly, leak no frame.
import * as fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { encode } from '../../vm/encoding.js';
import type { Executable } from '../../vm/image.js';
import { BY_OPCODE, Op } from '../../vm/isa.js';
import { CODE_BASE, dataBase } from '../../vm/layout.js';
import { SYSCALLS } from '../../vm/syscalls.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { encodeItems, type Item, items, tame, value } from './gen.js';
import { expectCleanEnd, runExe, sandbox } from './harness.js';

/** A system call with its five arguments, or a stretch of random instructions between calls. */
type Block = { sys: number; args: number[] } | { items: Item[] };

const hostileArg = fc.oneof(
  value,
  tame,
  // Pointer + length pairs that overflow, reach past the top of the space, or cover all of it.
  fc.constantFrom(0xffffff, 0xfffff0, 0x7ffffff0, -4096, 0x1000000 - 1, 0x1000, 1 << 24, 0x7fffffff),
);
const block: fc.Arbitrary<Block> = fc.oneof(
  {
    weight: 3, arbitrary: fc.record({
      sys: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: SYSCALLS.length + 2 }) }, { weight: 1, arbitrary: fc.integer({ min: -0x8000, max: 0x7fff }) }),
      args: fc.array(hostileArg, { minLength: 5, maxLength: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ items: fc.oneof(items(value, 1), items(tame, 0)) }) },
);

function program(blocks: Block[], loop: boolean, data: number[]): Executable {
  const words: number[] = [];
  const at = (): number => CODE_BASE + 4 * words.length;
  const emit = (op: Op, regs: number[], imms: number[], target = 0): void => {
    words.push(...encode(BY_OPCODE[op]!, { regs, imms, target }, at()));
  };
  for (const b of blocks) {
    if ('items' in b) {
      words.push(...encodeItems(b.items, at()));
      continue;
    }
    b.args.forEach((v, k) => emit(Op.LI_W, [k + 1], [v]));
    emit(Op.SYS, [], [b.sys]);
  }
  if (loop) emit(Op.JMP, [], [], CODE_BASE);
  emit(Op.SYS, [], [0]);
  const code = new Uint8Array(new Int32Array(words).buffer);
  return { entry: CODE_BASE, codeAddr: CODE_BASE, code, dataAddr: dataBase(code.length), data: Uint8Array.from(data), bssSize: 4096, debug: null };
}

const root = sandbox();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('kernel execution fuzz', () => {
  const n = runs(1500, 20_000);
  it(`random programs with random system calls end in exit, a named fault, a deadlock or the tick limit, leaking no frame (${n} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(block, { minLength: 1, maxLength: 24 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }),
        fc.record({
          quantum: fc.integer({ min: 1, max: 64 }),
          ioLatency: fc.integer({ min: 0, max: 3 }),
          mem: fc.constantFrom(64 << 10, 256 << 10, 1 << 20),
          maxProcs: fc.integer({ min: 1, max: 6 }),
          maxTicks: fc.integer({ min: 1, max: 3000 }),
        }),
        async (blocks, loop, data, options) => {
          const r = await runExe(program(blocks, loop, data), { ...options, root });
          expectCleanEnd(r);
        },
      ),
      params(20260302, n, { shrink: false }),
    );
  }, TIMEOUT);
});
