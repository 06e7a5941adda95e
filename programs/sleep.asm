; sleep.asm — block for N ticks of virtual time: sleep N; the clock jumps ahead when nothing else can run
; Try: quanta run --trace=sched programs/sleep.asm 1000
        .data
usage:  .asciz  "usage: sleep TICKS"
        .text
main:   bne     r1, 2, bad
        lw      r1, [r2 + 4]
        call    atoi
        lbu     r1, [r1]
        bne     r1, 0, bad
        blt     r0, 0, bad
        mov     r1, r0
        sys     sleep
        li      r0, 0
        ret
bad:    la      r1, usage
        call    die

        .include "lib/std.asm"
