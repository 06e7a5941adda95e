; loop.asm — benchmark workload: a tight arithmetic loop (add, xor, shift, sub, counted branch)
; Iterations in r3 (set by `quanta bench`), else N; exits with the accumulator as its status.
        .equ    N, 100000000

        .text
main:   bne     r3, 0, go
        li      r3, N
go:     li      r4, 0           ; accumulator
        li      r5, 0           ; i
loop:   add     r4, r4, r5
        xor     r4, r4, 0x55
        shl     r6, r4, 3
        sub     r4, r6, r4      ; acc * 7
        add     r5, r5, 1
        blt     r5, r3, loop
        mov     r1, r4
        sys     exit
