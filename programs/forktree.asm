; forktree.asm — fork/wait: a tree of processes (each level forks two children, DEPTH levels, default 2), every parent reaps its children
; What to observe: fork returns twice — the child's pid in the parent, 0 in the child — and both go
; on from the same instruction with a copy of the same memory (here, `depth`). Each process exits
; with status 10 + depth; each parent waits for its two children and prints their statuses. The
; order of the lines is the scheduler's: compare `--policy fifo` (each process runs until it blocks
; in wait or exits) with `rr --quantum 50`; `--trace=sched` shows every fork (spawn), block on=child,
; wake and exit. Output is line-buffered: a buffer with half a line in it at fork would be printed twice.
; Try: quanta run --trace=sched programs/forktree.asm 2
        .data
f_hello: .asciz "pid %d (parent %d) at depth %d\n"
f_child: .asciz "pid %d: child %d exited with status %d\n"
f_fail:  .asciz "pid %d: fork failed: %s\n"
        .bss
depth:  .space  4
maxd:   .space  4
status: .space  4

        .text
main:   push    r6
        push    r7
        li      r0, 2
        blt     r1, 2, go
        lw      r1, [r2 + 4]
        call    atoi
go:     sw      r0, [maxd]
level:  sys     getpid          ; print who we are
        mov     r2, r0
        sys     getppid
        mov     r3, r0
        lw      r4, [depth]
        la      r1, f_hello
        call    printf
        lw      r1, [depth]
        lw      r2, [maxd]
        bge     r1, r2, leaf
        li      r6, 0           ; children forked
spawn2: sys     fork
        blt     r0, 0, failed
        bne     r0, 0, parent
        lw      r1, [depth]     ; the child: one level deeper, and start over
        add     r1, r1, 1
        sw      r1, [depth]
        jmp     level
parent: add     r6, r6, 1
        blt     r6, 2, spawn2
reap:   li      r1, -1          ; wait for any child, twice
        la      r2, status
        sys     wait
        blt     r0, 0, leaf
        mov     r3, r0
        sys     getpid
        mov     r2, r0
        lw      r4, [status]
        la      r1, f_child
        call    printf
        sub     r6, r6, 1
        bgt     r6, 0, reap
leaf:   call    flush
        lw      r0, [depth]
        add     r0, r0, 10
        pop     r7
        pop     r6
        ret                     ; every process returns here: same code, its own stack
failed: mov     r1, r0
        call    strerror
        mov     r3, r0
        sys     getpid
        mov     r2, r0
        li      r1, 2
        push    r3
        mov     r3, r2          ; fprintf(2, f_fail, pid, error)
        pop     r4
        la      r2, f_fail
        call    fprintf
        jmp     reap

        .include "lib/std.asm"
