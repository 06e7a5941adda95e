// Random process programs (fork, spawn, wait, kill, pipes, dup2, sleep and friends) as assembly sources: the
// process-API fuzz and the debugger's reverse-execution property share them.
import fc from 'fast-check';

/** The program `spawn` starts (child.asm in the sandbox root): writes "hi", exits with 5. */
export const CHILD = 'main: li r1, 1\n la r2, hi\n li r3, 3\n sys write\n li r1, 5\n sys exit\n.data\nhi: .ascii "hi\\n"\n';

/** One step of a program, as assembly; `k` makes its labels unique. */
export type Step = (k: number) => string;

const small = fc.integer({ min: -2, max: 8 });
const simple: fc.Arbitrary<Step> = fc.oneof(
  fc.constant(() => 'sys yield'),
  fc.constant(() => 'sys getpid'),
  small.map((n) => () => `li r1, ${n}\n sys sleep`),
  fc.tuple(fc.integer({ min: -1, max: 7 }), fc.boolean()).map(([pid, st]) => () => `li r1, ${pid}\n ${st ? 'la r2, status' : 'li r2, 0'}\n sys wait`),
  fc.tuple(fc.integer({ min: -1, max: 7 }), fc.constantFrom(0, 9, 15, 19, 18, 5)).map(([pid, sig]) => () => `li r1, ${pid}\n li r2, ${sig}\n sys kill`),
  fc.constant(() => 'la r1, fds\n sys pipe'),
  fc.integer({ min: 0, max: 8 }).map((n) => () => `lw r1, [fds + 4]\n la r2, msg\n li r3, ${n}\n sys write`),
  fc.integer({ min: 0, max: 8 }).map((n) => () => `lw r1, [fds]\n la r2, buf\n li r3, ${n}\n sys read`),
  fc.integer({ min: 0, max: 1 }).map((e) => () => `lw r1, [fds + ${4 * e}]\n sys close`),
  fc.integer({ min: 0, max: 5 }).map((to) => () => `lw r1, [fds]\n li r2, ${to}\n sys dup2`),
  fc.integer({ min: 0, max: 5 }).map((fd) => () => `li r1, ${fd}\n sys close`),
  fc.constant(() => 'li r1, 1\n la r2, msg\n li r3, 4\n sys write'),
  fc.constant(() => 'la r1, childname\n li r2, 0\n sys spawn'),
  fc.integer({ min: 0, max: 7 }).map((pid) => () => `li r1, ${pid}\n la r2, stat\n sys pstat`),
  fc.constant(() => 'la r1, stat\n li r2, 10\n sys procs'),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: -25, max: 25 })).map(([pid, v]) => () => `li r1, ${pid}\n li r2, ${v}\n sys nice`),
  fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: -1, max: 500 })).map(([pid, v]) => () => `li r1, ${pid}\n li r2, ${v}\n sys settickets`),
  fc.integer({ min: 1, max: 300 }).map((n) => (k: number) => `li r6, ${n}\nspin${k}: sub r6, r6, 1\n bne r6, 0, spin${k}`),
);

/** fork: the child runs its own steps and exits with a code; the parent carries on. */
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: simple },
  {
    weight: 2, arbitrary: fc.tuple(fc.array(simple, { maxLength: 5 }), fc.integer({ min: 0, max: 255 })).map(([body, code]) => (k: number) =>
      `sys fork\n bne r0, 0, parent${k}\n${body.map((s, j) => s(k * 100 + j)).join('\n')}\n li r1, ${code}\n sys exit\nparent${k}:`),
  },
);

export function source(steps: Step[], exitCode: number): string {
  return `        .data
childname: .asciz "child.asm"
msg:    .ascii "ping"
        .align 4
fds:    .word 0, 0
status: .word 0
stat:   .space 40
buf:    .space 16
        .text
main:
${steps.map((s, k) => s(k + 1)).join('\n')}
        li r1, ${exitCode}
        sys exit
`;
}

