; nice.asm — nice and settickets: three CPU-bound children with different nice values and tickets count loops until a deadline
; Child k (k = 0, 1, 2) sets nice 5k and 100(k+1) tickets, then loops until the clock reaches the
; deadline and prints how many loops it managed: its share of the CPU. What to observe:
;   --policy rr        nice and tickets are ignored: equal shares
;   --policy priority  only the best priority (lowest nice) runs while it is ready
;   --policy lottery   shares near 1:2:3, as the tickets (random, but fixed by --seed)
;   --policy stride    shares 1:2:3 exactly, deterministically
;   --policy cfs       shares by nice weight (each nice step is ~1.25× less CPU)
; Try: quanta run --policy stride --quantum 1000 programs/nice.asm
        .equ    DEADLINE, 300000
        .data
f_res:  .asciz  "child %d: nice %2d, tickets %3d: %6d loops\n"
        .bss
loops:  .space  4

        .text
main:   push    r6
        li      r6, 0
forkl:  sys     fork
        beq     r0, 0, child
        add     r6, r6, 1
        blt     r6, 3, forkl
reap:   li      r1, -1
        li      r2, 0
        sys     wait
        bge     r0, 0, reap
        li      r0, 0
        pop     r6
        ret

child:  li      r1, 0           ; nice(self, 5k)
        mul     r2, r6, 5
        sys     nice
        li      r1, 0           ; settickets(self, 100(k + 1))
        add     r2, r6, 1
        mul     r2, r2, 100
        sys     settickets
        li      r2, 0           ; loops
work:   li      r3, 100         ; a chunk of work, then a look at the clock
chunk:  sub     r3, r3, 1
        bne     r3, 0, chunk
        add     r2, r2, 1
        sys     time
        blt     r0, DEADLINE, work
        sw      r2, [loops]
        la      r1, f_res
        mov     r2, r6
        mul     r3, r6, 5
        add     r4, r6, 1
        mul     r4, r4, 100
        lw      r5, [loops]
        call    printf
        call    flush
        li      r0, 0
        pop     r6
        ret

        .include "lib/std.asm"
