// The debugger's engine and command language on small programs: brk, traps that never show, breakpoints in shared
// code, watchpoints written by the kernel, bounded snapshots, and no command line or guest that makes it throw.
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as asm from '../../assembler/index.js';
import { machineDump } from '../../kernel/debug/state.js';
import type { Executable } from '../../vm/image.js';
import { debugMachine, debugSession, type Sessioned } from '../helpers/debug.js';
import { params, runs } from '../helpers/fuzz.js';
import { executable, programArb } from '../robustness/gen.js';
import { sandbox } from '../robustness/harness.js';

const root = sandbox();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function program(name: string, text: string): Executable {
  fs.writeFileSync(path.join(root, name), text);
  const r = asm.assemble(name, { source: text });
  if (!r.exe) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.exe;
}

/** Run commands; the debugger's output of the last one. */
async function run(s: Sessioned, ...lines: string[]): Promise<string> {
  let last = '';
  for (const l of lines) {
    const before = s.out.length;
    await s.session.execute(l);
    last = s.out.slice(before).join('');
  }
  return last;
}

const session = (exe: Executable, options: Record<string, unknown> = {}, input = ''): Sessioned =>
  debugSession(debugMachine(root, exe, options, input, [exe === undefined ? 'prog' : 'prog']), { interval: 64, count: 8, bytes: 1 << 30 });

describe('debugger', () => {
  it('stops after brk, and brk does nothing once the run goes on', async () => {
    const s = session(program('brk.asm', 'main: li r1, 7\n brk\n li r1, 8\n li r1, 1\n sys exit\n'));
    expect(await run(s, 'continue')).toMatch(/^stopped: brk tick=2 pid=1 pc=0x00001008\nbrk\.asm:3 {2}li r1, 8\n$/);
    expect(await run(s, 'print r1')).toBe('r1 = 7 (0x00000007)\n');
    expect(await run(s, 'continue')).toMatch(/^stopped: exited tick=5 /);
    expect(s.kernel.status()).toBe(1);
  });

  it('never shows a trap: memory and disassembly read the original words', async () => {
    const s = session(program('self.asm', 'main: li r2, 0\n add r2, r2, 1\n add r2, r2, 1\n li r0, 0\n ret\n'));
    const clean = await run(s, 'x main 3');
    await run(s, 'break main', 'break *0x1008', 'continue');
    expect(await run(s, 'x main 3')).toBe(clean);
    expect(await run(s, 'disasm main 3')).toMatch(/^main:\n=> 0x00001000 .* li r2, 0\n {3}0x00001004 .* add r2, r2, 1\n \* 0x00001008 .* add r2, r2, 1\n$/);
    expect(await run(s, 'continue')).toMatch(/^stopped: breakpoint 2 tick=2 pid=1 pc=0x00001008\n/);
  });

  it('stops every process that reaches a breakpoint in code they share, and says which', async () => {
    const s = session(program('fork.asm', 'main: sys fork\n mov r6, r0\nhere: sys getpid\n li r1, 0\n sys exit\n'), { policy: 'fifo' });
    await run(s, 'break here');
    expect(await run(s, 'continue')).toMatch(/^stopped: breakpoint 1 tick=2 pid=1 /);
    expect(await run(s, 'print r6')).toBe('r6 = 2 (0x00000002)\n');
    expect(await run(s, 'continue')).toMatch(/^stopped: breakpoint 1 tick=\d+ pid=2 /);
    expect(await run(s, 'print r6')).toBe('r6 = 0 (0x00000000)\n');
    expect(await run(s, 'info breakpoints')).toMatch(/1 +breakpoint +keep +2 /);
  });

  it('a watchpoint stops after the system call whose kernel write changed it', async () => {
    const text = 'main: li r1, 0\n la r2, buf\n li r3, 16\n sys read\n li r1, 0\n sys exit\n.bss\nbuf: .space 16\n';
    const s = session(program('read.asm', text), {}, 'hello\n');
    expect(await run(s, 'watch buf')).toMatch(/now 0 /);
    expect(await run(s, 'continue')).toMatch(/^stopped: watchpoint 1 tick=4 pid=1 pc=0x00001010\nread\.asm:5 .*\n.*old 0 \(0x00000000\), new 1819043176 \(0x6c6c6568\)\n$/);
    expect(await run(s, 'print r0')).toBe('r0 = 6 (0x00000006)\n');
  });

  it("a watchpoint catches the kernel filling a blocked reader's buffer while another process writes the pipe", async () => {
    const text = `main: la r1, fds
 sys pipe
 sys fork
 bne r0, 0, parent
 lw r1, [fds]
 la r2, buf
 li r3, 8
 sys read
 li r1, 0
 sys exit
parent: li r1, 50
 sys sleep
 lw r1, [fds + 4]
 la r2, msg
 li r3, 4
 sys write
 li r1, 0
 sys exit
.data
msg: .ascii "ping"
fds: .word 0, 0
buf: .word 0, 0
`;
    const s = session(program('pipe.asm', text));
    await run(s, 'break *0x1010', 'continue');
    expect(await run(s, 'print r0')).toBe('r0 = 0 (0x00000000)\n');
    await run(s, 'delete', 'watch buf');
    const stop = await run(s, 'continue');
    // Stopped in the writer (pid 1), right after its `sys write`: the kernel put "ping" into the child's buffer.
    expect(stop).toMatch(/^stopped: watchpoint 2 tick=60 pid=1 pc=0x00001048\npipe\.asm:17 {2}li r1, 0\nbuf \(0x0000200c\) in process 2: old 0 \(0x00000000\), new 1735289200 \(0x676e6970\)\n$/);
  });

  it('a watchpoint ends with the machine: a halt that gives the memory back is no change', async () => {
    const s = session(program('halt.asm', 'main: lw r1, [x]\nl: jmp l\n.data\nx: .word 5\n'), { maxTicks: 1000 });
    await run(s, 'watch x');
    expect(await run(s, 'continue')).toMatch(/^stopped: halted tick=1000 pid=1 /);
  });

  it('a temporary breakpoint is deleted when hit; finish from the entry function ends at its exit', async () => {
    const s = session(program('t.asm', 'main: call f\n call f\n li r0, 4\n ret\nf: ret\n'));
    await run(s, 'tbreak f');
    expect(await run(s, 'continue')).toMatch(/^stopped: breakpoint 1 tick=1 /);
    expect(await run(s, 'info breakpoints')).toBe('no breakpoints or watchpoints\n');
    expect(await run(s, 'finish')).toMatch(/^stopped: finish tick=2 pid=1 pc=0x00001004\n/);
    expect(await run(s, 'finish')).toMatch(/^stopped: finish tick=6 pid=1 pc=0x00000ffc\n\[1 prog\] exited with status 4\n/);
    expect(await run(s, 'reverse-step 100')).toMatch(/^stopped: reverse-step tick=0 .*\n.*\n\(the start of process 1\)\n$/);
  });

  it('keeps its snapshots within their limits, thinning them as the run grows', async () => {
    const s = debugSession(debugMachine(root, program('long.asm', 'main: li r1, 0\nl: add r1, r1, 1\n sw r1, [x]\n blt r1, 200000, l\n ret\n.bss\nx: .space 4\n')), {
      interval: 1000,
      count: 10,
      bytes: 1 << 30,
    });
    await run(s, 'continue');
    expect(s.kernel.clock).toBeGreaterThan(600_000);
    expect(s.dbg.snaps.count).toBeLessThanOrEqual(10);
    expect(s.dbg.snaps.interval).toBeGreaterThanOrEqual(64_000);
    const at = machineDump(s.kernel);
    await run(s, 'reverse-step 3', 'step 3');
    s.dbg.clean();
    expect(machineDump(s.kernel) === at).toBe(true);
  });

  it('answers any command line with output, never an exception', async () => {
    const s = session(program('any.asm', 'main: li r1, 3\nl: sub r1, r1, 1\n bne r1, 0, l\n ret\n.data\nd: .word 1, 2\n'));
    const word = fc.constantFrom('break', 'b', 'tbreak', 'delete', 'watch', 'x', 'print', 'p', 'disasm', 'list', 'process', 'info', 'goto', 'step', 'rs', 'finish', 'next', 'rn', 'rc', 'c', 'bt', 'ps', 'regs', 'help', 'frob');
    const arg = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('main', 'l', 'd', '*0x1004', 'any.asm:2', '[sp]', 'r1 + ', '0x7fffffff', '-1', 'pages', '((((', "'", '99999999999'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(word, arg), { minLength: 1, maxLength: 6 }), async (lines) => {
        for (const [w, a] of lines) {
          const before = s.out.length;
          await s.session.execute(`${w} ${a}`);
          expect(s.out.length).toBeGreaterThan(before);
        }
      }),
      params(20261125, runs(60, 2000)),
    );
  });

  it('survives any guest: random machine code, stepped and reversed, never throws', async () => {
    await fc.assert(
      fc.asyncProperty(programArb, fc.array(fc.constantFrom('step 7', 'continue', 'rs 3', 'rc', 'next', 'finish', 'goto 20', 'x sp 2', 'bt', 'info pages'), { maxLength: 8 }), async (p, lines) => {
        const s = debugSession(debugMachine(root, executable(p), { maxTicks: 3000, mem: 256 << 10 }), { interval: 32, count: 4, bytes: 1 << 30 });
        await s.session.execute('break *0x1000');
        for (const l of lines) await s.session.execute(l);
      }),
      params(20261126, runs(100, 3000)),
    );
  });
});
