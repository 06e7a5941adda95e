// The host's terminal as kernel streams, each created on first use: a run that never reads stdin or
// writes stderr does not pay for building them. A closed pipe (EPIPE) silently drops further output.
import type { Writable } from 'node:stream';
import { StreamInput, type HostInput, type Sink } from '../kernel/io.js';

export function hostSink(stream: Writable): Sink {
  return sinkOn(() => stream);
}

function sinkOn(open: () => Writable): Sink {
  let stream: Writable | null = null;
  let closed = false;
  return {
    write(bytes: Uint8Array): void {
      if (!stream) {
        stream = open();
        stream.on('error', () => {
          closed = true;
        });
      }
      if (!closed) stream.write(bytes);
    },
  };
}

/** The process's own stdin, stdout and stderr, as a run reads and writes them. */
export function hostStreams(): { stdin: HostInput; stdout: Sink; stderr: Sink } {
  let input: StreamInput | null = null;
  const stdin = (): StreamInput => (input ??= new StreamInput(process.stdin));
  return {
    stdin: { readLine: (max) => stdin().readLine(max), wait: () => stdin().wait(), close: () => input?.close() },
    stdout: sinkOn(() => process.stdout),
    stderr: sinkOn(() => process.stderr),
  };
}

export function say(line: string): void {
  process.stderr.write(line + '\n');
}
