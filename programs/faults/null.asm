; null.asm — store through a null pointer: SEGV (status 139), page 0 is never mapped
        .text
main:   li      r1, 42
        li      r2, 0
        sw      r1, [r2]
        ret
