// Reads the main file and its includes, collects and expands macros, and yields the flat list of statements.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Comma, Directive, Identifier, LBracket, LParen, RBracket, Register, RParen } from './tokens.js';
import type { IToken } from 'chevrotain';
import { ALIASES, BY_MNEMONIC } from '../vm/isa.js';
import { MAX_NAME_BYTES } from '../vm/format.js';
import type { LabelDef, Statement } from './ast.js';
import type { Diagnostics, SourceLine } from './diagnostics.js';
import { lexLines, parseStatement, splitLabels, type LexedLine } from './lines.js';
import { tokenSpan } from './visitor.js';

export interface SourceHost {
  read(path: string): string | null; // null = cannot read
}

export const nodeHost: SourceHost = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null; // missing, unreadable or a directory: the caller reports it where it was asked for
    }
  },
};

/** A statement with its labels, in the order the program defines them. */
export interface Item {
  src: SourceLine;
  labels: LabelDef[];
  stmt: Statement | null; // null for a line with only labels
}

// Limits that keep a hostile source from exhausting the host.
export const MAX_INCLUDE_DEPTH = 32;
export const MAX_MACRO_DEPTH = 64;
/** Lines processed in all, counting every file included and every macro body line expanded. */
export const MAX_LINES = 1_000_000;
/** Distinct expanded lines whose tokens are kept for reuse. */
const LEX_CACHE_SIZE = 4096;

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

/** One file of the chain of includes that led to the current line. */
interface Include {
  full: string; // resolved, for cycle detection
  shown: string; // as the user named it
}

interface Line {
  src: SourceLine;
  lexed: LexedLine;
}

/** Replace \param and \@ in a body line, remembering where each output character came from (null: nowhere else). */
function substitute(text: string, args: Map<string, string>, serial: number): { code: string; colMap: SourceLine['colMap'] } {
  // Most body lines of most macros have nothing to substitute; skip the per-character map for them.
  if (!text.includes('\\')) return { code: text, colMap: null };
  let code = '';
  const start: number[] = [];
  const end: number[] = [];
  let last = 0;
  const emit = (s: string, from: number, to: number, literal: boolean): void => {
    for (let k = 0; k < s.length; k++) {
      start.push(literal ? from + k : from);
      end.push(literal ? from + k + 1 : to);
    }
    code += s;
  };
  for (const m of text.matchAll(/\\([A-Za-z_][A-Za-z0-9_]*|@)/g)) {
    const value = m[1] === '@' ? String(serial) : args.get(m[1]);
    if (value === undefined) continue; // not ours: a string escape such as \n, or an error the parser reports
    emit(text.slice(last, m.index), last, m.index, true);
    emit(value, m.index, m.index + m[0].length, false);
    last = m.index + m[0].length;
  }
  emit(text.slice(last), last, text.length, true);
  return { code, colMap: { start, end } };
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
  private seq = 0;
  private serial = 0; // the value of \@ for the next expansion
  /** Set when a limit stopped processing: what was read is incomplete, so nothing more should be checked. */
  aborted = false;
  private readonly lexCache = new Map<string, LexedLine>();
  /** Line 1 of the main file: where complaints about the whole program point. */
  firstLine: SourceLine | null = null;

  constructor(private readonly host: SourceHost, private readonly diags: Diagnostics) {}

  /** Process the main file (its text given, or read through the host). */
  run(path: string, text: string | undefined): void {
    const body = Buffer.byteLength(path) > MAX_NAME_BYTES ? null : (text ?? this.host.read(path));
    if (body === null) {
      this.diags.error(this.fileLine(path, -1, 1, ''), { col: 1, length: 0 }, `cannot read '${path}'`);
      return;
    }
    this.file(path, body, [{ full: resolve(path), shown: path }], 0);
  }

  private fileLine(file: string, fileIndex: number, line: number, text: string): SourceLine {
    return { file, fileIndex, line, text, code: text, colMap: null, context: '', seq: 0 };
  }

  private file(path: string, text: string, chain: Include[], macroDepth: number): void {
    const fileIndex = this.files.push(path) - 1;
    const texts = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
    const lexed = lexLines(texts.join('\n'));
    const lines = texts.map((t, k): Line => ({ src: this.fileLine(path, fileIndex, k + 1, t), lexed: lexed[k] }));
    this.firstLine ??= lines[0].src;
    this.lines(lines, chain, macroDepth, false);
  }

  private lines(lines: Line[], chain: Include[], macroDepth: number, inMacro: boolean): void {
    let open: { macro: Macro | null; src: SourceLine; span: { col: number; length: number } } | null = null;
    for (const { src, lexed } of lines) {
      if (this.aborted) return;
      // Numbered when processed, not when read, so that an included file's lines sort where the .include is.
      src.seq = this.seq++;
      if (this.seq > MAX_LINES) {
        this.diags.error(src, { col: 1, length: src.code.length }, `too many lines after includes and macro expansion (more than ${MAX_LINES})`);
        this.aborted = true;
        return;
      }
      const first = lexed.tokens[0];
      if (open) {
        if (isDirective(first, '.endm')) {
          if (open.macro) this.macros.set(open.macro.name.toLowerCase(), open.macro);
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

  private expand(macro: Macro, src: SourceLine, tokens: IToken[], chain: Include[], macroDepth: number): void {
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
    const lines = macro.body.map((b): Line => {
      const { code, colMap } = substitute(b.text, args, serial);
      const lexed = this.lexExpanded(code);
      return { src: { file: b.file, fileIndex: b.fileIndex, line: b.line, text: b.text, code, colMap, context, seq: 0 }, lexed };
    });
    this.lines(lines, chain, macroDepth + 1, true);
  }

  /** Lex one expanded line; expansions repeat the same text often, and tokens are never modified. */
  private lexExpanded(code: string): LexedLine {
    let lexed = this.lexCache.get(code);
    if (!lexed) {
      lexed = lexLines(code)[0];
      if (this.lexCache.size < LEX_CACHE_SIZE) this.lexCache.set(code, lexed);
    }
    return lexed;
  }

  private include(src: SourceLine, stmt: Statement, chain: Include[], macroDepth: number): void {
    const arg = stmt.operands[0];
    if (stmt.operands.length !== 1 || arg.kind !== 'str' || arg.bytes.length === 0) {
      this.diags.error(src, arg?.span ?? stmt.nameSpan, '.include takes one file name in double quotes');
      return;
    }
    const name = Buffer.from(arg.bytes).toString('utf8');
    const path = isAbsolute(name) ? name : join(dirname(src.file), name);
    if (Buffer.byteLength(path) > MAX_NAME_BYTES) {
      this.diags.error(src, arg.span, `file name is ${Buffer.byteLength(path)} bytes long; the executable format allows at most ${MAX_NAME_BYTES}`);
      return;
    }
    const full = resolve(path);
    const loop = chain.findIndex((c) => c.full === full);
    if (loop >= 0) {
      const names = [...chain.slice(loop).map((c) => c.shown), path];
      this.diags.error(src, arg.span, `include cycle: ${names.join(' → ')}`);
      return;
    }
    if (chain.length > MAX_INCLUDE_DEPTH) {
      this.diags.error(src, arg.span, `includes nested more than ${MAX_INCLUDE_DEPTH} levels deep`);
      return;
    }
    const text = this.host.read(path);
    if (text === null) {
      this.diags.error(src, arg.span, `cannot read include file '${name}'${path !== name ? ` (looked for '${path}')` : ''}`);
      return;
    }
    this.file(path, text, [...chain, { full, shown: path }], macroDepth);
  }

  /** Known macro names, for suggestions when an instruction is unknown. */
  macroNames(): string[] {
    return [...this.macros.values()].map((m) => m.name);
  }
}

