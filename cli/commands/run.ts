// `quanta run`: run a program (or several with --procs) under the kernel.
import type { CommandModule } from 'yargs';
import { StreamInput } from '../../kernel/io.js';
import { runMachine } from '../machine.js';
import { hostSink } from '../host.js';

interface RunArgs {
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
  trace?: string;
}

export const run: CommandModule<object, RunArgs> = {
  command: 'run <file> [args..]',
  describe: 'Run a program (.qx, or .asm assembled in memory); everything after FILE is its argv',
  builder: (y) =>
    y
      .parserConfiguration({ 'halt-at-non-option': true, 'unknown-options-as-args': false })
      .positional('file', { type: 'string', describe: 'program to run', demandOption: true })
      .positional('args', { type: 'string', array: true, describe: 'arguments of the program' })
      .option('procs', { type: 'boolean', describe: 'FILE and ARGS are programs, each loaded as its own process' })
      .option('policy', { type: 'string', describe: 'scheduling policy', default: 'rr' })
      .option('quantum', { type: 'number', describe: 'timer interrupt after this many ticks', default: 10000 })
      .option('seed', { type: 'number', describe: 'seed of randomised policies', default: 1 })
      .option('io-latency', { type: 'number', describe: 'ticks of simulated device time per file read/write', default: 0 })
      .option('root', { type: 'string', describe: 'sandbox directory for file paths', default: '.' })
      .option('mem', { type: 'string', describe: 'physical memory (bytes, K or M suffix)', default: '64M' })
      .option('max-procs', { type: 'number', describe: 'process-table slots, zombies included', default: 64 })
      .option('max-files', { type: 'number', describe: 'open descriptors per process', default: 16 })
      .option('stack', { type: 'string', describe: 'stack limit per process (bytes, K or M suffix)', default: '1M' })
      .option('max-ticks', { type: 'number', describe: 'stop the machine at this virtual time (exit 124)' })
      .option('trace', { type: 'string', describe: 'print kernel events on stderr (--trace=sched: scheduling only)' })
      .check((a) => {
        if (a.trace !== undefined && !['', 'all', 'sched'].includes(a.trace)) throw new Error(`--trace takes 'sched' or nothing (got '${a.trace}')`);
        return true;
      }),
  handler: async (a) => {
    const rest = (a.args ?? []).map(String);
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
      trace: a.trace === undefined ? undefined : a.trace === 'sched' ? 'sched' : 'all',
      stdin: new StreamInput(process.stdin),
      stdout: hostSink(process.stdout),
      stderr: hostSink(process.stderr),
    });
  },
};
