; lazy.asm — lazy paging: a 4 MiB .bss array costs nothing until touched; each first touch of a page is one page fault
; What to observe: pstat's page-fault count (the last word) before and after touching every 16th
; page of the array (64 of its 1024 pages): exactly 64 more, each a zero-filled page; a second
; pass over the same pages costs none. sbrk of 1 MiB is free until used too.
; `--trace` shows each `pagefault ... kind=zero`.  Try: quanta run programs/lazy.asm
        .equ    SIZE, 4 * 1024 * 1024
        .equ    STRIDE, 16 * 4096
        .data
f_start: .asciz "page faults at start:           %d\n"
f_sbrk:  .asciz "after sbrk(1 MiB), untouched:   %d\n"
f_touch: .asciz "after touching %d pages:        %d\n"
f_again: .asciz "after touching them again:      %d\n"
        .bss
big:    .space  SIZE
st:     .space  40

        .text
main:   push    r6
        push    r7
        push    r8
        push    r9
        call    faults          ; the first pstat itself touches the page of `st`: warm it up
        call    faults          ; measure everything first, print afterwards (printing touches pages too)
        mov     r6, r0
        li      r1, 1024 * 1024
        sys     sbrk
        call    faults
        mov     r7, r0
        call    touch
        call    faults
        mov     r8, r0
        call    touch
        call    faults
        mov     r9, r0
        la      r1, f_start
        mov     r2, r6
        call    printf
        la      r1, f_sbrk
        mov     r2, r7
        call    printf
        la      r1, f_touch
        li      r2, SIZE / STRIDE
        mov     r3, r8
        call    printf
        la      r1, f_again
        mov     r2, r9
        call    printf
        call    flush
        li      r0, 0
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

; touch(): write a byte to every STRIDE-th byte of big
touch:  li      r1, 0
        li      r2, 1
t_loop: sb      r2, [r1 + big]
        add     r1, r1, STRIDE
        blt     r1, SIZE, t_loop
        ret

; faults() -> r0 = this process's page faults so far
faults: li      r1, 0
        la      r2, st
        sys     pstat
        lw      r0, [st + 36]
        ret

        .include "lib/std.asm"
