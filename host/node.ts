// The Node host: guest files inside the sandbox root, the terminal's streams, and programs for spawn and exec.
import * as fs from 'node:fs';
import * as tty from 'node:tty';
import type { Readable, Writable } from 'node:stream';
import type { FileSystem, HostFile, KernelHost, OpenMode } from '../kernel/host.js';
import { LineBuffer, type Sink } from '../kernel/io.js';
import type { Executable } from '../vm/image.js';
import { Errno } from '../vm/syscalls.js';
import { type AssemblerModule, guestProgramLoader } from './programs.js';
import { Sandbox } from './sandbox.js';

/** Entries a directory listing reads at most: a guest cannot make the host list a million files. */
export const MAX_DIR_ENTRIES = 65_536;

/** A host error as the guest sees it. */
function errno(e: unknown): number {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT': return -Errno.ENOENT;
    case 'EACCES': case 'EPERM': case 'ELOOP': return -Errno.EPERM;
    case 'ENOTDIR': return -Errno.ENOTDIR;
    case 'EISDIR': return -Errno.EINVAL;
    case 'EFBIG': return -Errno.EFBIG;
    case 'ENOSPC': case 'EDQUOT': return -Errno.ENOSPC;
    case 'EMFILE': case 'ENFILE': return -Errno.EMFILE;
    default: return -Errno.EIO;
  }
}

const FLAGS: Record<OpenMode, number> = {
  0: fs.constants.O_RDONLY,
  1: fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC,
  2: fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND,
};

class NodeFile implements HostFile {
  constructor(private readonly fd: number) {}

  read(pos: number, max: number): Uint8Array | number {
    try {
      const buf = new Uint8Array(max);
      return buf.subarray(0, fs.readSync(this.fd, buf, 0, max, pos));
    } catch (e) {
      return errno(e);
    }
  }

  write(pos: number | null, bytes: Uint8Array): number {
    try {
      return fs.writeSync(this.fd, bytes, 0, bytes.length, pos);
    } catch (e) {
      return errno(e);
    }
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // Nothing a guest can do about a failed close: its descriptor is gone either way.
    }
  }
}

/** The guest's files: paths confined to the sandbox root. */
export class NodeFiles implements FileSystem {
  constructor(readonly sandbox: Sandbox) {}

  open(guest: string, mode: OpenMode): HostFile | number {
    const where = this.sandbox.resolve(guest);
    if (!where.ok) return -where.errno;
    if (where.kind === 'dir') return -Errno.EINVAL;
    if (where.kind === 'missing' && mode === 0) return -Errno.ENOENT;
    let fd: number;
    try {
      // No following a link the walk did not see, and no waiting on a FIFO swapped in meanwhile.
      fd = fs.openSync(where.host, FLAGS[mode] | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK, 0o666);
    } catch (e) {
      return errno(e);
    }
    try {
      if (fs.fstatSync(fd).isFile()) return new NodeFile(fd);
    } catch {
      // fall through: refuse it
    }
    fs.closeSync(fd);
    return -Errno.EPERM;
  }

  readdir(guest: string): string[] | number {
    const where = this.sandbox.resolve(guest);
    if (!where.ok) return -where.errno;
    if (where.kind !== 'dir') return where.kind === 'file' ? -Errno.ENOTDIR : -Errno.ENOENT;
    const names: string[] = [];
    let dir: fs.Dir;
    try {
      dir = fs.opendirSync(where.host);
    } catch (e) {
      return errno(e);
    }
    try {
      const rel = guest.replace(/\/+$/, '');
      for (let e = dir.readSync(); e && names.length < MAX_DIR_ENTRIES; e = dir.readSync()) {
        // What a link leads to decides how it shows; what the guest could not reach is not listed.
        const kind = e.isSymbolicLink() ? this.sandbox.resolve(`${rel}/${e.name}`) : null;
        const isDir = kind ? kind.ok && kind.kind === 'dir' : e.isDirectory();
        const isFile = kind ? kind.ok && kind.kind === 'file' : e.isFile();
        if (isDir || isFile) names.push(isDir ? `${e.name}/` : e.name);
      }
    } catch (e) {
      return errno(e);
    } finally {
      dir.closeSync();
    }
    return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }
}

/**
 * A host output stream as a sink, opened on first use: when the stream's buffer is full the machine
 * pauses until it drains, and once its reader has gone every write is -EPIPE (docs/SYSCALLS.md): never an
 * unbounded buffer.
 */
export class StreamSink implements Sink {
  private stream: Writable | null = null;
  private full = false;
  private closed = false;
  private waiters: (() => void)[] = [];
  readonly interactive: boolean;

  /** fd, when the stream is one of the process's own, tells whether a person reads it. */
  constructor(private readonly open: () => Writable, fd?: number) {
    this.interactive = fd !== undefined && tty.isatty(fd);
  }

  private out(): Writable {
    if (!this.stream) {
      const stream = (this.stream = this.open());
      stream.on('error', () => this.release(true));
      stream.on('close', () => this.release(true));
      stream.on('drain', () => this.release(false));
    }
    return this.stream;
  }

  private release(closed: boolean): void {
    if (closed) this.closed = true;
    this.full = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  get congested(): boolean {
    return this.full && !this.closed;
  }

  write(bytes: Uint8Array): number {
    if (this.closed) return -Errno.EPIPE;
    if (!this.out().write(bytes)) this.full = true;
    return bytes.length;
  }

  drained(): Promise<void> {
    return this.congested ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }
}

/**
 * The host's standard input, read only once a guest asks. On a terminal, each end-of-file key ends one
 * read (a shell's `cat` ends, the shell goes on): the stream is opened again after it.
 */
export class StreamInput extends LineBuffer {
  readonly interactive: boolean;
  private stream: Readable | null = null;
  private waiters: (() => void)[] = [];

  constructor(private readonly open: () => Readable, interactive: boolean) {
    super();
    this.interactive = interactive;
  }

  private attach(): void {
    if (this.stream || this.ended) return;
    const stream = (this.stream = this.open());
    stream.on('data', (chunk: Buffer) => {
      this.push(new Uint8Array(chunk));
      this.notify();
    });
    const end = (): void => {
      if (this.stream !== stream) return;
      this.stream = null;
      if (this.interactive) this.eofs++;
      else this.ended = true;
      this.notify();
    };
    stream.on('end', end);
    stream.on('error', () => {
      this.ended = true;
      end();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  readLine(max: number): Uint8Array | null {
    const line = super.readLine(max);
    if (line === null) this.attach();
    return line;
  }

  wait(): Promise<void> {
    this.attach();
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    const s = this.stream;
    this.stream = null;
    if (!s) return;
    s.pause();
    s.removeAllListeners('data');
    if ('unref' in s && typeof s.unref === 'function') s.unref();
  }
}

/** The process's own stdin: a terminal is reopened after each end-of-file key. */
export function processStdin(): StreamInput {
  const isTTY = tty.isatty(0);
  let first = true;
  return new StreamInput(() => {
    if (first || !isTTY) {
      first = false;
      return process.stdin;
    }
    return new tty.ReadStream(0);
  }, isTTY);
}

/**
 * A host for a machine on this computer: files under root, the given streams, programs loaded from root
 * (sources with the given assembler module, by default the built one, required when first needed).
 */
export function nodeHost(root: string, streams: Pick<KernelHost, 'stdin' | 'stdout' | 'stderr'>, asm?: AssemblerModule): KernelHost {
  const sandbox = new Sandbox(root);
  const load: (path: string) => Executable | number = guestProgramLoader(sandbox, asm);
  return { ...streams, files: new NodeFiles(sandbox), load };
}
