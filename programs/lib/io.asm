; lib/io.asm — buffered output, formatted printing and line input.
;
; Output goes through one 512-byte buffer, tagged with the descriptor it holds bytes for. It is
; flushed (one `write`) when a newline is written, when it is full, when output switches to another
; descriptor, and by flush(); call flush() (or exit via `quit`) before the program ends, or the
; last unfinished line is lost. Input comes through one 512-byte buffer tagged likewise: switching
; to another descriptor drops what was buffered for the old one (call inreset() after reusing a
; descriptor number for another file without reading the first to the end).
;
; Output: fputc putc fwrite fputs puts newline flush quit die
;         fprint_int print_int fprint_uint print_uint fprint_hex print_hex printf fprintf
; Input:  fgetc readline inreset
;
; Calling convention (the whole library): arguments in r1–r5, result in r0; r0–r5 may be
; clobbered, r6–r13, fp and sp are preserved. Internal labels start with '_'.
; Needs lib/string.asm and lib/fmt.asm (lib/std.asm includes all of them).
        .equ    IO_OUTSIZE, 512
        .equ    IO_INSIZE, 512

        .bss
_io_out:    .space  IO_OUTSIZE
_io_in:     .space  IO_INSIZE
        .data
_io_outfd:  .word   1
_io_outlen: .word   0
_io_infd:   .word   -1
_io_inpos:  .word   0
_io_inlen:  .word   0

        .text
; flush() -> r0 = 0, or the negative error of the write
flush:  lw      r3, [_io_outlen]
        beq     r3, 0, _flush_none
        li      r0, 0
        sw      r0, [_io_outlen]
        lw      r1, [_io_outfd]
        la      r2, _io_out
        sys     write
        blt     r0, 0, _flush_ret
_flush_none:
        li      r0, 0
_flush_ret:
        ret

; fputc(r1 = fd, r2 = byte) -> r0 = 0 (or a negative error when a flush failed)
fputc:  lw      r3, [_io_outfd]
        beq     r1, r3, _fputc_same
        push    r1
        push    r2
        call    flush
        pop     r2
        pop     r1
        sw      r1, [_io_outfd]
_fputc_same:
        and     r2, r2, 255
        lw      r3, [_io_outlen]
        sb      r2, [r3 + _io_out]
        add     r3, r3, 1
        sw      r3, [_io_outlen]
        beq     r2, 10, flush
        bge     r3, IO_OUTSIZE, flush
        li      r0, 0
        ret

; putc(r1 = byte): fputc to stdout
putc:   mov     r2, r1
        li      r1, 1
        jmp     fputc

; newline(): putc('\n')
newline:
        li      r2, 10
        li      r1, 1
        jmp     fputc

; fwrite(r1 = fd, r2 = buf, r3 = len) -> r0 = 0 or a negative error
fwrite: lw      r4, [_io_outfd]
        beq     r1, r4, _fwrite_same
        push    r1
        push    r2
        push    r3
        call    flush
        pop     r3
        pop     r2
        pop     r1
        sw      r1, [_io_outfd]
_fwrite_same:
        lw      r4, [_io_outlen]
_fwrite_loop:
        beq     r3, 0, _fwrite_done
        lbu     r5, [r2]
        sb      r5, [r4 + _io_out]
        add     r4, r4, 1
        add     r2, r2, 1
        sub     r3, r3, 1
        beq     r5, 10, _fwrite_flush
        blt     r4, IO_OUTSIZE, _fwrite_loop
_fwrite_flush:
        sw      r4, [_io_outlen]
        push    r2
        push    r3
        call    flush
        pop     r3
        pop     r2
        blt     r0, 0, _fwrite_ret
        li      r4, 0
        jmp     _fwrite_loop
_fwrite_done:
        sw      r4, [_io_outlen]
        li      r0, 0
_fwrite_ret:
        ret

; fputs(r1 = fd, r2 = s) -> r0 = 0 or a negative error; no newline is added
fputs:  push    r1
        push    r2
        mov     r1, r2
        call    strlen
        mov     r3, r0
        pop     r2
        pop     r1
        jmp     fwrite

; puts(r1 = s): fputs to stdout (no newline is added, unlike C)
puts:   mov     r2, r1
        li      r1, 1
        jmp     fputs

; quit(r1 = status): flush, then exit with that status
quit:   push    r1
        call    flush
        pop     r1
        sys     exit

; die(r1 = message): write it and a newline to stderr, then exit with status 1
die:    mov     r2, r1
        li      r1, 2
        call    fputs
        li      r1, 2
        li      r2, 10
        call    fputc
        li      r1, 1
        jmp     quit

; fprint_uint(r1 = fd, r2 = value): unsigned decimal
fprint_uint:
        li      r3, 10
        jmp     _fprint_base
; fprint_hex(r1 = fd, r2 = value): unsigned hexadecimal, lower case, no prefix
fprint_hex:
        li      r3, 16
_fprint_base:
        enter   36
        push    r1
        sub     r1, fp, 36
        call    utoa
        pop     r1
        sub     r2, fp, 36
        call    fputs
        leave
        ret
; fprint_int(r1 = fd, r2 = value): signed decimal
fprint_int:
        enter   36
        push    r1
        sub     r1, fp, 36
        call    itoa
        pop     r1
        sub     r2, fp, 36
        call    fputs
        leave
        ret

; print_int / print_uint / print_hex(r1 = value): the same, to stdout
print_int:
        mov     r2, r1
        li      r1, 1
        jmp     fprint_int
print_uint:
        mov     r2, r1
        li      r1, 1
        jmp     fprint_uint
print_hex:
        mov     r2, r1
        li      r1, 1
        jmp     fprint_hex

; printf(r1 = format, r2…r5 = up to four arguments) -> r0 = 0
; fprintf(r1 = fd, r2 = format, r3…r5 = up to three arguments) -> r0 = 0
; Conversions: %d (signed), %u (unsigned), %x (hex), %s (string), %c (byte), %% ; each may have
; a width, '-' to left-justify and '0' to pad numbers with zeros: "%5d", "%-8s", "%08x".
printf: push    r5
        push    r4
        push    r3
        push    r2
        mov     r2, r1
        li      r1, 1
        mov     r3, sp
        call    _vfprintf
        add     sp, sp, 16
        ret
fprintf:
        push    r5
        push    r4
        push    r3
        mov     r3, sp
        call    _vfprintf
        add     sp, sp, 12
        ret

; _vfprintf(r1 = fd, r2 = format, r3 = address of the argument words)
_vfprintf:
        enter   36                      ; fp-36…fp-1: a number's digits
        push    r6
        push    r7
        push    r8
        push    r9
        push    r10
        push    r11
        push    r12
        mov     r6, r1                  ; fd
        mov     r7, r2                  ; format
        mov     r8, r3                  ; next argument
_pf_loop:
        mov     r2, r7                  ; a run of plain bytes: up to a '%' or the end
_pf_run:
        lbu     r0, [r7]
        beq     r0, 0, _pf_plain
        beq     r0, '%', _pf_plain
        add     r7, r7, 1
        jmp     _pf_run
_pf_plain:
        sub     r3, r7, r2
        beq     r3, 0, _pf_none
        mov     r1, r6
        call    fwrite
_pf_none:
        lbu     r0, [r7]
        beq     r0, 0, _pf_end
        add     r7, r7, 1               ; skip the '%'
_pf_spec:
        li      r9, 0                   ; flags: 1 left-justify, 2 zero padding
        li      r10, 0                  ; width
_pf_flag:
        lbu     r2, [r7]
        bne     r2, '-', _pf_zero
        or      r9, r9, 1
        add     r7, r7, 1
        jmp     _pf_flag
_pf_zero:
        bne     r2, '0', _pf_width
        or      r9, r9, 2
        add     r7, r7, 1
        jmp     _pf_flag
_pf_width:
        lbu     r2, [r7]
        sub     r2, r2, '0'
        bgeu    r2, 10, _pf_conv
        mul     r10, r10, 10
        add     r10, r10, r2
        add     r7, r7, 1
        jmp     _pf_width
_pf_conv:
        lbu     r2, [r7]
        beq     r2, 0, _pf_end
        add     r7, r7, 1
        sub     r12, fp, 36             ; the text to print, by default the digit buffer
        beq     r2, 'd', _pf_d
        beq     r2, 'u', _pf_u
        beq     r2, 'x', _pf_x
        beq     r2, 's', _pf_s
        beq     r2, 'c', _pf_c
        push    r2                      ; %% or an unknown conversion: print it as it is
        bne     r2, '%', _pf_unknown
        pop     r2
        mov     r1, r6
        call    fputc
        jmp     _pf_loop
_pf_unknown:
        mov     r1, r6
        li      r2, '%'
        call    fputc
        pop     r2
        mov     r1, r6
        call    fputc
        jmp     _pf_loop
_pf_d:  mov     r1, r12
        lw      r2, [r8]
        call    itoa
        jmp     _pf_num
_pf_u:  li      r3, 10
        jmp     _pf_unsigned
_pf_x:  li      r3, 16
_pf_unsigned:
        mov     r1, r12
        lw      r2, [r8]
        call    utoa
_pf_num:
        add     r8, r8, 4
        mov     r11, r0                 ; length
        and     r0, r9, 2
        beq     r0, 0, _pf_pad
        lbu     r0, [r12]               ; zero padding goes after the sign
        bne     r0, '-', _pf_zeros
        mov     r1, r6
        li      r2, '-'
        call    fputc
        add     r12, r12, 1
        sub     r11, r11, 1
        sub     r10, r10, 1
_pf_zeros:
        bge     r11, r10, _pf_text
        mov     r1, r6
        li      r2, '0'
        call    fputc
        sub     r10, r10, 1
        jmp     _pf_zeros
_pf_s:  lw      r12, [r8]
        add     r8, r8, 4
        mov     r1, r12
        call    strlen
        mov     r11, r0
        jmp     _pf_pad
_pf_c:  lw      r2, [r8]
        add     r8, r8, 4
        sb      r2, [r12]
        li      r2, 0
        sb      r2, [r12 + 1]
        li      r11, 1
_pf_pad:                                ; right-justify: spaces first
        and     r0, r9, 1
        bne     r0, 0, _pf_text
_pf_spaces:
        bge     r11, r10, _pf_text
        mov     r1, r6
        li      r2, ' '
        call    fputc
        sub     r10, r10, 1
        jmp     _pf_spaces
_pf_text:
        mov     r1, r6
        mov     r2, r12
        mov     r3, r11
        call    fwrite
_pf_after:                              ; left-justified: spaces after
        bge     r11, r10, _pf_loop
        mov     r1, r6
        li      r2, ' '
        call    fputc
        sub     r10, r10, 1
        jmp     _pf_after
_pf_end:
        pop     r12
        pop     r11
        pop     r10
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        li      r0, 0
        leave
        ret

; fgetc(r1 = fd) -> r0 = the next byte (0…255), -1 at end of input, or a negative error (< -1)
fgetc:  lw      r3, [_io_infd]
        beq     r1, r3, _fgetc_same
        sw      r1, [_io_infd]          ; another descriptor: forget the old one's bytes
        li      r3, 0
        sw      r3, [_io_inpos]
        sw      r3, [_io_inlen]
_fgetc_same:
        lw      r3, [_io_inpos]
        lw      r4, [_io_inlen]
        blt     r3, r4, _fgetc_have
        la      r2, _io_in
        li      r3, IO_INSIZE
        sys     read
        ble     r0, 0, _fgetc_none
        sw      r0, [_io_inlen]
        li      r3, 0
_fgetc_have:
        lbu     r0, [r3 + _io_in]
        add     r3, r3, 1
        sw      r3, [_io_inpos]
        ret
_fgetc_none:
        bne     r0, 0, _fgetc_ret
        li      r0, -1
_fgetc_ret:
        ret

; inreset(): forget any buffered input
inreset:
        li      r0, -1
        sw      r0, [_io_infd]
        ret

; readline(r1 = fd, r2 = buf, r3 = size) -> r0 = length of the line read into buf, without its
; newline and zero-terminated; -1 at end of input (or a negative error). A line longer than
; size - 1 bytes is cut to that length (the rest of it is read and dropped).
readline:
        push    r6
        push    r7
        push    r8
        push    r9
        mov     r6, r1
        mov     r7, r2
        sub     r8, r3, 1               ; room for bytes
        li      r9, 0                   ; bytes stored
_rl_loop:
        mov     r1, r6
        call    fgetc
        blt     r0, 0, _rl_eof
        beq     r0, 10, _rl_done
        bge     r9, r8, _rl_loop        ; no room: drop the byte
        add     r1, r7, r9
        sb      r0, [r1]
        add     r9, r9, 1
        jmp     _rl_loop
_rl_eof:
        beq     r9, 0, _rl_ret          ; nothing read: return -1 or the error
_rl_done:
        add     r1, r7, r9
        li      r0, 0
        sb      r0, [r1]
        mov     r0, r9
_rl_ret:
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret
