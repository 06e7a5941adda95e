// Differential testing of the execution tiers: the compiling tier must leave the machine exactly as the interpreter does.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { assemble } from '../../assembler/index.js';
import { formatEvent } from '../../kernel/events.js';
import { collectStats } from '../../kernel/stats.js';
import { Cpu, Stop } from '../../vm/cpu.js';
import type { Engine, EngineName } from '../../vm/engine.js';
import { encode } from '../../vm/encoding.js';
import type { Executable } from '../../vm/image.js';
import { BY_OPCODE, FORMS, ISA, Op, type Instr } from '../../vm/isa.js';
import { run } from '../../vm/interp.js';
import { createJit, JIT_TUNING, type JitOptions } from '../../vm/jit.js';
import { CODE_BASE, dataBase, EXIT_ADDR, PAGE_SHIFT, PAGE_SIZE, PAGES, STACK_TOP } from '../../vm/layout.js';
import { FramePool } from '../../vm/memory.js';
import { AddressSpace, CodeCache } from '../../vm/mmu.js';
import { findFiles, parseGolden, REPO } from '../golden.js';
import { EDGES, executable, programArb, tame, value } from './gen.js';
import { params, runs, TIMEOUT } from '../helpers/fuzz.js';
import { runExe, sandbox } from './harness.js';

/** What a run leaves observable: every stop with its ticks, the page faults with theirs, registers and memory. */
interface Outcome {
  stops: string[];
  pageFaults: string[];
  pc: number;
  regs: number[];
  faults: number;
  memory: Record<string, string>;
}

const STOPS = ['budget', 'syscall', 'fault', 'exit', 'break'];
const hex = (n: number): string => (n >>> 0).toString(16);
const digest = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex').slice(0, 16);

interface Setup {
  exe: Executable;
  init: number[];
  frames: number;
  total: number;
  chunks: number[];
  breakOnBrk: boolean;
}

/** Run on one engine in budgets cycling through chunks, continuing past system calls and breakpoints as a kernel does. */
function execute(engine: Engine, s: Setup): Outcome {
  const pool = new FramePool(s.frames * PAGE_SIZE);
  const space = new AddressSpace(pool, new CodeCache(s.exe, pool), 1 << 16);
  const cpu = new Cpu(space);
  cpu.pc = s.exe.entry;
  cpu.breakOnBrk = s.breakOnBrk;
  s.init.forEach((v, k) => (cpu.regs[k] = v));
  let ticks = 0;
  const pageFaults: string[] = [];
  // The kernel stamps a page fault with the ticks before the faulting instruction: cpu.ran inside the call.
  space.onPageFault = (page, kind) => pageFaults.push(`${hex(page)} ${kind} @${ticks + cpu.ran}`);
  const stops: string[] = [];
  for (let k = 0; ticks < s.total; k++) {
    const budget = Math.min(s.chunks[k % s.chunks.length], s.total - ticks);
    const stop = engine(cpu, budget);
    expect(cpu.ran).toBeLessThanOrEqual(budget);
    ticks += cpu.ran;
    const extra = stop === Stop.Syscall ? ` ${cpu.sysno}` : stop === Stop.Fault ? ` ${cpu.fault.signal} ${cpu.fault.detail}` : '';
    stops.push(`${STOPS[stop]} @${ticks} pc ${hex(cpu.pc)}${extra}`);
    if (stop === Stop.Fault || stop === Stop.Exit) break;
  }
  const memory: Record<string, string> = {};
  for (let vpn = 0; vpn < PAGES; vpn++) {
    const pte = space.pt[vpn];
    if (pte !== 0) memory[hex(vpn)] = `${pte & (PAGE_SIZE - 1)} ${digest(pool.u8.subarray((pte >>> PAGE_SHIFT) << PAGE_SHIFT, ((pte >>> PAGE_SHIFT) + 1) << PAGE_SHIFT))}`;
  }
  return { stops, pageFaults, pc: cpu.pc, regs: Array.from(cpu.regs), faults: space.faults, memory };
}

/** Limits that make the compiler meet its edge cases: every entry compiled at once, tiny blocks and regions, no call depth. */
const tuningArb: fc.Arbitrary<JitOptions> = fc.record({
  warmup: fc.constantFrom(0, 0, 0, 7),
  threshold: fc.constantFrom(0, 1, 3),
  blockLen: fc.constantFrom(1, 2, 5, 64),
  blocks: fc.constantFrom(1, 2, 32),
  depth: fc.constantFrom(0, 1, 200),
  inline: fc.constantFrom(0, 1, 20, 128),
  size: fc.constantFrom(1, 12, 320),
});

const runArb = fc.record({
  frames: fc.oneof({ weight: 4, arbitrary: fc.constant(256) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) }),
  total: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 41, max: 600 })),
  chunks: fc.array(fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 400 })), { minLength: 1, maxLength: 5 }),
  breakOnBrk: fc.boolean(),
  tuning: tuningArb,
});

function agree(s: Setup, tuning: JitOptions): void {
  expect(execute(createJit(tuning), s)).toEqual(execute(run, s));
}

// ---- every opcode, with edge-case operands ----

/** The registers an instruction under test may name: all but r13, which counts the loop around it. */
const reg = fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15);
const imm16 = fc.oneof(fc.constantFrom(0, 1, -1, 2, 4, -4, 31, 32, 33, 0x7fff, -0x8000, 0x55), fc.integer({ min: -0x8000, max: 0x7fff }));
const regValue = fc.oneof(value, tame, fc.constantFrom(STACK_TOP, STACK_TOP - 64, 0x2000, 0x2ffe, 0x3000));

/**
 * A program around one instruction: `L: <it>; sub r13, r13, 1; bne r13, 0, L; sys 0`, so that it runs
 * up to three times (compiled from the second round on), after `pad` nops that may put it at the end
 * of the first code page. Branches of the instruction go a few words either way, or anywhere.
 */
function around(row: Instr, regs: number[], imms: number[], hop: number, wild: number | null, pad: number): Executable {
  const form = FORMS[row.form];
  const at = CODE_BASE + 4 * pad;
  const target = form.target === 't' && wild !== null ? wild : at + 4 * hop;
  const words = [...new Array<number>(pad).fill(Op.NOP), ...encode(row, { regs, imms: form.imms.map((f, k) => (f === 'i8' ? (imms[k] << 24) >> 24 : f === 'i16' ? (imms[k] << 16) >> 16 : imms[k])), target }, at)];
  const sub = CODE_BASE + 4 * words.length;
  words.push(...encode(BY_OPCODE[Op.SUB_I]!, { regs: [13, 13], imms: [1], target: 0 }, sub));
  words.push(...encode(BY_OPCODE[Op.BNE_I]!, { regs: [13], imms: [0], target: at }, sub + 4));
  words.push(...encode(BY_OPCODE[Op.SYS]!, { regs: [], imms: [0], target: 0 }, sub + 8));
  const code = new Uint8Array(new Int32Array(words).buffer);
  return { entry: CODE_BASE, codeAddr: CODE_BASE, code, dataAddr: dataBase(code.length), data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), bssSize: 2 * PAGE_SIZE, debug: null };
}

const instrCase = fc.record({
  regs: fc.array(reg, { minLength: 3, maxLength: 3 }),
  alias: fc.constantFrom('none', 'ab', 'ac', 'bc', 'abc'),
  imms: fc.array(fc.oneof(imm16, value), { minLength: 2, maxLength: 2 }),
  hop: fc.integer({ min: -3, max: 4 }),
  wild: fc.option(fc.oneof(value, fc.constantFrom(EXIT_ADDR, CODE_BASE + 2, CODE_BASE + 4 * 1024)), { freq: 3 }),
  pad: fc.constantFrom(0, 0, 1021, 1022, 1023),
  init: fc.array(regValue, { minLength: 16, maxLength: 16 }),
  run: runArb,
});

describe('tiers: every opcode with edge-case operands', () => {
  const n = runs(40, 1000);
  it.each(ISA.map((row) => [`${row.mnemonic} ${row.form}`, row] as const))(`%s agrees on both tiers (${n} cases)`, (_name, row) => {
    fc.assert(
      fc.property(instrCase, (c) => {
        const [a, b, d] = c.regs;
        const regs = { none: [a, b, d], ab: [a, a, d], ac: [a, b, a], bc: [a, b, b], abc: [a, a, a] }[c.alias];
        const init = [...c.init.slice(0, 13), 3, ...c.init.slice(14)];
        const setup = { exe: around(row, regs, c.imms, c.hop, c.wild, c.pad), init, ...c.run };
        agree(setup, c.run.tuning);
      }),
      params(20260400 + row.op, n),
    );
  }, TIMEOUT);
});

// ---- random programs ----

describe('tiers: random programs', () => {
  const n = runs(2500, 50_000);
  it(`agree on stops, ticks, page-fault ticks, registers and memory, at any budget and memory size (${n} programs)`, () => {
    fc.assert(
      fc.property(
        programArb,
        fc.oneof(fc.array(value, { minLength: 16, maxLength: 16 }), fc.array(tame, { minLength: 16, maxLength: 16 })),
        fc.boolean(),
        runArb,
        (program, init, keepSp, r) => {
          const regs = keepSp ? [...init.slice(0, 15), STACK_TOP] : init;
          agree({ exe: executable(program), init: regs, ...r }, r.tuning);
        },
      ),
      params(20260401, n),
    );
  }, TIMEOUT);
});

// ---- structured programs: loop nests, calls (compiled in or called), recursion ----

/**
 * A statement of a structured program. Values live in r0–r5, r7, r8; r6 points at `buf` (two pages of
 * .bss, so that accesses page in mid-loop); r10–r12 count loops by depth; r9 and r13 belong to `rec`.
 */
type Stmt =
  | { kind: 'alu'; op: string; a: number; b: number; c: number | null; imm: number }
  | { kind: 'mem'; op: string; a: number; off: number }
  | { kind: 'stack'; op: 'push' | 'pop'; a: number }
  | { kind: 'loop'; n: number; body: Stmt[] }
  | { kind: 'if'; op: string; a: number; b: number; then: Stmt[]; else: Stmt[] }
  | { kind: 'call'; f: number }
  | { kind: 'rec'; n: number }
  | { kind: 'ret' }
  | { kind: 'retaddr'; skip: number };

const VALUE_REGS = [0, 1, 2, 3, 4, 5, 7, 8];
const valueReg = fc.constantFrom(...VALUE_REGS);
const FUNCTIONS = 3;

const stmtArb: fc.Arbitrary<Stmt[]> = fc.letrec<{ stmt: Stmt; block: Stmt[] }>((tie) => ({
  block: fc.array(tie('stmt'), { minLength: 1, maxLength: 5 }),
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('alu' as const), op: fc.constantFrom('add', 'sub', 'xor', 'mul', 'shl', 'sra', 'slt'), a: valueReg, b: valueReg, c: fc.option(valueReg, { freq: 3 }), imm: fc.integer({ min: -9, max: 9 }) }) },
    // A division by a register faults when it is 0, which ends the run: rarely.
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('alu' as const), op: fc.constantFrom('div', 'rem'), a: valueReg, b: valueReg, c: fc.option(valueReg, { freq: 4 }), imm: fc.integer({ min: 1, max: 9 }) }) },
    // Mostly in `buf` (its second page pages in mid-loop); rarely misaligned or far off (faults).
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('mem' as const), op: fc.constantFrom('lw', 'sw', 'lbu', 'sb', 'lh', 'sh'), a: valueReg, off: fc.oneof({ weight: 30, arbitrary: fc.integer({ min: 0, max: 63 }).map((k) => 4 * k) }, { weight: 6, arbitrary: fc.constantFrom(4096, 4100, 8188) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 1 << 20, -4) }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('stack' as const), op: fc.constantFrom('push' as const, 'pop' as const), a: valueReg }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('loop' as const), n: fc.integer({ min: 1, max: 6 }), body: tie('block') }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('if' as const), op: fc.constantFrom('blt', 'beq', 'bne', 'bgeu'), a: valueReg, b: valueReg, then: tie('block'), else: tie('block') }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('call' as const), f: fc.integer({ min: 0, max: FUNCTIONS - 1 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rec' as const), n: fc.integer({ min: 0, max: 9 }) }) },
    // An early return, or one to a few words past the call (the caller then resumes elsewhere).
    { weight: 1, arbitrary: fc.constant({ kind: 'ret' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retaddr' as const), skip: fc.constantFrom(0, 4, 8, 12) }) },
  ),
})).block;

/**
 * The source of main (run again and again; it does not return) and functions f0…f2 (fk calls only fj
 * with j > k, so only `rec` recurses).
 */
function structured(main: Stmt[], functions: Stmt[][]): string {
  let label = 0;
  const lines: string[] = [];
  const emit = (stmts: Stmt[], fn: number, depth: number): void => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'alu': lines.push(`${s.op} r${s.a}, r${s.b}, ${s.c === null ? s.imm : `r${s.c}`}`); break;
        case 'mem': lines.push(`${s.op} r${s.a}, [r6 + ${s.off}]`); break;
        case 'stack': lines.push(`${s.op} r${s.a}`); break;
        case 'loop': {
          if (depth >= 3) break;
          const l = label++;
          lines.push(`li r${10 + depth}, ${s.n}`, `L${l}:`);
          emit(s.body, fn, depth + 1);
          lines.push(`sub r${10 + depth}, r${10 + depth}, 1`, `bne r${10 + depth}, 0, L${l}`);
          break;
        }
        case 'if': {
          const l = label++;
          lines.push(`${s.op} r${s.a}, r${s.b}, E${l}`);
          emit(s.then, fn, depth);
          lines.push(`jmp D${l}`, `E${l}:`);
          emit(s.else, fn, depth);
          lines.push(`D${l}:`);
          break;
        }
        case 'call': if (s.f > fn) lines.push(`call f${s.f}`); break;
        case 'rec': lines.push(`li r9, ${s.n}`, 'call rec'); break;
        case 'ret': if (fn >= 0) lines.push('ret'); break;
        case 'retaddr': if (fn >= 0) lines.push('lw r13, [sp]', `add r13, r13, ${s.skip}`, 'sw r13, [sp]'); break;
      }
    }
  };
  // Room on the stack, so that main's pops do not fault at once.
  lines.push('.bss', 'buf: .space 8192', '.text', 'main: la r6, buf', 'sub sp, sp, 64', 'top:');
  emit(main, -1, 0);
  lines.push('jmp top');
  functions.forEach((body, k) => {
    lines.push(`f${k}:`);
    emit(body, k, 0);
    lines.push('ret');
  });
  lines.push(
    'rec: blt r9, 2, rec_small', 'push r9', 'sub r9, r9, 1', 'call rec', 'pop r9', 'push r13', 'sub r9, r9, 2', 'call rec',
    'pop r2', 'add r13, r13, r2', 'ret', 'rec_small: mov r13, r9', 'ret',
  );
  return lines.join('\n');
}

describe('tiers: structured programs', () => {
  const n = runs(300, 10_000);
  it(`agree with loop nests compiled as loops, callees compiled in, recursion, at any budget and memory size (${n} programs)`, () => {
    fc.assert(
      fc.property(
        stmtArb,
        fc.array(stmtArb, { minLength: FUNCTIONS, maxLength: FUNCTIONS }),
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 16, maxLength: 16 }),
        runArb,
        fc.integer({ min: 2_000, max: 30_000 }),
        (main, functions, init, r, total) => {
          const { exe, diagnostics } = assemble('structured.asm', { source: structured(main, functions) });
          if (!exe) throw new Error(diagnostics.map((d) => d.message).join('\n'));
          agree({ exe, init: [...init.slice(0, 15), STACK_TOP], ...r, total }, { ...r.tuning, warmup: 0 });
        },
      ),
      params(20260403, n),
    );
  }, TIMEOUT);
});

// ---- under the kernel ----

const root = sandbox();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function underKernel(engine: EngineName, exe: Executable, options: { quantum: number; mem: number; maxTicks: number }) {
  const events: string[] = [];
  const r = await runExe(exe, { ...options, engine, root }, ['prog'], (e) => events.push(formatEvent(e)));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, events, stats: collectStats(r.kernel) };
}

describe('tiers: random programs under the kernel', () => {
  const n = runs(400, 10_000);
  it(`give the same output, status, trace and statistics at random quanta and memory sizes (${n} runs)`, async () => {
    const saved = { ...JIT_TUNING };
    try {
      await fc.assert(
        fc.asyncProperty(
          programArb,
          tuningArb,
          fc.record({ quantum: fc.integer({ min: 1, max: 50 }), mem: fc.constantFrom(64 << 10, 96 << 10, 1 << 20), maxTicks: fc.integer({ min: 1, max: 5000 }) }),
          async (program, tuning, options) => {
            Object.assign(JIT_TUNING, tuning);
            const exe = executable(program);
            expect(await underKernel('jit', exe, options)).toEqual(await underKernel('interp', exe, options));
          },
        ),
        params(20260402, n),
      );
    } finally {
      Object.assign(JIT_TUNING, saved);
    }
  }, TIMEOUT);
});

// ---- the example programs, through the command line ----

const PROGRAMS = path.join(REPO, 'programs');

/**
 * Loaded before the command line (`node --import`), in the same module graph: the jit compiles every
 * entry point on its first visit, with no warm-up, so that these short programs run compiled code. The
 * command runs here as tsc built it (dist/cli/main.js, the same sources as the bundle that `quanta`
 * runs), because only then is its dist/vm/engine.js the module imported here. At exit, the regions
 * compiled are added to COMPILED, so that the test knows the compiler ran.
 */
const UNBUNDLED = path.join(REPO, 'dist', 'cli', 'main.js');
const EAGER = path.join(root, 'eager-jit.mjs');
const COMPILED = path.join(root, 'compiled.txt');
fs.writeFileSync(EAGER, `import * as fs from 'node:fs';
const { ENGINES } = await import(${JSON.stringify(path.join(REPO, 'dist', 'vm', 'engine.js'))});
const jit = ENGINES.jit;
Object.assign(jit.tuning, { warmup: 0, threshold: 1 });
process.on('exit', () => fs.appendFileSync(${JSON.stringify(COMPILED)}, jit.counters.compiled + '\\n'));
`);

function cli(args: string[], cwd: string, stdin: string, engine: EngineName) {
  const stats = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quanta-tiers-')), 'stats.json');
  const [command, ...rest] = args;
  const node = engine === 'jit' ? ['--import', EAGER] : [];
  const r = spawnSync(process.execPath, [...node, UNBUNDLED, command, '--engine', engine, '--trace', '--stats-json', stats, ...rest], { cwd, input: stdin, encoding: 'utf8', timeout: 120_000 });
  const json = fs.existsSync(stats) ? (JSON.parse(fs.readFileSync(stats, 'utf8')) as { host?: unknown }) : null;
  fs.rmSync(path.dirname(stats), { recursive: true, force: true });
  if (json) delete json.host; // wall time and MIPS: the host's, not the machine's
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, stats: json };
}

describe('tiers: the example programs', () => {
  const goldens = findFiles(PROGRAMS, '.golden').map(parseGolden).filter((g) => g.args[0] === 'run');
  it.each(goldens.map((g) => [path.relative(PROGRAMS, g.file), g] as const))('%s: same stdout, status, trace and statistics', (_name, g) => {
    const cwd = path.dirname(g.file);
    expect(cli(g.args, cwd, g.stdin, 'jit')).toEqual(cli(g.args, cwd, g.stdin, 'interp'));
  }, TIMEOUT);
  it('ran compiled code in those programs', () => {
    const compiled = fs.readFileSync(COMPILED, 'utf8').trim().split('\n').map(Number);
    expect(compiled.length).toBe(goldens.length);
    expect(compiled.filter((n) => n > 0).length).toBeGreaterThan(goldens.length / 2);
  });
});
