// The debugger's host: what the machine reads and writes outside itself, made replayable. Guest input is fixed
// bytes, output already shown is not shown again when a replay writes it, and files live in memory over the real
// root, so that going back in time also takes back what the guest wrote (the disk is never written).
import { Errno } from '../../vm/syscalls.js';
import { canonical, compareBytes, type FileSystem, type HostFile, type KernelHost, type OpenMode } from '../host.js';
import { BufferInput, type Sink } from '../io.js';

/** Guest input given in full (`--stdin FILE`): its read position is part of the machine's state. */
export class RecordedInput extends BufferInput {
  mark(): Uint8Array<ArrayBuffer> {
    return this.buf;
  }

  seek(mark: Uint8Array<ArrayBuffer>): void {
    this.buf = mark;
  }
}

/**
 * Output at a position in the machine's output stream: bytes the user has already been shown (the run went
 * back, and forward again over them) are not passed on a second time.
 */
export class ReplaySink implements Sink {
  /** Bytes the machine has written by now: part of its state. */
  pos = 0;
  /** Bytes passed on so far: the furthest the machine has been. */
  private shown = 0;

  constructor(private readonly out: Sink) {}

  get congested(): boolean {
    return this.out.congested;
  }

  get interactive(): boolean | undefined {
    return this.out.interactive;
  }

  drained(): Promise<void> {
    return this.out.drained();
  }

  write(bytes: Uint8Array): number {
    const end = this.pos + bytes.length;
    // The guest sees every byte taken, shown or not, so that a replay runs exactly as the first time did.
    if (end > this.shown) this.out.write(bytes.subarray(Math.max(0, this.shown - this.pos)));
    this.shown = Math.max(this.shown, end);
    this.pos = end;
    return bytes.length;
  }
}

/** Most bytes the files of one session may hold in memory (read from the root, or written by guests). */
export const OVERLAY_LIMIT = 64 << 20;
/** Bytes read from the base per call while loading a file. */
const CHUNK = 1 << 20;

interface Entry {
  data: Uint8Array;
  size: number;
  /** A snapshot holds data: the next write copies it first. */
  frozen: boolean;
}

/** A file of the overlay, as a descriptor holds it: by name, so that a restored overlay serves it. */
class OverlayFile implements HostFile {
  constructor(private readonly files: OverlayFiles, private readonly key: string) {}

  read(pos: number, max: number): Uint8Array | number {
    const e = this.files.entry(this.key);
    return e ? e.data.slice(Math.min(pos, e.size), Math.min(pos + max, e.size)) : -Errno.EIO;
  }

  write(pos: number | null, bytes: Uint8Array): number {
    return this.files.write(this.key, pos, bytes);
  }

  close(): void {}
}

/**
 * Files as the guest sees them, kept in memory over a read-only base (the sandbox root): a file is read whole
 * from the base when first opened; creating, truncating and writing change only the copy in memory.
 */
export class OverlayFiles implements FileSystem {
  private entries = new Map<string, Entry>();
  private used = 0;

  constructor(private readonly base: FileSystem) {}

  entry(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  open(path: string, mode: OpenMode): HostFile | number {
    const key = canonical(path);
    if (typeof key === 'number') return key;
    let e = this.entries.get(key);
    if (!e) {
      const loaded = this.load(path, mode);
      if (typeof loaded === 'number') return loaded;
      e = loaded;
      this.entries.set(key, e);
    }
    if (mode === 1) this.resize(e, 0);
    return new OverlayFile(this, key);
  }

  /** A file of the base, read whole; for writing, a new empty one where its directory exists. */
  private load(path: string, mode: OpenMode): Entry | number {
    const f = this.base.open(path, 0);
    if (typeof f === 'number') {
      if (f !== -Errno.ENOENT || mode === 0) return f;
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
      const names = this.base.readdir(dir);
      return typeof names === 'number' ? names : { data: new Uint8Array(0), size: 0, frozen: false };
    }
    const parts: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const got = f.read(size, CHUNK);
        if (typeof got === 'number') return got;
        if (got.length === 0) break;
        if (this.used + size + got.length > OVERLAY_LIMIT) return -Errno.ENOMEM;
        parts.push(got);
        size += got.length;
      }
    } finally {
      f.close();
    }
    const data = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    this.used += size;
    return { data, size, frozen: false };
  }

  private resize(e: Entry, size: number): void {
    this.used += size - e.size;
    e.size = size;
  }

  write(key: string, pos: number | null, bytes: Uint8Array): number {
    const e = this.entries.get(key);
    if (!e) return -Errno.EIO;
    const at = pos ?? e.size;
    const end = at + bytes.length;
    if (end > e.size && this.used + (end - e.size) > OVERLAY_LIMIT) return -Errno.ENOSPC;
    if (e.frozen || end > e.data.length) {
      const grown = new Uint8Array(Math.max(end, e.frozen ? e.data.length : 2 * e.data.length));
      grown.set(e.data.subarray(0, e.size));
      e.data = grown;
      e.frozen = false;
    }
    e.data.set(bytes, at);
    if (end > e.size) this.resize(e, end);
    return bytes.length;
  }

  readdir(path: string): string[] | number {
    const names = this.base.readdir(path);
    const key = canonical(path);
    if (typeof names === 'number' || typeof key === 'number') return names;
    const prefix = key === '' ? '' : key + '/';
    const all = new Set(names);
    for (const k of this.entries.keys()) if (k.startsWith(prefix) && !k.slice(prefix.length).includes('/')) all.add(k.slice(prefix.length));
    const enc = new TextEncoder();
    return [...all].sort((a, b) => compareBytes(enc.encode(a), enc.encode(b)));
  }

  /** The files as they are now; later writes copy before they change anything a snapshot holds. */
  save(): Map<string, { data: Uint8Array; size: number }> {
    const out = new Map<string, { data: Uint8Array; size: number }>();
    for (const [k, e] of this.entries) {
      e.frozen = true;
      out.set(k, { data: e.data, size: e.size });
    }
    return out;
  }

  restore(saved: Map<string, { data: Uint8Array; size: number }>): void {
    this.entries = new Map([...saved].map(([k, s]) => [k, { data: s.data, size: s.size, frozen: true }]));
    this.used = [...saved.values()].reduce((n, s) => n + s.size, 0);
  }
}

/** What a snapshot keeps of the host: input position, output positions, files. */
export interface HostMark {
  stdin: Uint8Array<ArrayBuffer>;
  stdout: number;
  stderr: number;
  files: Map<string, { data: Uint8Array; size: number }>;
}

/** The debugger's streams: made first, so that whoever builds the kernel can send its own lines through them too. */
export interface DebugStreams {
  stdin: RecordedInput;
  stdout: ReplaySink;
  stderr: ReplaySink;
}

/** Streams for a session: guest input from bytes, output to sinks. */
export function debugStreams(input: Uint8Array | string, stdout: Sink, stderr: Sink): DebugStreams {
  return { stdin: new RecordedInput(input), stdout: new ReplaySink(stdout), stderr: new ReplaySink(stderr) };
}

/** The debugger's host around a base one (whose loader serves spawn and exec). */
export class DebugHost implements KernelHost {
  readonly stdin: RecordedInput;
  readonly stdout: ReplaySink;
  readonly stderr: ReplaySink;
  readonly files: OverlayFiles;
  readonly load: KernelHost['load'];

  constructor(base: Pick<KernelHost, 'files' | 'load'>, streams: DebugStreams) {
    this.stdin = streams.stdin;
    this.stdout = streams.stdout;
    this.stderr = streams.stderr;
    this.files = new OverlayFiles(base.files);
    this.load = base.load;
  }

  mark(): HostMark {
    return { stdin: this.stdin.mark(), stdout: this.stdout.pos, stderr: this.stderr.pos, files: this.files.save() };
  }

  restore(m: HostMark): void {
    this.stdin.seek(m.stdin);
    this.stdout.pos = m.stdout;
    this.stderr.pos = m.stderr;
    this.files.restore(m.files);
  }
}
