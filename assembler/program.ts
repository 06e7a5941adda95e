// From statements to an Executable: symbols, layout by relaxation, encoding, debug info and listing rows.
import { ALIASES, BY_MNEMONIC, FORMS, type Instr } from '../vm/isa.js';
import { encode } from '../vm/encoding.js';
import type { DebugSymbol, Executable, LineEntry, SymbolKind } from '../vm/image.js';
import { MAX_NAME_BYTES } from '../vm/format.js';
import { align, bssBase, CODE_BASE, dataBase, pageUp, PAGE_SIZE, STATIC_LIMIT } from '../vm/layout.js';
import { SYSCALLS, syscallNumber } from '../vm/syscalls.js';
import { hexShort } from '../vm/text.js';
import type { Expr, Operand, Span, Statement } from './ast.js';
import type { Diagnostics, SourceLine } from './diagnostics.js';
import { EvalError, evaluate, type Scope, type Value } from './expr.js';
import type { AssemblerLimits } from './limits.js';
import { candidates, fieldsFor, firstFit, whyNoFit } from './operands.js';
import type { Item } from './preprocess.js';
import { utf8Length } from './source.js';

export interface ListingRow {
  addr: number;
  words: number[]; // encoded instruction words; empty for data
  bytes?: Uint8Array; // emitted data bytes
  file: string;
  line: number;
  text: string;
}

type Seg = 'text' | 'data' | 'bss';
const SEG_KIND: Record<Seg, SymbolKind> = { text: 'code', data: 'data', bss: 'bss' };

interface Sym {
  name: string;
  src: SourceLine;
  span: Span;
  kind: 'label' | 'const';
  seg: Seg; // labels: the segment they name an address in
  offset: number; // labels: within the segment, this pass
  addr: number; // labels: absolute, this pass
  expr: Expr | null; // constants
  at: Node | null; // constants: the statement whose address '.' means
}

interface Base {
  item: Item;
  seg: Seg;
  offset: number; // within its segment, after the statement's own alignment
  addr: number;
  size: number;
  labels: Sym[];
}

/** What a statement places. */
type Spec =
  | { kind: 'mark' } // occupies nothing: a line of labels, .equ, .entry, a segment switch
  | { kind: 'instr'; mnemonic: string; rows: Instr[]; row: number; ops: Operand[] }
  | { kind: 'values'; width: 1 | 2 | 4; exprs: Expr[] }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'space'; count: Expr; fill: Expr | null }
  | { kind: 'align'; count: Expr };

type Node = Base & Spec;

/**
 * Turn a mark node into a node of another kind. The same object gains the fields (rather than a
 * spread copy being made), which keeps one hidden class per kind and is many times faster in V8.
 */
function become(mark: Node, spec: Exclude<Spec, { kind: 'mark' }>): Node {
  return Object.assign(mark, spec) as Node;
}

const DIRECTIVES = ['.text', '.data', '.bss', '.entry', '.word', '.half', '.byte', '.ascii', '.asciz', '.space', '.align', '.equ', '.include', '.macro', '.endm'];
const WIDTH: Record<string, 1 | 2 | 4> = { '.byte': 1, '.half': 2, '.word': 4 };
const RANGE: Record<1 | 2, [number, number, string]> = { 1: [-0x80, 0xff, 'a byte'], 2: [-0x8000, 0xffff, 'a half-word'] };

/** The names an expression uses, without recursion. */
function symbolsOf(e: Expr): string[] {
  const names: string[] = [];
  const todo = [e];
  for (let x = todo.pop(); x; x = todo.pop()) {
    if (x.kind === 'sym') names.push(x.name);
    else if (x.kind === 'unary') todo.push(x.arg);
    else if (x.kind === 'chain') {
      todo.push(x.first);
      for (const r of x.rest) todo.push(r.arg);
    }
  }
  return names;
}

interface Built {
  exe: Executable | null;
  listing: ListingRow[];
}

export class Program {
  private readonly nodes: Node[] = [];
  private readonly symbols = new Map<string, Sym>();
  private readonly entries: Node[] = [];
  private readonly constMemo = new Map<Sym, Value>(); // this pass's values of constants
  private readonly visiting = new Set<Sym>(); // constants whose evaluation has begun
  private sizes = { text: 0, data: 0, bss: 0 };
  private bases = { text: CODE_BASE, data: 0, bss: 0 };

  constructor(
    private readonly items: Item[],
    private readonly firstLine: SourceLine,
    private readonly files: string[],
    private readonly macroNames: string[],
    private readonly diags: Diagnostics,
    private readonly limits: AssemblerLimits,
  ) {}

  build(): Built {
    this.analyse();
    // Emission also runs after earlier errors: it is where undefined labels and bad values are found.
    if (this.diags.full || !this.layout()) return { exe: null, listing: [] };
    return this.emit();
  }

  // ---- analysis: everything that does not depend on addresses ----

  private analyse(): void {
    let seg: Seg = 'text';
    for (const item of this.items) {
      const node: Node = { kind: 'mark', item, seg, offset: 0, addr: 0, size: 0, labels: [] };
      const stmt = item.stmt;
      const shaped = stmt ? this.statement(stmt, item.src, seg, node) : node;
      if (stmt?.kind === 'directive' && ['.text', '.data', '.bss'].includes(stmt.name.toLowerCase())) seg = stmt.name.slice(1).toLowerCase() as Seg;
      for (const l of item.labels) {
        const sym = this.define(l.name, item.src, l.span, 'label');
        if (sym) shaped.labels.push(sym);
      }
      this.nodes.push(shaped);
    }
  }

  private define(name: string, src: SourceLine, span: Span, kind: Sym['kind']): Sym | null {
    const prior = this.symbols.get(name);
    if (prior) {
      const what = kind === 'label' ? 'label' : 'constant';
      this.diags.error(src, span, `duplicate ${what} '${name}' (first defined at ${prior.src.file}:${prior.src.line})`);
      return null;
    }
    if (utf8Length(name) > MAX_NAME_BYTES) {
      this.diags.error(src, span, `name is ${utf8Length(name)} bytes long; the executable format allows at most ${MAX_NAME_BYTES}`);
      return null;
    }
    const sym: Sym = { name, src, span, kind, seg: 'text', offset: 0, addr: 0, expr: null, at: null };
    this.symbols.set(name, sym);
    return sym;
  }

  /** The node for one statement (the mark node itself when it occupies nothing or is in error). */
  private statement(stmt: Statement, src: SourceLine, seg: Seg, mark: Node): Node {
    const err = (span: Span, message: string): Node => {
      this.diags.error(src, span, message);
      return mark;
    };
    if (stmt.kind === 'instruction') {
      const lower = stmt.name.toLowerCase();
      const rows = BY_MNEMONIC.get(ALIASES[lower] ?? lower);
      if (!rows) {
        const known = (): string[] => [...BY_MNEMONIC.keys(), ...Object.keys(ALIASES), ...this.macroNames];
        return err(stmt.nameSpan, `unknown instruction '${stmt.name}'${this.diags.didYouMean(stmt.name, 'instruction', known)}`);
      }
      if (seg !== 'text') return err(stmt.nameSpan, `instruction '${lower}' in .${seg}: instructions belong in .text`);
      const found = candidates(lower, rows, stmt.operands, stmt.nameSpan);
      if (!Array.isArray(found)) return err(found.span, found.message);
      return become(mark, { kind: 'instr', mnemonic: lower, rows: found, row: 0, ops: stmt.operands });
    }
    const name = stmt.name.toLowerCase();
    const ops = stmt.operands;
    const count = (min: number, max: number): boolean => {
      if (ops.length >= min && ops.length <= max) return true;
      const want = min === max ? `${min}` : `${min} to ${max}`;
      this.diags.error(src, ops[max]?.span ?? stmt.nameSpan, `'${name}' takes ${want} operand${max === 1 ? '' : 's'}, got ${ops.length}`);
      return false;
    };
    const exprs = (): Expr[] | null => {
      const bad = ops.find((o) => o.kind !== 'expr');
      if (bad) {
        this.diags.error(src, bad.span, `'${name}' takes expressions, not ${bad.kind === 'str' ? 'a string' : bad.kind === 'reg' ? 'a register' : 'a memory operand'}`);
        return null;
      }
      return ops.map((o) => (o as Extract<Operand, { kind: 'expr' }>).expr);
    };
    if (seg === 'bss' && ['.word', '.half', '.byte', '.ascii', '.asciz'].includes(name)) {
      return err(stmt.nameSpan, `'${name}' in .bss: .bss holds only zeros (use .space or .align, or put initialised data in .data)`);
    }
    switch (name) {
      case '.text': case '.data': case '.bss':
        count(0, 0);
        return mark;
      case '.entry': {
        const e = count(1, 1) && exprs();
        if (e) this.entries.push(mark);
        return mark;
      }
      case '.equ': {
        if (!count(2, 2)) return mark;
        const [nameOp, valueOp] = ops;
        if (nameOp.kind !== 'expr' || nameOp.expr.kind !== 'sym') return err(nameOp.span, "expected a constant name, as in '.equ NAME, value'");
        if (valueOp.kind !== 'expr') return err(valueOp.span, 'expected an expression for the value of the constant');
        const sym = this.define(nameOp.expr.name, src, nameOp.span, 'const');
        if (sym) {
          sym.expr = valueOp.expr;
          sym.at = mark;
        }
        return mark;
      }
      case '.word': case '.half': case '.byte': {
        const e = count(1, Infinity) && exprs();
        return e ? become(mark, { kind: 'values', width: WIDTH[name], exprs: e }) : mark;
      }
      case '.ascii': case '.asciz': {
        if (!count(1, Infinity)) return mark;
        const bad = ops.find((o) => o.kind !== 'str');
        if (bad) return err(bad.span, `'${name}' takes strings in double quotes`);
        const parts = ops.map((o) => (o as Extract<Operand, { kind: 'str' }>).bytes);
        const total = parts.reduce((n, p) => n + p.length + (name === '.asciz' ? 1 : 0), 0);
        const bytes = new Uint8Array(total);
        let at = 0;
        for (const p of parts) {
          bytes.set(p, at);
          at += p.length + (name === '.asciz' ? 1 : 0);
        }
        return become(mark, { kind: 'bytes', bytes });
      }
      case '.space': {
        const e = count(1, 2) && exprs();
        return e ? become(mark, { kind: 'space', count: e[0], fill: e[1] ?? null }) : mark;
      }
      case '.align': {
        const e = count(1, 1) && exprs();
        return e ? become(mark, { kind: 'align', count: e[0] }) : mark;
      }
      default:
        return err(stmt.nameSpan, `unknown directive '${stmt.name}'${this.diags.didYouMean(stmt.name, 'directive', () => DIRECTIVES)}`);
    }
  }

  // ---- evaluation ----

  private readonly lookup = (name: string, span: Span): Value => {
    const sym = this.symbols.get(name);
    if (!sym) return new EvalError(span, `undefined label '${name}'`, false, name);
    if (sym.kind === 'label') return sym.addr;
    if (this.visiting.has(sym)) return new EvalError(span, `circular definition of '${name}'`);
    const v = this.constValue(sym);
    return v instanceof EvalError ? new EvalError(span, v.message, true) : v;
  };

  /**
   * The value of a constant, evaluated once per layout pass. The constants it uses are evaluated
   * first, from an explicit stack rather than by recursion, so that a chain of 100,000 .equ cannot
   * exhaust the host's stack; a constant met again while its own evaluation is pending is a cycle.
   */
  private constValue(sym: Sym): Value {
    const stack = [sym];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (this.constMemo.has(top)) {
        stack.pop();
      } else if (!this.visiting.has(top)) {
        this.visiting.add(top);
        for (const name of symbolsOf(top.expr!)) {
          const used = this.symbols.get(name);
          if (used?.kind === 'const' && !this.constMemo.has(used) && !this.visiting.has(used)) stack.push(used);
        }
      } else {
        // Everything it uses now has a value, or is pending below it on the stack (a cycle).
        stack.pop();
        this.constMemo.set(top, evaluate(top.expr!, { lookup: this.lookup, dot: top.at!.addr }));
        this.visiting.delete(top);
      }
    }
    return this.constMemo.get(sym)!;
  }

  /** Report an evaluation error (a quiet one was reported where it arose). */
  private report(src: SourceLine, e: EvalError): void {
    if (e.quiet) return;
    const hint = e.undefinedName === null ? '' : this.diags.didYouMean(e.undefinedName, 'symbol', () => this.symbols.keys());
    this.diags.error(src, e.span, e.message + hint);
  }

  private scope(node: Node): Scope {
    return { lookup: this.lookup, dot: node.addr };
  }

  /** Evaluate, reporting errors when loud; null when the value is unknown. */
  private value(e: Expr, node: Node, loud: boolean): number | null {
    const v = evaluate(e, this.scope(node));
    if (!(v instanceof EvalError)) return v;
    if (loud) this.report(node.item.src, v);
    return null;
  }

  /** The value of each operand of an instruction (0 for registers); null if any is unknown. */
  private operandValues(node: Extract<Node, { kind: 'instr' }>, loud: boolean): number[] | null {
    let ok = true;
    const values = node.ops.map((op) => {
      let v: number | null = 0;
      // `sys NAME` means the system call even where a label is also called NAME (a `read:` label
      // must not turn `sys read` into a call by address); other symbols are plain numbers.
      const call = op.kind === 'expr' && node.mnemonic === 'sys' && op.expr.kind === 'sym' ? op.expr.name : null;
      if (call !== null && (syscallNumber(call) !== undefined || !this.symbols.has(call))) {
        const n = syscallNumber(call);
        if (n === undefined && loud) this.diags.error(node.item.src, op.span, `unknown system call '${call}'${this.diags.didYouMean(call, 'system call', () => SYSCALLS)}`);
        v = n ?? null;
      } else if (op.kind === 'expr') v = this.value(op.expr, node, loud);
      else if (op.kind === 'mem' && op.offset) v = this.value(op.offset, node, loud);
      if (v === null) ok = false;
      return v ?? 0;
    });
    return ok ? values : null;
  }

  // ---- layout ----

  /** Where statements go, widening instructions until nothing moves. False (after reporting) if impossible. */
  private layout(): boolean {
    for (let pass = 0; pass < this.limits.passes; pass++) {
      const before = this.nodes.map((n) => n.addr);
      const labelsBefore = [...this.symbols.values()].map((s) => s.addr);
      if (!this.walk()) return false;
      this.constMemo.clear();
      let changed = this.nodes.some((n, k) => n.addr !== before[k]) || [...this.symbols.values()].some((s, k) => s.addr !== labelsBefore[k]);
      for (const node of this.nodes) {
        // The widest row (or the only one) cannot change: no need to evaluate its operands again.
        if (node.kind !== 'instr' || node.row === node.rows.length - 1) continue;
        const values = this.operandValues(node, false) ?? node.ops.map(() => 0);
        const row = firstFit(node.rows, node.row, node.ops, values, node.addr);
        if (row > node.row) {
          node.row = row;
          changed = true;
        }
      }
      if (!changed) return true;
    }
    this.diags.error(this.firstLine, { col: 1, length: 0 }, `layout did not settle after ${this.limits.passes} passes (does a .space or .align size depend on a label after it?)`);
    return false;
  }

  /** One pass: sizes and offsets of every statement, then addresses. Sizes use the previous pass's addresses. */
  private walk(): boolean {
    const off = { text: 0, data: 0, bss: 0 };
    let pending: Sym[] = [];
    const place = (labels: Sym[], seg: Seg, at: number): void => {
      for (const s of labels) {
        s.seg = seg;
        s.offset = at;
      }
    };
    for (const node of this.nodes) {
      const seg = node.seg;
      if (node.kind === 'mark') {
        // Labels on their own line name the next thing placed in this segment, after its alignment.
        node.offset = off[seg];
        pending.push(...node.labels);
        if (node.item.stmt?.kind === 'directive' && ['.text', '.data', '.bss'].includes(node.item.stmt.name.toLowerCase())) {
          place(pending, seg, off[seg]);
          pending = [];
        }
        continue;
      }
      const at = align(off[seg], this.preAlign(node));
      place(pending, seg, at);
      place(node.labels, seg, at);
      pending = [];
      node.offset = at;
      node.size = this.sizeOf(node, at);
      off[seg] = at + node.size;
      const end = CODE_BASE + pageUp(align(off.text, 4)) + align(off.data, 16) + off.bss;
      if (end > STATIC_LIMIT) {
        this.diags.error(node.item.src, node.item.stmt?.nameSpan ?? { col: 1, length: 0 },
          `program too large: code, data and bss must end by ${hexShort(STATIC_LIMIT)} (this statement reaches ${hexShort(end)})`);
        return false;
      }
    }
    const last = this.nodes[this.nodes.length - 1];
    if (last) place(pending, last.seg, off[last.seg]);
    this.sizes = { text: align(off.text, 4), data: off.data, bss: off.bss };
    const dataAddr = dataBase(this.sizes.text);
    this.bases = { text: CODE_BASE, data: dataAddr, bss: bssBase(dataAddr, off.data) };
    for (const n of this.nodes) n.addr = this.bases[n.seg] + n.offset;
    for (const s of this.symbols.values()) if (s.kind === 'label') s.addr = this.bases[s.seg] + s.offset;
    return true;
  }

  private preAlign(node: Node): number {
    if (node.kind === 'instr') return 4;
    if (node.kind === 'values') return node.width;
    return 1;
  }

  private sizeOf(node: Node, at: number): number {
    switch (node.kind) {
      case 'instr': return FORMS[node.rows[node.row].form].words * 4;
      case 'values': return node.width * node.exprs.length;
      case 'bytes': return node.bytes.length;
      case 'space': return Math.max(0, this.value(node.count, node, false) ?? 0);
      case 'align': {
        const n = this.alignment(node, false);
        return align(at, n) - at;
      }
      case 'mark': return 0;
    }
  }

  /** The .align boundary: a power of two up to a page (16 in .bss, which starts only 16-aligned); 1 if invalid. */
  private alignment(node: Extract<Node, { kind: 'align' }>, loud: boolean): number {
    const n = this.value(node.count, node, loud);
    if (n === null) return 1;
    const max = node.seg === 'bss' ? 16 : PAGE_SIZE;
    if (n < 1 || n > max || (n & (n - 1)) !== 0) {
      if (loud) this.diags.error(node.item.src, node.count.span, `.align ${n}: the boundary must be a power of two from 1 to ${max}${node.seg === 'bss' ? ' in .bss' : ''}`);
      return 1;
    }
    return n;
  }

  // ---- emission ----

  private emit(): Built {
    const code = new Uint8Array(this.sizes.text);
    const data = new Uint8Array(this.sizes.data);
    const codeView = new DataView(code.buffer);
    const listing: ListingRow[] = [];
    const lines: LineEntry[] = [];
    const instrAddrs = new Set<number>();
    for (const sym of this.symbols.values()) {
      if (sym.kind !== 'const') continue;
      const v = this.constValue(sym);
      if (v instanceof EvalError) this.report(sym.src, v);
    }
    for (const node of this.nodes) {
      if (this.diags.full) break;
      const src = node.item.src;
      const row = (words: number[], bytes?: Uint8Array): void => {
        listing.push({ addr: node.addr, words, bytes, file: src.file, line: src.line, text: src.code.trim() });
      };
      if (node.kind === 'mark') continue;
      if (node.kind !== 'instr') {
        if (node.seg === 'bss') {
          if (node.kind === 'space') this.checkSpace(node);
          else if (node.kind === 'align') this.alignment(node, true);
          continue;
        }
        const seg = node.seg === 'text' ? code : data;
        if (this.dataBytes(node, seg) && node.size > 0) row([], seg.subarray(node.offset, node.offset + node.size));
        continue;
      }
      const words = this.instruction(node);
      instrAddrs.add(node.addr);
      lines.push({ addr: node.addr, file: src.fileIndex, line: src.line });
      if (!words) continue;
      words.forEach((w, k) => codeView.setInt32(node.offset + 4 * k, w, true));
      row(words);
    }
    const entry = this.entry(instrAddrs);
    if (this.diags.errorCount > 0 || entry === null) return { exe: null, listing: [] };
    const symbols: DebugSymbol[] = [...this.symbols.values()].map((s) => ({
      name: s.name,
      value: s.kind === 'label' ? s.addr : (this.constValue(s) as number),
      kind: s.kind === 'label' ? SEG_KIND[s.seg] : 'const',
    }));
    const exe: Executable = {
      entry,
      codeAddr: CODE_BASE,
      code,
      dataAddr: this.bases.data,
      data,
      bssSize: this.sizes.bss,
      debug: { files: [...this.files], symbols, lines },
    };
    return { exe, listing };
  }

  /** Encode one instruction; null (after reporting) if its operands cannot be encoded. */
  private instruction(node: Extract<Node, { kind: 'instr' }>): number[] | null {
    const values = this.operandValues(node, true);
    if (!values) return null;
    const src = node.item.src;
    const t = [...node.rows[0].syntax].indexOf('t');
    if (t >= 0 && (values[t] & 3) !== 0) {
      this.diags.error(src, node.ops[t].span, `branch target ${hexShort(values[t])} is not 4-aligned (instructions are)`);
      return null;
    }
    const k = firstFit(node.rows, node.row, node.ops, values, node.addr);
    if (k !== node.row) {
      const why = whyNoFit(node.mnemonic, node.rows[node.rows.length - 1], node.ops, values);
      this.diags.error(src, why.span, why.message);
      return null;
    }
    const row = node.rows[k];
    return encode(row, fieldsFor(row, node.ops, values), node.addr);
  }

  /** Write the bytes of a data statement into its segment (text or data); false (after reporting) on a bad value. */
  private dataBytes(node: Node, seg: Uint8Array): boolean {
    const view = new DataView(seg.buffer);
    switch (node.kind) {
      case 'bytes':
        seg.set(node.bytes, node.offset);
        return true;
      case 'values': {
        let ok = true;
        for (const [k, e] of node.exprs.entries()) {
          const v = this.value(e, node, true);
          const at = node.offset + k * node.width;
          if (v === null) ok = false;
          else if (node.width === 4) view.setInt32(at, v, true);
          else if (v < RANGE[node.width][0] || v > RANGE[node.width][1]) {
            const [lo, hi, what] = RANGE[node.width];
            this.diags.error(node.item.src, e.span, `value ${v} does not fit in ${what} (${lo}..${hi})`);
            ok = false;
          } else if (node.width === 2) view.setUint16(at, v & 0xffff, true);
          else view.setUint8(at, v & 0xff);
        }
        return ok;
      }
      case 'space': {
        const fill = this.checkSpace(node);
        if (fill === null) return false;
        seg.fill(fill, node.offset, node.offset + node.size);
        return true;
      }
      case 'align':
        this.alignment(node, true);
        return true;
      default:
        return false;
    }
  }

  /** Check a .space's size and fill; its fill byte, or null after reporting. */
  private checkSpace(node: Extract<Node, { kind: 'space' }>): number | null {
    const n = this.value(node.count, node, true);
    if (n === null) return null;
    if (n < 0) {
      this.diags.error(node.item.src, node.count.span, `.space size ${n} is negative`);
      return null;
    }
    if (!node.fill) return 0;
    const fill = this.value(node.fill, node, true);
    if (fill === null) return null;
    if (node.seg === 'bss' && fill !== 0) {
      this.diags.error(node.item.src, node.fill.span, '.bss is zero-filled: a .space there cannot have a fill value (put it in .data)');
      return null;
    }
    if (fill < -0x80 || fill > 0xff) {
      this.diags.error(node.item.src, node.fill.span, `fill value ${fill} does not fit in a byte (-128..255)`);
      return null;
    }
    return fill & 0xff;
  }

  /** The entry point: .entry, else main, else the first instruction; null after reporting. */
  private entry(instrAddrs: Set<number>): number | null {
    const first = this.nodes.find((n) => n.kind === 'instr');
    if (!first) {
      // After other errors the missing instructions are most likely among the lines in error.
      if (this.diags.errorCount === 0) this.diags.error(this.firstLine, { col: 1, length: 0 }, 'the program has no instructions (nothing to execute)');
      return null;
    }
    const [chosen, ...extra] = this.entries;
    for (const e of extra) this.diags.error(e.item.src, e.item.stmt!.nameSpan, `duplicate .entry (first at ${chosen.item.src.file}:${chosen.item.src.line})`);
    if (chosen) {
      const op = chosen.item.stmt!.operands[0] as Extract<Operand, { kind: 'expr' }>;
      const v = this.value(op.expr, chosen, true);
      if (v === null) return null;
      if (!instrAddrs.has(v)) {
        this.diags.error(chosen.item.src, op.span, `entry point ${hexShort(v)} is not the address of an instruction`);
        return null;
      }
      return v;
    }
    const main = this.symbols.get('main');
    if (main) {
      if (main.kind === 'label' && instrAddrs.has(main.addr)) return main.addr;
      this.diags.error(main.src, main.span, "'main' is not an instruction, so it cannot be the entry point (use .entry to choose one)");
      return null;
    }
    return first.addr;
  }
}
