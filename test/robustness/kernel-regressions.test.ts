// Regressions for kernel bugs found by the robustness suites: each test names its bug in docs/ROBUSTNESS.md.
import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../kernel/events.js';
import { expectCleanEnd, runSource } from './harness.js';

/** A child blocks reading 2 bytes from a pipe; the parent then writes 4. */
const PIPE_WAKE = `
        .data
fds:    .word 0, 0
buf:    .space 16
msg:    .ascii "ping"
        .text
main:   la r1, fds
        sys pipe
        sys fork
        bne r0, 0, parent
        lw r1, [fds]
        la r2, buf
        li r3, 2
        sys read
        li r1, 0
        sys exit
parent: sys yield
        lw r1, [fds + 4]
        la r2, msg
        li r3, 4
        sys write
        li r1, -1
        li r2, 0
        sys wait
        li r1, 0
        sys exit
`;

describe('kernel regressions', () => {
  // Bug 4 (fixed in kernel/kernel.ts retryWaits): a pipe read's retry called retryWaits('pipe') while its
  // reader was still 'blocked', so the nested pass retried (and consumed) the same read again and woke
  // the reader twice: it was queued twice, and a copy of it ran again after its exit, leaking frames.
  it('wakes a reader blocked on a pipe exactly once, and never runs it after its exit', async () => {
    const trace: string[] = [];
    const r = await runSource(PIPE_WAKE, { quantum: 1000 }, (e) => trace.push(formatEvent(e)));
    expectCleanEnd(r);
    expect(trace.filter((l) => / wake pid=2\b/.test(l))).toHaveLength(1);
    const exited = trace.findIndex((l) => / exit pid=2\b/.test(l));
    expect(trace.slice(exited + 1).filter((l) => / pid=2\b/.test(l))).toEqual([]);
  });
});

/** A child blocks reading 2 bytes from a pipe; the parent stops it, writes 4 bytes, continues it, and waits. */
const CONT_WAKE = `
        .data
fds:    .word 0, 0
buf:    .space 16
msg:    .ascii "ping"
status: .word 0
        .text
main:   la r1, fds
        sys pipe
        sys fork
        bne r0, 0, parent
        lw r1, [fds]
        la r2, buf
        li r3, 2
        sys read            ; blocks until the parent writes
        mov r1, r0          ; exits with the bytes read: 2
        sys exit
parent: mov r6, r0
        sys yield           ; the child runs and blocks
        mov r1, r6
        li r2, 19
        sys kill            ; STOP while it is blocked
        lw r1, [fds + 4]
        la r2, msg
        li r3, 4
        sys write           ; the stopped child's read cannot complete yet
        mov r1, r6
        li r2, 18
        sys kill            ; CONT: its read completes now, once
        lw r1, [fds]
        la r2, buf
        li r3, 16
        sys read            ; the two bytes the child did not take are still here
        mov r7, r0
        mov r1, r6
        la r2, status
        sys wait
        lw r1, [status]
        mul r1, r1, 10
        add r1, r1, r7      ; 10 × child's status + bytes left for the parent: 22
        sys exit
`;

describe('kernel regressions (issue 9)', () => {
  // CONT of a process blocked on a pipe ran the wait's retry, which woke it, and then woke it again: it was
  // queued twice, ran after its exit on a destroyed address space, and the machine ended with process 1
  // still ready (exit 0, frames left). The reader also lost a byte the same way.
  it('CONT completes a blocked read once: one wake, no byte lost, no run after exit', async () => {
    const trace: string[] = [];
    const r = await runSource(CONT_WAKE, { quantum: 1000 }, (e) => trace.push(formatEvent(e)));
    expectCleanEnd(r);
    expect(r.status).toBe(22);
    expect(trace.filter((l) => / wake pid=2\b/.test(l))).toHaveLength(1);
    const exited = trace.findIndex((l) => / exit pid=2\b/.test(l));
    expect(trace.slice(exited + 1).filter((l) => / pid=2\b/.test(l))).toEqual([]);
  });
});
