// `quanta run`: run a program (or several with --procs, or a workload file) under the kernel.
import type { Argv, CommandModule, Options } from 'yargs';
import { RUN_OPTIONS, showDefault } from '../../kernel/options.js';
import { runMachine } from '../../host/machine.js';
import { hostStreams } from '../host.js';
import { checkOutputs, checkProgramFile, runInputs } from '../files.js';
import { traceView, UsageError } from '../options.js';

/** What `run` and `debug` are given: a program and its arguments (or programs, with --procs, or a workload), and run options. */
export interface ProgramArgs {
  [option: string]: unknown;
  _: (string | number)[];
  file?: string;
  args?: (string | number)[];
  procs?: boolean;
  workload?: string;
}

/**
 * The argv of each program to start: FILE ARGS…, or with --procs each word a program of its own; none for a
 * workload. Each program file is checked for a likely slip first.
 */
export function programsOf(a: ProgramArgs): string[][] | undefined {
  // protectProgramArgs put the program's words after '--', where yargs leaves them in `_`.
  const rest = [...(a.args ?? []), ...a._.slice(1)].map(String);
  const programs = a.file === undefined ? undefined : a.procs ? [a.file, ...rest].map((f) => [f]) : [[a.file, ...rest]];
  for (const argv of programs ?? []) checkProgramFile(argv[0]);
  return programs;
}

interface RunArgs extends ProgramArgs {
  states?: boolean;
  unit?: string;
  trace?: string;
  stats?: boolean;
  'stats-json'?: string;
  timeline?: string;
}

/** Options of `run` and `debug` that take no value (everything else takes one, unless written --name=value). */
const FLAGS = new Set(['--procs', '--stats', '--states', '--help', '-h', ...RUN_OPTIONS.filter((s) => s.type === 'flag').map((s) => `--${s.name}`)]);

/**
 * Everything after FILE belongs to the program (docs/CLI.md), even words that look like options:
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
    const type = spec.type === 'flag' ? 'boolean' : 'string';
    opts[spec.name] = { type, describe: spec.describe + choices, defaultDescription: showDefault(spec), group: spec.policy ? 'Policy knobs:' : 'Machine:' };
  }
  return opts;
}

/** The run options given on the command line, by name. */
export function givenOptions(a: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(RUN_OPTIONS.filter((s) => a[s.name] !== undefined).map((s) => [s.name, a[s.name]]));
}

/** The program, its arguments, --procs, --workload and the run options, as `run` and `debug` both take them. */
export function programOptions<T>(y: Argv<T>, verb: string): Argv<T> {
  return y
    .positional('file', { type: 'string', describe: `program to ${verb} (\`job PHASE…\`: the built-in job, phases cN, sN, iN)` })
    .positional('args', { type: 'string', array: true, describe: 'arguments of the program' })
    .option('procs', { type: 'boolean', describe: 'FILE and ARGS are programs, each loaded as its own process' })
    .option('workload', { type: 'string', describe: 'load the processes a workload file lists (arrival ticks, nice, tickets, length)' })
    .options(runOptions())
    .check((a) => {
      if (a.workload !== undefined && (a.file !== undefined || a.procs)) throw new UsageError('--workload lists the programs itself: give no FILE and no --procs');
      if (a.workload === undefined && a.file === undefined) throw new UsageError(`a program to ${verb} is required (FILE, or --workload FILE)`);
      return true;
    }) as unknown as Argv<T>;
}

export const run: CommandModule<object, RunArgs> = {
  command: 'run [file] [args..]',
  describe: 'Run a program (.qx, .asm assembled in memory, or the built-in job); everything after FILE is its argv',
  builder: (y) =>
    programOptions(y, 'run')
      .option('stats', { type: 'boolean', describe: 'print per-process statistics and totals on stderr at the end', group: 'Views:' })
      .option('stats-json', { type: 'string', describe: 'write the statistics as JSON to this file', group: 'Views:' })
      .option('timeline', { type: 'string', describe: 'write a Gantt chart of the schedule (SVG) to this file', group: 'Views:' })
      .option('trace', { type: 'string', describe: 'print kernel events on stderr (--trace=sched: scheduling only)', group: 'Views:' })
      .option('states', { type: 'boolean', describe: "print each process's state at each tick on stderr at the end (process-run.py's table)", group: 'Views:' })
      .option('unit', { type: 'string', describe: 'ticks per row of --states', defaultDescription: '1', group: 'Views:' })
      .check((a) => {
        traceView(a.trace as string | undefined);
        const unit = a.unit as string | undefined;
        if (unit !== undefined && !(/^\d+$/.test(unit) && Number(unit) >= 1)) throw new UsageError(`--unit must be a whole number of ticks from 1 (got '${unit}')`);
        return true;
      }) as unknown as Argv<RunArgs>,
  handler: async (a) => {
    const programs = programsOf(a);
    checkOutputs({ '--stats-json': a['stats-json'], '--timeline': a.timeline }, runInputs(programs, a.workload));
    process.exitCode = await runMachine({
      programs,
      workload: a.workload,
      options: givenOptions(a),
      views: {
        trace: traceView(a.trace),
        stats: a.stats,
        states: a.states || a.unit !== undefined ? Number(a.unit ?? 1) : undefined,
        statsJson: a['stats-json'],
        timeline: a.timeline,
      },
      ...hostStreams(),
    });
  },
};
