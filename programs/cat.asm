; cat.asm — copy each file named in argv (or stdin if none) to stdout
; Try: echo hi | quanta run programs/cat.asm      or      quanta run programs/cat.asm programs/hello.asm
        .equ    BUFSIZE, 256
        .bss
buf:    .space  BUFSIZE

        .data
cannot: .asciz  "cat: cannot open "
newline_s: .asciz "\n"

        .text
main:   push    r6
        push    r7
        push    r8
        mov     r6, r1          ; argc
        mov     r7, r2          ; argv
        bgt     r6, 1, files
        li      r1, 0
        call    copy            ; no arguments: stdin
        jmp     done
files:  li      r8, 1
each:   bge     r8, r6, done
        shl     r1, r8, 2
        add     r1, r1, r7
        lw      r1, [r1]
        push    r1
        li      r2, 0           ; read-only
        sys     open
        pop     r2
        blt     r0, 0, failed
        mov     r1, r0
        call    copy
        add     r8, r8, 1
        jmp     each
failed: push    r2              ; the path
        li      r1, 2
        la      r2, cannot
        call    fputs
        pop     r2
        li      r1, 2
        call    fputs
        li      r1, 2
        la      r2, newline_s
        call    fputs
        call    flush
        li      r0, 1
        jmp     out
done:   li      r0, 0
out:    pop     r8
        pop     r7
        pop     r6
        ret

; copy(r1 = fd): write everything read from fd to stdout, then close fd
copy:   push    r6
        mov     r6, r1
more:   mov     r1, r6
        la      r2, buf
        li      r3, BUFSIZE
        sys     read
        ble     r0, 0, eof
        mov     r3, r0
        li      r1, 1
        la      r2, buf
        sys     write
        jmp     more
eof:    mov     r1, r6
        sys     close
        pop     r6
        ret

        .include "lib/std.asm"
