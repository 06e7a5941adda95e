; prodcons.asm — producer/consumer over a pipe: the parent writes N 64-byte lines (default 200), a forked child reads and sums them
; What to observe: a pipe holds 4096 bytes; once it is full the producer's write blocks until the
; consumer reads, and the consumer's read blocks while the pipe is empty. The consumer only sees
; end of input when every write end is closed — so each side closes the end it does not use right
; after fork. `--trace=sched` shows the block on=pipe / wake pairs; a small `--quantum` (e.g. 200)
; makes the two alternate more often.
; The producer is fast (one write per line) and the consumer slow (it reads byte by byte), so the
; pipe fills up. Try: quanta run --trace=sched programs/prodcons.asm 200
        .data
record: .ascii  "item ..........................................................\n"
        .equ    RECLEN, 64
f_prod: .asciz  "producer: wrote %d items\n"
f_cons: .asciz  "consumer: read %d items, sum %d\n"
f_wait: .asciz  "producer: consumer %d exited with status %d\n"
        .bss
fds:    .space  8
line:   .space  128
status: .space  4

        .text
main:   push    r6
        push    r7
        push    r8
        li      r6, 200
        blt     r1, 2, go
        lw      r1, [r2 + 4]
        call    atoi
        mov     r6, r0
go:     la      r1, fds
        sys     pipe
        sys     fork
        beq     r0, 0, consumer
        mov     r8, r0          ; the consumer's pid
        lw      r1, [fds]       ; producer: no reading
        sys     close
        li      r7, 1
produce:
        bgt     r7, r6, produced
        la      r1, record + 5  ; "item K....\n": the number, then dots again where utoa ended it
        mov     r2, r7
        li      r3, 10
        call    utoa
        li      r1, '.'
        sb      r1, [r0 + record + 5]
        lw      r1, [fds + 4]
        la      r2, record
        li      r3, RECLEN
        sys     write           ; blocks while the pipe has no room for all 64 bytes
        add     r7, r7, 1
        jmp     produce
produced:
        lw      r1, [fds + 4]   ; end of input for the consumer
        sys     close
        la      r1, f_prod
        mov     r2, r6
        call    printf
        call    flush
        mov     r1, r8
        la      r2, status
        sys     wait
        mov     r2, r0
        lw      r3, [status]
        la      r1, f_wait
        call    printf
        call    flush
        li      r0, 0
        jmp     out

consumer:
        lw      r1, [fds + 4]   ; consumer: no writing, or it would wait for itself forever
        sys     close
        li      r7, 0           ; items
        li      r8, 0           ; sum
consume:
        lw      r1, [fds]
        la      r2, line
        li      r3, 128
        call    readline
        blt     r0, 0, consumed
        la      r1, line + 5    ; after "item "
        call    atoi
        add     r8, r8, r0
        add     r7, r7, 1
        jmp     consume
consumed:
        la      r1, f_cons
        mov     r2, r7
        mov     r3, r8
        call    printf
        call    flush
        li      r0, 0
out:    pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
