; lib/fmt.asm — number <-> text conversions and error names: utoa itoa atoi isdigit isspace strerror.
;
; Calling convention (the whole library): arguments in r1–r5, result in r0; r0–r5 may be
; clobbered, r6–r13, fp and sp are preserved. Internal labels start with '_'. Needs nothing else.
        .text

; utoa(r1 = buf, r2 = value, r3 = base 2…16) -> r0 = number of digits.
; Writes the unsigned value in that base (lower-case hex digits), zero-terminated; buf needs 33 bytes.
utoa:   mov     r4, r1
_utoa_digit:
        remu    r5, r2, r3
        blt     r5, 10, _utoa_dec
        add     r5, r5, 'a' - 10 - '0'
_utoa_dec:
        add     r5, r5, '0'
        sb      r5, [r4]
        add     r4, r4, 1
        divu    r2, r2, r3
        bne     r2, 0, _utoa_digit
        sb      r2, [r4]                ; r2 = 0: the terminator
        sub     r0, r4, r1
        sub     r4, r4, 1               ; the digits came out backwards: reverse them
_utoa_rev:
        bgeu    r1, r4, _utoa_done
        lbu     r2, [r1]
        lbu     r5, [r4]
        sb      r5, [r1]
        sb      r2, [r4]
        add     r1, r1, 1
        sub     r4, r4, 1
        jmp     _utoa_rev
_utoa_done:
        ret

; itoa(r1 = buf, r2 = value) -> r0 = length; the signed value in decimal, zero-terminated (12 bytes)
itoa:   li      r3, 10
        bge     r2, 0, utoa
        li      r4, '-'
        sb      r4, [r1]
        add     r1, r1, 1
        neg     r2, r2                  ; INT_MIN stays 0x80000000, which utoa reads unsigned: right
        call    utoa
        add     r0, r0, 1
        ret

; atoi(r1 = s) -> r0 = value, r1 = address of the first byte not used.
; Skips spaces and tabs, then an optional '-' or '+', then decimal digits.
atoi:   li      r0, 0
        li      r3, 0                   ; 1 if negative
_atoi_space:
        lbu     r2, [r1]
        beq     r2, ' ', _atoi_skip
        bne     r2, 9, _atoi_sign
_atoi_skip:
        add     r1, r1, 1
        jmp     _atoi_space
_atoi_sign:
        beq     r2, '+', _atoi_signed
        bne     r2, '-', _atoi_digit
        li      r3, 1
_atoi_signed:
        add     r1, r1, 1
_atoi_digit:
        lbu     r2, [r1]
        sub     r2, r2, '0'
        bgeu    r2, 10, _atoi_end
        mul     r0, r0, 10
        add     r0, r0, r2
        add     r1, r1, 1
        jmp     _atoi_digit
_atoi_end:
        beq     r3, 0, _atoi_ret
        neg     r0, r0
_atoi_ret:
        ret

; isdigit(r1 = byte) -> r0 = 1 for '0'…'9', else 0
isdigit:
        sub     r0, r1, '0'
        sltu    r0, r0, 10
        ret

; isspace(r1 = byte) -> r0 = 1 for space, tab, newline, carriage return, else 0
isspace:
        seq     r0, r1, ' '
        seq     r2, r1, 9
        or      r0, r0, r2
        seq     r2, r1, 10
        or      r0, r0, r2
        seq     r2, r1, 13
        or      r0, r0, r2
        ret

; strerror(r1 = error number, negative as system calls return it, or positive) -> r0 = its name
strerror:
        bge     r1, 0, _strerror_pos
        neg     r1, r1
_strerror_pos:
        la      r2, _errnames
_strerror_loop:
        lw      r3, [r2]
        beq     r3, 0, _strerror_end
        beq     r3, r1, _strerror_end
        add     r2, r2, 8
        jmp     _strerror_loop
_strerror_end:
        lw      r0, [r2 + 4]
        ret

        .data
_errnames:
        .word   1, _e_perm, 2, _e_noent, 3, _e_srch, 5, _e_io, 8, _e_noexec, 9, _e_badf, 10, _e_child
        .word   11, _e_again, 12, _e_nomem, 14, _e_fault, 20, _e_notdir, 22, _e_inval, 24, _e_mfile
        .word   27, _e_fbig, 28, _e_nospc, 32, _e_pipe, 38, _e_nosys, 0, _e_unknown
_e_perm:    .asciz "EPERM (operation not permitted)"
_e_noent:   .asciz "ENOENT (no such file)"
_e_srch:    .asciz "ESRCH (no such process)"
_e_io:      .asciz "EIO (input/output error)"
_e_noexec:  .asciz "ENOEXEC (not an executable)"
_e_badf:    .asciz "EBADF (bad descriptor)"
_e_child:   .asciz "ECHILD (no child to wait for)"
_e_again:   .asciz "EAGAIN (process table full)"
_e_nomem:   .asciz "ENOMEM (out of memory)"
_e_fault:   .asciz "EFAULT (bad address)"
_e_notdir:  .asciz "ENOTDIR (not a directory)"
_e_inval:   .asciz "EINVAL (invalid argument)"
_e_mfile:   .asciz "EMFILE (too many open files)"
_e_fbig:    .asciz "EFBIG (file too large)"
_e_nospc:   .asciz "ENOSPC (no space left on the device)"
_e_pipe:    .asciz "EPIPE (no reader on the pipe)"
_e_nosys:   .asciz "ENOSYS (system call not implemented)"
_e_unknown: .asciz "unknown error"
        .text
