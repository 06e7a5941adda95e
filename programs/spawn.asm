; spawn.asm — spawn: start other programs by path with an argv, wait for each and decode its status
; What to observe: spawn loads a new program into a new process (unlike fork, nothing of the caller
; is copied but its open descriptors); argv[0] is whatever the caller passes. Paths are resolved in
; the sandbox (--root, default the current directory). A status above 128 means "killed by signal
; status - 128"; spawning a missing file fails at once with -ENOENT.
; Try: quanta run --trace=sched programs/spawn.asm      (run it from inside programs/)
        .data
p_echo: .asciz  "echo.asm"
p_false: .asciz "false.asm"
p_sleep: .asciz "sleep.asm"
s1000:  .asciz  "1000"
sargv:  .word   p_sleep, s1000, 0
f_kill: .asciz  "  kill %d TERM -> %d\n"
p_none: .asciz  "nosuch.asm"
a0:     .asciz  "echo"
a1:     .asciz  "spawned"
a2:     .asciz  "with"
a3:     .asciz  "argv"
argv:   .word   a0, a1, a2, a3, 0
f_spawn: .asciz "spawn %s -> pid %d\n"
f_fail: .asciz  "spawn %s -> %s\n"
f_exit: .asciz  "  pid %d exited with status %d\n"
f_sig:  .asciz  "  pid %d was killed by signal %d\n"
        .bss
status: .space  4

        .text
main:   la      r1, p_echo
        la      r2, argv
        call    run
        la      r1, p_false
        li      r2, 0           ; argv = just [path]
        call    run
        la      r1, p_sleep     ; a child that would sleep 1000 ticks, killed by TERM first
        la      r2, sargv
        li      r3, 1
        call    run
        la      r1, p_none
        li      r2, 0
        li      r3, 0
        call    run
        call    flush
        li      r0, 0
        ret

; run(r1 = path, r2 = argv or 0, r3 = 1 to kill it with TERM): spawn it, wait for it, describe how it ended
run:    push    r6
        push    r7
        push    r8
        mov     r6, r1
        mov     r8, r3
        sys     spawn
        mov     r7, r0
        blt     r0, 0, failed
        la      r1, f_spawn
        mov     r2, r6
        mov     r3, r7
        call    printf
        call    flush           ; before the child writes to the same terminal
        beq     r8, 0, reap
        mov     r1, r7
        li      r2, 15
        sys     kill
        mov     r3, r0
        la      r1, f_kill
        mov     r2, r7
        call    printf
reap:   mov     r1, r7
        la      r2, status
        sys     wait
        lw      r3, [status]
        la      r1, f_exit
        ble     r3, 128, told
        sub     r3, r3, 128
        la      r1, f_sig
told:   mov     r2, r7
        call    printf
        jmp     out
failed: mov     r1, r0
        call    strerror
        mov     r3, r0
        la      r1, f_fail
        mov     r2, r6
        call    printf
out:    pop     r8
        pop     r7
        pop     r6
        ret

        .include "lib/std.asm"
