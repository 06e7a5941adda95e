// The grammar of one statement (labels are split off before parsing), as a singleton Chevrotain CstParser.
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import {
  allTokens, BinaryOp, SKIP_GRAMMAR_CHECKS, CharLit, Comma, Directive, Dot, Identifier, LBracket, LParen, Minus, NumberLit, Plus, RBracket, Register, RParen, StringLit, Tilde,
} from './tokens.js';

const describe = (t: IToken): string => (t.tokenType === EOF ? 'end of line' : `'${t.image}'`);
const label = (t: TokenType): string => t.LABEL ?? t.name;

function alternatives(paths: TokenType[][]): string {
  const names = [...new Set(paths.filter((p) => p.length > 0).map((p) => label(p[0])))];
  return names.length <= 1 ? (names[0] ?? 'something else') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

// Listing every token that may start an operand would bury the point.
const WANTED: Record<string, string> = {
  statement: 'an instruction or a directive',
  operand: 'an operand (register, expression, string or [memory])',
  memory: "a register or an expression after '['",
  unary: 'an expression',
  primary: 'an expression',
};

// Messages in the user's terms: what was expected, what was found.
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)}, found ${describe(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) =>
    `unexpected ${describe(firstRedundant)}${firstRedundant.tokenType === Comma ? '' : ' (operands are separated by commas)'}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) =>
    `expected ${WANTED[ruleName] ?? alternatives(expectedPathsPerAlt.flat())}, found ${describe(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    `expected ${alternatives(expectedIterationPaths)}, found ${describe(actual[0])}`,
};

class StatementParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, errorMessageProvider: messages, maxLookahead: 2, nodeLocationTracking: 'full', skipValidations: SKIP_GRAMMAR_CHECKS });
    this.performSelfAnalysis();
  }

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.CONSUME(Directive) },
      { ALT: () => this.CONSUME(Identifier) },
    ]);
    this.OPTION(() => this.SUBRULE(this.operands));
  });

  operands = this.RULE('operands', () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(Comma);
      this.SUBRULE2(this.operand);
    });
  });

  operand = this.RULE('operand', () => {
    this.OR([
      { ALT: () => this.CONSUME(Register) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.SUBRULE(this.memory) },
      { ALT: () => this.SUBRULE(this.expression) },
    ]);
  });

  memory = this.RULE('memory', () => {
    this.CONSUME(LBracket);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Register);
          this.OPTION(() => {
            this.OR2([{ ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Minus) }]);
            this.SUBRULE(this.expression);
          });
        },
      },
      { ALT: () => this.SUBRULE2(this.expression) },
    ]);
    this.CONSUME(RBracket);
  });

  // Operands and operators in a flat list; the visitor applies C precedence.
  expression = this.RULE('expression', () => {
    this.SUBRULE(this.unary, { LABEL: 'arg' });
    this.MANY(() => {
      this.CONSUME(BinaryOp, { LABEL: 'op' });
      this.SUBRULE2(this.unary, { LABEL: 'arg' });
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(Minus) }, { ALT: () => this.CONSUME(Plus) }, { ALT: () => this.CONSUME(Tilde) }]);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.CONSUME(CharLit) },
      { ALT: () => this.CONSUME(Identifier) },
      { ALT: () => this.CONSUME(Dot) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(RParen);
        },
      },
    ]);
  });
}

/** The one parser instance: Chevrotain parsers are built once and reused by resetting their input. */
export const parser = new StatementParser();
