; kill.asm — send a signal to a process: kill PID [SIGNAL]; SIGNAL is a number or KILL, TERM (default), STOP, CONT
; Try (in the shell): sleep 1000 &   then   kill 2 STOP   ps   kill 2 CONT   kill 2
        .data
usage:  .asciz  "usage: kill PID [SIGNAL]   (SIGNAL: a number, KILL, TERM, STOP or CONT)"
failed: .asciz  "kill: %d: %s\n"
names:  .word   n_kill, 9, n_term, 15, n_stop, 19, n_cont, 18, 0
n_kill: .asciz  "KILL"
n_term: .asciz  "TERM"
n_stop: .asciz  "STOP"
n_cont: .asciz  "CONT"

        .text
main:   push    r6
        push    r7
        push    r8
        mov     r6, r2          ; argv
        blt     r1, 2, bad
        bgt     r1, 3, bad
        li      r8, 15          ; signal
        beq     r1, 2, target
        lw      r1, [r6 + 8]    ; the signal: a name…
        la      r7, names
lookup: lw      r2, [r7]
        beq     r2, 0, number
        lw      r1, [r6 + 8]
        call    strcmp
        lw      r8, [r7 + 4]
        beq     r0, 0, target
        add     r7, r7, 8
        jmp     lookup
number: lw      r1, [r6 + 8]    ; …or a number
        call    atoi
        lbu     r1, [r1]
        bne     r1, 0, bad
        mov     r8, r0
target: lw      r1, [r6 + 4]
        call    atoi
        lbu     r1, [r1]
        bne     r1, 0, bad
        mov     r7, r0          ; pid
        mov     r1, r7
        mov     r2, r8
        sys     kill
        bge     r0, 0, out
        mov     r1, r0
        call    strerror
        li      r1, 2
        la      r2, failed
        mov     r3, r7
        mov     r4, r0
        call    fprintf
        call    flush
        li      r0, 1
out:    pop     r8
        pop     r7
        pop     r6
        ret
bad:    la      r1, usage
        call    die

        .include "lib/std.asm"
