; lib/string.asm — C-style string and memory functions: strlen strcmp strncmp strcpy strcat strchr strstr memcpy memmove memset.
;
; Calling convention (the whole library): arguments in r1–r5, result in r0; r0–r5 may be
; clobbered, r6–r13, fp and sp are preserved. Internal labels start with '_' (programs should not
; define labels beginning with '_'). Needs nothing else; usually pulled in by lib/std.asm.
        .text

; strlen(r1 = s) -> r0 = its length in bytes
strlen: mov     r0, r1
_strlen_loop:
        lbu     r2, [r0]
        beq     r2, 0, _strlen_end
        add     r0, r0, 1
        jmp     _strlen_loop
_strlen_end:
        sub     r0, r0, r1
        ret

; strcmp(r1 = a, r2 = b) -> r0 < 0, 0 or > 0 (difference of the first differing bytes, unsigned)
strcmp: lbu     r3, [r1]
        lbu     r4, [r2]
        bne     r3, r4, _strcmp_diff
        beq     r3, 0, _strcmp_diff     ; both ended: 0
        add     r1, r1, 1
        add     r2, r2, 1
        jmp     strcmp
_strcmp_diff:
        sub     r0, r3, r4
        ret

; strncmp(r1 = a, r2 = b, r3 = n) -> like strcmp, looking at no more than n bytes
strncmp:
        beq     r3, 0, _strncmp_eq
        lbu     r4, [r1]
        lbu     r5, [r2]
        bne     r4, r5, _strncmp_diff
        beq     r4, 0, _strncmp_eq
        add     r1, r1, 1
        add     r2, r2, 1
        sub     r3, r3, 1
        jmp     strncmp
_strncmp_eq:
        li      r0, 0
        ret
_strncmp_diff:
        sub     r0, r4, r5
        ret

; strcpy(r1 = dst, r2 = src) -> r0 = dst; copies the terminating zero too
strcpy: mov     r0, r1
_strcpy_loop:
        lbu     r3, [r2]
        sb      r3, [r1]
        add     r1, r1, 1
        add     r2, r2, 1
        bne     r3, 0, _strcpy_loop
        ret

; strcat(r1 = dst, r2 = src) -> r0 = dst; appends src to the string at dst
strcat: mov     r0, r1
_strcat_end:
        lbu     r3, [r1]
        beq     r3, 0, _strcpy_loop
        add     r1, r1, 1
        jmp     _strcat_end

; strchr(r1 = s, r2 = byte) -> r0 = address of its first occurrence in s, or 0
; (strchr(s, 0) finds the terminator)
strchr: and     r2, r2, 255
_strchr_loop:
        lbu     r3, [r1]
        beq     r3, r2, _strchr_found
        beq     r3, 0, _strchr_none
        add     r1, r1, 1
        jmp     _strchr_loop
_strchr_found:
        mov     r0, r1
        ret
_strchr_none:
        li      r0, 0
        ret

; strstr(r1 = haystack, r2 = needle) -> r0 = address of the first occurrence of needle, or 0
strstr: mov     r3, r1          ; candidate position
        mov     r4, r2
_strstr_cmp:
        lbu     r5, [r4]
        beq     r5, 0, _strstr_found
        lbu     r0, [r3]
        bne     r0, r5, _strstr_next
        add     r3, r3, 1
        add     r4, r4, 1
        jmp     _strstr_cmp
_strstr_next:
        lbu     r0, [r1]
        beq     r0, 0, _strchr_none
        add     r1, r1, 1
        jmp     strstr
_strstr_found:
        mov     r0, r1
        ret

; memcpy(r1 = dst, r2 = src, r3 = n) -> r0 = dst; the areas must not overlap (see memmove).
; Copies a word at a time when both addresses are 4-aligned.
memcpy: mov     r0, r1
        or      r4, r1, r2
        and     r4, r4, 3
        bne     r4, 0, _memcpy_bytes
_memcpy_words:
        bltu    r3, 4, _memcpy_bytes
        lw      r4, [r2]
        sw      r4, [r1]
        add     r1, r1, 4
        add     r2, r2, 4
        sub     r3, r3, 4
        jmp     _memcpy_words
_memcpy_bytes:
        beq     r3, 0, _memcpy_done
        lbu     r4, [r2]
        sb      r4, [r1]
        add     r1, r1, 1
        add     r2, r2, 1
        sub     r3, r3, 1
        jmp     _memcpy_bytes
_memcpy_done:
        ret

; memmove(r1 = dst, r2 = src, r3 = n) -> r0 = dst; the areas may overlap
memmove:
        bleu    r1, r2, memcpy          ; copying down: forwards is safe
        add     r4, r2, r3
        bgeu    r1, r4, memcpy          ; no overlap
        mov     r0, r1
        add     r1, r1, r3
_memmove_back:
        beq     r3, 0, _memcpy_done
        sub     r1, r1, 1
        sub     r4, r4, 1
        lbu     r5, [r4]
        sb      r5, [r1]
        sub     r3, r3, 1
        jmp     _memmove_back

; memset(r1 = dst, r2 = byte, r3 = n) -> r0 = dst
memset: mov     r0, r1
        and     r2, r2, 255
        and     r4, r1, 3
        bne     r4, 0, _memset_bytes
        mul     r4, r2, 0x01010101      ; the byte in all four lanes
_memset_words:
        bltu    r3, 4, _memset_bytes
        sw      r4, [r1]
        add     r1, r1, 4
        sub     r3, r3, 4
        jmp     _memset_words
_memset_bytes:
        beq     r3, 0, _memcpy_done
        sb      r2, [r1]
        add     r1, r1, 1
        sub     r3, r3, 1
        jmp     _memset_bytes
