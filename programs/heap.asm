; heap.asm — grow the heap with sbrk, fill an array of 1000 words, sum it; then ask for too much
        .equ    N, 1000
        .data
sum_is: .asciz  "sum of squares below 1000 = "
pages:  .asciz  "heap pages touched: 1000 words = 4000 bytes\n"
toobig: .asciz  "sbrk(16 MiB) = "

        .text
main:   push    r6
        li      r1, N * 4
        sys     sbrk            ; r0 = old end of the heap = our array
        mov     r6, r0
        li      r2, 0           ; i
fill:   mul     r3, r2, r2
        shl     r4, r2, 2
        add     r4, r4, r6
        sw      r3, [r4]
        add     r2, r2, 1
        blt     r2, N, fill
        li      r2, 0
        li      r5, 0           ; sum
add:    shl     r4, r2, 2
        add     r4, r4, r6
        lw      r3, [r4]
        add     r5, r5, r3
        add     r2, r2, 1
        blt     r2, N, add
        mov     r6, r5          ; the sum: r0–r5 do not survive a call
        la      r1, sum_is
        call    puts
        mov     r1, r6
        call    print_uint
        call    newline
        la      r1, pages
        call    puts
        la      r1, toobig
        call    puts
        li      r1, 0x1000000
        sys     sbrk            ; more than the address space: -ENOMEM
        mov     r1, r0
        call    print_int
        call    newline
        call    flush
        li      r0, 0
        pop     r6
        ret

        .include "lib/std.asm"
