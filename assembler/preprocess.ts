// Reads the main file and its includes, collects and expands macros, and yields the flat list of statements.
import { Comma, Directive, Identifier, LBracket, LParen, RBracket, Register, RParen } from './tokens.js';
import type { IToken } from 'chevrotain';
import { ALIASES, BY_MNEMONIC } from '../vm/isa.js';
import { MAX_NAME_BYTES } from '../vm/format.js';
import type { LabelDef, Statement } from './ast.js';
import type { Diagnostics, Segment, SourceLine } from './diagnostics.js';
import { MAX_INCLUDE_DEPTH, MAX_MACRO_DEPTH, type AssemblerLimits } from './limits.js';
import { lexLines, parseStatement, splitLabels, type LexedLine } from './lines.js';
import { normalizePath, tooLarge, utf8Length, type SourceHost } from './source.js';
import { tokenSpan } from './visitor.js';

/** A statement with its labels, in the order the program defines them. */
export interface Item {
  src: SourceLine;
  labels: LabelDef[];
  stmt: Statement | null; // null for a line with only labels
}

/** A file is lexed this many characters at a time, so that its tokens never all exist at once. */
const LEX_CHUNK_CHARS = 16_384;
/** Distinct expanded lines whose tokens are kept for reuse, and the longest line kept. */
const LEX_CACHE_SIZE = 4096;
const LEX_CACHE_LINE = 256;
/** Escapes that a macro parameter of the same name would silently replace inside a string. */
const ESCAPE_LETTERS = new Set(['n', 't', 'r', 'x']);

interface BodyLine {
  file: string;
  fileIndex: number;
  line: number;
  text: string;
}

interface Macro {
  name: string;
  params: string[];
  body: BodyLine[];
  where: string; // file:line of the definition
}

/** One line to process: its tokens, or its length when it is too long to be lexed. */
type Line = { src: SourceLine; lexed: LexedLine } | { src: SourceLine; tooLong: number };

const PARAM_REF = /\\([A-Za-z_][A-Za-z0-9_]*|@)/g;

/**
 * Replace \param and \@ in a body line, remembering where each part of the result came from; only
 * the length when the result would be longer than maxChars (it is then never built).
 */
function substitute(text: string, args: Map<string, string>, serial: number, maxChars: number): { code: string; colMap: Segment[] | null } | { tooLong: number } {
  // Most body lines of most macros have nothing to substitute.
  if (!text.includes('\\')) return text.length > maxChars ? { tooLong: text.length } : { code: text, colMap: null };
  const refs: { at: number; length: number; value: string }[] = [];
  let length = text.length;
  for (const m of text.matchAll(PARAM_REF)) {
    const value = m[1] === '@' ? String(serial) : args.get(m[1]);
    if (value === undefined) continue; // not ours: a string escape such as \n, or an error the parser reports
    refs.push({ at: m.index, length: m[0].length, value });
    length += value.length - m[0].length;
  }
  if (length > maxChars) return { tooLong: length };
  if (refs.length === 0) return { code: text, colMap: null };
  const parts: string[] = [];
  const colMap: Segment[] = [];
  let last = 0;
  let code = 0;
  const literal = (to: number): void => {
    if (to > last) colMap.push({ code, text: last, length: to - last, literal: true, textEnd: to });
    parts.push(text.slice(last, to));
    code += to - last;
  };
  for (const r of refs) {
    literal(r.at);
    // A substituted argument maps to the whole "\name" the user wrote.
    colMap.push({ code, text: r.at, length: r.value.length, literal: false, textEnd: r.at + r.length });
    parts.push(r.value);
    code += r.value.length;
    last = r.at + r.length;
  }
  literal(text.length);
  return { code: parts.join(''), colMap };
}

/** Ranges [start, end) of the string and character literals of a line, up to its comment. */
function quotedRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ';') break;
    if (c !== '"' && c !== "'") continue;
    const start = i;
    for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    ranges.push([start, i + 1]);
  }
  return ranges;
}

/** Split macro arguments at commas outside parentheses and brackets; none for no tokens. */
function splitArgs(tokens: IToken[]): IToken[][] {
  if (tokens.length === 0) return [];
  const args: IToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LParen || t.tokenType === LBracket) depth++;
    else if (t.tokenType === RParen || t.tokenType === RBracket) depth--;
    if (t.tokenType === Comma && depth <= 0) args.push([]);
    else args[args.length - 1].push(t);
  }
  return args;
}

const isDirective = (t: IToken | undefined, name: string): boolean => t?.tokenType === Directive && t.image.toLowerCase() === name;

export class Preprocessor {
  readonly items: Item[] = [];
  readonly files: string[] = [];
  private readonly macros = new Map<string, Macro>(); // by lower-case name: invoked like instructions
  private seq = 0; // lines processed so far
  private tokens = 0; // tokens processed so far
  private chars = 0; // characters of text taken in so far
  private serial = 0; // the value of \@ for the next expansion
  /** Set when a limit stopped processing: what was read is incomplete, so nothing more should be checked. */
  aborted = false;
  private readonly lexCache = new Map<string, LexedLine>();
  /** Line 1 of the main file: where complaints about the whole program point. */
  firstLine: SourceLine | null = null;

  constructor(private readonly host: SourceHost, private readonly diags: Diagnostics, private readonly limits: AssemblerLimits) {}

  /** Process the main file (its text given, or read through the host). */
  run(path: string, text: string | undefined): void {
    const where = this.fileLine(path, -1, 1, '');
    if (utf8Length(path) > MAX_NAME_BYTES) {
      this.diags.error(where, { col: 1, length: 0 }, `file name is ${utf8Length(path)} bytes long; the executable format allows at most ${MAX_NAME_BYTES}`);
      return;
    }
    const max = this.limits.fileBytes;
    // Text handed in counts as the file it stands for.
    const got = text === undefined ? this.host.read(path, max) : utf8Length(text) > max ? { error: tooLarge(max) } : { text };
    if ('error' in got) {
      this.diags.error(where, { col: 1, length: 0 }, `cannot read '${path}': ${got.error}`);
      return;
    }
    this.file(path, got.text, [normalizePath(path)], 0, where, { col: 1, length: 0 });
  }

  private fileLine(file: string, fileIndex: number, line: number, text: string): SourceLine {
    return { file, fileIndex, line, text, code: text, colMap: null, context: '', seq: 0 };
  }

  /** Count work against a limit; false (after reporting at src, once) when it is exceeded. */
  private charge(src: SourceLine, span: { col: number; length: number }, what: 'lines' | 'tokens' | 'sourceChars', used: number): boolean {
    const limit = this.limits[what];
    if (this.aborted) return false;
    if (used <= limit) return true;
    const message = {
      lines: `too many lines after includes and macro expansion (more than ${limit})`,
      tokens: `too many tokens after includes and macro expansion (more than ${limit} names, numbers and operators)`,
      sourceChars: `too much source text after includes and macro expansion (more than ${limit} characters)`,
    }[what];
    this.diags.error(src, span, message);
    this.aborted = true;
    return false;
  }

  /** Process one file; where/span locate the .include (or the main file) to blame when it is too much. */
  private file(path: string, text: string, chain: string[], macroDepth: number, where: SourceLine, span: { col: number; length: number }): void {
    this.chars += text.length;
    if (!this.charge(where, span, 'sourceChars', this.chars)) return;
    const fileIndex = this.files.push(path) - 1;
    const texts = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
    this.firstLine ??= this.fileLine(path, fileIndex, 1, texts[0]);
    this.lines(this.fileLines(path, fileIndex, texts), chain, macroDepth, false);
  }

  /** The lines of a file, lexed a chunk at a time as they are needed; lines over the limit are not lexed. */
  private *fileLines(path: string, fileIndex: number, texts: string[]): Generator<Line> {
    const max = this.limits.lineChars;
    for (let i = 0; i < texts.length;) {
      if (texts[i].length > max) {
        yield { src: this.fileLine(path, fileIndex, i + 1, texts[i]), tooLong: texts[i].length };
        i++;
        continue;
      }
      let end = i + 1;
      for (let size = texts[i].length; end < texts.length && texts[end].length <= max && size + texts[end].length < LEX_CHUNK_CHARS; end++) size += texts[end].length + 1;
      const lexed = lexLines(texts.slice(i, end).join('\n'));
      for (let k = i; k < end; k++) yield { src: this.fileLine(path, fileIndex, k + 1, texts[k]), lexed: lexed[k - i] };
      i = end;
    }
  }

  private lines(lines: Iterable<Line>, chain: string[], macroDepth: number, inMacro: boolean): void {
    let open: { macro: Macro | null; src: SourceLine; span: { col: number; length: number } } | null = null;
    for (const line of lines) {
      if (this.aborted || this.diags.full) return;
      const src = line.src;
      // Numbered when processed, not when read, so that an included file's lines sort where the .include is.
      src.seq = this.seq++;
      const whole = { col: 1, length: src.code.length };
      if (!this.charge(src, whole, 'lines', this.seq)) return;
      if ('tooLong' in line) {
        const after = src.context ? ' after macro substitution' : '';
        this.diags.error(src, { col: 1, length: 0 }, `line is ${line.tooLong} characters long${after} (the limit is ${this.limits.lineChars})`);
        continue;
      }
      const lexed = line.lexed;
      this.tokens += lexed.tokens.length;
      if (!this.charge(src, whole, 'tokens', this.tokens)) return;
      const first = lexed.tokens[0];
      if (open) {
        if (isDirective(first, '.endm')) {
          if (open.macro) this.define(open.macro);
          open = null;
        } else if (isDirective(first, '.macro')) {
          this.diags.error(src, tokenSpan(first), 'a .macro cannot be defined inside another (missing .endm?)');
        } else {
          open.macro?.body.push({ file: src.file, fileIndex: src.fileIndex, line: src.line, text: src.text });
        }
        continue;
      }
      for (const e of lexed.errors) this.diags.error(src, e.span, e.message);
      if (lexed.errors.length > 0) continue;
      const { labels, rest, errors } = splitLabels(lexed.tokens);
      for (const e of errors) this.diags.error(src, e.span, e.message);
      const head = rest[0];
      if (isDirective(head, '.macro')) {
        if (inMacro) this.diags.error(src, tokenSpan(head), 'a macro cannot be defined by a macro expansion');
        if (labels.length > 0) this.diags.error(src, labels[0].span, 'a label cannot be placed on a .macro line');
        open = { macro: inMacro ? null : this.macroHeader(src, rest), src, span: tokenSpan(head) };
        continue;
      }
      if (isDirective(head, '.endm')) {
        this.diags.error(src, tokenSpan(head), '.endm without a matching .macro');
        continue;
      }
      if (labels.length > 0) this.items.push({ src, labels, stmt: null });
      if (!head) continue;
      const macro = head.tokenType === Identifier ? this.macros.get(head.image.toLowerCase()) : undefined;
      if (macro) {
        this.expand(macro, src, rest, chain, macroDepth);
        continue;
      }
      const { stmt, errors: parseErrors } = parseStatement(rest, src.code.length + 1, inMacro);
      for (const e of parseErrors) this.diags.error(src, e.span, e.message);
      if (!stmt) continue;
      if (stmt.kind === 'directive' && stmt.name.toLowerCase() === '.include') this.include(src, stmt, chain, macroDepth);
      else this.items.push({ src, labels: [], stmt });
    }
    if (open) this.diags.error(open.src, open.span, `missing .endm for macro${open.macro ? ` '${open.macro.name}'` : ''}`);
  }

  /** Parse ".macro name [,] a, b"; null (after reporting) when the macro cannot be defined. */
  private macroHeader(src: SourceLine, tokens: IToken[]): Macro | null {
    const nameTok = tokens[1];
    if (!nameTok || nameTok.tokenType !== Identifier) {
      this.diags.error(src, nameTok ? tokenSpan(nameTok) : { col: src.code.length + 1, length: 1 },
        nameTok?.tokenType === Register ? `'${nameTok.image}' is a register name and cannot name a macro` : 'expected a macro name after .macro');
      return null;
    }
    const name = nameTok.image;
    const lower = name.toLowerCase();
    let ok = true;
    if (BY_MNEMONIC.has(lower) || lower in ALIASES) {
      this.diags.error(src, tokenSpan(nameTok), `macro '${name}' would shadow the instruction '${lower}'`);
      ok = false;
    }
    const prior = this.macros.get(lower);
    if (prior) {
      this.diags.error(src, tokenSpan(nameTok), `duplicate macro '${name}' (first defined at ${prior.where})`);
      ok = false;
    }
    const params: string[] = [];
    const rest = tokens.slice(2);
    if (rest[0]?.tokenType === Comma) rest.shift();
    for (const [k, arg] of splitArgs(rest).entries()) {
      const t = arg[0];
      if (arg.length !== 1 || (t.tokenType !== Identifier && t.tokenType !== Register)) {
        this.diags.error(src, t ? tokenSpan(t) : { col: src.code.length + 1, length: 1 }, `expected a parameter name for parameter ${k + 1} of macro '${name}'`);
        ok = false;
      } else if (params.includes(t.image)) {
        this.diags.error(src, tokenSpan(t), `duplicate parameter '${t.image}'`);
        ok = false;
      } else {
        params.push(t.image);
      }
    }
    return ok ? { name, params, body: [], where: `${src.file}:${src.line}` } : null;
  }

  /**
   * Record a complete macro. A parameter named like an escape letter (n, t, r, x) is substituted
   * inside the body's strings too, so "\n" there is no longer a newline: warn where that happens.
   */
  private define(macro: Macro): void {
    this.macros.set(macro.name.toLowerCase(), macro);
    const risky = macro.params.filter((p) => ESCAPE_LETTERS.has(p));
    if (risky.length === 0) return;
    for (const b of macro.body) {
      const quoted = quotedRanges(b.text);
      for (const m of b.text.matchAll(PARAM_REF)) {
        if (!risky.includes(m[1]) || !quoted.some(([s, e]) => m.index > s && m.index < e)) continue;
        const src: SourceLine = { ...this.fileLine(b.file, b.fileIndex, b.line, b.text), seq: this.seq };
        this.diags.warning(src, { col: m.index + 1, length: m[0].length }, `macro parameter '${m[1]}' replaces '${m[0]}' in this string; rename the parameter if '${m[0]}' is meant as an escape`);
      }
    }
  }

  private expand(macro: Macro, src: SourceLine, tokens: IToken[], chain: string[], macroDepth: number): void {
    const nameSpan = tokenSpan(tokens[0]);
    if (macroDepth >= MAX_MACRO_DEPTH) {
      this.diags.error(src, nameSpan, `macro expansion nested more than ${MAX_MACRO_DEPTH} levels deep (does '${macro.name}' invoke itself?)`);
      return;
    }
    const argTokens = splitArgs(tokens.slice(1));
    if (argTokens.length !== macro.params.length) {
      const n = macro.params.length;
      this.diags.error(src, nameSpan, `macro '${macro.name}' takes ${n} argument${n === 1 ? '' : 's'} (${macro.params.join(', ') || 'none'}), got ${argTokens.length}`);
      return;
    }
    const args = new Map<string, string>();
    for (const [k, arg] of argTokens.entries()) {
      if (arg.length === 0) {
        this.diags.error(src, nameSpan, `argument ${k + 1} of macro '${macro.name}' is empty`);
        return;
      }
      args.set(macro.params[k], src.code.slice((arg[0].startColumn ?? 1) - 1, arg[arg.length - 1].endColumn ?? 0));
    }
    const serial = this.serial++;
    const context = ` (in macro '${macro.name}' used at ${src.file}:${src.line})`;
    this.lines(this.expansion(macro, args, serial, context, src, nameSpan), chain, macroDepth + 1, true);
  }

  /** The body lines of one expansion, substituted and lexed as they are needed. */
  private *expansion(macro: Macro, args: Map<string, string>, serial: number, context: string, use: SourceLine, useSpan: { col: number; length: number }): Generator<Line> {
    for (const b of macro.body) {
      const done = substitute(b.text, args, serial, this.limits.lineChars);
      const code = 'code' in done ? done.code : b.text;
      this.chars += code.length;
      if (!this.charge(use, useSpan, 'sourceChars', this.chars)) return;
      const src: SourceLine = { file: b.file, fileIndex: b.fileIndex, line: b.line, text: b.text, code, colMap: 'code' in done ? done.colMap : null, context, seq: 0 };
      yield 'code' in done ? { src, lexed: this.lexExpanded(code) } : { src, tooLong: done.tooLong };
    }
  }

  /** Lex one expanded line; expansions repeat the same text often, and tokens are never modified. */
  private lexExpanded(code: string): LexedLine {
    let lexed = this.lexCache.get(code);
    if (!lexed) {
      lexed = lexLines(code)[0];
      if (this.lexCache.size < LEX_CACHE_SIZE && code.length <= LEX_CACHE_LINE) this.lexCache.set(code, lexed);
    }
    return lexed;
  }

  private include(src: SourceLine, stmt: Statement, chain: string[], macroDepth: number): void {
    const arg = stmt.operands[0];
    if (stmt.operands.length !== 1 || arg.kind !== 'str' || arg.bytes.length === 0) {
      this.diags.error(src, arg?.span ?? stmt.nameSpan, '.include takes one file name in double quotes');
      return;
    }
    const name = new TextDecoder().decode(arg.bytes);
    const resolved = this.host.resolve(src.file, name);
    if ('error' in resolved) {
      this.diags.error(src, arg.span, `cannot read include file '${name}': ${resolved.error}`);
      return;
    }
    const path = resolved.path;
    if (utf8Length(path) > MAX_NAME_BYTES) {
      this.diags.error(src, arg.span, `file name is ${utf8Length(path)} bytes long; the executable format allows at most ${MAX_NAME_BYTES}`);
      return;
    }
    const full = normalizePath(path);
    const loop = chain.indexOf(full);
    if (loop >= 0) {
      this.diags.error(src, arg.span, `include cycle: ${[...chain.slice(loop), full].join(' → ')}`);
      return;
    }
    if (chain.length > MAX_INCLUDE_DEPTH) {
      this.diags.error(src, arg.span, `includes nested more than ${MAX_INCLUDE_DEPTH} levels deep`);
      return;
    }
    const got = this.host.read(path, this.limits.fileBytes);
    if ('error' in got) {
      this.diags.error(src, arg.span, `cannot read include file '${name}'${path !== name ? ` (looked for '${path}')` : ''}: ${got.error}`);
      return;
    }
    this.file(path, got.text, [...chain, full], macroDepth, src, arg.span);
  }

  /** Known macro names, for suggestions when an instruction is unknown. */
  macroNames(): string[] {
    return [...this.macros.values()].map((m) => m.name);
  }
}
