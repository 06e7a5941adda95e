; sieve.asm — benchmark workload: sieve of Eratosthenes over a byte array in .bss (lbu/sb)
; Limit in r3 (set by `quanta bench`, at most SIZE), else SIZE; exits with the number of primes below it.
        .equ    SIZE, 8388608

        .bss
flags:  .space  SIZE

        .text
main:   bne     r3, 0, go
        li      r3, SIZE
go:     la      r6, flags
        li      r10, 1
        li      r1, 0           ; primes found
        li      r4, 2           ; i
outer:  bge     r4, r3, done
        add     r7, r6, r4
        lbu     r8, [r7]
        bne     r8, 0, next
        add     r1, r1, 1
        add     r9, r4, r4      ; j = 2i: i*i would overflow 32 bits for large limits
inner:  bge     r9, r3, next
        add     r7, r6, r9
        sb      r10, [r7]
        add     r9, r9, r4
        jmp     inner
next:   add     r4, r4, 1
        jmp     outer
done:   sys     exit
