// Public API of the assembler: assemble a source file into an Executable, with diagnostics and a listing.
import type { Executable } from '../vm/image.js';
import { Diagnostics, type Diagnostic, type SourceLine } from './diagnostics.js';
import { nodeHost, Preprocessor, type SourceHost } from './preprocess.js';
import { Program, type ListingRow } from './program.js';

export { formatDiagnostic, type Diagnostic } from './diagnostics.js';
export { formatListing } from './listing.js';
export type { ListingRow } from './program.js';
export type { SourceHost } from './preprocess.js';

export interface AssembleResult {
  exe: Executable | null; // null iff there are errors
  diagnostics: Diagnostic[];
  listing: ListingRow[];
}

export interface AssembleOptions {
  host?: SourceHost; // how files are read; default: node fs
  source?: string; // the text of `path`, instead of reading it
}

export function assemble(path: string, options: AssembleOptions = {}): AssembleResult {
  const diags = new Diagnostics();
  let built: { exe: Executable | null; listing: ListingRow[] };
  try {
    const pre = new Preprocessor(options.host ?? nodeHost, diags);
    pre.run(path, options.source);
    built = pre.firstLine && !pre.aborted ? new Program(pre.items, pre.firstLine, pre.files, pre.macroNames(), diags).build() : { exe: null, listing: [] };
  } catch (e) {
    // Last resort: a bug must surface as a diagnostic, never as an exception in the CLI or kernel.
    const where: SourceLine = { file: path, fileIndex: 0, line: 1, text: '', code: '', colMap: null, context: '', seq: Infinity };
    diags.error(where, { col: 1, length: 0 }, `internal assembler error: ${e instanceof Error ? e.message : String(e)}`);
    built = { exe: null, listing: [] };
  }
  const diagnostics = diags.list();
  return { exe: diags.errorCount > 0 ? null : built.exe, diagnostics, listing: built.listing };
}
