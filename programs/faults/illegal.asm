; illegal.asm — execute a word that is no instruction: ILL (status 132)
        .text
main:   nop
        .word   0xff
