; hello.asm — write a greeting and exit with status 0
        .data
msg:    .asciz  "Hello, world!\n"
        .equ    LEN, 14

        .text
        .entry  main
main:   li      r1, 1           ; fd 1 = stdout
        la      r2, msg
        li      r3, LEN
        sys     write
        li      r1, 0
        sys     exit
