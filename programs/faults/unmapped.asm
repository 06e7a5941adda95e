; unmapped.asm — read from a page between the heap and the stack: SEGV
        .text
main:   li      r2, 0x800000
        lw      r1, [r2 + 8]
        ret
