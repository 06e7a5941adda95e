// Every subcommand of `quanta`, registered in this order.
import type { CommandModule } from 'yargs';
import { asm } from './asm.js';
import { bench } from './bench.js';
import { debug } from './debug.js';
import { disasm } from './disasm.js';
import { exercise } from './exercise.js';
import { run } from './run.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const COMMANDS: CommandModule<object, any>[] = [asm, disasm, run, debug, exercise, bench];
