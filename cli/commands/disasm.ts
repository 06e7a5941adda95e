// `quanta disasm`: print an executable back as assembly, with labels from its debug information.
import type { CommandModule } from 'yargs';
import { disassemble } from '../../vm/disasm.js';
import { loadProgram } from '../../host/programs.js';
import { checkProgramFile } from '../files.js';
import { print, say } from '../host.js';

export const disasm: CommandModule<object, { file: string }> = {
  command: 'disasm <file>',
  describe: 'Disassemble FILE.qx (or a .asm, assembled first)',
  builder: (y) => y.positional('file', { type: 'string', describe: 'executable', demandOption: true }),
  handler: async (a) => {
    checkProgramFile(a.file);
    const loaded = await loadProgram(a.file);
    if (!loaded.ok) {
      say(loaded.message);
      process.exitCode = loaded.status;
      return;
    }
    print(disassemble(loaded.exe));
  },
};
