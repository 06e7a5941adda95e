// The library (package `quanta`): assemble programs, read and write executables, run them under a kernel on a host.
export { assemble, formatDiagnostic, formatListing, type AssembleOptions, type AssembleResult, type Diagnostic, type ListingRow, type SourceHost } from './assembler/index.js';
export { readExecutable, writeExecutable, type LoadResult } from './vm/format.js';
export { disassemble } from './vm/disasm.js';
export type { Executable } from './vm/image.js';
export { Errno, Signal, SYSCALLS } from './vm/syscalls.js';
export { Kernel, type KernelConfig, type Settings, type StopReason, type Until } from './kernel/kernel.js';
export { DEFAULTS, machineOptions, OptionError, RUN_OPTIONS, type MachineOptions } from './kernel/options.js';
export type { FileSystem, HostFile, KernelHost } from './kernel/host.js';
export { BufferInput, BufferSink, type HostInput, type Sink } from './kernel/io.js';
export { formatEvent, type KernelEvent } from './kernel/events.js';
export { formatMessage } from './kernel/messages.js';
export { collectStats, formatStats, type Stats } from './kernel/stats.js';
export { Timeline } from './kernel/timeline.js';
export { createPolicy, DEFAULT_POLICY, POLICIES } from './kernel/policies/index.js';
export type { Policy, PolicyModule } from './kernel/policy.js';
export { MemoryFiles, memoryHost } from './host/memory.js';
export { nodeHost } from './host/node.js';
export { nodeKernel, runMachine, type RunRequest } from './host/machine.js';
