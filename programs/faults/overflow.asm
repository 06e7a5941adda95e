; overflow.asm — unbounded recursion runs into the guard page below the stack: SEGV
        .text
main:
down:   call    down
