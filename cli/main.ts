#!/usr/bin/env node
// The `quanta` command: yargs parses, the command modules call the library, errors become one line.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { COMMANDS } from './commands/index.js';
import { protectProgramArgs } from './commands/run.js';
import { isUsageError, UsageError } from './options.js';
import { say } from './host.js';

async function main(): Promise<void> {
  const parser = yargs(protectProgramArgs(hideBin(process.argv)))
    .scriptName('quanta')
    .parserConfiguration({ 'parse-positional-numbers': false })
    .command(COMMANDS)
    .demandCommand(1, `a command is required: ${COMMANDS.map((c) => String(c.command).split(' ')[0]).join(', ')} (see quanta --help)`)
    .strict()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    });
  try {
    await parser.parseAsync();
  } catch (e) {
    if (isUsageError(e) || !(e instanceof Error)) {
      say(`quanta: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 2;
    } else {
      say(`quanta: internal error: ${e.message}`);
      process.exitCode = 70;
    }
  }
}

await main();
