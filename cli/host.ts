// The host's output streams as kernel sinks: a closed pipe (EPIPE) silently drops further output.
import type { Writable } from 'node:stream';
import type { Sink } from '../kernel/io.js';

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

export function say(line: string): void {
  process.stderr.write(line + '\n');
}
