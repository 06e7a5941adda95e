// `quanta asm`: assemble a source file into a .qx executable, optionally printing a listing.
import * as fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { writeExecutable } from '../../vm/format.js';
import { cannotRead, loadAssembler } from '../program.js';
import { say } from '../host.js';

interface AsmArgs {
  file: string;
  output?: string;
  listing?: boolean;
  strip?: boolean;
}

export const asm: CommandModule<object, AsmArgs> = {
  command: 'asm <file>',
  describe: 'Assemble FILE.asm into an executable (FILE.qx unless -o)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'source file', demandOption: true })
      .option('output', { alias: 'o', type: 'string', describe: 'output file' })
      .option('listing', { type: 'boolean', describe: 'print address, encoded words and source of each line' })
      .option('strip', { type: 'boolean', describe: 'leave out debug information (symbols, line table)' }),
  handler: async (a) => {
    try {
      if (fs.statSync(a.file).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    } catch (e) {
      say(cannotRead(a.file, e));
      process.exitCode = 2;
      return;
    }
    const { assemble, formatDiagnostic, formatListing } = await loadAssembler();
    const result = assemble(a.file);
    for (const d of result.diagnostics) say(formatDiagnostic(d));
    if (!result.exe) {
      process.exitCode = 1;
      return;
    }
    if (a.listing) process.stdout.write(formatListing(result.listing));
    const out = a.output ?? a.file.replace(/\.asm$/i, '') + '.qx';
    try {
      fs.writeFileSync(out, writeExecutable(result.exe, { strip: a.strip }));
    } catch (e) {
      say(cannotRead(out, e).replace('cannot open', 'cannot write'));
      process.exitCode = 2;
    }
  },
};
