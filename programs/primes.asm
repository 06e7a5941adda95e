; primes.asm — print the first N primes (default 30) by trial division, ten to a line
; Try: quanta run programs/primes.asm 50
        .data
f_num:  .asciz  "%6d"
        .text
main:   push    r6
        push    r7
        push    r8
        li      r6, 30          ; N
        blt     r1, 2, go
        lw      r1, [r2 + 4]
        call    atoi
        mov     r6, r0
go:     li      r7, 0           ; printed
        li      r8, 2           ; candidate
next:   bge     r7, r6, done
        li      r2, 2           ; divisor
try:    mul     r3, r2, r2
        bgt     r3, r8, prime   ; no divisor up to its square root
        rem     r3, r8, r2
        beq     r3, 0, notp
        add     r2, r2, 1
        jmp     try
prime:  la      r1, f_num
        mov     r2, r8
        call    printf
        add     r7, r7, 1
        rem     r1, r7, 10
        bne     r1, 0, notp
        call    newline
notp:   add     r8, r8, 1
        jmp     next
done:   rem     r1, r7, 10      ; finish a partial last line
        beq     r1, 0, out
        call    newline
out:    call    flush
        li      r0, 0
        pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
