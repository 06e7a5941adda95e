; cpuio.asm — a CPU-bound and I/O-bound mix for comparing scheduling policies: 2 processes compute, 2 alternate short bursts with sleeps
; What to observe: each child prints, from pstat, its cpu ticks, its ticks spent ready but waiting
; for the CPU, and its turnaround (exit tick - start tick). Compare the policies:
;   quanta run --policy fifo programs/cpuio.asm     the I/O-bound ones wait behind whole CPU bursts
;   quanta run --policy rr --quantum 1000 programs/cpuio.asm
;   quanta run --policy mlfq --quantum 1000 programs/cpuio.asm   I/O-bound ones keep a high priority
; and add --trace=sched to see every dispatch, or --stats for the kernel's own table.
        .equ    CPU_LOOPS, 30000        ; ≈ 90000 ticks of computing
        .equ    IO_ROUNDS, 10
        .equ    IO_BURST, 100           ; loops per burst (≈ 300 ticks)
        .equ    IO_SLEEP, 2000
        .data
f_done: .asciz  "%s pid %d: cpu %d, ready-wait %d, "
f_turn: .asciz  "turnaround %d\n"
n_cpu:  .asciz  "cpu-bound"
n_io:   .asciz  "io-bound "
        .bss
st:     .space  40

        .text
main:   push    r6
        li      r6, 0           ; children: cpu, io, cpu, io
forkl:  sys     fork
        beq     r0, 0, child
        add     r6, r6, 1
        blt     r6, 4, forkl
reap:   li      r1, -1
        li      r2, 0
        sys     wait
        bge     r0, 0, reap     ; until -ECHILD
        call    flush
        li      r0, 0
        pop     r6
        ret

child:  and     r1, r6, 1
        bne     r1, 0, io
        li      r1, CPU_LOOPS
spin:   sub     r1, r1, 1       ; three ticks a loop
        nop
        bne     r1, 0, spin
        la      r1, n_cpu
        jmp     report
io:     li      r2, IO_ROUNDS
round:  li      r1, IO_BURST
burst:  sub     r1, r1, 1
        nop
        bne     r1, 0, burst
        li      r1, IO_SLEEP    ; "wait for the device"
        sys     sleep
        sub     r2, r2, 1
        bne     r2, 0, round
        la      r1, n_io
report: push    r1
        li      r1, 0
        la      r2, st
        sys     pstat
        pop     r2
        sys     getpid
        mov     r3, r0
        lw      r4, [st + 20]   ; cpu ticks
        lw      r5, [st + 24]   ; ready-wait ticks
        la      r1, f_done
        call    printf
        sys     time
        lw      r2, [st + 28]   ; start tick
        sub     r2, r0, r2
        la      r1, f_turn
        call    printf
        call    flush
        li      r0, 0
        pop     r6
        ret

        .include "lib/std.asm"
