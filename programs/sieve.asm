; sieve.asm — count the primes below N (default 10000) with the sieve of Eratosthenes
; The sieve is a byte array in .bss: its pages are zero-filled on first touch (lazy paging), so
; `--stats` shows page faults growing with N. Try: quanta run --stats programs/sieve.asm 100000
        .equ    NMAX, 1000000
        .data
f_res:  .asciz  "%d primes below %d; the largest is %d\n"
toobig: .asciz  "sieve: N must be 2…1000000"
        .bss
composite: .space NMAX          ; composite[i] = 1 once i is known not to be prime

        .text
main:   push    r6
        li      r6, 10000       ; N
        blt     r1, 2, go
        lw      r1, [r2 + 4]
        call    atoi
        mov     r6, r0
go:     blt     r6, 2, bad
        bgt     r6, NMAX, bad
        li      r1, 2           ; i
        li      r4, 0           ; primes found
        li      r5, 0           ; the largest
outer:  bge     r1, r6, report
        lbu     r2, [r1 + composite]
        bne     r2, 0, nexti
        add     r4, r4, 1
        mov     r5, r1
        bgt     r1, 1000, nexti ; i*i > N (and would overflow for large i): nothing to cross out
        mul     r2, r1, r1      ; cross out i*i, i*i + i, …
        bgeu    r2, r6, nexti
        li      r3, 1
cross:  sb      r3, [r2 + composite]
        add     r2, r2, r1
        blt     r2, r6, cross
nexti:  add     r1, r1, 1
        jmp     outer
report: la      r1, f_res
        mov     r2, r4
        mov     r3, r6
        mov     r4, r5
        call    printf
        call    flush
        li      r0, 0
        pop     r6
        ret
bad:    la      r1, toobig
        call    die

        .include "lib/std.asm"
