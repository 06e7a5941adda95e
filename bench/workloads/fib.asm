; fib.asm — benchmark workload: recursive Fibonacci (call/ret, push/pop on the stack)
; n in r3 (set by `quanta bench`), else N; exits with fib(n) as its status.
        .equ    N, 35

        .text
main:   bne     r3, 0, go
        li      r3, N
go:     mov     r1, r3
        call    fib
        mov     r1, r0
        sys     exit

; fib(r1 = n) -> r0
fib:    blt     r1, 2, small
        push    r1
        sub     r1, r1, 1
        call    fib
        pop     r1
        push    r0
        sub     r1, r1, 2
        call    fib
        pop     r2
        add     r0, r0, r2
        ret
small:  mov     r0, r1
        ret
