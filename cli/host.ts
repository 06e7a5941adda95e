// The host's terminal as kernel streams: a closed pipe (EPIPE) silently drops further output.
import type { Writable } from 'node:stream';
import { StreamInput, type HostInput, type Sink } from '../kernel/io.js';

export function hostSink(stream: Writable): Sink {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return {
    write(bytes: Uint8Array): void {
      if (!closed) stream.write(bytes);
    },
  };
}

/** The process's own stdin, stdout and stderr, as a run reads and writes them. */
export function hostStreams(): { stdin: HostInput; stdout: Sink; stderr: Sink } {
  return { stdin: new StreamInput(process.stdin), stdout: hostSink(process.stdout), stderr: hostSink(process.stderr) };
}

export function say(line: string): void {
  process.stderr.write(line + '\n');
}
