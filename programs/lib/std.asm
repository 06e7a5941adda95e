; lib/std.asm — the whole standard library: string, fmt, io (buffered), malloc, sort and args.
; Include it once, after the program's own code: .include "lib/std.asm"
; Calling convention: arguments in r1–r5, result in r0; r0–r5 may be clobbered, r6–r13, fp and
; sp are preserved. Library-internal labels start with '_'.
        .include "string.asm"
        .include "fmt.asm"
        .include "io.asm"
        .include "malloc.asm"
        .include "sort.asm"
        .include "args.asm"
        .text
