; qsort.asm — quicksort an array of integers in place (recursive, Lomuto partition), print before and after
; The numbers come from the arguments, or 20 pseudo-random ones (a linear congruential generator).
; Try: quanta run programs/qsort.asm 5 -3 12 0 7
        .equ    MAXN, 1000
        .data
f_num:  .asciz  " %d"
before: .asciz  "before:"
after:  .asciz  "after: "
sorted: .asciz  "sorted: %s\n"
yes:    .asciz  "yes"
no:     .asciz  "NO"
        .bss
array:  .space  MAXN * 4
n:      .space  4

        .text
main:   push    r6
        push    r7
        mov     r6, r1
        mov     r7, r2
        li      r3, 1
        bgt     r6, MAXN, random
        blt     r6, 2, random
args:   bge     r3, r6, given   ; array[i - 1] = atoi(argv[i])
        shl     r1, r3, 2
        add     r1, r1, r7
        lw      r1, [r1]
        push    r3
        call    atoi
        pop     r3
        shl     r1, r3, 2
        sw      r0, [r1 + array - 4]
        add     r3, r3, 1
        jmp     args
given:  sub     r6, r6, 1
        jmp     ready
random: li      r6, 20
        li      r2, 12345       ; seed
        li      r3, 0
rnd:    mul     r2, r2, 1103515245
        add     r2, r2, 12345
        shr     r4, r2, 16      ; the better bits
        remu    r4, r4, 1000
        shl     r1, r3, 2
        sw      r4, [r1 + array]
        add     r3, r3, 1
        blt     r3, r6, rnd
ready:  sw      r6, [n]
        la      r1, before
        call    show
        la      r1, array
        shl     r2, r6, 2
        add     r2, r2, r1
        sub     r2, r2, 4       ; the last element
        call    quicksort
        la      r1, after
        call    show
        la      r2, yes         ; check: each element ≤ the next
        li      r3, 1
check:  bge     r3, r6, checked
        shl     r1, r3, 2
        lw      r4, [r1 + array - 4]
        lw      r5, [r1 + array]
        add     r3, r3, 1
        ble     r4, r5, check
        la      r2, no
checked:
        la      r1, sorted
        call    printf
        call    flush
        li      r0, 0
        pop     r7
        pop     r6
        ret

; quicksort(r1 = address of the first element, r2 = address of the last)
quicksort:
        bgeu    r1, r2, qs_ret  ; zero or one element
        push    r6
        push    r7
        mov     r6, r1
        mov     r7, r2
        lw      r3, [r7]        ; pivot: the last element
        mov     r4, r6          ; r4: where the next element smaller than the pivot goes
        mov     r5, r6          ; r5: scans
part:   bgeu    r5, r7, parted
        lw      r0, [r5]
        bge     r0, r3, keep
        lw      r1, [r4]        ; swap [r4] and [r5]
        sw      r0, [r4]
        sw      r1, [r5]
        add     r4, r4, 4
keep:   add     r5, r5, 4
        jmp     part
parted: lw      r1, [r4]        ; the pivot goes between the two parts
        sw      r3, [r4]
        sw      r1, [r7]
        push    r4
        mov     r1, r6
        sub     r2, r4, 4
        call    quicksort       ; the smaller ones
        pop     r4
        add     r1, r4, 4
        mov     r2, r7
        call    quicksort       ; the larger ones
        pop     r7
        pop     r6
qs_ret: ret

; show(r1 = title): print it and the array on one line
show:   push    r6
        call    puts
        li      r6, 0
sh_el:  lw      r1, [n]
        bge     r6, r1, sh_end
        shl     r1, r6, 2
        lw      r2, [r1 + array]
        la      r1, f_num
        call    printf
        add     r6, r6, 1
        jmp     sh_el
sh_end: call    newline
        pop     r6
        ret

        .include "lib/std.asm"
