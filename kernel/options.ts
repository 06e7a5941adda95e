// The machine's run options, each declared once (name, type, default, range, help): the kernel, the hosts,
// the command line (run, debug, exercise), the bench and the playground all read this table.
import { DEFAULT_ENGINE, ENGINES, type EngineName } from '../vm/engine.js';
import { didYouMean, grouped } from '../vm/text.js';
import { DEFAULT_POLICY, POLICIES } from './policies/index.js';
import type { Knob, KnobValue } from './policy.js';

export type OptionType = 'int' | 'size' | 'choice' | 'path' | 'list' | 'flag';

export interface OptionSpec {
  /** As written on the command line: --name. */
  readonly name: string;
  readonly type: OptionType;
  readonly describe: string;
  /** undefined: unset unless given (--max-ticks). */
  readonly default: KnobValue | string | undefined;
  readonly min?: number;
  readonly max?: number;
  /** A size must be a multiple of this. */
  readonly multiple?: number;
  readonly choices?: readonly string[];
  /** The policies whose own knob this is ('fifo, rr' for one they share). */
  readonly policy?: string;
}

/** The options a machine is built from. */
export interface MachineOptions {
  policy: string;
  quantum: number;
  seed: number;
  ioLatency: number;
  root: string;
  /** Bytes of physical memory. */
  mem: number;
  maxProcs: number;
  /** Descriptors per process. */
  maxFiles: number;
  /** Stack limit of each process, in bytes. */
  stack: number;
  /** Infinity for no limit. */
  maxTicks: number;
  engine: EngineName;
  /** Every policy's knobs, by option name (e.g. 'mlfq-levels'). */
  knobs: Record<string, KnobValue>;
}

/**
 * The virtual clock stops here whatever --max-ticks says (status 124, as for --max-ticks): far beyond any
 * real run, and low enough that tick arithmetic stays exact in a double (2^53).
 */
export const CLOCK_LIMIT = 2 ** 50;

const MACHINE: readonly OptionSpec[] = [
  { name: 'policy', type: 'choice', describe: 'scheduling policy', default: DEFAULT_POLICY, choices: Object.keys(POLICIES) },
  { name: 'quantum', type: 'int', describe: 'timer slice in ticks (rr, priority, lottery, stride; mlfq top level)', default: 10_000, min: 1, max: 1e9 },
  { name: 'seed', type: 'int', describe: 'seed of the randomised policies', default: 1, min: 0, max: 2 ** 32 - 1 },
  { name: 'io-latency', type: 'int', describe: 'ticks of simulated device time per file read or write', default: 0, min: 0, max: 1e9 },
  { name: 'root', type: 'path', describe: 'sandbox directory that guest file paths are relative to', default: '.' },
  { name: 'mem', type: 'size', describe: 'physical memory (bytes, K, M or G suffix)', default: 64 << 20, min: 64 << 10, max: 1 << 30, multiple: 4096 },
  { name: 'max-procs', type: 'int', describe: 'process-table slots, zombies included', default: 64, min: 1, max: 4096 },
  { name: 'max-files', type: 'int', describe: 'open descriptors per process', default: 16, min: 3, max: 1024 },
  { name: 'stack', type: 'size', describe: 'stack limit per process (bytes, K or M suffix)', default: 1 << 20, min: 4096, max: 8 << 20, multiple: 4096 },
  { name: 'max-ticks', type: 'int', describe: 'stop the whole machine at this virtual time (exit status 124)', default: undefined, min: 1, max: CLOCK_LIMIT },
  { name: 'engine', type: 'choice', describe: 'execution tier that runs guest code', default: DEFAULT_ENGINE, choices: Object.keys(ENGINES) },
];

/** Each policy knob once, with the policies that declare it (fifo and rr share theirs). */
function knobSpecs(): OptionSpec[] {
  const owners = new Map<string, { knob: Knob; policies: string[] }>();
  for (const [policy, m] of Object.entries(POLICIES)) {
    for (const [name, knob] of Object.entries(m.knobs ?? {})) {
      const seen = owners.get(name);
      if (seen && seen.knob !== knob) throw new Error(`policies ${seen.policies[0]} and ${policy} declare different knobs named ${name}`);
      if (seen) seen.policies.push(policy);
      else owners.set(name, { knob, policies: [policy] });
    }
  }
  return [...owners].map(([name, { knob: k, policies }]) => {
    const policy = policies.join(', ');
    return { name, type: k.type, describe: `${policy}: ${k.describe}`, default: k.default, min: k.min, max: k.max, policy };
  });
}

/** Every run option: the machine's, then each policy's own knobs. */
export const RUN_OPTIONS: readonly OptionSpec[] = [...MACHINE, ...knobSpecs()];

/** A value the user gave that the table refuses: one line, for a usage error (exit status 2). */
export class OptionError extends Error {}

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Bytes from 65536, "64K", "16M" or "1G"; NaN if malformed. */
export function parseSize(text: string | number): number {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? text : NaN;
  const m = /^(\d+)([kmg]?)$/i.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
}

/** A whole number written in decimal (or 1e6, 0x10); NaN otherwise. */
function parseWhole(v: unknown): number {
  if (typeof v === 'number') return Number.isInteger(v) ? v : NaN;
  if (typeof v !== 'string' || v.trim() === '') return NaN;
  const n = Number(v.trim().replace(/_/g, ''));
  return Number.isInteger(n) ? n : NaN;
}

/** A size as the help shows it: 64M, 1M, 4K. */
export function showSize(bytes: number): string {
  if (bytes % (1 << 30) === 0) return `${bytes / (1 << 30)}G`;
  if (bytes % (1 << 20) === 0) return `${bytes / (1 << 20)}M`;
  return bytes % 1024 === 0 ? `${bytes / 1024}K` : String(bytes);
}

/** How an option's default reads in --help. */
export function showDefault(spec: OptionSpec): string | undefined {
  const d = spec.default;
  if (d === undefined) return undefined;
  if (spec.type === 'size') return showSize(d as number);
  return Array.isArray(d) ? d.join(',') : String(d);
}

function range(spec: OptionSpec): string {
  return `from ${grouped(spec.min!)} to ${grouped(spec.max!)}`;
}

/** One option's value checked against its row; throws OptionError naming the option. */
export function parseOption(spec: OptionSpec, v: unknown): KnobValue | string {
  const got = `(got '${Array.isArray(v) ? v.join(',') : String(v)}')`;
  const inRange = (n: number): boolean => n >= spec.min! && n <= spec.max!;
  switch (spec.type) {
    case 'choice': {
      const word = String(v);
      const hit = spec.choices!.find((c) => c === word) ?? spec.choices!.find((c) => c.toLowerCase() === word.toLowerCase());
      if (hit) return hit;
      throw new OptionError(`--${spec.name}: unknown value '${word}'${didYouMean(word, spec.choices!)} (choose from ${spec.choices!.join(', ')})`);
    }
    case 'path': {
      const path = String(v);
      if (path === '') throw new OptionError(`--${spec.name} needs a path`);
      return path;
    }
    case 'int': {
      const n = parseWhole(v);
      if (!inRange(n)) throw new OptionError(`--${spec.name} must be a whole number ${range(spec)} ${got}`);
      return n;
    }
    case 'size': {
      const n = parseSize(typeof v === 'number' ? v : String(v));
      if (!inRange(n) || n % (spec.multiple ?? 1) !== 0) {
        const multiple = spec.multiple ? `, a multiple of ${showSize(spec.multiple)}` : '';
        throw new OptionError(`--${spec.name} must be from ${showSize(spec.min!)} to ${showSize(spec.max!)}${multiple} (bytes, K, M or G) ${got}`);
      }
      return n;
    }
    case 'list': {
      const items = Array.isArray(v) ? v : String(v).split(',');
      const list = items.map(parseWhole);
      if (list.length === 0 || !list.every(inRange)) {
        throw new OptionError(`--${spec.name} must be a whole number or a comma list of them, each ${range(spec)} ${got}`);
      }
      return list.length === 1 ? list[0] : list;
    }
    case 'flag': {
      if (v === true || v === false) return v;
      const word = String(v).trim().toLowerCase();
      if (['true', '1', 'yes', ''].includes(word)) return true;
      if (['false', '0', 'no'].includes(word)) return false;
      throw new OptionError(`--${spec.name} is a switch: give it alone, or =true / =false ${got}`);
    }
  }
}

export const DEFAULTS: Readonly<MachineOptions> = machineOptions({});

/**
 * The machine's options from what was given, by option name ('max-ticks') or key ('maxTicks'), unset
 * ones taking their defaults; throws OptionError for a value out of its row's range.
 */
export function machineOptions(given: Readonly<Record<string, unknown>>): MachineOptions {
  const out: Record<string, unknown> = { knobs: {} };
  const knobs = out.knobs as Record<string, unknown>;
  for (const spec of RUN_OPTIONS) {
    const v = given[spec.name] ?? given[camel(spec.name)] ?? (spec.policy ? (given.knobs as Record<string, unknown> | undefined)?.[spec.name] : undefined);
    const value = v === undefined ? spec.default : parseOption(spec, v);
    if (spec.policy) knobs[spec.name] = value;
    else out[camel(spec.name)] = value ?? Infinity;
  }
  for (const m of Object.values(POLICIES)) {
    const problem = m.check?.(knobs as Record<string, KnobValue>);
    if (problem) throw new OptionError(problem);
  }
  return out as unknown as MachineOptions;
}
