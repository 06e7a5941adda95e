// Command-line usage errors: printed as one line, exit status 2, with "did you mean" where a name was misspelt.
import { OptionError } from '../kernel/options.js';
import { didYouMean } from '../vm/text.js';

/** A mistake in the command line; an option value the run-options table refuses is one too. */
export class UsageError extends Error {}

/** Whether e is the user's mistake (one line, status 2) rather than ours. */
export function isUsageError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof OptionError || (e instanceof Error && e.name === 'YError');
}

/** What `--trace` asks for: every event, or the scheduling ones (any case; `--trace` alone is all). */
export function traceView(value: string | undefined): 'all' | 'sched' | undefined {
  if (value === undefined) return undefined;
  const word = value.toLowerCase();
  if (word === '' || word === 'all' || word === 'sched') return word === 'sched' ? 'sched' : 'all';
  throw new UsageError(`--trace: unknown value '${value}'${didYouMean(value, ['all', 'sched'])} (choose from all, sched; --trace alone is all)`);
}

/** The command names, and their first words as a command line gives them. */
export function commandWord(command: string | readonly string[] | undefined): string {
  return String(Array.isArray(command) ? command[0] : command).split(' ')[0];
}

/** A user's mistake in the first word: an unknown command or option before any command. */
export function checkFirstWord(args: readonly string[], commands: readonly string[]): void {
  const first = args[0];
  if (first === undefined || commands.includes(first)) return;
  if (!first.startsWith('-')) throw new UsageError(`unknown command '${first}'${didYouMean(first, commands)} (commands: ${commands.join(', ')})`);
  const top = ['--help', '--version'];
  if (first === '-h' || top.includes(first)) return;
  throw new UsageError(`unknown option '${first}'${didYouMean(first, top)} (options come after the command: quanta COMMAND --help lists them)`);
}

/**
 * The parts of yargs's usage object (the third argument of its fail handler) that say what the command
 * in progress accepts. Not part of yargs's typed API, so each is optional: without them, no suggestion.
 */
interface UsageView {
  getDescriptions?(): Record<string, unknown>;
  getCommands?(): [string, ...unknown[]][];
  getUsage?(): [string, ...unknown[]][];
}

/**
 * yargs's message for a usage mistake in our words: the option or word the user wrote, what was meant,
 * and where to look. Messages it does not know are passed on as they are.
 */
export function usageMessage(msg: string, args: readonly string[], view: UsageView | undefined): string {
  const usage = String(view?.getUsage?.()?.[0]?.[0] ?? '$0').replace('$0', 'quanta');
  const command = usage.split(/ [<[]/)[0];
  const seeHelp = `see ${command} --help`;
  const positionals = new Set([...usage.matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]));
  const options = Object.keys(view?.getDescriptions?.() ?? {}).filter((k) => !positionals.has(k)).map((k) => (k.length > 1 ? `--${k}` : `-${k}`));
  const subcommands = (view?.getCommands?.() ?? []).map((c) => commandWord(c[0]));

  const unknown = /^Unknown arguments?: (.*)$/.exec(msg);
  if (unknown) {
    const key = unknown[1].split(', ')[0];
    const written = args.find((a) => a === `--${key}` || a.startsWith(`--${key}=`) || a === `--no-${key}` || a === `-${key}`)
      ?? (key.length === 1 ? args.find((a) => /^-[^-]/.test(a) && a.includes(key)) && `-${key}` : undefined);
    if (written !== undefined) return `unknown option '${written.split('=')[0]}'${didYouMean(written.split('=')[0], options)} (${seeHelp})`;
    if (subcommands.length > 0) return `unknown command '${key}'${didYouMean(key, subcommands)} (${command}: ${subcommands.join(', ')})`;
    return `unexpected argument '${key}' (${seeHelp})`;
  }
  if (/^Not enough non-option arguments/.test(msg)) return `missing ${[...usage.matchAll(/<[\w-]+>/g)].map((m) => m[0]).join(' ') || 'arguments'} (usage: ${usage})`;
  const following = /^Not enough arguments following: (.*)$/.exec(msg);
  if (following) return `--${following[1]} needs a value (${seeHelp})`;
  return msg;
}
