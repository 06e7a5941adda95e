// `quanta run`: run a program (or several with --procs) under the kernel.
import type { Argv, CommandModule } from 'yargs';
import { StreamInput } from '../../kernel/io.js';
import { runMachine } from '../machine.js';
import { knobDefaults, POLICIES } from '../../kernel/policies/index.js';
import { DEFAULTS } from '../../kernel/kernel.js';
import { hostSink } from '../host.js';
import { ENGINES, type EngineName } from '../../vm/engine.js';

interface RunArgs {
  [knob: string]: unknown;
  _: (string | number)[];
  file: string;
  args?: (string | number)[];
  procs?: boolean;
  policy?: string;
  quantum?: number;
  seed?: number;
  'io-latency'?: number;
  root?: string;
  mem?: string;
  'max-procs'?: number;
  'max-files'?: number;
  stack?: string;
  'max-ticks'?: number;
  engine?: EngineName;
  trace?: string;
  stats?: boolean;
  'stats-json'?: string;
  timeline?: string;
}

/** Options of `run` that take no value (everything else takes one, unless written --name=value). */
const FLAGS = new Set(['--procs', '--stats', '--help', '-h']);

/**
 * Everything after FILE belongs to the program (SPEC §6), even words that look like options:
 * rewrite `run [options] FILE ARGS…` as `run [options] FILE -- ARGS…` before yargs sees it.
 * A bare --trace (its value is optional) becomes --trace=all, so that it cannot take FILE as its value.
 */
export function protectProgramArgs(argv: string[]): string[] {
  if (argv[0] !== 'run') return argv;
  const out = [argv[0]];
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--') return [...out, ...argv.slice(k)];
    if (!a.startsWith('-') || a === '-') return [...out, a, '--', ...argv.slice(k + 1)];
    out.push(a === '--trace' ? '--trace=all' : a);
    if (!FLAGS.has(a) && a !== '--trace' && !a.includes('=') && k + 1 < argv.length) out.push(argv[++k]);
  }
  return out;
}

/** A byte count as the help shows it: 64M, 1M. */
const size = (bytes: number): string => (bytes % (1 << 20) === 0 ? `${bytes >> 20}M` : `${bytes >> 10}K`);

/** Each policy's own knobs as command-line options, so that adding a policy touches no command. */
function policyKnobOptions(): Record<string, { type: 'number'; describe: string; default: number }> {
  const opts: Record<string, { type: 'number'; describe: string; default: number }> = {};
  for (const [name, m] of Object.entries(POLICIES)) {
    for (const [k, v] of Object.entries(m.knobs ?? {})) opts[k] = { type: 'number', describe: `${name}: ${v.describe}`, default: v.default };
  }
  return opts;
}

export const run: CommandModule<object, RunArgs> = {
  command: 'run <file> [args..]',
  describe: 'Run a program (.qx, or .asm assembled in memory); everything after FILE is its argv',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'program to run', demandOption: true })
      .positional('args', { type: 'string', array: true, describe: 'arguments of the program' })
      .option('procs', { type: 'boolean', describe: 'FILE and ARGS are programs, each loaded as its own process' })
      .option('policy', { type: 'string', describe: 'scheduling policy', choices: Object.keys(POLICIES), default: DEFAULTS.policy })
      .option('quantum', { type: 'number', describe: 'timer interrupt after this many ticks', default: DEFAULTS.quantum })
      .option('seed', { type: 'number', describe: 'seed of randomised policies', default: DEFAULTS.seed })
      .option('io-latency', { type: 'number', describe: 'ticks of simulated device time per file read/write', default: DEFAULTS.ioLatency })
      .option('root', { type: 'string', describe: 'sandbox directory for file paths', default: '.' })
      .option('mem', { type: 'string', describe: 'physical memory (bytes, K or M suffix)', defaultDescription: size(DEFAULTS.mem) })
      .option('max-procs', { type: 'number', describe: 'process-table slots, zombies included', default: DEFAULTS.maxProcs })
      .option('max-files', { type: 'number', describe: 'open descriptors per process', default: DEFAULTS.maxFiles })
      .option('stack', { type: 'string', describe: 'stack limit per process (bytes, K or M suffix)', defaultDescription: size(DEFAULTS.stack) })
      .option('max-ticks', { type: 'number', describe: 'stop the machine at this virtual time (exit 124)' })
      .option('engine', { type: 'string', describe: 'execution tier that runs guest code', choices: Object.keys(ENGINES), default: DEFAULTS.engine })
      .options(policyKnobOptions())
      .option('stats', { type: 'boolean', describe: 'print per-process statistics and totals on stderr at the end' })
      .option('stats-json', { type: 'string', describe: 'write the statistics as JSON to this file' })
      .option('timeline', { type: 'string', describe: 'write a Gantt chart of the schedule (SVG) to this file' })
      .option('trace', { type: 'string', describe: 'print kernel events on stderr (--trace=sched: scheduling only)' })
      .check((a) => {
        if (a.trace !== undefined && !['', 'all', 'sched'].includes(a.trace)) throw new Error(`--trace takes 'sched' or nothing (got '${a.trace}')`);
        return true;
      }) as unknown as Argv<RunArgs>, // the knob options are only known at run time
  handler: async (a) => {
    // protectProgramArgs put the program's words after '--', where yargs leaves them in `_`.
    const rest = [...(a.args ?? []), ...a._.slice(1)].map(String);
    const programs = a.procs ? [a.file, ...rest].map((f) => [f]) : [[a.file, ...rest]];
    process.exitCode = await runMachine({
      programs,
      policy: a.policy,
      quantum: a.quantum,
      seed: a.seed,
      ioLatency: a['io-latency'],
      root: a.root,
      mem: a.mem,
      maxProcs: a['max-procs'],
      maxFiles: a['max-files'],
      stack: a.stack,
      maxTicks: a['max-ticks'],
      engine: a.engine,
      trace: a.trace === undefined ? undefined : a.trace === 'sched' ? 'sched' : 'all',
      stats: a.stats,
      statsJson: a['stats-json'],
      timeline: a.timeline,
      knobs: Object.fromEntries(Object.keys(knobDefaults()).map((k) => [k, Number(a[k])])),
      stdin: new StreamInput(process.stdin),
      stdout: hostSink(process.stdout),
      stderr: hostSink(process.stderr),
    });
  },
};
