; false.asm — do nothing, unsuccessfully: exit status 1
        .text
main:   li      r0, 1
        ret
