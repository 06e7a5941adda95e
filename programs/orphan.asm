; orphan.asm — an orphan: a child whose parent exits first is adopted by process 1, which can then wait for it
; Process 1 (this program) forks a child (pid 2), which forks a grandchild (pid 3) and exits at
; soon after. The grandchild, sleeping meanwhile, finds that its parent is now 1. Process 1 waits for
; every process it is responsible for: its child and, after the adoption, the grandchild too.
; Try: quanta run --trace=sched programs/orphan.asm
        .data
f_before: .asciz "grandchild %d: my parent is %d\n"
f_after: .asciz "grandchild %d: after my parent exited, my parent is %d\n"
f_exit: .asciz  "child %d: forked %d, exiting\n"
f_wait: .asciz  "process 1: reaped pid %d, status %d\n"
f_none: .asciz  "process 1: no children left\n"
        .bss
status: .space  4

        .text
main:   sys     fork
        beq     r0, 0, child
reap:   li      r1, -1          ; process 1: reap until there is nobody left
        la      r2, status
        sys     wait
        blt     r0, 0, none
        mov     r2, r0
        lw      r3, [status]
        la      r1, f_wait
        call    printf
        jmp     reap
none:   la      r1, f_none
        call    printf
        call    flush
        li      r0, 0
        ret

child:  sys     fork
        beq     r0, 0, grandchild
        push    r0
        li      r1, 1000        ; let the grandchild run first
        sys     sleep
        pop     r3
        sys     getpid
        mov     r2, r0
        la      r1, f_exit
        call    printf
        call    flush
        li      r0, 2
        ret

grandchild:
        sys     getpid
        mov     r2, r0
        sys     getppid
        mov     r3, r0
        la      r1, f_before
        call    printf
        li      r1, 5000        ; long enough for the parent to exit
        sys     sleep
        sys     getpid
        mov     r2, r0
        sys     getppid
        mov     r3, r0
        la      r1, f_after
        call    printf
        call    flush
        li      r0, 3
        ret

        .include "lib/std.asm"
