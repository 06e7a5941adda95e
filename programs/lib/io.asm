; lib/io.asm — string and number output, and atoi.
; Calling convention: arguments in r1–r5, result in r0; r0–r5 may be clobbered,
; r6–r13, fp and sp are preserved by the callee.
        .text

; strlen(r1 = string) -> r0 = its length in bytes
strlen: mov     r0, r1
strlen_next:
        lbu     r2, [r0]
        beq     r2, 0, strlen_done
        add     r0, r0, 1
        jmp     strlen_next
strlen_done:
        sub     r0, r0, r1
        ret

; puts(r1 = string): write it to stdout, no newline added
puts:   mov     r2, r1
        li      r1, 1
        ; fall through

; fputs(r1 = fd, r2 = string): write the string to fd
fputs:  push    r2
        push    r1
        mov     r1, r2
        call    strlen
        pop     r1
        pop     r2
        mov     r3, r0
        sys     write
        ret

; putc(r1 = character): write one byte to stdout
putc:   push    r1              ; the byte is at [sp] (little-endian)
        li      r1, 1
        mov     r2, sp
        li      r3, 1
        sys     write
        pop     r1
        ret

; print_uint(r1 = value): write it in unsigned decimal
print_uint:
        enter   12              ; digits are built backwards below fp
        mov     r2, fp
        mov     r4, r1
print_uint_digit:
        remu    r3, r4, 10
        add     r3, r3, '0'
        sub     r2, r2, 1
        sb      r3, [r2]
        divu    r4, r4, 10
        bne     r4, 0, print_uint_digit
        li      r1, 1
        sub     r3, fp, r2
        sys     write           ; write(1, first digit, count)
        leave
        ret

; print_int(r1 = value): write it in signed decimal
print_int:
        bge     r1, 0, print_uint
        push    r1
        li      r1, '-'
        call    putc
        pop     r1
        neg     r1, r1
        jmp     print_uint

; newline(): write "\n"
newline:
        li      r1, 10
        jmp     putc

; atoi(r1 = string) -> r0: optional '-', then decimal digits up to the first non-digit
atoi:   li      r0, 0
        li      r3, 0           ; r3 = 1 if negative
        lbu     r2, [r1]
        bne     r2, '-', atoi_digit
        li      r3, 1
        add     r1, r1, 1
atoi_digit:
        lbu     r2, [r1]
        blt     r2, '0', atoi_done
        bgt     r2, '9', atoi_done
        mul     r0, r0, 10
        add     r0, r0, r2
        sub     r0, r0, '0'
        add     r1, r1, 1
        jmp     atoi_digit
atoi_done:
        beq     r3, 0, atoi_ret
        neg     r0, r0
atoi_ret:
        ret
