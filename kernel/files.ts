// Open files behind descriptors: the terminal, sandboxed host files and pipes.
import { Errno } from '../vm/syscalls.js';
import type { HostFile, OpenMode } from './host.js';
import type { HostInput, Sink } from './io.js';

/** A read or write that cannot go on now; the kernel blocks the caller and retries. */
export const BLOCK = Symbol('block');
/**
 * A read of input that is not interactive and has not arrived yet: the whole machine pauses for it (no
 * virtual time passes), so that the run depends on the input's bytes, never on when they came (docs/SYSCALLS.md).
 */
export const PAUSE = Symbol('pause');

export interface OpenFile {
  /** Shown by the kernel in traces and deadlock reports. */
  readonly kind: 'terminal' | 'file' | 'pipe';
  /** Whether reads and writes take --io-latency ticks of simulated device time. */
  readonly device: boolean;
  /** What a read or write that returned BLOCK waits for. */
  readonly blocksOn: 'input' | 'pipe' | null;
  readonly readable: boolean;
  readonly writable: boolean;
  /** Descriptors referring to this open file (dup2 and fork share it). */
  refs: number;
  /** Data (empty at end of input), a negative errno, or BLOCK (PAUSE) while nothing is there yet. */
  read(max: number): Uint8Array | number | typeof BLOCK | typeof PAUSE;
  /** How many bytes a write could take now (a pipe's free space); Infinity if any number. */
  room(): number;
  /** Bytes taken (all of them unless room() said less), or a negative errno. */
  write(bytes: Uint8Array): number;
  close(): void;
}

/** What every open file starts with; subclasses say what they are and override what they do. */
abstract class Base {
  refs = 0;
  read(_max: number): Uint8Array | number | typeof BLOCK | typeof PAUSE {
    return -Errno.EBADF;
  }
  room(): number {
    return Infinity;
  }
  write(_bytes: Uint8Array): number {
    return -Errno.EBADF;
  }
  close(): void {}
}

export class TerminalIn extends Base implements OpenFile {
  readonly kind = 'terminal';
  readonly device = false;
  readonly blocksOn = 'input';
  readonly readable = true;
  readonly writable = false;
  constructor(readonly input: HostInput) {
    super();
  }
  read(max: number): Uint8Array | typeof BLOCK | typeof PAUSE {
    return this.input.readLine(max) ?? (this.input.interactive ? BLOCK : PAUSE);
  }
}

export class TerminalOut extends Base implements OpenFile {
  readonly kind = 'terminal';
  readonly device = false;
  readonly blocksOn = null;
  readonly readable = false;
  readonly writable = true;
  constructor(readonly sink: Sink) {
    super();
  }
  write(bytes: Uint8Array): number {
    return this.sink.write(bytes);
  }
}

/** A host file inside the sandbox, opened for reading, writing or appending. */
export class SandboxFile extends Base implements OpenFile {
  readonly kind = 'file';
  readonly device = true;
  readonly blocksOn = null;
  readonly readable: boolean;
  readonly writable: boolean;
  private pos = 0;
  constructor(private readonly file: HostFile, private readonly mode: OpenMode) {
    super();
    this.readable = mode === 0;
    this.writable = mode !== 0;
  }

  read(max: number): Uint8Array | number {
    const got = this.file.read(this.pos, Math.min(max, 1 << 20));
    if (typeof got !== 'number') this.pos += got.length;
    return got;
  }

  write(bytes: Uint8Array): number {
    const n = this.file.write(this.mode === 2 ? null : this.pos, bytes);
    if (n > 0) this.pos += n;
    return n;
  }

  close(): void {
    this.file.close();
  }
}

/** The capacity of a pipe (docs/SYSCALLS.md). */
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

  get free(): number {
    return PIPE_SIZE - this.size;
  }

  get empty(): boolean {
    return this.size === 0;
  }
}

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
  readonly readable = true;
  readonly writable = false;
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
  readonly readable = false;
  readonly writable = true;
  constructor(pipe: Pipe) {
    super(pipe);
    pipe.writers++;
  }
  room(): number {
    return this.pipe.readers === 0 ? Infinity : this.pipe.free;
  }
  write(bytes: Uint8Array): number {
    return this.pipe.readers === 0 ? -Errno.EPIPE : this.pipe.put(bytes);
  }
  close(): void {
    this.pipe.writers--;
  }
}
