// Host streams as the kernel sees them: byte sinks for output and a line source for input, with in-memory versions.

/** Where a guest's bytes go (the host's stdout or stderr, or a buffer). */
export interface Sink {
  /** Take all of bytes: bytes.length, or a negative errno (-EPIPE once the reader has gone). */
  write(bytes: Uint8Array): number;
  /**
   * Whether the host asks the machine to pause until what it took has drained: output written to a
   * host stream that is not being read holds the writer back instead of growing a buffer (docs/SYSCALLS.md).
   */
  readonly congested: boolean;
  /** Resolves when the sink is no longer congested (drained, or its reader has gone). */
  drained(): Promise<void>;
  /** Whether a person reads it (a terminal), for isatty. */
  readonly interactive?: boolean;
}

/** The host's standard input as a source of lines. */
export interface HostInput {
  /**
   * Whether a person types it (a terminal): the guest then blocks for it while others run. Input that
   * is not interactive is read as if it were all there: the machine pauses for bytes still on their
   * way, so that a run depends on the bytes of its input, never on when they arrived (docs/SYSCALLS.md).
   */
  readonly interactive: boolean;
  /**
   * The next line (with its '\n'), at most max bytes; an empty array at end of input (on a terminal,
   * once per end-of-file key: one read's end, not the stream's); null if nothing is here yet.
   */
  readLine(max: number): Uint8Array | null;
  /** Resolves when more input, or an end, has arrived. */
  wait(): Promise<void>;
  /** Stop listening, so that the host process can exit. */
  close(): void;
}

/** Line splitting over a growing buffer, for every input source. */
export abstract class LineBuffer implements HostInput {
  abstract readonly interactive: boolean;
  protected buf = new Uint8Array(0);
  protected ended = false;
  /** Ends of input typed on a terminal and not yet read: each ends one read. */
  protected eofs = 0;

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
    else if (this.buf.length > 0 && (this.ended || this.eofs > 0)) n = this.buf.length;
    else if (this.eofs > 0) {
      this.eofs--;
      return new Uint8Array(0);
    } else if (this.ended) n = 0;
    else return null;
    const line = this.buf.slice(0, n);
    this.buf = this.buf.subarray(n);
    return line;
  }

  abstract wait(): Promise<void>;
  abstract close(): void;
}

/** Fixed input, all there from the start: tests, the debugger's --stdin, the browser. */
export class BufferInput extends LineBuffer {
  readonly interactive = false;

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

/** Collects output in memory (tests, the golden runner, the browser). */
export class BufferSink implements Sink {
  readonly congested = false;
  private chunks: Uint8Array[] = [];
  private size = 0;

  write(bytes: Uint8Array): number {
    this.chunks.push(bytes.slice());
    this.size += bytes.length;
    return bytes.length;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  /** Everything written, as bytes. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** Everything written, decoded as UTF-8. */
  text(): string {
    return new TextDecoder().decode(this.bytes());
  }
}

/** Drops output (bench runs, replays). */
export const NULL_SINK: Sink = { congested: false, write: (bytes) => bytes.length, drained: () => Promise.resolve() };
