; echo.asm — print the arguments, separated by spaces, then a newline
; Try: quanta run programs/echo.asm hello there
        .text
main:   push    r6
        push    r7
        push    r8
        mov     r6, r1          ; argc
        mov     r7, r2          ; argv
        li      r8, 1           ; skip argv[0], the program's path
next:   bge     r8, r6, done
        shl     r1, r8, 2
        add     r1, r7, r1
        lw      r1, [r1]        ; argv[i]
        call    puts
        add     r8, r8, 1
        bge     r8, r6, done
        li      r1, ' '
        call    putc
        jmp     next
done:   call    newline
        call    flush           ; lib output is buffered: flush before exiting
        li      r0, 0           ; returning from main exits with status r0
        pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
