; life.asm — Conway's Game of Life on a 12×8 board that wraps around: a glider and a blinker, G generations (default 4)
; Try: quanta run programs/life.asm 8
        .equ    W, 12
        .equ    H, 8
        .data
board:  .ascii  "..#........."  ; the starting board, row by row: '#' alive
        .ascii  "...#........"
        .ascii  ".###........"
        .ascii  "............"
        .ascii  "............"
        .ascii  "........###."
        .ascii  "............"
        .ascii  "............"
f_gen:  .asciz  "generation %d:\n"
        .bss
next:   .space  W * H

        .text
main:   push    r6
        push    r7
        li      r7, 4
        blt     r1, 2, go
        lw      r1, [r2 + 4]
        call    atoi
        mov     r7, r0
go:     li      r6, 0
gen:    la      r1, f_gen
        mov     r2, r6
        call    printf
        call    show
        bge     r6, r7, done
        call    step
        add     r6, r6, 1
        jmp     gen
done:   call    flush
        li      r0, 0
        pop     r7
        pop     r6
        ret

; show(): print the board
show:   push    r6
        push    r7
        li      r6, 0           ; y
sh_row: li      r7, 0           ; x
sh_col: mul     r1, r6, W
        add     r1, r1, r7
        lbu     r1, [r1 + board]
        call    putc
        add     r7, r7, 1
        blt     r7, W, sh_col
        call    newline
        add     r6, r6, 1
        blt     r6, H, sh_row
        pop     r7
        pop     r6
        ret

; step(): compute the next generation into next, then copy it back to board
step:   push    r6
        push    r7
        push    r8
        push    r9
        push    r10
        li      r6, 0           ; y
st_row: li      r7, 0           ; x
st_col: li      r8, 0           ; live neighbours
        li      r9, -1          ; dy
st_dy:  li      r10, -1         ; dx
st_dx:  or      r1, r9, r10
        beq     r1, 0, st_self  ; dx = dy = 0: the cell itself
        add     r1, r6, r9      ; (y + dy + H) % H
        add     r1, r1, H
        rem     r1, r1, H
        add     r2, r7, r10     ; (x + dx + W) % W
        add     r2, r2, W
        rem     r2, r2, W
        mul     r1, r1, W
        add     r1, r1, r2
        lbu     r1, [r1 + board]
        seq     r1, r1, '#'
        add     r8, r8, r1
st_self:
        add     r10, r10, 1
        ble     r10, 1, st_dx
        add     r9, r9, 1
        ble     r9, 1, st_dy
        mul     r1, r6, W       ; alive next: 3 neighbours, or 2 and alive now
        add     r1, r1, r7
        lbu     r2, [r1 + board]
        li      r3, '#'
        beq     r8, 3, st_set
        bne     r8, 2, st_dead
        beq     r2, '#', st_set
st_dead:
        li      r3, '.'
st_set: sb      r3, [r1 + next]
        add     r7, r7, 1
        blt     r7, W, st_col
        add     r6, r6, 1
        blt     r6, H, st_row
        la      r1, board
        la      r2, next
        li      r3, W * H
        call    memcpy
        pop     r10
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
