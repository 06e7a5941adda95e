// Statement and expression trees that the CST visitor produces and the later passes consume.
import type { BinaryOp } from '../vm/operators.js';

/** A range of one source line: 1-based column and length in characters. */
export interface Span {
  col: number;
  length: number;
}

export type UnaryOp = '-' | '+' | '~';
export type { BinaryOp };

export type Expr =
  | { kind: 'num'; value: number; span: Span }
  | { kind: 'sym'; name: string; span: Span }
  | { kind: 'dot'; span: Span }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; span: Span }
  // Operators of one precedence level are kept as a flat chain rather than a nested tree so that a
  // long line such as "1+1+…+1" cannot make evaluation recurse once per operator.
  | { kind: 'chain'; first: Expr; rest: { op: BinaryOp; opSpan: Span; arg: Expr }[]; span: Span };

export type Operand =
  | { kind: 'reg'; reg: number; span: Span }
  | { kind: 'expr'; expr: Expr; span: Span }
  | { kind: 'mem'; base: number | null; negate: boolean; offset: Expr | null; span: Span }
  | { kind: 'str'; bytes: Uint8Array; span: Span };

export interface Statement {
  kind: 'directive' | 'instruction';
  name: string; // as written; directive names include the dot
  nameSpan: Span;
  operands: Operand[];
}

export interface LabelDef {
  name: string;
  span: Span;
}
