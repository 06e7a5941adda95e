// The binary operators of expressions on 32-bit integers, shared by the assembler and the debugger's `print`.

export type BinaryOp = '|' | '^' | '&' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%';

/** Binary operators from the loosest to the tightest binding, C's order. */
export const PRECEDENCE: readonly (readonly BinaryOp[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

/** a op b, wrapping to 32 bits; null for a division by zero. */
export function applyBinary(op: BinaryOp, a: number, b: number): number | null {
  switch (op) {
    case '+': return (a + b) | 0;
    case '-': return (a - b) | 0;
    case '*': return Math.imul(a, b);
    // Signed and truncating as in C; the | 0 also makes INT_MIN / -1 wrap to INT_MIN.
    case '/': return b === 0 ? null : (a / b) | 0;
    case '%': return b === 0 ? null : (a % b) | 0;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    // Shift counts use their low 5 bits, like the machine's shl/sra; >> is arithmetic.
    case '<<': return a << b;
    case '>>': return a >> b;
  }
}
