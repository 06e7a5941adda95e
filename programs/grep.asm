; grep.asm — print the lines that contain a fixed string: grep [-v] [-n] [-c] STRING [FILE…]
; -v: lines that do not contain it; -n: with line numbers; -c: only the count of such lines.
; Status 0 if a line was selected, 1 if none, 2 on an error. Lines are cut at 1023 bytes.
; Try: quanta run programs/grep.asm -n call programs/fib.asm
        .equ    LINEMAX, 1024
        .equ    OPT_V, 1
        .equ    OPT_N, 2
        .equ    OPT_C, 4
        .data
usage:  .asciz  "usage: grep [-v] [-n] [-c] STRING [FILE...]"
prog:   .asciz  "grep"
letters: .asciz "vnc"           ; getflags sets OPT_V, OPT_N, OPT_C: bits in this order
f_file: .asciz  "%s:"
f_num:  .asciz  "%d:"
f_cnt:  .asciz  "%d\n"
        .bss
line:   .space  LINEMAX
opts:   .space  4
pattern: .space 4
found:  .space  4               ; lines selected, all files
nfiles: .space  4

        .text
main:   push    r6
        push    r7
        push    r8
        la      r3, letters
        call    getflags
        blt     r0, 0, bad
        blt     r1, 1, bad      ; no STRING
        sw      r0, [opts]
        mov     r6, r1          ; arguments left
        mov     r7, r2          ; the next one
        lw      r1, [r7]
        sw      r1, [pattern]
        add     r7, r7, 4
        sub     r6, r6, 1
        sw      r6, [nfiles]
        li      r8, 0           ; 2 once a file cannot be opened
        bgt     r6, 0, each
        li      r1, 0           ; no files: stdin
        li      r2, 0
        call    search
        jmp     finish
each:   ble     r6, 0, finish
        lw      r1, [r7]
        la      r2, prog
        call    openfile
        bge     r0, 0, opened
        li      r8, 2
        jmp     next
opened: push    r0
        mov     r1, r0
        lw      r2, [r7]
        call    search
        pop     r1
        sys     close
next:   add     r7, r7, 4
        sub     r6, r6, 1
        jmp     each
finish: call    flush
        mov     r0, r8
        bne     r8, 0, out      ; an error: 2
        lw      r1, [found]
        seq     r0, r1, 0       ; 1 if no line was selected
out:    pop     r8
        pop     r7
        pop     r6
        ret
bad:    li      r1, 2
        la      r2, usage
        call    fputs
        li      r1, 2
        li      r2, 10
        call    fputc
        li      r1, 2
        call    quit

; search(r1 = fd, r2 = file name to show, 0 for none): print (or count) the selected lines
search: push    r6
        push    r7
        push    r8
        push    r9
        mov     r6, r1
        mov     r7, r2
        lw      r1, [nfiles]    ; the name is shown only with several files
        bgt     r1, 1, named
        li      r7, 0
named:  li      r8, 0           ; line number
        li      r9, 0           ; selected here
more:   mov     r1, r6
        la      r2, line
        li      r3, LINEMAX
        call    readline
        blt     r0, 0, ended
        add     r8, r8, 1
        la      r1, line
        lw      r2, [pattern]
        call    strstr
        sne     r0, r0, 0       ; 1 if it contains the string
        lw      r1, [opts]
        and     r1, r1, OPT_V
        sne     r1, r1, 0
        beq     r0, r1, more    ; not selected
        add     r9, r9, 1
        lw      r1, [opts]
        and     r1, r1, OPT_C
        bne     r1, 0, more
        beq     r7, 0, noname
        la      r1, f_file
        mov     r2, r7
        call    printf
noname: lw      r1, [opts]
        and     r1, r1, OPT_N
        beq     r1, 0, text
        la      r1, f_num
        mov     r2, r8
        call    printf
text:   la      r1, line
        call    puts
        call    newline
        jmp     more
ended:  lw      r1, [found]
        add     r1, r1, r9
        sw      r1, [found]
        lw      r1, [opts]
        and     r1, r1, OPT_C
        beq     r1, 0, done
        beq     r7, 0, cnt
        la      r1, f_file
        mov     r2, r7
        call    printf
cnt:    la      r1, f_cnt
        mov     r2, r9
        call    printf
done:   pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
