// The library (package `quanta`): assemble programs, read and write executables, run them under a kernel.
export { assemble, formatDiagnostic, formatListing, type AssembleOptions, type AssembleResult, type Diagnostic, type ListingRow, type SourceHost } from './assembler/index.js';
export { readExecutable, writeExecutable, type LoadResult } from './vm/format.js';
export { disassemble } from './vm/disasm.js';
export type { Executable } from './vm/image.js';
export { DEFAULTS, Kernel, type KernelOptions } from './kernel/kernel.js';
export type { KernelEvent } from './kernel/events.js';
export { BufferInput, BufferSink, StreamInput, type HostInput, type Sink } from './kernel/io.js';
export { DEFAULT_POLICY, POLICIES } from './kernel/policies/index.js';
export type { Policy, PolicyModule } from './kernel/policy.js';
