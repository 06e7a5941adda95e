// Diagnostics: where a message points, how it is printed, and "did you mean" suggestions.
import type { Span } from './ast.js';
import { suggest } from '../vm/text.js';

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  length: number;
  severity: 'error' | 'warning';
  message: string;
  source: string; // the whole source line
}

/** One line as the assembler processed it: where it came from and the text that was lexed. */
export interface SourceLine {
  file: string;
  fileIndex: number; // into the list of files read, for the debug line table
  line: number; // 1-based
  text: string; // the line as written in its file
  code: string; // the text lexed: text itself, or a macro body line after substitution
  // For a macro expansion: where each part of code came from in text, so that a caret lands on the
  // body line the user wrote (a substituted argument maps to its "\name"); null when code is text.
  colMap: Segment[] | null;
  context: string; // appended to messages, e.g. " (in macro 'm' used at f.asm:3)"
  seq: number; // processing order: diagnostics are sorted by it
}

/** A run of code that is either copied from text[text, textEnd) or substituted for it. */
export interface Segment {
  code: number; // offset in code
  length: number; // in code
  text: number; // offset in text
  textEnd: number;
  literal: boolean; // copied character for character, else an argument standing in for the whole range
}

/** Source lines longer than this are shown as a window around the caret. */
const SHOWN_CHARS = 240;

interface Entry {
  d: Diagnostic;
  seq: number;
}

/**
 * Candidates compared in all for "did you mean" suggestions: a source with many misspellings and
 * many names would otherwise cost their product (suggestions are a courtesy; errors are still all reported).
 */
const SUGGESTION_BUDGET = 1_000_000;

/**
 * Collects diagnostics and returns them in source order without duplicates. After max of them,
 * one more says that the rest are not shown, and full tells the assembler to stop.
 */
export class Diagnostics {
  private readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();
  private readonly suggestions = new Map<string, string>();
  private readonly budget = { count: SUGGESTION_BUDGET };
  errorCount = 0;
  full = false;

  constructor(private readonly max: number) {}

  /** " — did you mean 'x'?" or the empty string; the same word (in the same kind of list) is looked up once. */
  didYouMean(word: string, kind: string, candidates: () => Iterable<string>): string {
    const key = `${kind}\0${word}`;
    let hint = this.suggestions.get(key);
    if (hint === undefined) {
      const s = suggest(word, candidates(), this.budget);
      hint = s === null ? '' : ` — did you mean '${s}'?`;
      this.suggestions.set(key, hint);
    }
    return hint;
  }

  error(src: SourceLine, span: Span, message: string): void {
    this.add(src, span, message, 'error');
  }

  warning(src: SourceLine, span: Span, message: string): void {
    this.add(src, span, message, 'warning');
  }

  private add(src: SourceLine, span: Span, message: string, severity: Diagnostic['severity']): void {
    const { col, length } = mapSpan(src, span);
    const d: Diagnostic = { file: src.file, line: src.line, col, length, severity, message: message + src.context, source: src.text };
    if (src.text.length > SHOWN_CHARS) Object.assign(d, window(src.text, col, length));
    // A macro used many times would otherwise repeat the same complaint about its body.
    const key = `${d.file}\0${d.line}\0${d.col}\0${d.severity}\0${d.message}`;
    if (this.seen.has(key) || this.full) return;
    if (this.entries.length >= this.max) {
      this.full = true;
      this.errorCount++;
      const stop: Diagnostic = { ...d, severity: 'error', message: `too many diagnostics (more than ${this.max}); assembly stopped here` };
      this.entries.push({ d: stop, seq: Infinity });
      return;
    }
    this.seen.add(key);
    if (severity === 'error') this.errorCount++;
    this.entries.push({ d, seq: src.seq });
  }

  list(): Diagnostic[] {
    return [...this.entries].sort((a, b) => a.seq - b.seq || a.d.col - b.d.col).map((e) => e.d);
  }
}

/** Translate a span of src.code into a span of src.text, clamped to the line. */
function mapSpan(src: SourceLine, span: Span): Span {
  const textLen = src.text.length;
  let start = span.col - 1;
  let end = start + span.length;
  if (src.colMap) {
    // Where code offset p starts, and where the character at p ends, in text.
    const segment = (p: number): Segment | undefined => src.colMap!.find((s) => p >= s.code && p < s.code + s.length);
    const startOf = (p: number): number => {
      const s = segment(p);
      return !s ? textLen : s.literal ? s.text + p - s.code : s.text;
    };
    const endOf = (p: number): number => {
      const s = segment(p);
      return !s ? textLen : s.literal ? s.text + p - s.code + 1 : s.textEnd;
    };
    const mappedStart = startOf(start);
    end = end > start ? endOf(end - 1) : mappedStart;
    start = mappedStart;
  }
  start = Math.max(0, Math.min(start, textLen));
  end = Math.max(start, Math.min(end, textLen));
  return { col: start + 1, length: end - start };
}

/** A long line cut down to SHOWN_CHARS around the span, with the span moved to match. */
function window(text: string, col: number, length: number): Pick<Diagnostic, 'source' | 'col' | 'length'> {
  const from = Math.max(0, Math.min(col - 1 - SHOWN_CHARS / 4, text.length - SHOWN_CHARS));
  const to = from + SHOWN_CHARS;
  const head = from > 0 ? '…' : '';
  const source = head + text.slice(from, to) + (to < text.length ? '…' : '');
  const start = col - 1 - from + head.length;
  return { source, col: start + 1, length: Math.max(0, Math.min(length, SHOWN_CHARS - (start - head.length))) };
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
  if (d.source === '') return head;
  // Keep the source's tabs in the indent so that the caret lines up in any terminal.
  const indent = d.source.slice(0, d.col - 1).replace(/[^\t]/g, ' ');
  return `${head}\n${d.source}\n${indent}^${'~'.repeat(Math.max(0, d.length - 1))}`;
}
