// Public API of the assembler: assemble a source file into an Executable, with diagnostics and a listing.
import type { Executable } from '../vm/image.js';
import { Diagnostics, type Diagnostic, type SourceLine } from './diagnostics.js';
import { DEFAULT_LIMITS, type AssemblerLimits } from './limits.js';
import { Preprocessor } from './preprocess.js';
import { Program, type ListingRow } from './program.js';
import { memorySource, type SourceHost } from './source.js';

export { formatDiagnostic, type Diagnostic } from './diagnostics.js';
export { DEFAULT_LIMITS, GUEST_LIMITS, type AssemblerLimits } from './limits.js';
export { formatListing } from './listing.js';
export type { ListingRow } from './program.js';
export { memorySource, type Resolved, type SourceHost, type SourceText } from './source.js';

export interface AssembleResult {
  exe: Executable | null; // null iff there are errors
  diagnostics: Diagnostic[];
  listing: ListingRow[];
}

export interface AssembleOptions {
  /**
   * How `.include` names are resolved and files read (the main file too, unless source is given).
   * Default: no files at all, for a source given as text that includes nothing.
   */
  host?: SourceHost;
  /** The text of the main file, instead of reading it through the host. */
  source?: string;
  /** Bounds on the work this assembly may cost; DEFAULT_LIMITS where not given. */
  limits?: Partial<AssemblerLimits>;
}

export function assemble(path: string, options: AssembleOptions): AssembleResult {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const diags = new Diagnostics(limits.diagnostics);
  let built: { exe: Executable | null; listing: ListingRow[] };
  try {
    const pre = new Preprocessor(options.host ?? memorySource({}), diags, limits);
    pre.run(path, options.source);
    built = pre.firstLine && !pre.aborted ? new Program(pre.items, pre.firstLine, pre.files, pre.macroNames(), diags, limits).build() : { exe: null, listing: [] };
  } catch (e) {
    // Last resort: a bug must surface as a diagnostic, never as an exception in the CLI or kernel.
    const where: SourceLine = { file: path, fileIndex: 0, line: 1, text: '', code: '', colMap: null, context: '', seq: Infinity };
    diags.error(where, { col: 1, length: 0 }, `internal assembler error: ${e instanceof Error ? e.message : String(e)}`);
    built = { exe: null, listing: [] };
  }
  const diagnostics = diags.list();
  return { exe: diags.errorCount > 0 ? null : built.exe, diagnostics, listing: built.listing };
}
