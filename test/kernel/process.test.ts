// The process API and time sharing, end to end through the kernel: scheduling order, fork/wait,
// pipes, sleep, signals, limits, deadlock, and every frame and descriptor back at the end.
import { describe, expect, it } from 'vitest';
import { runSources } from '../helpers/kernel.js';

// Loops 3 × 1000 iterations (2 ticks each) and prints its pid digit after each thousand.
const SPIN = `
        .bss
ch:     .space  4
        .text
main:   sys     getpid
        add     r0, r0, '0'
        la      r1, ch
        sb      r0, [r1]
        li      r6, 3
outer:  li      r7, 1000
inner:  sub     r7, r7, 1
        bne     r7, 0, inner
        li      r1, 1
        la      r2, ch
        li      r3, 1
        sys     write
        sub     r6, r6, 1
        bne     r6, 0, outer
        li      r0, 0
        ret
`;

describe('time sharing', () => {
  it('fifo runs two CPU-bound processes one after the other', async () => {
    const r = await runSources({ 'spin.asm': SPIN }, ['spin.asm', 'spin.asm'], { policy: 'fifo' });
    expect(r.stdout).toBe('111222');
    expect(r.kernel.switches).toBe(1);
  });

  it('rr with quantum 1000 interleaves them, preempting after exactly 1000 ticks', async () => {
    const r = await runSources({ 'spin.asm': SPIN }, ['spin.asm', 'spin.asm'], { policy: 'rr', quantum: 1000 });
    expect(r.stdout).toBe('121212');
    const preempts = r.events.filter((e) => e.type === 'preempt').map((e) => e.tick);
    expect(preempts.slice(0, 3)).toEqual([1000, 2000, 3000]);
    expect(r.trace.slice(0, 6)).toEqual([
      '0 spawn pid=1 parent=0 name=spin', '0 pagefault pid=1 page=fff kind=zero',
      '0 spawn pid=2 parent=0 name=spin', '0 pagefault pid=2 page=fff kind=zero',
      '0 dispatch pid=1', '0 pagefault pid=1 page=1 kind=file',
    ]);
  });

  it('a process in an infinite loop cannot stop the others from finishing', async () => {
    const loop = 'main: jmp main\n';
    const hello = '.data\nm: .ascii "done\\n"\n.text\nmain: li r1, 1\nla r2, m\nli r3, 5\nsys write\nli r0, 0\nret\n';
    const r = await runSources({ 'loop.asm': loop, 'hello.asm': hello }, ['loop.asm', 'hello.asm'], { quantum: 100, maxTicks: 50_000 });
    expect(r.stdout).toBe('done\n');
    expect(r.status).toBe(124);
    expect(r.stderr).toBe('quanta: stopped at tick 50000 (--max-ticks)\n');
  });
});

describe('process API', () => {
  it('fork shares pages copy-on-write; wait reaps the child with its status', async () => {
    const src = `
        .data
value:  .word   5
status: .word   0
        .text
main:   lw      r3, [value]     ; touch the data page before fork, so the child's write copies it
        sys     fork
        beq     r0, 0, child
        li      r1, -1
        la      r2, status
        sys     wait
        lw      r1, [status]
        lw      r2, [value]
        add     r0, r1, r2      ; child's status 42 + our untouched 5
        ret
child:  li      r1, 42
        sw      r1, [value]     ; a private copy: the parent's value stays 5
        sys     exit
`;
    const r = await runSources({ 'fork.asm': src }, ['fork.asm']);
    expect(r.status).toBe(47);
    expect(r.trace.some((l) => /pagefault pid=2 page=2 kind=cow/.test(l))).toBe(true);
    expect(r.kernel.pool.used).toBe(0);
  });

  it('spawn passes argv; a missing program is -ENOENT', async () => {
    const parent = `
        .data
path:   .asciz  "child.asm"
arg:    .asciz  "hi"
none:   .asciz  "nothere.asm"
argv:   .word   path, arg, 0
        .text
main:   la      r1, none
        li      r2, 0
        sys     spawn
        mov     r6, r0          ; -2
        la      r1, path
        la      r2, argv
        sys     spawn
        mov     r1, r0
        li      r2, 0
        sys     wait
        add     r0, r6, 12      ; 10 if spawn of the missing file said -ENOENT
        ret
`;
    const child = `
main:   lw      r2, [r2 + 4]    ; argv[1]
        li      r1, 1
        li      r3, 2
        sys     write
        mov     r0, r1
        ret
`;
    const r = await runSources({ 'parent.asm': parent, 'child.asm': child }, ['parent.asm']);
    expect(r.stdout).toBe('hi');
    expect(r.status).toBe(10);
    const spawnCall = r.events.filter((e) => e.type === 'syscall' && e.fields.name === 'spawn')[1];
    expect(r.trace).toContain(`${spawnCall.tick + 1} spawn pid=2 parent=1 name=child`);
  });

  it('a pipe carries bytes from a child to its parent and reads end with EOF', async () => {
    const src = `
        .data
fds:    .word   0, 0
msg:    .ascii  "through the pipe\\n"
        .bss
buf:    .space  64
        .text
main:   la      r1, fds
        sys     pipe
        sys     fork
        beq     r0, 0, child
        lw      r1, [fds + 4]
        sys     close           ; the parent keeps only the read end
more:   lw      r1, [fds]
        la      r2, buf
        li      r3, 5           ; small reads: several round trips
        sys     read
        ble     r0, 0, eof
        mov     r3, r0
        li      r1, 1
        la      r2, buf
        sys     write
        jmp     more
eof:    li      r0, 0
        ret
child:  lw      r1, [fds + 4]
        la      r2, msg
        li      r3, 17
        sys     write
        li      r1, 0
        sys     exit
`;
    const r = await runSources({ 'pipe.asm': src }, ['pipe.asm']);
    expect(r.stdout).toBe('through the pipe\n');
    expect(r.status).toBe(0);
    expect(r.trace.some((l) => /block pid=1 on=pipe/.test(l))).toBe(true);
  });

  it('sleep n blocks from t+1 and makes the caller ready at exactly t+1+n; idle time jumps', async () => {
    const r = await runSources({ 's.asm': 'main: li r1, 500\nsys sleep\nret\n' }, ['s.asm']);
    expect(r.trace).toContain('1 syscall pid=1 name=sleep ret=-');
    expect(r.trace).toContain('2 block pid=1 on=sleep');
    expect(r.trace).toContain('502 wake pid=1');
    expect(r.kernel.idle).toBe(500);
    expect(r.kernel.clock).toBe(503);
  });

  it('STOP suspends, CONT resumes and KILL destroys: status 128 + 9', async () => {
    const src = `
        .data
status: .word   0
        .text
main:   sys     fork
        beq     r0, 0, spin
        mov     r6, r0
        li      r1, 100
        sys     sleep
        mov     r1, r6
        li      r2, 19
        sys     kill            ; STOP
        li      r1, 100
        sys     sleep
        mov     r1, r6
        li      r2, 18
        sys     kill            ; CONT
        li      r1, 100
        sys     sleep
        mov     r1, r6
        li      r2, 9
        sys     kill            ; KILL
        mov     r1, r6
        la      r2, status
        sys     wait
        lw      r0, [status]
        ret
spin:   jmp     spin
`;
    const r = await runSources({ 'k.asm': src }, ['k.asm']);
    expect(r.status).toBe(137);
    const kinds = r.events.filter((e) => e.pid === 2 && ['stop', 'cont', 'exit'].includes(e.type)).map((e) => e.type);
    expect(kinds).toEqual(['stop', 'cont', 'exit']);
    const p2 = r.kernel.acct.records()[1];
    expect(p2.spent.stopped).toBeGreaterThanOrEqual(100);
  });

  it('a fork bomb under --max-procs 64 is held to 64 slots and ends cleanly at --max-ticks, every frame and descriptor returned', async () => {
    // Every process forks until the table is full, then exits; orphans of the exited process 1 are
    // reaped, freeing slots for the next forks: like a real fork bomb it never ends by itself.
    const bomb = 'main: sys fork\nbge r0, 0, main\nli r0, 0\nret\n';
    const r = await runSources({ 'bomb.asm': bomb }, ['bomb.asm'], { maxProcs: 64, maxTicks: 200_000 });
    expect(r.events.some((e) => e.type === 'syscall' && e.fields.ret === -11)).toBe(true); // -EAGAIN
    expect(r.status).toBe(124);
    expect(r.kernel.table.size).toBeLessThanOrEqual(64);
    expect(r.kernel.acct.records().length).toBeGreaterThan(64);
    expect(r.kernel.pool.used).toBe(0);
    for (const p of r.kernel.table.values()) expect(p.fds).toEqual([]);
  });

  it('reports a deadlock with what each process waits for, status 125', async () => {
    const src = '.data\nfds: .word 0, 0\n.bss\nb: .space 4\n.text\nmain: la r1, fds\nsys pipe\nlw r1, [fds]\nla r2, b\nli r3, 1\nsys read\nret\n';
    const r = await runSources({ 'd.asm': src }, ['d.asm']);
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/^quanta: deadlock at tick \d+: \[1 d\] waits for pipe\n$/);
  });

  it('pstat reports the caller; procs counts the table; nice and settickets check their range', async () => {
    const src = `
        .bss
st:     .space  40
pids:   .space  16
        .text
main:   li      r1, 0
        la      r2, st
        sys     pstat
        lw      r6, [st + 8]    ; state: 1 running
        la      r1, pids
        li      r2, 4
        sys     procs           ; 1
        add     r6, r6, r0
        li      r1, 0
        li      r2, 20
        sys     nice            ; -EINVAL = -22
        add     r6, r6, r0
        li      r1, 0
        li      r2, 0
        sys     settickets      ; -EINVAL
        add     r0, r6, r0
        add     r0, r0, 50      ; 1 + 1 - 22 - 22 + 50 = 8
        ret
`;
    const r = await runSources({ 'p.asm': src }, ['p.asm']);
    expect(r.status).toBe(8);
  });
});
