// The process's own terminal as kernel streams, each opened on first use (a run that never reads stdin or
// writes stderr does not pay for them), and the command line's one-line messages.
import type { HostInput, Sink } from '../kernel/io.js';
import { processStdin, StreamSink } from '../host/node.js';

export function hostStreams(): { stdin: HostInput; stdout: Sink; stderr: Sink } {
  return { stdin: processStdin(), stdout: new StreamSink(() => process.stdout, 1), stderr: new StreamSink(() => process.stderr, 2) };
}

export function say(line: string): void {
  process.stderr.write(line + '\n');
}
