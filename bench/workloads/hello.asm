; hello.asm — start-up workload: docs/LANGUAGE.md's greeting, so that start-up time is almost all host work
        .data
msg:    .asciz  "Hello, world!\n"
        .equ    LEN, 14

        .text
main:   li      r1, 1
        la      r2, msg
        li      r3, LEN
        sys     write
        li      r1, 0
        sys     exit
