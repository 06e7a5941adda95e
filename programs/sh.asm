; sh.asm — an interactive shell: runs programs by name with arguments, `cmd &` in the background, `a | b | c` pipelines
; Usage: sh [-v]      (-v echoes each command line after a prompt: transcripts of scripted sessions)
; A command NAME runs the program NAME.asm (a name containing a '.' is used as it is), looked for
; first in the current directory (the sandbox root: --root, by default where quanta was started),
; then in the directory the shell itself was loaded from (that of argv[0]): started as
; `quanta run programs/sh.asm` from the repository root, `echo` runs programs/echo.asm. A name
; with a '/' in it is not searched for. Words are separated by spaces; there is no quoting.
; `a | b` connects a's stdout to b's stdin (pipe, then dup2 onto 0/1 just before each spawn: a
; spawned child inherits descriptors); a line ending in `&` runs in the background and the shell
; reports "[pid] done" before a later prompt. A non-zero status is printed after a command.
; Built-ins: exit [N], jobs, wait. The prompt is printed only when stdin is a terminal (isatty),
; so that `printf 'ls\n' | quanta run sh.asm` prints only the commands' output; end of input
; (Ctrl-D at the prompt) ends the shell, while a Ctrl-D typed to a command ends only its read.
; What to observe: `--trace=sched` shows the shell blocked on input, on its children and the
; pipes between them. Try: printf 'echo hi\nwc sh.asm\n' | quanta run sh.asm -v
        .equ    LINEMAX, 256
        .equ    MAXWORDS, 32
        .equ    MAXSEGS, 8
        .equ    MAXJOBS, 16
        .equ    SAVED_IN, 10            ; the shell's own stdin and stdout, kept while plumbing
        .equ    SAVED_OUT, 11
        .equ    EPERM, 1
        .equ    ENOENT, 2
        .data
prompt: .asciz  "$ "
amp:    .asciz  "&"
bar:    .asciz  "|"
dotasm: .asciz  ".asm"
f_nf:   .asciz  "sh: %s: command not found (looked in the current directory%s%s)\n"
and_s:  .asciz  " and "
empty_s: .asciz ""
b_exit: .asciz  "exit"
b_jobs: .asciz  "jobs"
b_wait: .asciz  "wait"
f_bg:   .asciz  "[%d] running in the background\n"
f_done: .asciz  "[%d] done, status %d\n"
f_job:  .asciz  "[%d] %s\n"
f_stat: .asciz  "[status %d]\n"
f_sig:  .asciz  "[killed by signal %d]\n"
f_fail: .asciz  "sh: %s: %s\n"
syntax: .asciz  "sh: syntax error near '|' or '&'\n"
f_echo: .asciz  "%s\n"
opt_v:  .asciz  "-v"
states: .word   s0, s1, s2, s3, s4
s0:     .asciz  "ready"
s1:     .asciz  "running"
s2:     .asciz  "blocked"
s3:     .asciz  "stopped"
s4:     .asciz  "done"
        .bss
line:   .space  LINEMAX
echoing: .space 4
words:  .space  (MAXWORDS + 1) * 4
nwords: .space  4
segs:   .space  MAXSEGS * 4     ; index in words of each command's first word
nsegs:  .space  4
bg:     .space  4
pids:   .space  MAXSEGS * 4
jobs:   .space  MAXJOBS * 4     ; background pids, 0 = free
fds:    .space  8
path:   .space  2 * LINEMAX + 8
home:   .space  LINEMAX         ; the shell's own directory, with its final '/' (empty: the current one)
prompting: .space 4             ; 1 when stdin is a terminal, or with -v
status: .space  4
last:   .space  4               ; status of the last command
st:     .space  40

        .text
main:   push    r1
        push    r2
        lw      r1, [r2]        ; argv[0]: where the shell was loaded from
        call    find_home
        pop     r2
        pop     r1
        blt     r1, 2, init
        lw      r1, [r2 + 4]
        la      r2, opt_v
        call    strcmp
        seq     r0, r0, 0
        sw      r0, [echoing]
init:   li      r1, 0
        sys     isatty
        lw      r1, [echoing]
        or      r0, r0, r1
        sw      r0, [prompting]
        li      r1, 0
        li      r2, SAVED_IN
        sys     dup2
        li      r1, 1
        li      r2, SAVED_OUT
        sys     dup2
loop:   call    reap_jobs
        lw      r1, [prompting]
        beq     r1, 0, read
        la      r1, prompt
        call    puts
        call    flush
read:   li      r1, 0
        la      r2, line
        li      r3, LINEMAX
        call    readline
        blt     r0, 0, eof
        lw      r1, [echoing]
        beq     r1, 0, parse
        la      r1, f_echo
        la      r2, line
        call    printf
parse:  call    split
        lw      r1, [nwords]
        beq     r1, 0, loop
        blt     r0, 0, bad
        lw      r1, [nsegs]
        bgt     r1, 1, launch
        lw      r1, [words]
        la      r2, b_exit
        call    strcmp
        beq     r0, 0, do_exit
        lw      r1, [words]
        la      r2, b_jobs
        call    strcmp
        beq     r0, 0, do_jobs
        lw      r1, [words]
        la      r2, b_wait
        call    strcmp
        beq     r0, 0, do_wait
launch: call    run
        jmp     loop
bad:    li      r1, 2
        la      r2, syntax
        call    fputs
        call    flush
        li      r1, 2
        sw      r1, [last]
        jmp     loop
eof:    lw      r1, [prompting]
        beq     r1, 0, eof_out
        call    newline         ; end the prompt's line
eof_out:
        call    flush
        lw      r0, [last]
        ret

do_exit:
        lw      r1, [nwords]
        lw      r0, [last]
        blt     r1, 2, exit_now
        lw      r1, [words + 4]
        call    atoi
exit_now:
        mov     r1, r0
        call    quit

do_jobs:
        push    r6
        li      r6, 0
dj_next:
        shl     r1, r6, 2
        lw      r1, [r1 + jobs]
        beq     r1, 0, dj_skip
        push    r1
        la      r2, st
        sys     pstat
        pop     r2
        blt     r0, 0, dj_skip
        lw      r3, [st + 8]
        shl     r3, r3, 2
        lw      r3, [r3 + states]
        la      r1, f_job
        call    printf
dj_skip:
        add     r6, r6, 1
        blt     r6, MAXJOBS, dj_next
        pop     r6
        jmp     loop

do_wait:
        push    r6
        li      r6, 0
dw_next:
        shl     r1, r6, 2
        lw      r1, [r1 + jobs]
        beq     r1, 0, dw_skip
        mov     r1, r6
        call    finish_job
dw_skip:
        add     r6, r6, 1
        blt     r6, MAXJOBS, dw_next
        pop     r6
        jmp     loop

; reap_jobs(): report the background jobs that have finished (zombies: wait will not block)
reap_jobs:
        push    r6
        li      r6, 0
rj_next:
        shl     r1, r6, 2
        lw      r1, [r1 + jobs]
        beq     r1, 0, rj_skip
        la      r2, st
        sys     pstat
        blt     r0, 0, rj_gone
        lw      r1, [st + 8]
        bne     r1, 4, rj_skip
rj_gone:
        mov     r1, r6
        call    finish_job
rj_skip:
        add     r6, r6, 1
        blt     r6, MAXJOBS, rj_next
        pop     r6
        ret

; finish_job(r1 = slot in jobs): wait for that job, report it, free the slot
finish_job:
        push    r6
        push    r7
        shl     r6, r1, 2
        lw      r7, [r6 + jobs]
        li      r1, 0
        sw      r1, [r6 + jobs]
        mov     r1, r7
        la      r2, status
        sys     wait
        blt     r0, 0, fj_out
        la      r1, f_done
        mov     r2, r7
        lw      r3, [status]
        call    printf
fj_out: pop     r7
        pop     r6
        ret

; split() -> r0 = 0, or -1 on a syntax error. Cuts line into words (nwords, words[]), drops a
; final "&" (bg = 1), and cuts the words at each "|" into commands (nsegs, segs[]); each
; command's argv is its slice of words, ended by a 0 that replaces the "|".
split:  push    r6
        push    r7
        la      r6, line
        li      r7, 0           ; words found
        sw      r7, [bg]
sp_skip:
        lbu     r1, [r6]
        beq     r1, 0, sp_end
        beq     r1, ' ', sp_blank
        bne     r1, 9, sp_word
sp_blank:
        add     r6, r6, 1
        jmp     sp_skip
sp_word:
        bge     r7, MAXWORDS, sp_end
        shl     r1, r7, 2
        sw      r6, [r1 + words]
        add     r7, r7, 1
sp_in:  lbu     r1, [r6]
        beq     r1, 0, sp_end
        beq     r1, ' ', sp_cut
        beq     r1, 9, sp_cut
        add     r6, r6, 1
        jmp     sp_in
sp_cut: li      r1, 0
        sb      r1, [r6]
        add     r6, r6, 1
        jmp     sp_skip
sp_end: beq     r7, 0, sp_ok    ; an empty line
        shl     r1, r7, 2       ; a final "&"?
        lw      r1, [r1 + words - 4]
        la      r2, amp
        call    strcmp
        bne     r0, 0, sp_fg
        li      r1, 1
        sw      r1, [bg]
        sub     r7, r7, 1
        beq     r7, 0, sp_bad
sp_fg:  sw      r7, [nwords]
        shl     r1, r7, 2
        li      r2, 0
        sw      r2, [r1 + words]
        li      r1, 0           ; the first command starts at word 0
        sw      r1, [segs]
        li      r1, 1
        sw      r1, [nsegs]
        li      r6, 0
sp_bars:
        bge     r6, r7, sp_last
        shl     r1, r6, 2
        lw      r1, [r1 + words]
        la      r2, bar
        call    strcmp
        bne     r0, 0, sp_nobar
        lw      r1, [nsegs]     ; "|": end this command; the next starts after it
        bge     r1, MAXSEGS, sp_bad
        shl     r2, r1, 2
        lw      r3, [r2 + segs - 4]
        beq     r3, r6, sp_bad  ; an empty command before it
        add     r3, r6, 1
        sw      r3, [r2 + segs]
        add     r1, r1, 1
        sw      r1, [nsegs]
        shl     r1, r6, 2
        li      r2, 0
        sw      r2, [r1 + words]
sp_nobar:
        add     r6, r6, 1
        jmp     sp_bars
sp_last:
        lw      r1, [nsegs]     ; the last command must not be empty
        shl     r1, r1, 2
        lw      r1, [r1 + segs - 4]
        bge     r1, r7, sp_bad
sp_ok:  li      r0, 0
        sw      r7, [nwords]
        jmp     sp_ret
sp_bad: li      r0, -1
        li      r1, 1
        sw      r1, [nwords]
sp_ret: pop     r7
        pop     r6
        ret

; run(): start every command of the line, connected by pipes; then wait for them or record a job
run:    push    r6
        push    r7
        push    r8
        li      r6, 0           ; command index
        li      r8, -1          ; read end of the pipe from the previous command
run_cmd:
        lw      r1, [nsegs]
        bge     r6, r1, run_started
        blt     r8, 0, run_out  ; stdin: the previous command's pipe, if any
        mov     r1, r8
        li      r2, 0
        sys     dup2
        mov     r1, r8
        sys     close
        li      r8, -1
run_out:
        lw      r1, [nsegs]     ; stdout: a new pipe, or the terminal for the last command
        sub     r1, r1, 1
        bge     r6, r1, run_last
        la      r1, fds
        sys     pipe
        blt     r0, 0, run_last
        lw      r1, [fds + 4]
        li      r2, 1
        sys     dup2
        lw      r1, [fds + 4]
        sys     close
        lw      r8, [fds]
        jmp     run_spawn
run_last:
        li      r1, SAVED_OUT
        li      r2, 1
        sys     dup2
run_spawn:
        shl     r1, r6, 2
        lw      r7, [r1 + segs]
        shl     r7, r7, 2
        la      r1, words
        add     r7, r7, r1      ; this command's argv
        mov     r1, r7
        call    spawn_cmd
        shl     r1, r6, 2
        sw      r0, [r1 + pids]
        bge     r0, 0, run_next
        bne     r0, -ENOENT, run_why
        push    r0
        lw      r1, [r7]        ; a path (with a '/') was not searched for
        li      r2, '/'
        call    strchr
        mov     r1, r0
        pop     r0
        bne     r1, 0, run_why
        li      r1, 2           ; not found: say where the shell looked
        la      r2, f_nf
        lw      r3, [r7]
        la      r4, and_s
        la      r5, home
        lbu     r0, [r5]
        bne     r0, 0, run_nf
        la      r4, empty_s
run_nf: call    fprintf
        call    flush
        jmp     run_next
run_why:
        mov     r1, r0          ; could not start it: say why (stderr is untouched)
        call    strerror
        mov     r4, r0
        lw      r3, [r7]
        li      r1, 2
        la      r2, f_fail
        call    fprintf
        call    flush
run_next:
        add     r6, r6, 1
        jmp     run_cmd
run_started:
        li      r1, SAVED_IN    ; the shell's own descriptors back
        li      r2, 0
        sys     dup2
        li      r1, SAVED_OUT
        li      r2, 1
        sys     dup2
        lw      r1, [bg]
        bne     r1, 0, run_bg
        li      r6, 0           ; foreground: wait for each command
        li      r7, 127         ; status of one that could not start
run_wait:
        lw      r1, [nsegs]
        bge     r6, r1, run_report
        shl     r1, r6, 2
        lw      r1, [r1 + pids]
        li      r7, 127
        blt     r1, 0, run_waited
        la      r2, status
        sys     wait
        lw      r7, [status]
run_waited:
        add     r6, r6, 1
        jmp     run_wait
run_report:
        sw      r7, [last]      ; a pipeline's status is its last command's
        beq     r7, 0, run_ret
        la      r1, f_stat
        mov     r2, r7
        ble     r7, 128, run_say
        la      r1, f_sig
        sub     r2, r7, 128
run_say:
        call    printf
        jmp     run_ret
run_bg: li      r6, 0           ; background: remember the pids
        li      r1, 0
        sw      r1, [last]
run_bgcmd:
        lw      r1, [nsegs]
        bge     r6, r1, run_ret
        shl     r1, r6, 2
        lw      r1, [r1 + pids]
        blt     r1, 0, run_bgnext
        call    add_job
run_bgnext:
        add     r6, r6, 1
        jmp     run_bgcmd
run_ret:
        pop     r8
        pop     r7
        pop     r6
        ret

; add_job(r1 = pid): put it in a free slot of jobs and say so
add_job:
        li      r2, 0
aj_find:
        shl     r3, r2, 2
        lw      r4, [r3 + jobs]
        beq     r4, 0, aj_put
        add     r2, r2, 1
        blt     r2, MAXJOBS, aj_find
        ret                     ; no room: it runs unwatched (process 1 would reap it as an orphan)
aj_put: sw      r1, [r3 + jobs]
        mov     r2, r1
        la      r1, f_bg
        jmp     printf

; spawn_cmd(r1 = argv) -> r0 = the new process's pid, or the error of spawn. The program is argv[0]
; (plus ".asm" unless it has a '.') in the current directory, else in the shell's own directory.
spawn_cmd:
        push    r6
        mov     r6, r1
        lw      r1, [r6]
        la      r2, empty_s
        call    make_path
        la      r1, path
        mov     r2, r6
        sys     spawn
        bne     r0, -ENOENT, sc_ret
        lbu     r1, [home]      ; nowhere else to look
        beq     r1, 0, sc_ret
        lw      r1, [r6]        ; a name with a '/' is a path: not searched for
        li      r2, '/'
        call    strchr
        bne     r0, 0, sc_nf
        lw      r1, [r6]
        la      r2, home
        call    make_path
        la      r1, path
        mov     r2, r6
        sys     spawn
        bne     r0, -EPERM, sc_ret      ; a directory outside the sandbox holds nothing it can run
sc_nf:  li      r0, -ENOENT
sc_ret: pop     r6
        ret

; make_path(r1 = command name, r2 = directory): path = the directory, the name, and ".asm" unless
; the name's last part (after any '/') contains a '.'
make_path:
        push    r6
        mov     r6, r1
        la      r1, path
        call    strcpy
        la      r1, path
        mov     r2, r6
        call    strcat
        li      r2, 0           ; a '.' seen since the last '/'
mp_scan:
        lbu     r1, [r6]
        beq     r1, 0, mp_end
        add     r6, r6, 1
        seq     r3, r1, '.'
        or      r2, r2, r3
        bne     r1, '/', mp_scan
        li      r2, 0
        jmp     mp_scan
mp_end: bne     r2, 0, mp_done
        la      r1, path
        la      r2, dotasm
        call    strcat
mp_done:
        pop     r6
        ret

; find_home(r1 = argv[0]): home = its directory with the final '/'; empty if it has none, or if it
; is absolute (a host path: guest paths are relative to the sandbox root)
find_home:
        push    r6
        mov     r6, r1
        lbu     r0, [r6]
        beq     r0, '/', fh_ret
        call    strlen
        bge     r0, LINEMAX, fh_ret     ; too long to keep: search only the current directory
        la      r1, home
        mov     r2, r6
        call    strcpy
        la      r1, home
        call    strlen
fh_back:
        ble     r0, 0, fh_cut           ; no '/': no directory of its own
        lbu     r1, [r0 + home - 1]
        beq     r1, '/', fh_cut
        sub     r0, r0, 1
        jmp     fh_back
fh_cut: li      r1, 0
        sb      r1, [r0 + home]
fh_ret: pop     r6
        ret

        .include "lib/std.asm"
