// CST visitor: turns the parse of one statement into a Statement, decoding literals on the way.
import type { CstNode, CstNodeLocation, IToken } from 'chevrotain';
import { registerNumber } from '../vm/isa.js';
import type { BinaryOp, Expr, Operand, Span, Statement, UnaryOp } from './ast.js';
import { parser } from './parser.js';

export interface LiteralError {
  span: Span;
  message: string;
}

interface StatementCtx { Directive?: IToken[]; Identifier?: IToken[]; operands?: CstNode[] }
interface OperandsCtx { operand: CstNode[] }
interface OperandCtx { Register?: IToken[]; StringLit?: IToken[]; memory?: CstNode[]; expression?: CstNode[] }
interface MemoryCtx { Register?: IToken[]; Minus?: IToken[]; expression?: CstNode[] }
interface BinaryCtx { arg: CstNode[]; op?: IToken[] }
interface UnaryCtx { Minus?: IToken[]; Plus?: IToken[]; Tilde?: IToken[]; unary?: CstNode[]; primary?: CstNode[] }
interface PrimaryCtx { NumberLit?: IToken[]; CharLit?: IToken[]; Identifier?: IToken[]; Dot?: IToken[]; expression?: CstNode[] }

export const tokenSpan = (t: IToken): Span => ({ col: t.startColumn ?? 1, length: t.image.length });
const locSpan = (loc: CstNodeLocation): Span => {
  return { col: loc.startColumn ?? 1, length: (loc.endColumn ?? 0) - (loc.startColumn ?? 1) + 1 };
};

const MAX_LITERAL = 0xffffffff;
/** Binary operators by precedence level, loosest first, as in C: | ^ & (<< >>) (+ -) (* / %). */
const PRECEDENCE: Readonly<Record<string, number>> = { '|': 0, '^': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5 };
const utf8 = new TextEncoder();

/** Decode the escapes of a string or character literal (without its quotes) to bytes (UTF-8 for other characters). */
function unescape(body: string, bodyCol: number, errors: LiteralError[]): number[] {
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, '"': 34, "'": 39 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      for (const b of utf8.encode(String.fromCodePoint(cp))) bytes.push(b);
      continue;
    }
    const e = body[i + 1];
    if (e in simple) {
      bytes.push(simple[e]);
      i++;
    } else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(body.slice(i + 2, i + 4))) {
      bytes.push(parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      const seq = e === 'x' ? '\\x' : `\\${e}`;
      errors.push({
        span: { col: bodyCol + i, length: seq.length },
        message: e === 'x' ? "'\\x' must be followed by two hex digits" : `unknown escape '${seq}' (use \\n \\t \\r \\0 \\\\ \\" \\' or \\xHH)`,
      });
      i++;
    }
  }
  return bytes;
}

/** Body of a quoted literal, or null (with an error) when the closing quote is missing. */
function quoted(t: IToken, quote: string, what: string, errors: LiteralError[]): string | null {
  const img = t.image;
  if (img.length < 2 || !img.endsWith(quote) || escapedClose(img)) {
    errors.push({ span: tokenSpan(t), message: `unterminated ${what} (missing closing ${quote})` });
    return null;
  }
  return img.slice(1, -1);
}

/** Whether the final quote of a literal is escaped, i.e. preceded by an odd number of backslashes. */
function escapedClose(img: string): boolean {
  let n = 0;
  for (let i = img.length - 2; i >= 1 && img[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function numberValue(t: IToken, errors: LiteralError[]): number {
  const s = t.image;
  if (!/^(?:0[xX][0-9A-Fa-f]+|0[bB][01]+|[0-9]+)$/.test(s)) {
    errors.push({ span: tokenSpan(t), message: `invalid number '${s}' (use decimal, 0x hex or 0b binary)` });
    return 0;
  }
  // Decimal with leading zeros stays decimal; Number() would take "0x"/"0b" prefixes itself.
  const v = /^0[xXbB]/.test(s) ? Number(s) : Number(s.replace(/^0+(?=\d)/, ''));
  if (v > MAX_LITERAL) {
    errors.push({ span: tokenSpan(t), message: `number ${s} does not fit in 32 bits` });
    return 0;
  }
  return v | 0;
}

class StatementVisitor extends parser.getBaseCstVisitorConstructor() {
  errors: LiteralError[] = [];

  constructor() {
    super();
    this.validateVisitor();
  }

  // Chevrotain hands a visitor method only the node's children; passing the node's location as
  // the visit parameter lets every method compute its span.
  sub<T>(node: CstNode): T {
    return this.visit(node, node.location) as T;
  }

  statement(ctx: StatementCtx): Statement {
    const dir = ctx.Directive?.[0];
    const name = (dir ?? ctx.Identifier![0]);
    const operands = ctx.operands ? (this.sub<Operand[]>(ctx.operands[0])) : [];
    return { kind: dir ? 'directive' : 'instruction', name: name.image, nameSpan: tokenSpan(name), operands };
  }

  operands(ctx: OperandsCtx): Operand[] {
    return ctx.operand.map((o) => this.sub<Operand>(o));
  }

  operand(ctx: OperandCtx): Operand {
    if (ctx.Register) return { kind: 'reg', reg: registerNumber(ctx.Register[0].image), span: tokenSpan(ctx.Register[0]) };
    if (ctx.StringLit) {
      const t = ctx.StringLit[0];
      const body = quoted(t, '"', 'string', this.errors);
      const bytes = body === null ? [] : unescape(body, (t.startColumn ?? 1) + 1, this.errors);
      return { kind: 'str', bytes: Uint8Array.from(bytes), span: tokenSpan(t) };
    }
    if (ctx.memory) return this.sub<Operand>(ctx.memory[0]);
    const expr = this.sub<Expr>(ctx.expression![0]);
    return { kind: 'expr', expr, span: expr.span };
  }

  memory(ctx: MemoryCtx, loc: CstNodeLocation): Operand {
    const span = locSpan(loc);
    const offset = ctx.expression ? (this.sub<Expr>(ctx.expression[0])) : null;
    if (ctx.Register) return { kind: 'mem', base: registerNumber(ctx.Register[0].image), negate: !!ctx.Minus, offset, span };
    return { kind: 'mem', base: null, negate: false, offset, span };
  }

  /** The operands and operators of an expression, as one flat list, grouped by C precedence into chains. */
  expression(ctx: BinaryCtx): Expr {
    const args = ctx.arg.map((a) => this.sub<Expr>(a));
    const ops = ctx.op ?? [];
    // Operators at one level split [lo, hi] into the operands of a chain; each operand is the
    // range between two of them, grouped at the next tighter level. Recursion goes only as deep
    // as the levels, whatever the number of operands.
    const group = (lo: number, hi: number, level: number): Expr => {
      if (lo === hi) return args[lo];
      const at: number[] = [];
      for (let k = lo; k < hi; k++) if (PRECEDENCE[ops[k].image] === level) at.push(k);
      if (at.length === 0) return group(lo, hi, level + 1);
      const first = group(lo, at[0], level + 1);
      const rest = at.map((k, j) => ({ op: ops[k].image as BinaryOp, opSpan: tokenSpan(ops[k]), arg: group(k + 1, j + 1 < at.length ? at[j + 1] : hi, level + 1) }));
      const last = args[hi].span;
      return { kind: 'chain', first, rest, span: { col: args[lo].span.col, length: last.col + last.length - args[lo].span.col } };
    };
    return group(0, args.length - 1, 0);
  }

  unary(ctx: UnaryCtx, loc: CstNodeLocation): Expr {
    if (ctx.primary) return this.sub<Expr>(ctx.primary[0]);
    const op = (ctx.Minus ?? ctx.Plus ?? ctx.Tilde)![0].image as UnaryOp;
    return { kind: 'unary', op, arg: this.sub<Expr>(ctx.unary![0]), span: locSpan(loc) };
  }

  primary(ctx: PrimaryCtx, loc: CstNodeLocation): Expr {
    const span = locSpan(loc);
    if (ctx.NumberLit) return { kind: 'num', value: numberValue(ctx.NumberLit[0], this.errors), span };
    if (ctx.Identifier) return { kind: 'sym', name: ctx.Identifier[0].image, span };
    if (ctx.Dot) return { kind: 'dot', span };
    if (ctx.CharLit) {
      const t = ctx.CharLit[0];
      const body = quoted(t, "'", 'character literal', this.errors);
      if (body === null) return { kind: 'num', value: 0, span };
      const bytes = unescape(body, (t.startColumn ?? 1) + 1, this.errors);
      if (bytes.length !== 1) this.errors.push({ span, message: 'a character literal holds exactly one byte' });
      return { kind: 'num', value: bytes[0] ?? 0, span };
    }
    // A parenthesised expression keeps the span of its parentheses so carets cover them.
    const inner = this.sub<Expr>(ctx.expression![0]);
    return { ...inner, span };
  }
}

/** The one visitor instance; its errors list is reset for each statement. */
export const visitor = new StatementVisitor();
