; matmul.asm — multiply two N×N integer matrices (default N = 4) held on the heap, print A, B, A×B
; A[i][j] = i + j, B[i][j] = i - j (so the product is easy to check by hand).
; Try: quanta run programs/matmul.asm 6
        .data
f_el:   .asciz  "%6d"
f_name: .asciz  "%s =\n"
n_a:    .asciz  "A"
n_b:    .asciz  "B"
n_c:    .asciz  "A x B"
bad_n:  .asciz  "matmul: N must be 1…64"
        .bss
n:      .space  4

        .text
main:   push    r6
        push    r7
        push    r8
        li      r6, 4
        blt     r1, 2, go
        lw      r1, [r2 + 4]
        call    atoi
        mov     r6, r0
go:     blt     r6, 1, bad
        bgt     r6, 64, bad
        sw      r6, [n]
        mul     r1, r6, r6
        shl     r1, r1, 2
        call    calloc          ; A
        mov     r6, r0
        lw      r1, [n]
        mul     r1, r1, r1
        shl     r1, r1, 2
        call    calloc          ; B
        mov     r7, r0
        lw      r1, [n]
        mul     r1, r1, r1
        shl     r1, r1, 2
        call    calloc          ; C
        mov     r8, r0
        li      r1, 0           ; fill A and B: r1 = i, r2 = j
fill_i: lw      r5, [n]
        bge     r1, r5, filled
        li      r2, 0
fill_j: bge     r2, r5, fill_n
        mul     r3, r1, r5      ; offset (i*n + j) * 4
        add     r3, r3, r2
        shl     r3, r3, 2
        add     r4, r1, r2
        add     r0, r6, r3
        sw      r4, [r0]
        sub     r4, r1, r2
        add     r0, r7, r3
        sw      r4, [r0]
        add     r2, r2, 1
        jmp     fill_j
fill_n: add     r1, r1, 1
        jmp     fill_i
filled: mov     r1, r6
        mov     r2, r7
        mov     r3, r8
        call    multiply
        la      r1, n_a
        mov     r2, r6
        call    show
        la      r1, n_b
        mov     r2, r7
        call    show
        la      r1, n_c
        mov     r2, r8
        call    show
        call    flush
        li      r0, 0
        pop     r8
        pop     r7
        pop     r6
        ret
bad:    la      r1, bad_n
        call    die

; multiply(r1 = A, r2 = B, r3 = C): C = A × B, all n × n
multiply:
        push    r6
        push    r7
        push    r8
        push    r9
        push    r10
        push    r11
        push    r12
        lw      r12, [n]
        shl     r11, r12, 2     ; bytes per row
        li      r6, 0           ; i
m_i:    bge     r6, r12, m_done
        li      r7, 0           ; j
m_j:    bge     r7, r12, m_in
        li      r9, 0           ; sum
        mul     r4, r6, r11
        add     r4, r4, r1      ; &A[i][0]
        shl     r5, r7, 2
        add     r5, r5, r2      ; &B[0][j]
        li      r8, 0           ; k
m_k:    lw      r10, [r4]
        lw      r0, [r5]
        mul     r10, r10, r0
        add     r9, r9, r10
        add     r4, r4, 4       ; along A's row
        add     r5, r5, r11     ; down B's column
        add     r8, r8, 1
        blt     r8, r12, m_k
        mul     r4, r6, r11     ; C[i][j] = sum
        add     r4, r4, r3
        shl     r5, r7, 2
        add     r4, r4, r5
        sw      r9, [r4]
        add     r7, r7, 1
        jmp     m_j
m_in:   add     r6, r6, 1
        jmp     m_i
m_done: pop     r12
        pop     r11
        pop     r10
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

; show(r1 = name, r2 = matrix): print it, one row a line
show:   push    r6
        push    r7
        push    r8
        mov     r6, r2
        mov     r2, r1
        la      r1, f_name
        call    printf
        li      r7, 0           ; row
s_row:  lw      r1, [n]
        bge     r7, r1, s_done
        li      r8, 0
s_col:  lw      r1, [n]
        bge     r8, r1, s_end
        lw      r2, [r6]
        add     r6, r6, 4
        la      r1, f_el
        call    printf
        add     r8, r8, 1
        jmp     s_col
s_end:  call    newline
        add     r7, r7, 1
        jmp     s_row
s_done: pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
