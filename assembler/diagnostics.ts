// Diagnostics: where a message points, how it is printed, and "did you mean" suggestions.
import type { Span } from './ast.js';

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
  // For a macro expansion: for each character of code, the range of text it came from, so that a
  // caret lands on the body line the user wrote (a substituted argument maps to its "\name").
  colMap: { start: number[]; end: number[] } | null;
  context: string; // appended to messages, e.g. " (in macro 'm' used at f.asm:3)"
  seq: number; // processing order: diagnostics are sorted by it
}

interface Entry {
  d: Diagnostic;
  seq: number;
}

/** Collects diagnostics and returns them in source order without duplicates. */
export class Diagnostics {
  private readonly entries: Entry[] = [];
  private readonly seen = new Set<string>();
  errorCount = 0;

  error(src: SourceLine, span: Span, message: string): void {
    this.add(src, span, message, 'error');
  }

  warning(src: SourceLine, span: Span, message: string): void {
    this.add(src, span, message, 'warning');
  }

  private add(src: SourceLine, span: Span, message: string, severity: Diagnostic['severity']): void {
    const { col, length } = mapSpan(src, span);
    const d: Diagnostic = { file: src.file, line: src.line, col, length, severity, message: message + src.context, source: src.text };
    // A macro used many times would otherwise repeat the same complaint about its body.
    const key = `${d.file}\0${d.line}\0${d.col}\0${d.severity}\0${d.message}`;
    if (this.seen.has(key)) return;
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
    const { start: starts, end: ends } = src.colMap;
    const mappedStart = start < starts.length ? starts[start] : textLen;
    end = end > start && end - 1 < ends.length ? ends[end - 1] : mappedStart;
    start = mappedStart;
  }
  start = Math.max(0, Math.min(start, textLen));
  end = Math.max(start, Math.min(end, textLen));
  return { col: start + 1, length: end - start };
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
  if (d.source === '') return head;
  // Keep the source's tabs in the indent so that the caret lines up in any terminal.
  const indent = d.source.slice(0, d.col - 1).replace(/[^\t]/g, ' ');
  return `${head}\n${d.source}\n${indent}^${'~'.repeat(Math.max(0, d.length - 1))}`;
}

export { didYouMean, editDistance, suggest } from '../vm/text.js';
