// `quanta run`: run a program (or several with --procs) under the kernel.
import type { Argv, CommandModule, Options } from 'yargs';
import { RUN_OPTIONS, showDefault } from '../../kernel/options.js';
import { runMachine } from '../../host/machine.js';
import { processStdin, StreamSink } from '../../host/node.js';
import { UsageError } from '../options.js';

/** What `run` and `debug` are given: a program and its arguments (or programs, with --procs), and run options. */
export interface ProgramArgs {
  [option: string]: unknown;
  _: (string | number)[];
  file: string;
  args?: (string | number)[];
  procs?: boolean;
}

/** The argv of each program to start: FILE ARGS…, or with --procs each word a program of its own. */
export function programsOf(a: ProgramArgs): string[][] {
  // protectProgramArgs put the program's words after '--', where yargs leaves them in `_`.
  const rest = [...(a.args ?? []), ...a._.slice(1)].map(String);
  return a.procs ? [a.file, ...rest].map((f) => [f]) : [[a.file, ...rest]];
}

interface RunArgs extends ProgramArgs {
  trace?: string;
  stats?: boolean;
  'stats-json'?: string;
  timeline?: string;
}

/** Options of `run` and `debug` that take no value (everything else takes one, unless written --name=value). */
const FLAGS = new Set(['--procs', '--stats', '--help', '-h']);

/**
 * Everything after FILE belongs to the program (SPEC §6), even words that look like options:
 * rewrite `run [options] FILE ARGS…` (and `debug …`) as `run [options] FILE -- ARGS…` before yargs sees it.
 * A bare --trace (its value is optional) becomes --trace=all, so that it cannot take FILE as its value.
 */
export function protectProgramArgs(argv: string[]): string[] {
  if (argv[0] !== 'run' && argv[0] !== 'debug') return argv;
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

/**
 * The run options of kernel/options.ts as yargs options. They are taken as strings and checked by the
 * table, so that every mistake gets the table's one-line message.
 */
export function runOptions(): Record<string, Options> {
  const opts: Record<string, Options> = {};
  for (const spec of RUN_OPTIONS) {
    const choices = spec.choices ? ` (${spec.choices.join(', ')})` : '';
    opts[spec.name] = { type: 'string', describe: spec.describe + choices, defaultDescription: showDefault(spec), group: spec.policy ? 'Policy knobs:' : 'Machine:' };
  }
  return opts;
}

/** The run options given on the command line, by name. */
export function givenOptions(a: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(RUN_OPTIONS.filter((s) => a[s.name] !== undefined).map((s) => [s.name, a[s.name]]));
}

/** The program, its arguments, --procs and the run options, as `run` and `debug` both take them. */
export function programOptions<T>(y: Argv<T>, verb: string): Argv<T> {
  return y
    .positional('file', { type: 'string', describe: `program to ${verb}`, demandOption: true })
    .positional('args', { type: 'string', array: true, describe: 'arguments of the program' })
    .option('procs', { type: 'boolean', describe: 'FILE and ARGS are programs, each loaded as its own process' })
    .options(runOptions()) as unknown as Argv<T>;
}

export const run: CommandModule<object, RunArgs> = {
  command: 'run <file> [args..]',
  describe: 'Run a program (.qx, or .asm assembled in memory); everything after FILE is its argv',
  builder: (y) =>
    programOptions(y, 'run')
      .option('stats', { type: 'boolean', describe: 'print per-process statistics and totals on stderr at the end', group: 'Views:' })
      .option('stats-json', { type: 'string', describe: 'write the statistics as JSON to this file', group: 'Views:' })
      .option('timeline', { type: 'string', describe: 'write a Gantt chart of the schedule (SVG) to this file', group: 'Views:' })
      .option('trace', { type: 'string', describe: 'print kernel events on stderr (--trace=sched: scheduling only)', group: 'Views:' })
      .check((a) => {
        if (a.trace !== undefined && !['', 'all', 'sched'].includes(a.trace)) throw new UsageError(`--trace takes 'sched' or nothing (got '${a.trace}')`);
        return true;
      }) as unknown as Argv<RunArgs>,
  handler: async (a) => {
    process.exitCode = await runMachine({
      programs: programsOf(a),
      options: givenOptions(a),
      views: {
        trace: a.trace === undefined ? undefined : a.trace === 'sched' ? 'sched' : 'all',
        stats: a.stats,
        statsJson: a['stats-json'],
        timeline: a.timeline,
      },
      stdin: processStdin(),
      stdout: new StreamSink(process.stdout),
      stderr: new StreamSink(process.stderr),
    });
  },
};
