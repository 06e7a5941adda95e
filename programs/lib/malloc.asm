; lib/malloc.asm — a heap allocator on top of sbrk: malloc free calloc realloc heapinfo.
;
; Every block starts with an 8-byte header: [next free block (while free)] [size, header
; included, a multiple of 8]; the caller's pointer is the address just after it (8-aligned). Free
; blocks sit on one list sorted by address. malloc takes the first block that fits (first fit),
; splitting off the tail when the rest is big enough to be a block of its own; free puts the block
; back in address order and merges it with a free neighbour on either side (coalescing). When no
; block fits, the heap grows by at least 4 KiB with sbrk.
;
; Calling convention (the whole library): arguments in r1–r5, result in r0; r0–r5 may be
; clobbered, r6–r13, fp and sp are preserved. Internal labels start with '_'.
; Needs lib/string.asm (calloc, realloc).
        .equ    _M_GROW, 4096

        .data
_m_head: .word  0                       ; first free block; its "next" is at offset 0, as in a block

        .text
; malloc(r1 = n) -> r0 = address of n usable bytes (8-aligned), or 0 if the heap cannot grow
malloc: beq     r1, 0, _m_fail
        add     r2, r1, 15
        and     r2, r2, -8              ; the block size: payload rounded up to 8, plus the header
        bltu    r2, r1, _m_fail         ; n was so large that the sum wrapped
        mov     r1, r2
_m_search:
        la      r2, _m_head             ; r2 = the block (or head) whose "next" points at r3
        lw      r3, [r2]
_m_next:
        beq     r3, 0, _m_grow
        lw      r4, [r3 + 4]
        bgeu    r4, r1, _m_fit
        mov     r2, r3
        lw      r3, [r3]
        jmp     _m_next
_m_fit: sub     r5, r4, r1              ; what would be left over
        bltu    r5, 16, _m_whole
        sw      r5, [r3 + 4]            ; split: the free block keeps its front part,
        add     r0, r3, r5              ; the caller gets the tail
        sw      r1, [r0 + 4]
        add     r0, r0, 8
        ret
_m_whole:
        lw      r5, [r3]                ; unlink the block
        sw      r5, [r2]
        add     r0, r3, 8
        ret
_m_grow:
        push    r1
        bgeu    r1, _M_GROW, _m_sbrk
        li      r1, _M_GROW
_m_sbrk:
        push    r1
        sys     sbrk
        pop     r1
        blt     r0, 0, _m_nomem
        sw      r1, [r0 + 4]            ; a new block as large as the growth: free it into the list
        add     r1, r0, 8
        call    free
        pop     r1
        jmp     _m_search
_m_nomem:
        pop     r1
_m_fail:
        li      r0, 0
        ret

; free(r1 = address from malloc, or 0 which is ignored)
free:   beq     r1, 0, _f_ret
        sub     r1, r1, 8               ; the block
        la      r2, _m_head
        lw      r3, [r2]
_f_find:                                ; r2 = last free block before it (or the head), r3 = next one
        beq     r3, 0, _f_insert
        bgtu    r3, r1, _f_insert
        mov     r2, r3
        lw      r3, [r3]
        jmp     _f_find
_f_insert:
        lw      r4, [r1 + 4]            ; size
        add     r5, r1, r4
        bne     r5, r3, _f_link
        lw      r5, [r3 + 4]            ; it ends where the next free block starts: merge them
        add     r4, r4, r5
        sw      r4, [r1 + 4]
        lw      r3, [r3]
_f_link:
        sw      r3, [r1]
        la      r5, _m_head
        beq     r2, r5, _f_first
        lw      r5, [r2 + 4]
        add     r0, r2, r5
        bne     r0, r1, _f_first
        add     r5, r5, r4              ; the previous free block ends where it starts: merge them
        sw      r5, [r2 + 4]
        sw      r3, [r2]
        ret
_f_first:
        sw      r1, [r2]
_f_ret: ret

; calloc(r1 = n) -> r0 = address of n zeroed bytes, or 0
calloc: push    r1
        call    malloc
        pop     r3
        beq     r0, 0, _f_ret
        mov     r1, r0
        li      r2, 0
        jmp     memset

; realloc(r1 = address or 0, r2 = n) -> r0 = address of n bytes holding the old contents (the
; block itself when it is already large enough), or 0 (the old block is then left as it was)
realloc:
        beq     r1, 0, _r_new
        lw      r3, [r1 - 4]
        sub     r3, r3, 8               ; usable size of the old block
        bgeu    r3, r2, _r_same
        push    r6
        push    r7
        mov     r6, r1
        mov     r7, r3
        mov     r1, r2
        call    malloc
        beq     r0, 0, _r_out
        push    r0
        mov     r1, r0
        mov     r2, r6
        mov     r3, r7
        call    memcpy
        mov     r1, r6
        call    free
        pop     r0
_r_out: pop     r7
        pop     r6
        ret
_r_same:
        mov     r0, r1
        ret
_r_new: mov     r1, r2
        jmp     malloc

; heapinfo() -> r0 = free bytes on the free list (headers included), r1 = number of free blocks
heapinfo:
        li      r0, 0
        li      r1, 0
        lw      r2, [_m_head]
_hi_loop:
        beq     r2, 0, _f_ret
        lw      r3, [r2 + 4]
        add     r0, r0, r3
        add     r1, r1, 1
        lw      r2, [r2]
        jmp     _hi_loop
