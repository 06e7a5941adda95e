; lib/sort.asm — qsort: sort an array of words with a comparison function.
;
; Calling convention (the whole library): arguments in r1–r5, result in r0; r0–r5 may be
; clobbered, r6–r13, fp and sp are preserved. Internal labels start with '_'. Needs nothing else.
        .text

; qsort(r1 = array of words, r2 = count, r3 = compare function) sorts the words in place, in
; ascending order of compare(r1 = a, r2 = b) -> r0 < 0 when a goes before b. The function must
; follow the calling convention; strcmp itself sorts an array of string pointers.
; Quicksort (Lomuto partition around the middle element); not stable.
qsort:  blt     r2, 2, _qs_ret
        push    r6
        push    r8
        push    r9
        push    r10
        push    r11
        mov     r6, r1                  ; base
        mov     r8, r3                  ; compare
        sub     r9, r2, 1
        shl     r9, r9, 2
        add     r9, r9, r6              ; last element: the pivot goes there
        shr     r2, r2, 1
        shl     r2, r2, 2
        add     r2, r2, r6              ; middle element
        lw      r3, [r2]
        lw      r4, [r9]
        sw      r4, [r2]
        sw      r3, [r9]
        mov     r10, r6                 ; where the next element below the pivot goes
        mov     r11, r6
_qs_part:
        bgeu    r11, r9, _qs_parted
        lw      r1, [r11]
        lw      r2, [r9]
        call    r8
        bge     r0, 0, _qs_keep
        lw      r3, [r11]
        lw      r4, [r10]
        sw      r4, [r11]
        sw      r3, [r10]
        add     r10, r10, 4
_qs_keep:
        add     r11, r11, 4
        jmp     _qs_part
_qs_parted:
        lw      r3, [r10]               ; the pivot to its place
        lw      r4, [r9]
        sw      r4, [r10]
        sw      r3, [r9]
        mov     r1, r6                  ; sort below it
        sub     r2, r10, r6
        shr     r2, r2, 2
        mov     r3, r8
        call    qsort
        add     r1, r10, 4              ; and above it
        sub     r2, r9, r10
        shr     r2, r2, 2
        mov     r3, r8
        call    qsort
        pop     r11
        pop     r10
        pop     r9
        pop     r8
        pop     r6
_qs_ret:
        ret
