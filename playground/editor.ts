// The editor: CodeMirror 6 with the dialect's grammar, the assembler's diagnostics as inline marks,
// breakpoints in the gutter and the debugger's current line.
import { linter, lintGutter, type Diagnostic as Mark } from '@codemirror/lint';
import { Compartment, EditorState, RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, type DecorationSet, gutter, GutterMarker } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import type { Diagnostic } from '../assembler/index.js';
import { colours, LANGUAGES } from './dialect.js';

class BreakpointMarker extends GutterMarker {
  toDOM(): Node {
    const dot = document.createElement('span');
    dot.className = 'bp-dot';
    dot.textContent = '●';
    return dot;
  }
}
const BREAKPOINT = new BreakpointMarker();

const toggleBreakpoint = StateEffect.define<{ pos: number; on: boolean }>({ map: (v, m) => ({ pos: m.mapPos(v.pos), on: v.on }) });
const clearBreakpoints = StateEffect.define<null>();

const breakpoints = StateField.define<RangeSet<GutterMarker>>({
  create: () => RangeSet.empty,
  update(set, tr) {
    set = set.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(clearBreakpoints)) set = RangeSet.empty;
      if (e.is(toggleBreakpoint)) {
        set = e.value.on ? set.update({ add: [BREAKPOINT.range(e.value.pos)] }) : set.update({ filter: (from) => from !== e.value.pos });
      }
    }
    return set;
  },
});

const setCurrent = StateEffect.define<number | null>();
const currentLineMark = Decoration.line({ class: 'cm-debug-current' });

/** The line the debugger stopped at, highlighted. */
const current = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setCurrent)) deco = e.value === null ? Decoration.none : Decoration.set([currentLineMark.range(e.value)]);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface EditorHooks {
  /** The assembler's diagnostics for the text (null: not a program, nothing to check). */
  check(text: string): Promise<Diagnostic[] | null>;
  /** The path the diagnostics of this document carry. */
  path(): string;
  changed(): void;
  /** A breakpoint was set or cleared on a line (null: all were cleared, another file was loaded). */
  breakpointsChanged(line: number | null, on: boolean): void;
}

/** The assembler's diagnostics of this file as marks; those of included files at the top, with their place. */
function marks(doc: EditorState['doc'], path: string, diagnostics: readonly Diagnostic[]): Mark[] {
  return diagnostics.map((d) => {
    const own = d.file === path && d.line <= doc.lines;
    const line = doc.line(own ? d.line : 1);
    const from = own ? Math.min(line.from + d.col - 1, line.to) : line.from;
    const to = own ? Math.min(from + Math.max(d.length, 1), line.to) : line.to;
    return { from, to: Math.max(from, to), severity: d.severity, message: own ? d.message : `${d.file}:${d.line}: ${d.message}`, source: 'quanta asm' };
  });
}

export class Editor {
  readonly view: EditorView;
  private readonly locked = new Compartment();
  private readonly language = new Compartment();

  constructor(parent: HTMLElement, private readonly hooks: EditorHooks) {
    const extensions: Extension[] = [
      breakpoints,
      gutter({
        class: 'cm-breakpoint-gutter',
        markers: (v) => v.state.field(breakpoints),
        initialSpacer: () => BREAKPOINT,
        domEventHandlers: {
          mousedown: (view, line) => {
            this.toggle(view.state.doc.lineAt(line.from).number);
            return true;
          },
        },
      }),
      basicSetup,
      this.locked.of(EditorState.readOnly.of(false)),
      this.language.of(LANGUAGES.asm),
      colours,
      current,
      lintGutter(),
      linter(async (view) => {
        const text = view.state.doc.toString();
        const found = await hooks.check(text);
        // A newer text may have replaced this one while the worker assembled.
        if (found === null || view.state.doc.toString() !== text) return [];
        return marks(view.state.doc, hooks.path(), found);
      }, { delay: 300 }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) hooks.changed();
      }),
    ];
    this.view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions }) });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Show another file, with its kind's grammar: its text, no breakpoints, no current line. */
  load(text: string, kind: keyof typeof LANGUAGES): void {
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      effects: [clearBreakpoints.of(null), setCurrent.of(null), this.language.reconfigure(LANGUAGES[kind])],
      selection: { anchor: 0 },
    });
    this.view.scrollDOM.scrollTop = 0;
    this.hooks.breakpointsChanged(null, false);
  }

  /** Set or clear the breakpoint on a line (1-based). */
  toggle(lineNo: number): void {
    const line = this.view.state.doc.line(lineNo);
    const on = !this.breakpointLines().includes(lineNo);
    this.view.dispatch({ effects: toggleBreakpoint.of({ pos: line.from, on }) });
    this.hooks.breakpointsChanged(lineNo, on);
  }

  /** The lines (1-based) with a breakpoint, in order. */
  breakpointLines(): number[] {
    const lines: number[] = [];
    const doc = this.view.state.doc;
    this.view.state.field(breakpoints).between(0, doc.length, (from) => void lines.push(doc.lineAt(from).number));
    return lines;
  }

  /** While a debugger session runs the text it was built from, the text cannot change (breakpoints still can). */
  lock(on: boolean): void {
    this.view.dispatch({ effects: this.locked.reconfigure(EditorState.readOnly.of(on)) });
  }

  /** Highlight the line the debugger stopped at (null: none), and bring it into view. */
  showCurrent(lineNo: number | null): void {
    const doc = this.view.state.doc;
    if (lineNo !== null && (lineNo < 1 || lineNo > doc.lines)) lineNo = null;
    const pos = lineNo === null ? null : doc.line(lineNo).from;
    this.view.dispatch({ effects: [setCurrent.of(pos), ...(pos === null ? [] : [EditorView.scrollIntoView(pos, { y: 'center' })])] });
  }
}
