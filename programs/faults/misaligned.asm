; misaligned.asm — a word load from an address that is not a multiple of 4: BUS (status 135)
        .data
words:  .word   1, 2
        .text
main:   la      r2, words
        lw      r1, [r2 + 2]
        ret
