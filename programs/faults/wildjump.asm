; wildjump.asm — jump to the data segment, which is not executable: SEGV
        .data
table:  .word   0
        .text
main:   la      r1, table
        jmp     r1
