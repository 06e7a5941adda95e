// Shared helpers for the assembler tests: assemble in memory, read back code words, format diagnostics.
import { expect } from 'vitest';
import { assemble, formatDiagnostic, memorySource, type AssembleResult, type SourceHost } from '../../assembler/index.js';
import type { Executable } from '../../vm/image.js';

export function asm(source: string, file = 'test.asm', host?: SourceHost): AssembleResult {
  return assemble(file, { source, host: host ?? memorySource({}) });
}

/** Assemble and insist on success; the executable. */
export function ok(source: string): Executable {
  const r = asm(source);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(r.exe).not.toBeNull();
  return r.exe!;
}

/** The code segment as 32-bit words. */
export function words(exe: Executable): number[] {
  const view = new DataView(exe.code.buffer, exe.code.byteOffset, exe.code.byteLength);
  return Array.from({ length: exe.code.length / 4 }, (_, k) => view.getInt32(4 * k, true));
}

/** Error messages only, in order. */
export function errors(source: string, file = 'test.asm', host?: SourceHost): string[] {
  const r = asm(source, file, host);
  expect(r.exe).toBeNull();
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
}

export function symbol(exe: Executable, name: string): number {
  const s = exe.debug!.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.value;
}
