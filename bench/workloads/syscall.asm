; syscall.asm — benchmark workload: a loop of `sys getpid`, each a trap into the kernel and back
; Calls in r3 (set by `quanta bench`), else N; exits with the number of calls made.
        .equ    N, 100000

        .text
main:   bne     r3, 0, go
        li      r3, N
go:     li      r5, 0
loop:   sys     getpid
        add     r5, r5, 1
        blt     r5, r3, loop
        mov     r1, r5
        sys     exit
