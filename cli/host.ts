// The process's own terminal as kernel streams, each opened on first use (a run that never reads stdin or
// writes stderr does not pay for them), the commands' own output, and the command line's one-line messages.
import type { HostInput, Sink } from '../kernel/io.js';
import { processStdin, StreamSink } from '../host/node.js';

export function hostStreams(): { stdin: HostInput; stdout: Sink; stderr: Sink } {
  return { stdin: processStdin(), stdout: new StreamSink(() => process.stdout, 1), stderr: new StreamSink(() => process.stderr, 2) };
}

export function say(line: string): void {
  process.stderr.write(line + '\n');
}

/** Status of a command whose output's reader went away: 128 + SIGPIPE, as a shell reports a C tool ended by it. */
const BROKEN_PIPE = 141;

let guarded = false;

/**
 * When the reader of stdout has gone (`quanta disasm x | head`), end the command at once and quietly,
 * status BROKEN_PIPE. Not for `run`, whose guests get -EPIPE instead (host/node.ts StreamSink).
 */
export function endOnBrokenPipe(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(BROKEN_PIPE);
  });
}

/** A command's own output (help, listings, disassembly, reports, the debugger's answers) on stdout. */
export function print(text: string): void {
  endOnBrokenPipe();
  process.stdout.write(text);
}
