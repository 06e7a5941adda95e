// Program loading for the commands lives on the host floor (host/programs.ts); asm and disasm use it through here.
export { cannotRead, loadAssembler, loadProgram } from '../host/programs.js';
