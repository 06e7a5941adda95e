; ps.asm — list the processes in the table (procs), one line each from pstat, named by pname
; Try: quanta run programs/ps.asm      or, under the shell, `sleep 500 &` then `ps`
        .equ    MAXP, 256
        .data
header: .asciz  "  PID  PPID STATE    NICE TICKETS     CPU   READY   START  SWITCH  FAULTS NAME\n"
f_row1: .asciz  "%5d %5d %-8s %4d"
f_row2: .asciz  " %7d %7d %7d %7d"
f_row3: .asciz  " %7d %7d %s\n"
s_ready:   .asciz "ready"
s_running: .asciz "running"
s_blocked: .asciz "blocked"
s_stopped: .asciz "stopped"
s_zombie:  .asciz "zombie"
s_unknown: .asciz "?"
states: .word   s_ready, s_running, s_blocked, s_stopped, s_zombie
failed: .asciz  "ps: procs failed"
        .bss
pids:   .space  MAXP * 4
st:     .space  40              ; pid, ppid, state, nice, tickets, cpu, ready-wait, start, switches, faults
name:   .space  64

        .text
main:   push    r6
        push    r7
        la      r1, pids
        li      r2, MAXP
        sys     procs
        blt     r0, 0, bad
        mov     r6, r0          ; processes in the table
        ble     r6, MAXP, fits
        li      r6, MAXP
fits:   la      r1, header
        call    puts
        li      r7, 0
row:    bge     r7, r6, done
        shl     r1, r7, 2
        lw      r1, [r1 + pids]
        la      r2, st
        sys     pstat
        blt     r0, 0, skip     ; gone since procs
        lw      r3, [st + 8]
        la      r4, s_unknown
        bgeu    r3, 5, named
        shl     r3, r3, 2
        lw      r4, [r3 + states]
named:  mov     r3, r4
        la      r1, f_row1
        lw      r2, [st]
        mov     r4, r3
        lw      r3, [st + 4]
        lw      r5, [st + 12]
        call    printf
        la      r1, f_row2
        lw      r2, [st + 16]
        lw      r3, [st + 20]
        lw      r4, [st + 24]
        lw      r5, [st + 28]
        call    printf
        lw      r1, [st]
        la      r2, name
        li      r3, 64
        sys     pname           ; a name cut to 63 bytes still reads well
        la      r1, f_row3
        lw      r2, [st + 32]
        lw      r3, [st + 36]
        la      r4, name
        call    printf
skip:   add     r7, r7, 1
        jmp     row
done:   call    flush
        li      r0, 0
        pop     r7
        pop     r6
        ret
bad:    la      r1, failed
        call    die

        .include "lib/std.asm"
