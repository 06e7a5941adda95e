// `quanta asm`: assemble a source file into a .qx executable, and/or print its listing.
import * as fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { DEFAULT_LIMITS } from '../../assembler/limits.js';
import { hostErrorText, nodeSource, readSourceFile } from '../../host/node-source.js';
import { writeExecutable } from '../../vm/format.js';
import { loadAssembler } from '../../host/programs.js';
import { isSameFile } from '../files.js';
import { print, say } from '../host.js';

interface AsmArgs {
  file: string;
  output?: string;
  listing?: boolean;
  strip?: boolean;
}

export const asm: CommandModule<object, AsmArgs> = {
  command: 'asm <file>',
  describe: 'Assemble FILE.asm into an executable (FILE.qx unless -o; with --listing, only if -o is given)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'source file', demandOption: true })
      .option('output', { alias: 'o', type: 'string', describe: 'output file' })
      .option('listing', { type: 'boolean', describe: 'print address, encoded words and source of each line (writes no executable unless -o)' })
      .option('strip', { type: 'boolean', describe: 'leave out debug information (symbols, line table)' }),
  handler: async (a) => {
    const source = readSourceFile(a.file, DEFAULT_LIMITS.fileBytes);
    if ('error' in source) {
      say(`quanta: cannot open '${a.file}': ${source.error}`);
      process.exitCode = 2;
      return;
    }
    const out = a.output ?? (a.listing ? null : a.file.replace(/\.asm$/i, '') + '.qx');
    if (out !== null && isSameFile(out, a.file)) {
      say(`quanta: will not overwrite the source file '${a.file}' with the executable (choose another -o)`);
      process.exitCode = 2;
      return;
    }
    const { assemble, formatDiagnostic, formatListing } = await loadAssembler();
    const result = assemble(a.file, { host: nodeSource, source: source.text });
    for (const d of result.diagnostics) say(formatDiagnostic(d));
    if (!result.exe) {
      process.exitCode = 1;
      return;
    }
    if (a.listing) print(formatListing(result.listing));
    if (out === null) return;
    try {
      fs.writeFileSync(out, writeExecutable(result.exe, { strip: a.strip }));
    } catch (e) {
      say(`quanta: cannot write '${out}': ${hostErrorText(e)}`);
      process.exitCode = 2;
    }
  },
};
