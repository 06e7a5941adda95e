// The editor's grammars: the dialect's (the assembler's own token patterns, and the names from the ISA, syscall and
// directive tables) and that of workload files.
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { DIRECTIVES } from '../assembler/program.js';
import { JOB } from '../host/job.js';
import { allTokens } from '../assembler/tokens.js';
import { ALIASES, BY_MNEMONIC } from '../vm/isa.js';
import { SYSCALLS } from '../vm/syscalls.js';

/** The lexer's tokens in its matching order, each anchored for a match at the stream's position. */
const RULES = allTokens
  .filter((t) => t.PATTERN instanceof RegExp)
  .map((t) => ({ name: t.name, re: new RegExp(`^(?:${(t.PATTERN as RegExp).source})`) }));

const MNEMONICS = new Set([...BY_MNEMONIC.keys(), ...Object.keys(ALIASES)]);
const DIRECTIVE_NAMES = new Set(DIRECTIVES);
const SYSCALL_NAMES = new Set<string>(SYSCALLS);

/** Where a line is: before its statement's name, after it (operands), and whether that name was `sys`. */
interface LineState {
  head: boolean;
  sys: boolean;
}

/** The style of the token just matched, given the rest of the line (a name followed by ':' is a label). */
function style(name: string, text: string, state: LineState, rest: string): string | null {
  switch (name) {
    case 'WhiteSpace': return null;
    case 'Comment': return 'comment';
    case 'Newline': return null;
    case 'StringLit': return 'string';
    case 'CharLit': return 'character';
    case 'NumberLit': return 'number'; // a malformed one is the linter's to mark
    case 'Register': return 'atom';
    case 'MacroArg': return 'string.special';
    case 'Directive':
      state.head = false;
      return DIRECTIVE_NAMES.has(text.toLowerCase()) ? 'meta' : 'invalid';
    case 'Identifier': {
      if (state.head && /^\s*:/.test(rest)) return 'labelName';
      if (state.head) {
        state.head = false;
        state.sys = text.toLowerCase() === 'sys';
        return MNEMONICS.has(text.toLowerCase()) ? 'keyword' : 'macroName';
      }
      return state.sys && SYSCALL_NAMES.has(text.toLowerCase()) ? 'variableName.standard' : 'variableName';
    }
    case 'Colon': case 'Comma': return 'punctuation';
    case 'LBracket': case 'RBracket': case 'LParen': case 'RParen': return 'bracket';
    default: return 'operator';
  }
}

const parser: StreamParser<LineState> = {
  name: 'quanta-asm',
  startState: () => ({ head: true, sys: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol()) {
      state.head = true;
      state.sys = false;
    }
    // The longest match wins, the lexer's order breaking ties: its longer_alt rule (r1x is a name).
    let best: { name: string; text: string } | null = null;
    const rest = stream.string.slice(stream.pos);
    for (const rule of RULES) {
      const m = rule.re.exec(rest);
      if (m && m[0].length > 0 && (!best || m[0].length > best.text.length)) best = { name: rule.name, text: m[0] };
    }
    if (!best) {
      stream.next();
      return 'invalid';
    }
    stream.pos += best.text.length;
    return style(best.name, best.text, state, stream.string.slice(stream.pos));
  },
  languageData: { commentTokens: { line: ';' } },
};

const dialect = StreamLanguage.define(parser);

/** Workload files (docs/KERNEL.md): `#` comments, `key=value` settings, then the program (`job` built in) and its arguments. */
const workloadParser: StreamParser<{ program: boolean }> = {
  name: 'quanta-workload',
  startState: () => ({ program: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol()) state.program = false;
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return 'comment';
    if (!state.program && stream.match(/^[A-Za-z_]\w*=[^\s#]*/)) return 'attributeName';
    const word = (stream.match(/^[^\s#]+/) as RegExpMatchArray)[0];
    if (state.program) return /^[csi]\d+$/.test(word) ? 'number' : null;
    state.program = true;
    return word === JOB ? 'keyword' : 'labelName';
  },
  languageData: { commentTokens: { line: '#' } },
};

const workload = StreamLanguage.define(workloadParser);

const highlight = HighlightStyle.define([
  { tag: tags.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: [tags.string, tags.character], color: '#22863a' },
  { tag: tags.number, color: '#005cc5' },
  { tag: tags.atom, color: '#b45f06' },
  { tag: tags.keyword, color: '#d73a49', fontWeight: 'bold' },
  { tag: tags.macroName, color: '#6f42c1', fontWeight: 'bold' },
  { tag: tags.meta, color: '#6f42c1' },
  { tag: tags.labelName, color: '#0b6e99', fontWeight: 'bold' },
  { tag: tags.standard(tags.variableName), color: '#e36209' },
  { tag: tags.special(tags.string), color: '#6f42c1' },
  { tag: tags.invalid, color: '#cb2431', textDecoration: 'underline wavy' },
  { tag: tags.attributeName, color: '#6f42c1' },
]);

/** The colours of both grammars. */
export const colours = syntaxHighlighting(highlight);

/** The grammar of a kind of file. */
export const LANGUAGES = { asm: dialect, workload } as const;
