; fib.asm — recursive Fibonacci: call/ret, push/pop and the stack at work
; Try: quanta run programs/fib.asm 25
        .data
prefix: .asciz  "fib("
middle: .asciz  ") = "

        .text
main:   push    r6
        li      r6, 20          ; default n
        blt     r1, 2, go       ; no argument
        lw      r1, [r2 + 4]    ; argv[1]
        call    atoi
        mov     r6, r0
go:     la      r1, prefix
        call    puts
        mov     r1, r6
        call    print_int
        la      r1, middle
        call    puts
        mov     r1, r6
        call    fib
        mov     r1, r0
        call    print_int
        call    newline
        call    flush
        li      r0, 0
        pop     r6
        ret

; fib(r1 = n) -> r0
fib:    blt     r1, 2, small
        push    r1
        sub     r1, r1, 1
        call    fib             ; fib(n - 1)
        pop     r1
        push    r0
        sub     r1, r1, 2
        call    fib             ; fib(n - 2)
        pop     r2
        add     r0, r0, r2
        ret
small:  mov     r0, r1
        ret

        .include "lib/std.asm"
