; wc.asm — count lines, words and bytes of each file named (or of stdin), with a total for several
; Try: quanta run programs/wc.asm programs/hello.asm programs/echo.asm     or     echo a b c | quanta run programs/wc.asm
        .data
f_count: .asciz "%7d %7d %7d"
f_name: .asciz  " %s\n"
total:  .asciz  "total"
prog:   .asciz  "wc"
        .bss
lines:  .space  4
words:  .space  4
bytes:  .space  4
tl:     .space  4
tw:     .space  4
tb:     .space  4

        .text
main:   push    r6
        push    r7
        push    r8
        push    r9
        mov     r6, r1          ; argc
        mov     r7, r2          ; argv
        li      r9, 0           ; exit status
        bgt     r6, 1, files
        li      r1, 0
        call    count
        la      r1, f_count
        lw      r2, [lines]
        lw      r3, [words]
        lw      r4, [bytes]
        call    printf
        call    newline
        jmp     done
files:  li      r8, 1
each:   bge     r8, r6, totals
        shl     r1, r8, 2
        add     r1, r1, r7
        lw      r1, [r1]
        la      r2, prog
        call    openfile
        bge     r0, 0, opened
        li      r9, 1
        jmp     next
opened: push    r0
        mov     r1, r0
        call    count
        pop     r1
        sys     close
        la      r1, f_count
        lw      r2, [lines]
        lw      r3, [words]
        lw      r4, [bytes]
        call    printf
        shl     r2, r8, 2
        add     r2, r2, r7
        lw      r2, [r2]
        la      r1, f_name
        call    printf
        lw      r1, [lines]     ; add to the totals
        lw      r2, [tl]
        add     r2, r2, r1
        sw      r2, [tl]
        lw      r1, [words]
        lw      r2, [tw]
        add     r2, r2, r1
        sw      r2, [tw]
        lw      r1, [bytes]
        lw      r2, [tb]
        add     r2, r2, r1
        sw      r2, [tb]
next:   add     r8, r8, 1
        jmp     each
totals: ble     r6, 2, done     ; one file: no total line
        la      r1, f_count
        lw      r2, [tl]
        lw      r3, [tw]
        lw      r4, [tb]
        call    printf
        la      r1, f_name
        la      r2, total
        call    printf
done:   call    flush
        mov     r0, r9
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

; count(r1 = fd): set lines, words and bytes for everything read from fd
count:  push    r6
        push    r7
        push    r8
        push    r9
        push    r10
        mov     r6, r1
        li      r7, 0           ; lines
        li      r8, 0           ; words
        li      r9, 0           ; bytes
        li      r10, 0          ; 1 inside a word
byte:   mov     r1, r6
        call    fgetc
        blt     r0, 0, counted
        add     r9, r9, 1
        bne     r0, 10, notnl
        add     r7, r7, 1
notnl:  mov     r1, r0
        call    isspace
        beq     r0, 0, inword
        li      r10, 0
        jmp     byte
inword: bne     r10, 0, byte
        li      r10, 1
        add     r8, r8, 1
        jmp     byte
counted:
        sw      r7, [lines]
        sw      r8, [words]
        sw      r9, [bytes]
        pop     r10
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
