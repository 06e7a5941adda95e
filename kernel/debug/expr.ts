// Expressions of the debugger's `print`, `x`, `watch` and `break *ADDR`: the assembler's literals and operators
// over registers, labels and words of memory (`[ADDR]`), evaluated to a 32-bit integer.
import { applyBinary, type BinaryOp, PRECEDENCE } from '../../vm/operators.js';
import { didYouMean } from '../../vm/text.js';

/** What names and memory mean where the expression is evaluated (the selected process). */
export interface ExprScope {
  /** r0–r15, fp, sp and pc; undefined for another name. */
  register(name: string): number | undefined;
  symbol(name: string): number | undefined;
  /** The word at addr, or null if it cannot be read. */
  word(addr: number): number | null;
  /** Every name the expression could use, for "did you mean". */
  names(): Iterable<string>;
}

/** Longest expression accepted (a command line, not a program): keeps the parser's recursion shallow. */
const MAX_LENGTH = 1000;

class ExprError extends Error {}

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d[\d_]*)|('(?:\\.|[^'\\])')|([A-Za-z_.$][\w.$]*)|(<<|>>|[-+*/%&|^~()[\]]))/y;
const ESCAPES: Readonly<Record<string, number>> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };

type Token = { kind: 'num' | 'name' | 'op'; text: string; value: number };

function tokens(text: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) {
      if (text.slice(at).trim() === '') break;
      throw new ExprError(`unexpected '${text.slice(at).trim()[0]}'`);
    }
    if (m[1] !== undefined) {
      const n = Number(m[1].replace(/_/g, ''));
      if (!Number.isSafeInteger(n) || n > 0xffffffff) throw new ExprError(`'${m[1]}' is not a 32-bit number`);
      out.push({ kind: 'num', text: m[1], value: n | 0 });
    } else if (m[2] !== undefined) {
      const body = m[2].slice(1, -1);
      const value = body[0] === '\\' ? ESCAPES[body[1]] : body.charCodeAt(0);
      if (value === undefined) throw new ExprError(`unknown escape ${body}`);
      out.push({ kind: 'num', text: m[2], value });
    } else if (m[3] !== undefined) out.push({ kind: 'name', text: m[3], value: 0 });
    else out.push({ kind: 'op', text: m[4], value: 0 });
  }
  return out;
}

class Parser {
  private at = 0;

  constructor(private readonly toks: Token[], private readonly scope: ExprScope) {}

  parse(): number {
    const v = this.binary(0);
    if (this.at < this.toks.length) throw new ExprError(`unexpected '${this.toks[this.at].text}'`);
    return v;
  }

  private peek(): Token | undefined {
    return this.toks[this.at];
  }

  private expect(op: string): void {
    if (this.peek()?.text !== op) throw new ExprError(`expected '${op}'`);
    this.at++;
  }

  private binary(level: number): number {
    if (level === PRECEDENCE.length) return this.unary();
    let v = this.binary(level + 1);
    for (let t = this.peek(); t?.kind === 'op' && PRECEDENCE[level].includes(t.text as BinaryOp); t = this.peek()) {
      this.at++;
      const r = applyBinary(t.text as BinaryOp, v, this.binary(level + 1));
      if (r === null) throw new ExprError('division by zero');
      v = r;
    }
    return v;
  }

  private unary(): number {
    const t = this.peek();
    if (t?.kind === 'op' && (t.text === '-' || t.text === '~' || t.text === '+')) {
      this.at++;
      const v = this.unary();
      return t.text === '-' ? -v | 0 : t.text === '~' ? ~v : v;
    }
    return this.primary();
  }

  private primary(): number {
    const t = this.peek();
    if (!t) throw new ExprError('expression ends too soon');
    this.at++;
    if (t.kind === 'num') return t.value;
    if (t.kind === 'name') return this.name(t.text);
    if (t.text === '(') {
      const v = this.binary(0);
      this.expect(')');
      return v;
    }
    if (t.text === '[') {
      const addr = this.binary(0);
      this.expect(']');
      const w = this.scope.word(addr);
      if (w === null) throw new ExprError(`cannot read memory at 0x${(addr >>> 0).toString(16).padStart(8, '0')}`);
      return w;
    }
    throw new ExprError(`unexpected '${t.text}'`);
  }

  private name(n: string): number {
    const v = this.scope.register(n.toLowerCase()) ?? this.scope.symbol(n);
    if (v === undefined) throw new ExprError(`no register or label '${n}'${didYouMean(n, this.scope.names())}`);
    return v;
  }
}

/** The value of text in scope, or an error message (one line). */
export function evaluate(text: string, scope: ExprScope): number | { error: string } {
  if (text.trim() === '') return { error: 'an expression is needed' };
  if (text.length > MAX_LENGTH) return { error: `expression longer than ${MAX_LENGTH} characters` };
  try {
    return new Parser(tokens(text), scope).parse();
  } catch (e) {
    if (e instanceof ExprError || e instanceof RangeError) return { error: e.message };
    throw e;
  }
}
