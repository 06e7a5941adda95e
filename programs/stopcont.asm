; stopcont.asm — suspend and resume: the parent STOPs a ticking child, shows its state, CONTs it, then TERMinates it
; What to observe: the child prints a line with the clock every 2000 ticks or so; while it is stopped
; there are no lines (the gap in the ticks), pstat reports state 3 (stopped), and a stopped process
; gets no CPU even though it is not blocked. TERM ends it: wait reports status 128 + 15 = 143.
; A process that wakes does not preempt the running one: the parent, woken after its sleep, waits
; for the end of the child's quantum (compare --quantum 500).
; Try: quanta run --trace=sched programs/stopcont.asm
        .data
f_tick: .asciz  "  child: tick %d\n"
f_stop: .asciz  "parent: kill(%d, STOP) at tick %d; child state %d\n"
f_cont: .asciz  "parent: kill(%d, CONT) at tick %d; child state %d\n"
f_term: .asciz  "parent: kill(%d, TERM) at tick %d\n"
f_wait: .asciz  "parent: child %d ended with status %d\n"
        .bss
st:     .space  40
status: .space  4

        .text
main:   push    r6
        sys     fork
        beq     r0, 0, child
        mov     r6, r0
        li      r1, 5000
        sys     sleep
        mov     r1, r6
        li      r2, 19          ; STOP
        sys     kill
        la      r1, f_stop
        call    report
        li      r1, 8000        ; the child cannot run now, even though we sleep
        sys     sleep
        mov     r1, r6
        li      r2, 18          ; CONT
        sys     kill
        la      r1, f_cont
        call    report
        li      r1, 5000
        sys     sleep
        mov     r1, r6
        li      r2, 15          ; TERM
        sys     kill
        sys     time
        mov     r3, r0
        la      r1, f_term
        mov     r2, r6
        call    printf
        mov     r1, r6
        la      r2, status
        sys     wait
        mov     r2, r0
        la      r1, f_wait
        lw      r3, [status]
        call    printf
        call    flush
        li      r0, 0
        pop     r6
        ret

; report(r1 = format): print it with the child's pid (r6), the clock and the child's state
report: push    r7
        mov     r7, r1
        mov     r1, r6
        la      r2, st
        sys     pstat
        sys     time
        mov     r3, r0
        mov     r1, r7
        mov     r2, r6
        lw      r4, [st + 8]
        call    printf
        pop     r7
        ret

child:  sys     time
        mov     r2, r0
        la      r1, f_tick
        call    printf
        li      r1, 600         ; ≈ 1800 ticks of work
spin:   sub     r1, r1, 1
        nop
        bne     r1, 0, spin
        jmp     child

        .include "lib/std.asm"
