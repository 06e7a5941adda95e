// The in-memory form of an executable: what the assembler produces and the loader returns.

export type SymbolKind = 'code' | 'data' | 'bss' | 'const';

export interface DebugSymbol {
  name: string;
  value: number; // address, or the value of an .equ constant
  kind: SymbolKind;
}

/** One row of the pc→line table: instructions from addr up to the next row's addr come from file:line. */
export interface LineEntry {
  addr: number;
  file: number; // index into DebugInfo.files
  line: number;
}

export interface DebugInfo {
  files: string[];
  symbols: DebugSymbol[];
  lines: LineEntry[]; // sorted by addr, strictly increasing
}

export interface Executable {
  entry: number;
  codeAddr: number; // always CODE_BASE
  code: Uint8Array; // whole words: length is a multiple of 4
  dataAddr: number; // dataBase(code.length)
  data: Uint8Array;
  bssSize: number; // bss starts at bssBase(dataAddr, data.length)
  debug: DebugInfo | null;
}

/** file:line of the instruction at addr, or null when there is no debug info for it. */
export function sourceLine(exe: Executable, addr: number): { file: string; line: number } | null {
  const lines = exe.debug?.lines;
  if (!lines || lines.length === 0) return null;
  let lo = 0;
  let hi = lines.length - 1;
  if (addr < lines[0].addr || addr >= exe.codeAddr + exe.code.length) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].addr <= addr) lo = mid;
    else hi = mid - 1;
  }
  const e = lines[lo];
  return { file: exe.debug!.files[e.file] ?? '?', line: e.line };
}
