; lib/args.asm — the command line of a utility: getflags (single-letter options), openfile (open, or say why not).
;
; Calling convention (the whole library): arguments in r1–r5, result in r0; r0–r5 may be
; clobbered, r6–r13, fp and sp are preserved. Internal labels start with '_'.
; Needs lib/string.asm, lib/fmt.asm and lib/io.asm (lib/std.asm includes all of them).
        .data
_of_msg: .asciz "%s: %s: %s\n"

        .text
; getflags(r1 = argc, r2 = argv, r3 = letters) -> r0 = the options given, r1 = number of arguments
; left, r2 = address of the first one in argv. Call it with main's r1 and r2: it skips argv[0], then
; reads arguments that start with '-' ("-v", "-n", or several letters at once: "-vn"); bit k of r0 is
; set when letters[k] was given. It stops at the first other argument ("-" alone is not an option).
; A letter not in letters gives r0 = -1, with r1 and r2 at its argument.
getflags:
        push    r6
        push    r7
        push    r8
        push    r9
        push    r10
        sub     r6, r1, 1               ; arguments left after argv[0]
        add     r7, r2, 4
        mov     r8, r3
        li      r9, 0                   ; the options seen
_gf_arg:
        ble     r6, 0, _gf_done
        lw      r10, [r7]
        lbu     r1, [r10]
        bne     r1, '-', _gf_done
        lbu     r1, [r10 + 1]
        beq     r1, 0, _gf_done
_gf_letter:
        add     r10, r10, 1
        lbu     r2, [r10]
        beq     r2, 0, _gf_next
        mov     r1, r8
        call    strchr
        beq     r0, 0, _gf_bad
        sub     r0, r0, r8              ; its place in letters: the bit to set
        li      r1, 1
        shl     r1, r1, r0
        or      r9, r9, r1
        jmp     _gf_letter
_gf_next:
        add     r7, r7, 4
        sub     r6, r6, 1
        jmp     _gf_arg
_gf_bad:
        li      r9, -1
_gf_done:
        mov     r0, r9
        mov     r1, r6
        mov     r2, r7
        pop     r10
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

; openfile(r1 = path, r2 = program name) -> r0 = a descriptor open for reading, or the negative
; error of open, after "NAME: PATH: ERROR" has been written to stderr (e.g. "wc: x: ENOENT (no such file)")
openfile:
        push    r6
        push    r7
        mov     r6, r1
        mov     r7, r2
        li      r2, 0                   ; read-only
        sys     open
        bge     r0, 0, _of_ret
        push    r0
        mov     r1, r0
        call    strerror
        mov     r5, r0
        li      r1, 2
        la      r2, _of_msg
        mov     r3, r7
        mov     r4, r6
        call    fprintf
        pop     r0
_of_ret:
        pop     r7
        pop     r6
        ret
