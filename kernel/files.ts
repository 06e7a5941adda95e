// Open files behind descriptors: the terminal, sandboxed host files and pipes.
import * as fs from 'node:fs';
import type { HostInput, Sink } from './io.js';

/** A read or write that cannot complete now; the kernel blocks the caller and retries. */
export const BLOCK = Symbol('block');

export type BlockOn = 'input' | 'pipe';

export interface OpenFile {
  /** Shown by the kernel in traces and deadlock reports. */
  readonly kind: 'terminal' | 'file' | 'pipe';
  /** Whether reads and writes take --io-latency ticks of simulated device time. */
  readonly device: boolean;
  /** Descriptors referring to this open file (dup2 and fork share it). */
  refs: number;
  /** Data (empty at end of input), a negative errno, or BLOCK while nothing is there yet. */
  read(max: number): Uint8Array | number | typeof BLOCK;
  /** Bytes accepted (0 while full: the caller blocks for the rest), or a negative errno. */
  write(bytes: Uint8Array): number;
  /** What a blocked read waits for. */
  readonly blocksOn: BlockOn;
  close(): void;
}

const EBADF = -9;

/** What every open file starts with; subclasses say what they are and override what they do. */
abstract class Base {
  refs = 0;
  read(_max: number): Uint8Array | number | typeof BLOCK {
    return EBADF;
  }
  write(_bytes: Uint8Array): number {
    return EBADF;
  }
  close(): void {}
}

export class TerminalIn extends Base implements OpenFile {
  readonly kind = 'terminal';
  readonly device = false;
  readonly blocksOn = 'input';
  constructor(private readonly input: HostInput) {
    super();
  }
  read(max: number): Uint8Array | typeof BLOCK {
    return this.input.readLine(max) ?? BLOCK;
  }
}

export class TerminalOut extends Base implements OpenFile {
  readonly kind = 'terminal';
  readonly device = false;
  readonly blocksOn = 'input';
  constructor(private readonly sink: Sink) {
    super();
  }
  write(bytes: Uint8Array): number {
    this.sink.write(bytes);
    return bytes.length;
  }
}

/** A host file inside the sandbox, opened for reading, writing or appending. */
export class HostFile extends Base implements OpenFile {
  readonly kind = 'file';
  readonly device = true;
  readonly blocksOn = 'input';
  private pos = 0;
  constructor(private readonly fd: number, private readonly mode: 0 | 1 | 2) {
    super();
  }

  read(max: number): Uint8Array | number {
    if (this.mode !== 0) return EBADF;
    const buf = new Uint8Array(Math.min(max, 1 << 20));
    const n = fs.readSync(this.fd, buf, 0, buf.length, this.pos);
    this.pos += n;
    return buf.subarray(0, n);
  }

  write(bytes: Uint8Array): number {
    if (this.mode === 0) return EBADF;
    const n = fs.writeSync(this.fd, bytes, 0, bytes.length, this.mode === 2 ? null : this.pos);
    this.pos += n;
    return n;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The capacity of a pipe (SPEC §5). */
export const PIPE_SIZE = 4096;

/** A pipe's buffer, shared by its two ends; counts the open ends so that EOF and EPIPE can be told. */
export class Pipe {
  private readonly ring = new Uint8Array(PIPE_SIZE);
  private head = 0;
  private size = 0;
  readers = 0;
  writers = 0;

  take(max: number): Uint8Array {
    const n = Math.min(max, this.size);
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = this.ring[(this.head + k) % PIPE_SIZE];
    this.head = (this.head + n) % PIPE_SIZE;
    this.size -= n;
    return out;
  }

  put(bytes: Uint8Array): number {
    const n = Math.min(bytes.length, PIPE_SIZE - this.size);
    for (let k = 0; k < n; k++) this.ring[(this.head + this.size + k) % PIPE_SIZE] = bytes[k];
    this.size += n;
    return n;
  }

  get empty(): boolean {
    return this.size === 0;
  }
}

const EPIPE = -32;

/** Either end of a pipe: both block on the pipe and share its buffer. */
abstract class PipeEnd extends Base {
  readonly kind = 'pipe';
  readonly device = false;
  readonly blocksOn = 'pipe';
  constructor(readonly pipe: Pipe) {
    super();
  }
}

export class PipeReader extends PipeEnd implements OpenFile {
  constructor(pipe: Pipe) {
    super(pipe);
    pipe.readers++;
  }
  read(max: number): Uint8Array | typeof BLOCK {
    if (this.pipe.empty && this.pipe.writers > 0) return BLOCK;
    return this.pipe.take(max);
  }
  close(): void {
    this.pipe.readers--;
  }
}

export class PipeWriter extends PipeEnd implements OpenFile {
  constructor(pipe: Pipe) {
    super(pipe);
    pipe.writers++;
  }
  write(bytes: Uint8Array): number {
    return this.pipe.readers === 0 ? EPIPE : this.pipe.put(bytes);
  }
  close(): void {
    this.pipe.writers--;
  }
}
