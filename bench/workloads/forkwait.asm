; forkwait.asm — benchmark workload: fork a child that exits at once, wait for it, repeat
; Rounds in r3 (set by `quanta bench`), else N; exits with the number of children reaped.
        .equ    N, 1000

        .text
main:   bne     r3, 0, go
        li      r3, N
go:     li      r5, 0
loop:   sys     fork
        beq     r0, 0, child
        li      r1, -1          ; any child
        li      r2, 0           ; status not wanted
        sys     wait
        add     r5, r5, 1
        blt     r5, r3, loop
        mov     r1, r5
        sys     exit
child:  li      r1, 0
        sys     exit
