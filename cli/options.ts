// Command-line usage errors: printed as one line, exit status 2.
import { OptionError } from '../kernel/options.js';

/** A mistake in the command line; an option value the run-options table refuses is one too. */
export class UsageError extends Error {}

/** Whether e is the user's mistake (one line, status 2) rather than ours. */
export function isUsageError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof OptionError || (e instanceof Error && e.name === 'YError');
}
