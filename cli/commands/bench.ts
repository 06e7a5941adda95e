// `quanta bench`: the benchmark of both execution tiers (docs/PERFORMANCE.md); the workloads and the measuring live in bench/.
import type { CommandModule } from 'yargs';
import { UsageError } from '../options.js';
import { print } from '../host.js';

interface BenchArgs {
  json?: boolean;
  filter?: string;
  quick?: boolean;
  baseline?: string;
}

export const bench: CommandModule<object, BenchArgs> = {
  command: 'bench',
  describe: 'Benchmark both execution tiers and the kernel on fixed workloads, beside the same algorithms in plain JS',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', describe: 'print the results as one JSON object' })
      .option('filter', { type: 'string', describe: 'run only workloads whose name contains this' })
      .option('quick', { type: 'boolean', describe: 'small sizes, few samples: seconds in all (CI smoke run)' })
      .option('baseline', { type: 'string', describe: "another build's directory: compare its interpreter with this one's (CPU time, interleaved)" }),
  handler: async (a) => {
    // Imported here so that other commands never load benchmark.js or the workloads.
    const { FilterError, formatReport, runBench } = await import('../../bench/harness.js');
    const { BaselineError } = await import('../../bench/baseline.js');
    const tty = process.stderr.isTTY === true;
    const progress = (line: string): void => void process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    try {
      const report = await runBench({ filter: a.filter, quick: a.quick, baseline: a.baseline, progress });
      print(a.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    } catch (e) {
      throw e instanceof FilterError || e instanceof BaselineError ? new UsageError(e.message) : e;
    } finally {
      if (tty) process.stderr.write('\r\x1b[K');
    }
  },
};
