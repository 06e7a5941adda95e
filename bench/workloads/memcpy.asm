; memcpy.asm — benchmark workload: a word-copy loop (lw/sw) between two .bss buffers
; Passes in r3 (set by `quanta bench`), else PASSES; exits with the last word copied.
        .equ    WORDS, 16384
        .equ    PASSES, 16

        .bss
src:    .space  WORDS * 4
dst:    .space  WORDS * 4

        .text
main:   bne     r3, 0, go
        li      r3, PASSES
go:     la      r4, src         ; fill src with 0, 1, 2, …
        li      r5, 0
fill:   sw      r5, [r4]
        add     r4, r4, 4
        add     r5, r5, 1
        blt     r5, WORDS, fill
        li      r8, 0           ; pass
pass:   la      r4, src
        la      r5, dst
        la      r6, src + WORDS * 4
copy:   lw      r7, [r4]
        sw      r7, [r5]
        add     r4, r4, 4
        add     r5, r5, 4
        bltu    r4, r6, copy
        add     r8, r8, 1
        blt     r8, r3, pass
        lw      r1, [r5 - 4]
        sys     exit
