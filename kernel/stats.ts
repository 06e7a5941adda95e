// Run statistics (docs/CLI.md): per-process figures as OSTEP defines them, and machine totals.
import { printable } from '../vm/text.js';
import type { Lane } from './accounting.js';
import type { Kernel } from './kernel.js';

export interface ProcessStats {
  pid: number;
  ppid: number;
  name: string;
  status: number | null; // wait status; null if it has not exited
  start: number;
  end: number | null;
  cpu: number;
  ready: number;
  blocked: number;
  stopped: number;
  turnaround: number | null; // end − start
  response: number | null; // first dispatch − start
  switches: number;
  faults: number;
}

/** Means over the processes that exited (null when none has). */
export interface Averages {
  response: number;
  turnaround: number;
  ready: number;
}

export interface Stats {
  ticks: number;
  idle: number;
  switches: number;
  instructions: number;
  /** Ticks in which some process was blocked on simulated device I/O. */
  io_busy: number;
  processes: ProcessStats[];
  averages: Averages | null;
  host?: { wall_s: number; mips: number };
}

/** The statistics of a run; wall time (host, outside determinism) is the caller's measurement. */
export function collectStats(k: Kernel, wallSeconds?: number): Stats {
  const processes = k.acct.records().map((r): ProcessStats => {
    const exited = r.state === 'zombie';
    const total = (state: Lane): number => k.acct.total(r, state, k.clock);
    return {
      pid: r.pid,
      ppid: r.ppid,
      name: r.name,
      status: exited ? r.status : null,
      start: r.start,
      end: exited ? r.end : null,
      cpu: total('running'),
      ready: total('ready'),
      blocked: total('blocked'),
      stopped: total('stopped'),
      turnaround: exited ? r.end - r.start : null,
      response: r.firstRun < 0 ? null : r.firstRun - r.start,
      switches: r.switches,
      faults: r.faults,
    };
  });
  const done = k.acct.exited;
  const averages = done.count === 0 ? null : { response: done.response / done.count, turnaround: done.turnaround / done.count, ready: done.ready / done.count };
  const stats: Stats = { ticks: k.clock, idle: k.idle, switches: k.switches, instructions: k.instructions, io_busy: k.acct.ioBusy(k.clock), processes, averages };
  if (wallSeconds !== undefined) {
    stats.host = { wall_s: wallSeconds, mips: wallSeconds > 0 ? k.instructions / wallSeconds / 1e6 : 0 };
  }
  return stats;
}

const COLUMNS: [keyof ProcessStats, string][] = [
  ['pid', 'pid'], ['name', 'name'], ['status', 'status'], ['cpu', 'cpu'], ['ready', 'ready'], ['blocked', 'blocked'],
  ['stopped', 'stopped'], ['turnaround', 'turnaround'], ['response', 'response'], ['switches', 'switches'], ['faults', 'faults'],
];

/** The --stats table: one row per process, then the totals. */
export function formatStats(s: Stats): string {
  const rows = s.processes.map((p) => COLUMNS.map(([key]) => (p[key] === null ? '-' : key === 'name' ? printable(p.name) : String(p[key]))));
  const widths = COLUMNS.map(([, title], c) => Math.max(title.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const util = s.ticks > 0 ? ((100 * s.instructions) / s.ticks).toFixed(1) : '0.0';
  const host = s.host ? `, wall ${s.host.wall_s.toFixed(3)} s, ${s.host.mips.toFixed(1)} MIPS` : '';
  const a = s.averages;
  return [
    line(COLUMNS.map(([, title]) => title)),
    ...rows.map(line),
    ...(a ? [`average of the exited: response ${mean(a.response)}, turnaround ${mean(a.turnaround)}, ready ${mean(a.ready)}`] : []),
    `total: ${s.ticks} ticks, ${s.instructions} instructions, CPU utilisation ${util}%, idle ${s.idle}, I/O busy ${s.io_busy}, switches ${s.switches}${host}`,
  ].join('\n') + '\n';
}

/** A mean as the tables print it: two decimals, as OSTEP's simulators do. */
export function mean(x: number): string {
  return x.toFixed(2);
}
