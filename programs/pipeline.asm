; pipeline.asm — a pipeline of three processes, as a shell builds `cat fib.asm | grep call | wc`
; What to observe: pipe gives two descriptors; dup2 puts them on 0/1 of the parent just before
; each spawn, because a spawned child inherits the parent's descriptors. The parent must drop its
; own write ends, or the reader after it would never see end of input. The parent keeps copies of
; its terminal on descriptors 10 and 11 to restore it. `--trace=sched` shows grep and wc blocking
; on=pipe until the process before them writes.
; Try: quanta run --trace=sched programs/pipeline.asm      (run it from inside programs/)
        .data
p_cat:  .asciz  "cat.asm"
p_grep: .asciz  "grep.asm"
p_wc:   .asciz  "wc.asm"
a_fib:  .asciz  "fib.asm"
a_call: .asciz  "call"
cat_argv:  .word p_cat, a_fib, 0
grep_argv: .word p_grep, a_call, 0
wc_argv:   .word p_wc, 0
f_start: .asciz "pipeline: cat fib.asm | grep call | wc\n"
f_done: .asciz  "pipeline: pid %d exited with status %d\n"
        .bss
fds:    .space  8               ; pipe: [read end, write end]
pids:   .space  12
status: .space  4

        .text
main:   push    r6
        la      r1, f_start
        call    printf
        call    flush
        li      r1, 0           ; keep the terminal: 10 = stdin, 11 = stdout
        li      r2, 10
        sys     dup2
        li      r1, 1
        li      r2, 11
        sys     dup2
        ; cat: stdout -> pipe 1
        la      r1, fds
        sys     pipe
        lw      r1, [fds + 4]
        li      r2, 1
        sys     dup2            ; 1 = pipe 1's write end
        lw      r1, [fds + 4]
        sys     close
        lw      r6, [fds]       ; keep pipe 1's read end for grep
        la      r1, p_cat
        la      r2, cat_argv
        sys     spawn
        sw      r0, [pids]
        ; grep: stdin <- pipe 1, stdout -> pipe 2
        mov     r1, r6
        li      r2, 0
        sys     dup2
        mov     r1, r6
        sys     close
        la      r1, fds
        sys     pipe
        lw      r1, [fds + 4]
        li      r2, 1
        sys     dup2            ; this also closes our copy of pipe 1's write end
        lw      r1, [fds + 4]
        sys     close
        lw      r6, [fds]
        la      r1, p_grep
        la      r2, grep_argv
        sys     spawn
        sw      r0, [pids + 4]
        ; wc: stdin <- pipe 2, stdout = the terminal
        mov     r1, r6
        li      r2, 0
        sys     dup2
        mov     r1, r6
        sys     close
        li      r1, 11
        li      r2, 1
        sys     dup2            ; drops our copy of pipe 2's write end
        la      r1, p_wc
        la      r2, wc_argv
        sys     spawn
        sw      r0, [pids + 8]
        li      r1, 10          ; our own stdin back; close the spares
        li      r2, 0
        sys     dup2
        li      r1, 10
        sys     close
        li      r1, 11
        sys     close
        li      r6, 0           ; wait for the three, in order
reap:   shl     r1, r6, 2
        lw      r1, [r1 + pids]
        la      r2, status
        sys     wait
        mov     r2, r0
        lw      r3, [status]
        la      r1, f_done
        call    printf
        add     r6, r6, 1
        blt     r6, 3, reap
        call    flush
        li      r0, 0
        pop     r6
        ret

        .include "lib/std.asm"
