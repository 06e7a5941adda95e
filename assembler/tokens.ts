// Token definitions and the lexer of the assembly language, in matching order.
import { createToken, Lexer, type TokenType } from 'chevrotain';

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\f\v]+/, group: Lexer.SKIPPED });
const Comment = createToken({ name: 'Comment', pattern: /;[^\n]*/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'end of line' });
// Strings and characters may lack their closing quote so that the visitor can say "unterminated"
// instead of the lexer reporting a stray quote and the rest of the line as garbage.
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n]|\\.)*"?/, label: 'string' });
export const CharLit = createToken({ name: 'CharLit', pattern: /'(?:[^'\\\n]|\\.)*'?/, label: 'character literal' });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'name' });
export const Register = createToken({
  name: 'Register',
  pattern: /(?:[rR](?:1[0-5]|[0-9])|[fF][pP]|[sS][pP])/,
  longer_alt: Identifier,
  label: 'register',
});
export const Directive = createToken({ name: 'Directive', pattern: /\.[A-Za-z_][A-Za-z0-9_]*/, label: 'directive' });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
// Digits followed by any letters form one token, so that "12ab" is one bad number rather than "12" then "ab".
export const NumberLit = createToken({ name: 'NumberLit', pattern: /[0-9][0-9A-Za-z_]*/, label: 'number' });
// Only meaningful inside a .macro body, where it is substituted before the line is lexed again.
export const MacroArg = createToken({ name: 'MacroArg', pattern: /\\(?:[A-Za-z_][A-Za-z0-9_]*|@)/, label: 'macro parameter' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
// Every binary operator is also a BinaryOp, so that the grammar takes any of them in one step and
// the visitor applies C precedence (one parser rule per precedence level would cost 6 more CST
// nodes per operand, which is most of the parse time of long lists).
export const BinaryOp = createToken({ name: 'BinaryOp', pattern: Lexer.NA, label: 'an operator' });
const Shl = createToken({ name: 'Shl', pattern: /<</, label: "'<<'", categories: [BinaryOp] });
const Shr = createToken({ name: 'Shr', pattern: />>/, label: "'>>'", categories: [BinaryOp] });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'", categories: [BinaryOp] });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'", categories: [BinaryOp] });
const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'", categories: [BinaryOp] });
const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'", categories: [BinaryOp] });
const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'", categories: [BinaryOp] });
const Amp = createToken({ name: 'Amp', pattern: /&/, label: "'&'", categories: [BinaryOp] });
const Pipe = createToken({ name: 'Pipe', pattern: /\|/, label: "'|'", categories: [BinaryOp] });
const Caret = createToken({ name: 'Caret', pattern: /\^/, label: "'^'", categories: [BinaryOp] });
export const Tilde = createToken({ name: 'Tilde', pattern: /~/, label: "'~'" });

export const allTokens: TokenType[] = [
  WhiteSpace, Comment, Newline, StringLit, CharLit, Register, Identifier, Directive, Dot, NumberLit, MacroArg,
  Comma, Colon, LBracket, RBracket, LParen, RParen, Shl, Shr, Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Tilde, BinaryOp,
];

/** Tokens that are operators (binary, or unary in prefix position). */
export const OPERATORS: ReadonlySet<TokenType> = new Set([Shl, Shr, Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Tilde]);

/** Defined (true) by the bundles the build ships (scripts/build.mjs); absent when the sources run, as under the tests. */
declare const __QUANTA_BUNDLE__: boolean | undefined;

/**
 * Chevrotain checks the token set and the grammar when they are built: a mistake in them fails every test at
 * once, so a shipped bundle, built from sources the tests passed, skips the checks (they are most of the
 * assembler's start-up).
 */
export const SKIP_GRAMMAR_CHECKS = typeof __QUANTA_BUNDLE__ !== 'undefined' && __QUANTA_BUNDLE__ === true;

// Lines end at \n only (a stray \r is white space), matching how the assembler splits a file into lines.
export const lexer = new Lexer(allTokens, {
  skipValidations: SKIP_GRAMMAR_CHECKS,
  positionTracking: 'full',
  ensureOptimizations: false,
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
});
