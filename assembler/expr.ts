// Evaluation of expressions to 32-bit integers (wrapping, C precedence already in the tree).
import { applyBinary, type BinaryOp } from '../vm/operators.js';
import type { Expr, Span } from './ast.js';

/**
 * Why an expression has no value. A quiet error was already reported where it arose (e.g. at a
 * broken .equ). An undefined name is kept apart so that a "did you mean" is only looked for when
 * the error is reported, not at each layout pass.
 */
export class EvalError {
  constructor(readonly span: Span, readonly message: string, readonly quiet = false, readonly undefinedName: string | null = null) {}
}

export type Value = number | EvalError;

export interface Scope {
  /** The value of a label or constant, or an error (undefined, circular, …) pointing at span. */
  lookup(name: string, span: Span): Value;
  /** The address of the current statement. */
  dot: number;
}

function apply(op: BinaryOp, a: number, b: number, opSpan: Span): Value {
  return applyBinary(op, a, b) ?? new EvalError(opSpan, 'division by zero in expression');
}

export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.kind) {
    case 'num': return e.value;
    case 'dot': return scope.dot | 0;
    case 'sym': return scope.lookup(e.name, e.span);
    case 'unary': {
      const v = evaluate(e.arg, scope);
      if (v instanceof EvalError) return v;
      return e.op === '-' ? -v | 0 : e.op === '~' ? ~v : v;
    }
    case 'chain': {
      let acc = evaluate(e.first, scope);
      for (const { op, opSpan, arg } of e.rest) {
        if (acc instanceof EvalError) return acc;
        const v = evaluate(arg, scope);
        if (v instanceof EvalError) return v;
        acc = apply(op, acc, v, opSpan);
      }
      return acc;
    }
  }
}
