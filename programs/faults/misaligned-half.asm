; misaligned-half.asm — a half-word store to an odd address: BUS, checked before the page
        .text
main:   li      r2, 0x800001
        sh      r1, [r2]
        ret
