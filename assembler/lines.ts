// Front end for one line: lex a text into per-line token lists, split off labels, parse the statement.
import { EOF, type IToken } from 'chevrotain';
import type { LabelDef, Statement } from './ast.js';
import { MAX_NESTING } from './limits.js';
import { parser } from './parser.js';
import { Colon, Identifier, LBracket, LParen, lexer, MacroArg, Newline, OPERATORS, RBracket, Register, RParen, Comma } from './tokens.js';
import { tokenSpan, visitor, type LiteralError } from './visitor.js';

export interface LexedLine {
  tokens: IToken[];
  errors: LiteralError[];
}

/** Lex a whole text once; entry k holds the tokens and lexical errors of line k + 1. */
export function lexLines(text: string): LexedLine[] {
  const count = text.split('\n').length;
  const lines: LexedLine[] = Array.from({ length: count }, () => ({ tokens: [], errors: [] }));
  const result = lexer.tokenize(text);
  for (const t of result.tokens) if (t.tokenType !== Newline) lines[(t.startLine ?? 1) - 1].tokens.push(t);
  for (const e of result.errors) {
    const line = lines[(e.line ?? 1) - 1];
    const bad = text.substr(e.offset, e.length);
    line.errors.push({ span: { col: e.column ?? 1, length: e.length }, message: `unexpected character${bad.length > 1 ? 's' : ''} '${bad}'` });
  }
  return lines;
}

interface Labelled {
  labels: LabelDef[];
  rest: IToken[]; // the tokens after the labels
  errors: LiteralError[];
}

interface Parsed {
  stmt: Statement | null; // null when there were errors
  errors: LiteralError[];
}

/** How deeply the parser would recurse on these tokens: open parentheses and brackets, plus runs of prefix operators. */
function nesting(tokens: IToken[]): number {
  let depth = 0;
  let base = 0;
  let max = 0;
  const bases: number[] = [];
  let prev: IToken | undefined;
  for (const t of tokens) {
    const type = t.tokenType;
    if (type === LParen || type === LBracket) {
      bases.push(base);
      base = ++depth;
    } else if (type === RParen || type === RBracket) {
      base = bases.pop() ?? 0;
      depth = base;
    } else if (OPERATORS.has(type)) {
      const prefix = !prev || OPERATORS.has(prev.tokenType) || prev.tokenType === LParen || prev.tokenType === LBracket || prev.tokenType === Comma;
      if (prefix) depth++;
    } else {
      depth = base;
    }
    max = Math.max(max, depth);
    prev = t;
  }
  return max;
}

/** Split the leading "name:" labels (several are allowed) off a line. */
export function splitLabels(tokens: IToken[]): Labelled {
  const errors: LiteralError[] = [];
  const labels: LabelDef[] = [];
  let i = 0;
  while (i + 1 < tokens.length && tokens[i + 1].tokenType === Colon && (tokens[i].tokenType === Identifier || tokens[i].tokenType === Register)) {
    if (tokens[i].tokenType === Register) errors.push({ span: tokenSpan(tokens[i]), message: `'${tokens[i].image}' is a register name and cannot be a label` });
    else labels.push({ name: tokens[i].image, span: tokenSpan(tokens[i]) });
    i += 2;
  }
  return { labels, rest: tokens.slice(i), errors };
}

/**
 * Parse the (non-empty) tokens of one statement. `lineEnd` is the column just past the line's
 * text, where "end of line" errors point; `inMacro` says whether the line comes from a macro body.
 */
export function parseStatement(tokens: IToken[], lineEnd: number, inMacro: boolean): Parsed {
  const fail = (t: IToken, message: string): Parsed => ({ stmt: null, errors: [{ span: tokenSpan(t), message }] });
  const arg = tokens.find((t) => t.tokenType === MacroArg);
  if (arg) return fail(arg, inMacro ? `'${arg.image}' is not a parameter of this macro` : `'${arg.image}' can only be used inside a .macro body`);
  // Refused before parsing: the parser recurses once per level and must not exhaust the host's stack.
  if (nesting(tokens) > MAX_NESTING) return fail(tokens[0], `expression nested too deeply (more than ${MAX_NESTING} levels)`);
  parser.input = tokens;
  const cst = parser.statement();
  if (parser.errors.length > 0) {
    const e = parser.errors[0];
    const span = e.token.tokenType === EOF ? { col: lineEnd, length: 1 } : tokenSpan(e.token);
    return { stmt: null, errors: [{ span, message: e.message }] };
  }
  visitor.errors = [];
  const stmt = visitor.sub<Statement>(cst);
  return { stmt: visitor.errors.length > 0 ? null : stmt, errors: visitor.errors };
}
