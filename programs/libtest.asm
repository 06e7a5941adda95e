; libtest.asm — exercises the standard library (lib/std.asm): strings, conversions, printf, malloc/free
; Try: quanta run programs/libtest.asm
        .data
hello:  .asciz  "hello"
world:  .asciz  "world"
hell:   .asciz  "hell"
lo:     .asciz  "lo w"
num:    .asciz  "  -1234xyz"
f_len:  .asciz  "strlen(\"hello\") = %d\n"
f_cmp:  .asciz  "strcmp: hello/world %d, hello/hello %d, hell/hello %d, hello/hell %d\n"
f_ncmp: .asciz  "strncmp(hello, hell, 4) = %d\n"
f_cat:  .asciz  "strcpy+strcat: [%s] (%d bytes)\n"
f_str:  .asciz  "strchr(hello world, 'w') -> [%s], strstr(.., \"lo w\") -> [%s], strstr(.., \"xyz\") = %d\n"
f_atoi: .asciz  "atoi(\"  -1234xyz\") = %d, stopped at [%s]\n"
f_strs: .asciz  "[%s] [%8s] [%-8s] [%c] 100%% %q\n"
f_min:  .asciz  "INT_MIN = %d, -1 unsigned = %u\n"
f_mem:  .asciz  "memset/memcpy/memmove: %s\n"
f_heap: .asciz  "%s: free %d bytes in %d blocks\n"
f_ptrs: .asciz  "a-b gap %d, c reuses a: %d, big block 8-aligned: %d\n"
f_real: .asciz  "realloc kept the contents: %s\n"
f_err:  .asciz  "strerror(-2) = %s; strerror(99) = %s\n"
s_start: .asciz "start"
s_alloc: .asciz "after 3 mallocs"
s_free1: .asciz "after free(b)"
s_free2: .asciz "after free(a), free(c) (coalesced)"
s_ok:   .asciz  "ok"
s_bad:  .asciz  "BAD"
        .bss
buf:    .space  64
buf2:   .space  64

        .text
main:   push    r6
        push    r7
        push    r8
        push    r9
        la      r1, hello
        call    strlen
        mov     r2, r0
        la      r1, f_len
        call    printf
        ; strcmp in four directions
        la      r1, hello
        la      r2, world
        call    strcmp
        mov     r6, r0
        la      r1, hello
        la      r2, hello
        call    strcmp
        mov     r7, r0
        la      r1, hell
        la      r2, hello
        call    strcmp
        mov     r8, r0
        la      r1, hello
        la      r2, hell
        call    strcmp
        mov     r5, r0
        la      r1, f_cmp
        mov     r2, r6
        mov     r3, r7
        mov     r4, r8
        call    printf
        la      r1, hello
        la      r2, hell
        li      r3, 4
        call    strncmp
        mov     r2, r0
        la      r1, f_ncmp
        call    printf
        ; strcpy + strcat
        la      r1, buf
        la      r2, hello
        call    strcpy
        la      r1, buf
        call    strlen          ; r0 = 5
        la      r1, buf
        add     r1, r1, r0
        li      r2, ' '
        sb      r2, [r1]
        li      r2, 0
        sb      r2, [r1 + 1]
        la      r1, buf
        la      r2, world
        call    strcat
        la      r1, buf
        call    strlen
        mov     r3, r0
        la      r1, f_cat
        la      r2, buf
        call    printf
        ; strchr, strstr
        la      r1, buf
        li      r2, 'w'
        call    strchr
        mov     r6, r0
        la      r1, buf
        la      r2, lo
        call    strstr
        mov     r7, r0
        la      r1, buf
        la      r2, num + 7
        call    strstr
        mov     r4, r0
        la      r1, f_str
        mov     r2, r6
        mov     r3, r7
        call    printf
        ; atoi
        la      r1, num
        call    atoi
        mov     r3, r1
        mov     r2, r0
        la      r1, f_atoi
        call    printf
        ; numbers
        li      r2, -42
        li      r3, -42
        li      r4, 0xBEEF
        li      r5, 0
        la      r1, fmt_part1   ; printf takes up to four arguments: one line in three calls
        call    printf
        la      r1, fmt_part2
        li      r2, 42
        li      r3, 42
        li      r4, 42
        li      r5, -42
        call    printf
        la      r1, fmt_part3
        li      r2, 0xBEEF
        li      r3, 0xBEEF
        call    printf
        la      r1, f_strs
        la      r2, hello
        la      r3, hello
        la      r4, hello
        li      r5, 'o'
        call    printf
        la      r1, f_min
        li      r2, 0x80000000
        li      r3, -1
        call    printf
        ; memset / memcpy / memmove
        la      r1, buf2
        li      r2, 'x'
        li      r3, 11
        call    memset
        la      r1, buf2 + 11
        li      r2, 0
        li      r3, 1
        call    memset
        la      r1, buf2 + 1    ; misaligned copy
        la      r2, hello
        li      r3, 5
        call    memcpy
        la      r1, buf2 + 3    ; overlapping move up: "xhelloxxxxx" -> "xhehelloxxx"
        la      r2, buf2 + 1
        li      r3, 5
        call    memmove
        la      r1, buf2        ; and down: -> "hehelloxxxx"... move 10 bytes from +1 to +0
        la      r2, buf2 + 1
        li      r3, 10
        call    memmove
        la      r1, f_mem
        la      r2, buf2
        call    printf
        ; malloc and free
        la      r1, s_start
        call    show_heap
        li      r1, 100
        call    malloc
        mov     r6, r0          ; a
        li      r1, 200
        call    malloc
        mov     r7, r0          ; b
        li      r1, 5000        ; larger than one growth step
        call    malloc
        mov     r8, r0          ; big
        la      r1, s_alloc
        call    show_heap
        mov     r1, r7
        call    free
        la      r1, s_free1
        call    show_heap
        mov     r1, r6
        call    free
        li      r1, 100
        call    malloc          ; first fit: takes a's place again? (a and b merged)
        mov     r9, r0
        mov     r1, r9
        call    free
        la      r1, s_free2
        call    show_heap
        sub     r2, r6, r7      ; a was split off above b: a - b
        seq     r3, r9, r6
        and     r4, r8, 7
        seq     r4, r4, 0
        la      r1, f_ptrs
        call    printf
        ; realloc keeps contents
        li      r1, 8
        call    malloc
        mov     r6, r0
        mov     r1, r6
        la      r2, hello
        call    strcpy
        mov     r1, r6
        li      r2, 3000
        call    realloc
        mov     r1, r0
        la      r2, hello
        call    strcmp
        la      r2, s_ok
        beq     r0, 0, real_ok
        la      r2, s_bad
real_ok:
        la      r1, f_real
        call    printf
        li      r1, -2
        call    strerror
        mov     r6, r0
        li      r1, 99
        call    strerror
        mov     r3, r0
        mov     r2, r6
        la      r1, f_err
        call    printf
        call    flush
        li      r0, 0
        pop     r9
        pop     r8
        pop     r7
        pop     r6
        ret

; show_heap(r1 = label)
show_heap:
        push    r6
        mov     r6, r1
        call    heapinfo
        mov     r3, r0
        mov     r4, r1
        mov     r2, r6
        la      r1, f_heap
        call    printf
        pop     r6
        ret

        .data
fmt_part1: .asciz "%d %u %x %d |"
fmt_part2: .asciz " [%5d] [%-5d] [%05d] [%05d]"
fmt_part3: .asciz " [%8x] [%08x]\n"

        .include "lib/std.asm"
