; zombie.asm — a zombie: a child that has exited stays in the process table until its parent waits for it
; What to observe: the child exits at once with status 7; the parent sleeps, then lists the
; table (procs + pstat): the child is still there, state 4 (zombie), holding its slot. After
; wait collects its status the slot is free. `--max-procs 2` with more children would run out of
; slots: zombies count. Try: quanta run --trace=sched programs/zombie.asm
        .data
f_row:  .asciz  "  pid %d: parent %d, state %s\n"
f_list: .asciz  "%s (%d in the table):\n"
before: .asciz  "before wait"
after:  .asciz  "after wait"
f_wait: .asciz  "wait -> pid %d, status %d\n"
states: .word   s0, s1, s2, s3, s4
s0:     .asciz  "ready"
s1:     .asciz  "running"
s2:     .asciz  "blocked"
s3:     .asciz  "stopped"
s4:     .asciz  "zombie"
        .bss
pids:   .space  64
st:     .space  40
status: .space  4

        .text
main:   sys     fork
        bne     r0, 0, parent
        li      r0, 7           ; the child: exit at once
        ret
parent: li      r1, 1000        ; give it time to exit
        sys     sleep
        la      r1, before
        call    table
        li      r1, -1
        la      r2, status
        sys     wait
        mov     r2, r0
        lw      r3, [status]
        la      r1, f_wait
        call    printf
        la      r1, after
        call    table
        call    flush
        li      r0, 0
        ret

; table(r1 = title): list the process table
table:  push    r6
        push    r7
        push    r1
        la      r1, pids
        li      r2, 16
        sys     procs
        mov     r6, r0
        pop     r2
        mov     r3, r6
        la      r1, f_list
        call    printf
        li      r7, 0
row:    bge     r7, r6, done
        shl     r1, r7, 2
        lw      r1, [r1 + pids]
        la      r2, st
        sys     pstat
        lw      r4, [st + 8]
        shl     r4, r4, 2
        lw      r4, [r4 + states]
        lw      r2, [st]
        lw      r3, [st + 4]
        la      r1, f_row
        call    printf
        add     r7, r7, 1
        jmp     row
done:   pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
