; cow.asm — copy-on-write after fork: parent and child share pages until one of them writes
; The parent fills 8 pages, then forks. The child reads all 8 (shared: no copies), then writes 2 —
; each first write to a shared page is a copy-on-write fault that gives the child its own copy.
; The parent, after the child has exited, still sees its own values (isolation). What to observe:
; the page-fault counts from pstat, and with `--trace` the `pagefault ... kind=cow` lines.
; The parent's write after the child has gone costs nothing: nobody shares that page any more.
; Try: quanta run --trace=all programs/cow.asm 2>&1 | grep -v "kind=file"
        .equ    PAGES, 8
        .equ    PAGE, 4096
        .data
f_child: .asciz "child:  faults %d at start, %d after reading %d pages, %d after writing 2 of them\n"
f_par:  .asciz  "parent: faults %d before writing a page again, %d after\n"
f_iso:  .asciz  "parent: page 0 still holds %d (the child wrote %d into its own copy)\n"
        .bss
pages:  .space  PAGES * PAGE
st:     .space  40

        .text
main:   push    r6
        push    r7
        push    r8
        call    faults          ; warm up the page of `st`
        li      r1, 0           ; fill: page k gets k + 1
        li      r2, 1
fill:   sw      r2, [r1 + pages]
        add     r2, r2, 1
        add     r1, r1, PAGE
        blt     r1, PAGES * PAGE, fill
        call    flush
        sys     fork
        beq     r0, 0, child
        li      r1, -1
        li      r2, 0
        sys     wait
        call    faults
        mov     r6, r0
        li      r1, 77          ; the last page: the child never touched it
        sw      r1, [pages + (PAGES - 1) * PAGE]
        call    faults
        mov     r3, r0
        mov     r2, r6
        la      r1, f_par
        call    printf
        la      r1, f_iso
        lw      r2, [pages]
        li      r3, 99
        call    printf
        call    flush
        li      r0, 0
        jmp     out

child:  call    faults          ; this first pstat copies two shared pages: the stack (the call) and `st`
        call    faults
        mov     r6, r0
        li      r1, 0           ; read every page
        li      r3, 0
rd:     lw      r2, [r1 + pages]
        add     r3, r3, r2
        add     r1, r1, PAGE
        blt     r1, PAGES * PAGE, rd
        call    faults
        mov     r7, r0
        li      r1, 99          ; write two of them
        sw      r1, [pages]
        sw      r1, [pages + PAGE]
        call    faults
        mov     r5, r0
        mov     r2, r6
        mov     r3, r7
        li      r4, PAGES
        la      r1, f_child
        call    printf
        call    flush
        li      r0, 0
out:    pop     r8
        pop     r7
        pop     r6
        ret

; faults() -> r0 = this process's page faults so far
faults: li      r1, 0
        la      r2, st
        sys     pstat
        lw      r0, [st + 36]
        ret

        .include "lib/std.asm"
