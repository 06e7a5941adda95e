#!/usr/bin/env node
// The `quanta` command: `run FILE ARGS…` without options starts at once; everything else goes through yargs.
import { hostStreams, say } from './host.js';
import { isUsageError, UsageError } from './options.js';

/**
 * `run FILE ARGS…` with no option before FILE: every run option has its default, so there is nothing
 * for yargs to parse, and loading it would cost more than the whole run of a small program.
 */
function plainRun(args: string[]): boolean {
  return args[0] === 'run' && args.length > 1 && !args[1].startsWith('-');
}

async function runPlain(argv: string[]): Promise<void> {
  const { runMachine } = await import('../host/machine.js');
  process.exitCode = await runMachine({ programs: [argv], options: {}, ...hostStreams() });
}

/** Every other command line: yargs parses it and the command modules call the library. */
async function parse(args: string[]): Promise<void> {
  const [{ default: yargs }, { COMMANDS }, { protectProgramArgs }, { readFileSync }] = await Promise.all([
    import('yargs'),
    import('./commands/index.js'),
    import('./commands/run.js'),
    import('node:fs'),
  ]);
  // Read here rather than found by yargs, which looks from the working directory once bundled.
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  await yargs(protectProgramArgs(args))
    .scriptName('quanta')
    .parserConfiguration({ 'parse-positional-numbers': false })
    .command(COMMANDS)
    .demandCommand(1, `a command is required: ${COMMANDS.map((c) => String(c.command).split(' ')[0]).join(', ')} (see quanta --help)`)
    .strict()
    .help()
    .version(version)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new UsageError(msg);
    })
    .parseAsync();
}

async function main(args: string[]): Promise<void> {
  try {
    await (plainRun(args) ? runPlain(args.slice(1)) : parse(args));
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

await main(process.argv.slice(2));
