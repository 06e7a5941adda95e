; divzero.asm — integer division by zero: FPE (status 136)
        .text
main:   li      r1, 7
        li      r2, 0
        div     r3, r1, r2
        ret
