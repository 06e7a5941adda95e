// Open files behind descriptors: the terminal, sandboxed host files (pipes join them in the kernel issue).
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
  read(max: number): Uint8Array | number | typeof BLOCK; // data, or a negative errno
  write(bytes: Uint8Array): number | typeof BLOCK; // bytes written, or a negative errno
  /** What a blocked read waits for. */
  readonly blocksOn: BlockOn;
  close(): void;
}

const EBADF = -9;

export class TerminalIn implements OpenFile {
  readonly kind = 'terminal';
  readonly device = false;
  readonly blocksOn = 'input';
  refs = 0;
  constructor(private readonly input: HostInput) {}
  read(max: number): Uint8Array | typeof BLOCK {
    return this.input.readLine(max) ?? BLOCK;
  }
  write(): number {
    return EBADF;
  }
  close(): void {}
}

export class TerminalOut implements OpenFile {
  readonly kind = 'terminal';
  readonly device = false;
  readonly blocksOn = 'input';
  refs = 0;
  constructor(private readonly sink: Sink) {}
  read(): number {
    return EBADF;
  }
  write(bytes: Uint8Array): number {
    this.sink.write(bytes);
    return bytes.length;
  }
  close(): void {}
}

/** A host file inside the sandbox, opened for reading, writing or appending. */
export class HostFile implements OpenFile {
  readonly kind = 'file';
  readonly device = true;
  readonly blocksOn = 'input';
  refs = 0;
  private pos = 0;
  constructor(private readonly fd: number, private readonly mode: 0 | 1 | 2) {}

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
