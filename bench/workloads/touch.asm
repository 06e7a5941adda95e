; touch.asm — benchmark workload: grow the heap and touch one word per page (a page fault each)
; Pages in r3 (set by `quanta bench`), else N; exits with the number of pages touched.
        .equ    N, 2048
        .equ    PAGE, 4096

        .text
main:   bne     r3, 0, go
        li      r3, N
go:     mul     r1, r3, PAGE
        sys     sbrk            ; r0 = start of the new heap
        mov     r4, r0
        li      r5, 0
loop:   sw      r5, [r4]
        add     r4, r4, PAGE
        add     r5, r5, 1
        blt     r5, r3, loop
        mov     r1, r5
        sys     exit
