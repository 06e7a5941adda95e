// The `quanta` command: `run FILE ARGS…` without options starts at once; everything else goes through yargs.
import { readFileSync } from 'node:fs';
import { hostStreams, print, say } from './host.js';
import { checkFirstWord, commandWord, isUsageError, usageMessage, UsageError } from './options.js';

/**
 * `run FILE ARGS…` with no option before FILE: every run option has its default, so there is nothing
 * for yargs to parse, and loading it would cost more than the whole run of a small program.
 */
function plainRun(args: string[]): boolean {
  return args[0] === 'run' && args.length > 1 && !args[1].startsWith('-');
}

async function runPlain(argv: string[]): Promise<void> {
  const [{ runMachine }, { checkProgramFile }] = await Promise.all([import('../host/machine.js'), import('./files.js')]);
  checkProgramFile(argv[0]);
  process.exitCode = await runMachine({ programs: [argv], options: {}, ...hostStreams() });
}

/** Every other command line: yargs parses it and the command modules call the library. */
async function parse(args: string[]): Promise<void> {
  const [{ default: yargs }, { COMMANDS }, { protectProgramArgs }, { helpWidth, reflowHelp }] = await Promise.all([
    import('yargs'),
    import('./commands/index.js'),
    import('./commands/run.js'),
    import('./help.js'),
  ]);
  const names = COMMANDS.map((c) => commandWord(c.command));
  checkFirstWord(args, names);
  // Read here rather than found by yargs, which looks from the working directory once bundled.
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  let output = '';
  await yargs()
    .scriptName('quanta')
    .locale('en')
    // A repeated option takes its last value, as in most commands, rather than becoming a list.
    .parserConfiguration({ 'parse-positional-numbers': false, 'duplicate-arguments-array': false })
    .command(COMMANDS)
    .demandCommand(1, `a command is required: ${names.join(', ')} (see quanta --help)`)
    .strict()
    .help()
    .alias('help', 'h')
    .version(version)
    .wrap(null)
    .fail((msg, err, usage) => {
      throw err ?? new UsageError(usageMessage(msg, args, usage as object));
    })
    // With a callback, yargs hands over what it would print (help, the version) instead of printing it.
    .parseAsync(protectProgramArgs(args), {}, (_err, _argv, out) => {
      output = out;
    });
  if (output) print(reflowHelp(output, helpWidth()) + '\n');
}

async function main(args: string[]): Promise<void> {
  try {
    await (plainRun(args) ? runPlain(args.slice(1)) : parse(args));
  } catch (e) {
    if (isUsageError(e) || !(e instanceof Error)) {
      // One line, whatever the message holds.
      say(`quanta: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, '; ')}`);
      process.exitCode = 2;
    } else if ((e as NodeJS.ErrnoException).syscall === 'uv_cwd') {
      // Paths and the sandbox's root are relative to it: nothing can run from a directory that was removed.
      say('quanta: the current directory no longer exists (it was removed): run quanta from one that does');
      process.exitCode = 2;
    } else {
      say(`quanta: internal error: ${e.message}`);
      process.exitCode = 70;
    }
  }
}

void main(process.argv.slice(2));
