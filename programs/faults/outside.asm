; outside.asm — call through a pointer past the end of the code: SEGV at the target address
        .text
main:   li      r1, 0x900000
        call    r1
        ret
