; head.asm — print the first N lines (default 10) of a file or of stdin: head [-n N] [FILE]
; Try: quanta run programs/head.asm -n 3 programs/fib.asm
        .data
usage:  .asciz  "usage: head [-n N] [FILE]"
opt_n:  .asciz  "-n"
prog:   .asciz  "head"

        .text
main:   push    r6
        push    r7
        push    r8
        push    r9
        mov     r6, r1          ; argc
        mov     r7, r2          ; argv, moved along as options are used
        li      r8, 10          ; N
        li      r9, 0           ; fd
        add     r7, r7, 4       ; skip the program's path
        sub     r6, r6, 1
        blt     r6, 1, go
        lw      r1, [r7]
        la      r2, opt_n
        call    strcmp
        bne     r0, 0, file
        blt     r6, 2, bad
        lw      r1, [r7 + 4]
        call    atoi
        lbu     r1, [r1]        ; the whole argument must be a number
        bne     r1, 0, bad
        blt     r0, 0, bad
        mov     r8, r0
        add     r7, r7, 8
        sub     r6, r6, 2
file:   blt     r6, 1, go
        bgt     r6, 1, bad
        lw      r1, [r7]
        la      r2, prog
        call    openfile
        mov     r9, r0
        bge     r0, 0, go
        li      r0, 1
        jmp     out
go:     beq     r8, 0, ok
line:   mov     r1, r9
        call    fgetc
        blt     r0, 0, ok
        mov     r1, r0
        push    r0
        call    putc
        pop     r0
        bne     r0, 10, line
        sub     r8, r8, 1
        bne     r8, 0, line
ok:     call    flush
        li      r0, 0
out:    pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret
bad:    la      r1, usage
        call    die

        .include "lib/std.asm"
