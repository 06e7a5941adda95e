; ls.asm — list directories with the readdir system call: their names in byte order, a directory's ending in '/'
; Usage: ls [DIR|FILE…]   Without an argument it lists the current directory (the sandbox root). A file
; is listed as its own name; with several arguments each directory's names follow a "DIR:" line,
; and a blank line separates the arguments' listings.
; readdir returns only whole names, as many as fit: when the buffer may have been too small (less
; than one longest name, 257 bytes, left over), ls doubles it on the heap (realloc) and asks again.
; Try: quanta run ls.asm      quanta run ls.asm lib faults hello.asm nosuch
        .equ    LONGEST, 257            ; 255 bytes of name, '/' and '\n'
        .equ    MAXBUF, 1 << 20
        .equ    ENOTDIR, 20
        .data
dot:    .asciz  "."
f_head: .asciz  "%s:\n"
f_file: .asciz  "%s\n"
f_fail: .asciz  "ls: %s: %s\n"
        .bss
buf:    .space  4
size:   .space  4
status: .space  4

        .text
main:   push    r6
        push    r7
        push    r8
        mov     r6, r1                  ; argc
        add     r7, r2, 4               ; the first argument
        li      r1, 4096
        sw      r1, [size]
        call    malloc
        sw      r0, [buf]
        bgt     r6, 1, each
        la      r1, dot                 ; no arguments: the current directory
        li      r2, -1
        call    list
        jmp     done
each:   li      r8, 1                   ; arguments listed so far
next:   bge     r8, r6, done
        lw      r1, [r7]
        sub     r2, r8, 1               ; not the first: a blank line before its heading
        bgt     r6, 2, many
        li      r2, -1                  ; the only one: no heading
many:   call    list
        add     r7, r7, 4
        add     r8, r8, 1
        jmp     next
done:   call    flush
        lw      r0, [status]
        pop     r8
        pop     r7
        pop     r6
        ret

; list(r1 = path, r2 = -1 for no heading, 0 for a heading, 1 for a blank line and a heading)
list:   push    r6
        push    r7
        push    r8
        mov     r6, r1
        mov     r7, r2
again:  mov     r1, r6
        lw      r2, [buf]
        lw      r3, [size]
        sys     readdir
        blt     r0, 0, failed
        mov     r8, r0                  ; bytes of names
        lw      r1, [size]
        sub     r3, r1, LONGEST
        ble     r8, r3, whole           ; room for one more name was left: nothing was cut
        bge     r1, MAXBUF, whole       ; as much as ls will hold
        shl     r2, r1, 1
        lw      r1, [buf]
        call    realloc
        beq     r0, 0, whole            ; no larger buffer: list what this one holds
        sw      r0, [buf]
        lw      r1, [size]
        shl     r1, r1, 1
        sw      r1, [size]
        jmp     again
whole:  blt     r7, 0, names
        beq     r7, 0, heading
        call    newline
heading:
        la      r1, f_head
        mov     r2, r6
        call    printf
names:  li      r1, 1
        lw      r2, [buf]
        mov     r3, r8
        call    fwrite
        jmp     out
failed: bne     r0, -ENOTDIR, error     ; a file: listed as its name
        ble     r7, 0, file
        call    newline
file:   la      r1, f_file
        mov     r2, r6
        call    printf
        jmp     out
error:  mov     r1, r0
        call    strerror
        mov     r4, r0
        li      r1, 2
        la      r2, f_fail
        mov     r3, r6
        call    fprintf
        call    flush
        li      r1, 1
        sw      r1, [status]
out:    pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
