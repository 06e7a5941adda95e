; sort.asm — sort the lines of a file or of stdin: sort [-r] [-n] [FILE]
; -r: reverse order; -n: by the number each line starts with. Lines live on the heap (malloc, an
; array grown with realloc) and are sorted with the library's qsort and a comparison function.
; Try: printf 'pear\napple\nfig\n' | quanta run programs/sort.asm
        .equ    LINEMAX, 1024
        .equ    OPT_R, 1
        .equ    OPT_N, 2
        .data
usage:  .asciz  "usage: sort [-r] [-n] [FILE]"
prog:   .asciz  "sort"
letters: .asciz "rn"            ; getflags sets OPT_R, OPT_N: bits in this order
nomem:  .asciz  "sort: out of memory"
        .bss
line:   .space  LINEMAX
lines:  .space  4               ; array of pointers to the lines
count:  .space  4
cap:    .space  4
opts:   .space  4

        .text
main:   push    r6
        push    r8
        la      r3, letters
        call    getflags
        blt     r0, 0, bad
        sw      r0, [opts]
        li      r8, 0           ; fd
        blt     r1, 1, input    ; no FILE: stdin
        bgt     r1, 1, bad
        lw      r1, [r2]
        la      r2, prog
        call    openfile
        mov     r8, r0
        bge     r0, 0, input
        li      r0, 2
        jmp     out
input:  mov     r1, r8
        la      r2, line
        li      r3, LINEMAX
        call    readline
        blt     r0, 0, sort
        add     r1, r0, 1
        call    malloc          ; a copy of the line
        beq     r0, 0, full
        mov     r6, r0
        mov     r1, r0
        la      r2, line
        call    strcpy
        lw      r1, [count]     ; room for one more pointer?
        lw      r2, [cap]
        blt     r1, r2, store
        shl     r2, r2, 1       ; double the array (at least 16)
        bge     r2, 16, grow
        li      r2, 16
grow:   sw      r2, [cap]
        shl     r2, r2, 2
        lw      r1, [lines]
        call    realloc
        beq     r0, 0, full
        sw      r0, [lines]
store:  lw      r1, [count]
        lw      r2, [lines]
        shl     r3, r1, 2
        add     r3, r3, r2
        sw      r6, [r3]
        add     r1, r1, 1
        sw      r1, [count]
        jmp     input
sort:   lw      r1, [lines]
        lw      r2, [count]
        la      r3, compare
        call    qsort
        li      r6, 0
print:  lw      r1, [count]
        bge     r6, r1, done
        lw      r1, [lines]
        shl     r2, r6, 2
        add     r1, r1, r2
        lw      r1, [r1]
        call    puts
        call    newline
        add     r6, r6, 1
        jmp     print
done:   call    flush
        li      r0, 0
out:    pop     r8
        pop     r6
        ret
full:   la      r1, nomem
        call    die
bad:    la      r1, usage
        call    die

; compare(r1 = line a, r2 = line b) -> r0 < 0 if a goes first: by text or by number, maybe reversed
compare:
        lw      r4, [opts]
        and     r3, r4, OPT_R
        beq     r3, 0, forward
        mov     r3, r1
        mov     r1, r2
        mov     r2, r3
forward:
        and     r3, r4, OPT_N
        beq     r3, 0, strcmp
        push    r6
        push    r7
        mov     r7, r2
        call    atoi
        mov     r6, r0
        mov     r1, r7
        call    atoi
        slt     r1, r6, r0      ; compare, not subtract: a difference could overflow
        slt     r0, r0, r6
        sub     r0, r0, r1
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
