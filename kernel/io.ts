// Host streams as the kernel sees them: byte sinks for output and a line source for terminal input.
import type { Readable } from 'node:stream';

export interface Sink {
  write(bytes: Uint8Array): void;
}

export interface HostInput {
  /** The next line (with its '\n'), at most max bytes; an empty array at end of input; null if none is here yet. */
  readLine(max: number): Uint8Array | null;
  /** Resolves when more input, or its end, has arrived. */
  wait(): Promise<void>;
  /** Stop listening, so that the host process can exit. */
  close(): void;
}

/** Line splitting over a growing buffer, shared by both input sources. */
abstract class LineBuffer implements HostInput {
  protected buf = new Uint8Array(0);
  protected ended = false;

  protected push(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    this.buf = joined;
  }

  readLine(max: number): Uint8Array | null {
    const nl = this.buf.indexOf(10);
    let n: number;
    if (nl >= 0) n = Math.min(nl + 1, max);
    else if (this.buf.length >= max) n = max;
    else if (this.ended) n = this.buf.length;
    else return null;
    const line = this.buf.slice(0, n);
    this.buf = this.buf.subarray(n);
    return line;
  }

  abstract wait(): Promise<void>;
  abstract close(): void;
}

/** Fixed input, for tests and for runs whose stdin is not needed. */
export class BufferInput extends LineBuffer {
  constructor(bytes: Uint8Array | string = '') {
    super();
    this.push(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
    this.ended = true;
  }

  wait(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}

/** A Node stream (the host's stdin), read only once a guest asks for input. */
export class StreamInput extends LineBuffer {
  private attached = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly stream: Readable) {
    super();
  }

  private attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.stream.on('data', (chunk: Buffer) => {
      this.push(new Uint8Array(chunk));
      this.notify();
    });
    this.stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    this.stream.on('error', () => {
      this.ended = true;
      this.notify();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  readLine(max: number): Uint8Array | null {
    this.attach();
    return super.readLine(max);
  }

  wait(): Promise<void> {
    this.attach();
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    if (this.attached) this.stream.pause();
    this.stream.removeAllListeners('data');
    if ('unref' in this.stream && typeof this.stream.unref === 'function') this.stream.unref();
  }
}

/** Collects output in memory (tests, and the golden runner). */
export class BufferSink implements Sink {
  private chunks: Uint8Array[] = [];

  write(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
