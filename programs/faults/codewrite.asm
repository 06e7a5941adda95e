; codewrite.asm — write into the code segment, which is read + execute only: SEGV
        .text
main:   la      r2, main
        sw      r0, [r2]
        ret
