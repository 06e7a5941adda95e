// Workload files (docs/CLI.md): one process per line, `key=value` settings, then the program and its arguments.
import type { Settings } from '../kernel/kernel.js';
import { CLOCK_LIMIT } from '../kernel/options.js';
import { NICE_MAX, NICE_MIN } from '../kernel/process.js';
import { MAX_TICKETS } from '../kernel/syscalls.js';

/** One process of a workload: created at the start of tick `at` with these settings, running argv. */
export interface WorkloadLine {
  /** Line number in the file (1-based). */
  line: number;
  at: number;
  settings: Settings;
  /** The program as written (a path relative to the workload file, or `job`) and its arguments. */
  argv: string[];
}

/** A mistake in a workload file: its message is one line naming file:line. */
export class WorkloadError extends Error {}

/** The settings a line may give, with their ranges. */
const KEYS: Readonly<Record<'at' | keyof Settings, { min: number; max: number }>> = {
  at: { min: 0, max: CLOCK_LIMIT },
  nice: { min: NICE_MIN, max: NICE_MAX },
  tickets: { min: 1, max: MAX_TICKETS },
  length: { min: 1, max: CLOCK_LIMIT },
};

/** Parse a workload; throws WorkloadError at the first mistake. `file` names it in messages. */
export function parseWorkload(text: string, file: string): WorkloadLine[] {
  const lines: WorkloadLine[] = [];
  let lastAt = 0;
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = k + 1;
    const fail = (why: string): never => {
      throw new WorkloadError(`${file}:${line}: ${why}`);
    };
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) return;
    const given: Record<string, number> = {};
    while (words.length > 0 && /^[A-Za-z_]\w*=/.test(words[0])) {
      const word = words.shift()!;
      const [key, value] = [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)];
      const range = KEYS[key as keyof typeof KEYS];
      if (!range) fail(`unknown setting '${key}' (settings: ${Object.keys(KEYS).join(', ')})`);
      if (key in given) fail(`'${key}' is set twice`);
      const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!(n >= range.min && n <= range.max)) fail(`${key} must be a whole number from ${range.min} to ${range.max} (got '${value}')`);
      given[key] = n;
    }
    if (words.length === 0) fail('no program after the settings');
    const at = given.at ?? 0;
    if (at < lastAt) fail(`at=${at} is before the previous line's at=${lastAt} (lines go in non-decreasing at order)`);
    lastAt = at;
    const settings: Settings = {};
    for (const key of ['nice', 'tickets', 'length'] as const) if (given[key] !== undefined) settings[key] = given[key];
    lines.push({ line, at, settings, argv: words });
  });
  if (lines.length === 0) throw new WorkloadError(`${file}: no processes (one line each: [at=T] [nice=N] [tickets=N] [length=N] PROGRAM [ARGS…])`);
  return lines;
}

/** A workload as a file's text, after an optional comment header (each of its lines prefixed with '# '). */
export function formatWorkload(lines: readonly Omit<WorkloadLine, 'line'>[], header: readonly string[] = []): string {
  const body = lines.map((l) => {
    const settings = Object.entries({ at: l.at, ...l.settings }).map(([k, v]) => `${k}=${v}`);
    return [...settings, ...l.argv].join(' ');
  });
  return [...header.map((h) => `# ${h}`), ...body].join('\n') + '\n';
}
