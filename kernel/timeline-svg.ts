// The --timeline chart as SVG, a pure function of each process's state spans: title, CPU lane, one lane per process, tick axis.

import type { Lane as SpanState, Span as ProcessSpan } from './accounting.js';

/** A state from tick `from` up to (not including) tick `to`. */
export type Span = Pick<ProcessSpan, 'from' | 'to' | 'state'>;

export interface ChartTitle {
  policy: string;
  quantum: number;
}

export interface TimelineChart {
  /** Each process's spans in time order, without gaps from its spawn to its exit (or the end). */
  spans: ReadonlyMap<number, readonly Span[]>;
  names: ReadonlyMap<number, string>;
  /** The last tick of the run: the right end of the axis. */
  end: number;
  title?: ChartTitle;
}

const COLORS: Record<SpanState, string> = { running: '#2e7d32', ready: '#ffd54f', blocked: '#64b5f6', stopped: '#e57373' };
/** The CPU lane: who holds the CPU, in two greens so that a switch between processes shows. */
const CPU_SHADES = ['#2e7d32', '#81c784'];
/**
 * Which state a pixel column shows when several share it: the one that matters most to a scheduler,
 * however short, so that every dispatch and every wait stays visible (a tooltip gives the shares).
 */
const PRIORITY: readonly SpanState[] = ['running', 'blocked', 'stopped', 'ready'];
const IDLE = -1;

const PLOT_WIDTH = 960;
const RIGHT = 48; // room for half of the last tick label
/** The narrowest drawn span: a 6-tick process in an 8M-tick run still shows. */
const MIN_WIDTH = 2;
const MAX_LABEL = 28;

/** The chart: lanes scale down with the number of processes (22 px for a few, 12 px from 60 on). */
export function renderTimeline(chart: TimelineChart): string {
  const pids = [...chart.spans.keys()].sort((a, b) => a - b);
  const total = Math.max(chart.end, 1);
  const lane = pids.length <= 12 ? 22 : pids.length <= 30 ? 18 : pids.length <= 60 ? 14 : 12;
  const font = lane >= 18 ? 12 : 10;
  const labels = new Map(pids.map((pid) => [pid, `${pid} ${shorten(chart.names.get(pid) ?? '')}`]));
  const left = 16 + Math.max(40, ...[...labels.values()].map((l) => l.length * font * 0.62));
  const perColumn = Math.max(1, Math.ceil(total / PLOT_WIDTH)); // ticks merged into one pixel column
  const x = (t: number): number => left + (t / total) * PLOT_WIDTH;
  const cpuTop = chart.title ? 84 : 56; // below the title lines and the legend
  const lanesTop = cpuTop + lane + 10;
  const axisY = lanesTop + pids.length * lane + 6;
  const height = axisY + 40;
  const width = left + PLOT_WIDTH + RIGHT;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${height}" viewBox="0 0 ${width.toFixed(0)} ${height}" font-family="sans-serif" font-size="${font}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
  ];
  let y = 22;
  if (chart.title) {
    out.push(`<text class="title" x="${left}" y="${y}" font-size="16" font-weight="bold">Schedule: ${escapeXml(chart.title.policy)}, quantum ${abbreviate(chart.title.quantum)} ticks</text>`);
    y += 20;
    out.push(`<text class="subtitle" x="${left}" y="${y}" font-size="12" fill="#555">${pids.length} process${pids.length === 1 ? '' : 'es'}, ${group(chart.end)} ticks</text>`);
    y += 14;
  }
  (Object.keys(COLORS) as SpanState[]).forEach((state, k) => {
    out.push(`<rect class="legend" x="${left + k * 100}" y="${y}" width="14" height="14" fill="${COLORS[state]}"/>`);
    out.push(`<text x="${left + k * 100 + 20}" y="${y + 12}" font-size="12">${state}</text>`);
  });

  // Grid lines first, so that the spans cover them.
  const step = niceStep(total / 8);
  for (let t = 0; t <= total; t += step) {
    out.push(`<line class="grid" x1="${x(t).toFixed(2)}" y1="${cpuTop}" x2="${x(t).toFixed(2)}" y2="${axisY}" stroke="#e0e0e0"/>`);
  }

  // The CPU lane: the process holding the CPU in each column, idle where nobody runs.
  out.push(`<g class="cpu">`);
  out.push(`<text x="${left - 8}" y="${cpuTop + lane * 0.7}" text-anchor="end" font-weight="bold">CPU</text>`);
  out.push(`<rect x="${left}" y="${cpuTop + 1}" width="${PLOT_WIDTH}" height="${lane - 2}" fill="#f5f5f5"/>`);
  let shade = 0;
  for (const b of rasterize(cpuHolders(chart.spans, chart.end), perColumn, majority)) {
    if (b.key === IDLE) continue;
    const bx = x(b.from);
    const w = Math.max(MIN_WIDTH, x(b.to) - bx);
    const who = labels.get(b.key)!;
    const tip = b.tally.size === 1 ? `CPU: ${who}, ${range(b.from, b.to)}` : `CPU ${range(b.from, b.to)}, mostly ${who}: ${mix(b.tally, (pid) => (pid === IDLE ? 'idle' : `pid ${pid}`))}`;
    out.push(`<rect class="holder" data-holder="${b.key}" x="${bx.toFixed(2)}" y="${cpuTop + 1}" width="${w.toFixed(2)}" height="${lane - 2}" fill="${CPU_SHADES[shade++ % 2]}"><title>${escapeXml(tip)}</title></rect>`);
    const text = String(b.key);
    if (w >= text.length * font * 0.62 + 6) {
      out.push(`<text x="${(bx + w / 2).toFixed(2)}" y="${cpuTop + lane * 0.7}" text-anchor="middle" fill="white" pointer-events="none">${text}</text>`);
    }
  }
  out.push('</g>');

  pids.forEach((pid, row) => {
    const ly = lanesTop + row * lane;
    const label = labels.get(pid)!;
    out.push(`<g class="lane" data-pid="${pid}">`);
    out.push(`<text x="${left - 8}" y="${ly + lane * 0.7}" text-anchor="end">${escapeXml(label)}</text>`);
    const pieces = chart.spans.get(pid)!.map((s) => ({ from: s.from, to: s.to, key: s.state }));
    for (const b of rasterize(pieces, perColumn, (tally) => PRIORITY.find((s) => tally.has(s))!)) {
      const bx = x(b.from);
      const w = Math.max(MIN_WIDTH, x(b.to) - bx);
      const tip = `${label}: ${b.tally.size === 1 ? `${b.key} ` : ''}${range(b.from, b.to)}${b.tally.size === 1 ? '' : `: ${mix(b.tally, String)}`}`;
      out.push(`<rect class="${b.key}" x="${bx.toFixed(2)}" y="${ly + 2}" width="${w.toFixed(2)}" height="${lane - 4}" fill="${COLORS[b.key]}"><title>${escapeXml(tip)}</title></rect>`);
    }
    out.push('</g>');
  });

  out.push(`<line x1="${left}" y1="${axisY}" x2="${left + PLOT_WIDTH}" y2="${axisY}" stroke="black"/>`);
  for (let t = 0; t <= total; t += step) {
    out.push(`<line x1="${x(t).toFixed(2)}" y1="${axisY}" x2="${x(t).toFixed(2)}" y2="${axisY + 5}" stroke="black"/>`);
    out.push(`<text class="tick" x="${x(t).toFixed(2)}" y="${axisY + 18}" text-anchor="middle">${abbreviate(t)}</text>`);
  }
  out.push(`<text x="${left + PLOT_WIDTH}" y="${axisY + 34}" text-anchor="end">virtual time (ticks)</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

interface Piece<K> {
  from: number;
  to: number;
  key: K;
}

/** A drawn block: its extent, what it shows, and how many ticks of each kind it covers. */
interface Block<K> extends Piece<K> {
  tally: Map<K, number>;
}

/**
 * Merge pieces narrower than a pixel column: a column holding several kinds shows the one pick
 * chooses from its tally, and neighbouring blocks of one kind join. Pieces must be in time order
 * and must not overlap; wide pieces keep their exact ticks.
 */
function rasterize<K>(pieces: readonly Piece<K>[], perColumn: number, pick: (tally: Map<K, number>) => K): Block<K>[] {
  const out: Block<K>[] = [];
  let column = -1;
  let tally = new Map<K, number>();
  let columnFrom = 0;
  let columnTo = 0;
  const emit = (from: number, to: number, key: K, counts: Map<K, number>): void => {
    const last = out[out.length - 1];
    if (last && last.key === key && last.to === from) {
      last.to = to;
      for (const [k, n] of counts) last.tally.set(k, (last.tally.get(k) ?? 0) + n);
    } else out.push({ from, to, key, tally: new Map(counts) });
  };
  const flush = (): void => {
    if (column < 0) return;
    emit(columnFrom, columnTo, pick(tally), tally);
    column = -1;
    tally = new Map();
  };
  const add = (c: number, from: number, to: number, key: K): void => {
    if (c !== column) {
      flush();
      column = c;
      columnFrom = from;
    }
    tally.set(key, (tally.get(key) ?? 0) + to - from);
    columnTo = to;
  };
  for (const p of pieces) {
    const first = Math.floor(p.from / perColumn);
    const last = Math.floor((p.to - 1) / perColumn);
    if (first === last) {
      add(first, p.from, p.to, p.key);
      continue;
    }
    let from = p.from;
    if (column === first || from > first * perColumn) {
      add(first, from, (first + 1) * perColumn, p.key);
      from = (first + 1) * perColumn;
    }
    flush();
    const bodyEnd = p.to === (last + 1) * perColumn ? p.to : last * perColumn;
    if (bodyEnd > from) emit(from, bodyEnd, p.key, new Map([[p.key, bodyEnd - from]]));
    if (bodyEnd < p.to) add(last, bodyEnd, p.to, p.key);
  }
  flush();
  return out;
}

/** The process that held the CPU longest in a column; idle only if nobody ran more. */
function majority(tally: Map<number, number>): number {
  let best = IDLE;
  for (const [pid, n] of tally) if (n > (tally.get(best) ?? 0) || (best === IDLE && n === tally.get(best))) best = pid;
  return best;
}

/** Who holds the CPU from tick 0 to end: each running span, and IDLE between them. */
function cpuHolders(spans: ReadonlyMap<number, readonly Span[]>, end: number): Piece<number>[] {
  const running: Piece<number>[] = [];
  for (const [pid, list] of spans) for (const s of list) if (s.state === 'running') running.push({ from: s.from, to: s.to, key: pid });
  running.sort((a, b) => a.from - b.from);
  const out: Piece<number>[] = [];
  let t = 0;
  for (const r of running) {
    if (r.from > t) out.push({ from: t, to: r.from, key: IDLE });
    out.push(r);
    t = Math.max(t, r.to);
  }
  if (end > t) out.push({ from: t, to: end, key: IDLE });
  return out;
}

/** "ready 1,666, running 6": the ticks of each kind a merged block covers, most first. */
function mix<K>(tally: Map<K, number>, name: (k: K) => string): string {
  return [...tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${name(k)} ${group(n)}`).join(', ');
}

/** "20,000–30,000 (10k ticks)": exact ticks for tooltips. */
function range(from: number, to: number): string {
  return `${group(from)}–${group(to)} (${abbreviate(to - from)} tick${to - from === 1 ? '' : 's'})`;
}

/** 8000000 → "8M", 250000 → "250k", 1500 → "1.5k": axis labels and titles. */
export function abbreviate(n: number): string {
  for (const [unit, size] of [['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (Math.abs(n) >= size) return `${Number((n / size).toPrecision(3))}${unit}`;
  }
  return String(n);
}

function group(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function shorten(name: string): string {
  return name.length > MAX_LABEL ? name.slice(0, MAX_LABEL - 1) + '…' : name;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
