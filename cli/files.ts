// The files a command line names, checked before anything runs: outputs that would replace an input, and program files with a likely slip (a source not named .asm, a name without its extension).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JOB } from '../host/job.js';
import { readWorkload } from '../host/machine.js';
import { isSource } from '../host/programs.js';
import { QX_MAGIC } from '../vm/format.js';
import { UsageError } from './options.js';

/** Whether writing to out would replace the file at input (the same path, or a link to it). */
export function isSameFile(out: string, input: string): boolean {
  if (path.resolve(out) === path.resolve(input)) return true;
  try {
    const a = fs.statSync(out);
    const b = fs.statSync(input);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false; // one of them does not exist (yet)
  }
}

/** The first bytes of a regular file, or null if it is not one or cannot be read (the loader says why). */
function head(file: string, max: number): Uint8Array | null {
  let fd: number;
  try {
    // Without blocking: a FIFO with no writer must not hang the check.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    const buf = new Uint8Array(max);
    return buf.subarray(0, fs.readSync(fd, buf, 0, max, 0));
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Text rather than an executable: no NUL byte and no other control character but tab, CR, LF and FF. */
const looksLikeText = (bytes: Uint8Array): boolean => bytes.length > 0 && bytes.every((b) => b >= 0x20 || b === 9 || b === 10 || b === 12 || b === 13);

/**
 * A program file named on the command line, refused with a hint where the loader alone would only say
 * "bad magic" or "no such file": assembly source in a file not named .asm, or a name given without its
 * .asm or .qx extension.
 */
export function checkProgramFile(file: string): void {
  if (file === JOB || isSource(file)) return;
  if (!fs.existsSync(file)) {
    const meant = ['.asm', '.qx'].map((ext) => file + ext).find((f) => fs.existsSync(f));
    if (meant) throw new UsageError(`cannot open '${file}': no such file — did you mean '${meant}'?`);
    return;
  }
  const bytes = head(file, 512);
  if (bytes === null || QX_MAGIC.every((b, k) => bytes[k] === b) || !looksLikeText(bytes)) return;
  const stem = path.basename(file).replace(/\.[^.]*$/, '');
  throw new UsageError(`${file}: not a Quanta executable (bad magic); it looks like assembly source, which quanta assembles only from files named .asm: rename it ${stem}.asm`);
}

/**
 * Output files (option → path, unset ones undefined) checked against the inputs before a run: none may
 * replace an input or another output.
 */
export function checkOutputs(outputs: Record<string, string | undefined>, inputs: readonly string[]): void {
  const given = Object.entries(outputs).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  for (const [k, [option, out]] of given.entries()) {
    const input = inputs.find((f) => f !== JOB && isSameFile(out, f));
    if (input !== undefined) throw new UsageError(`${option} '${out}' would overwrite the input file '${input}' (choose another file)`);
    const other = given.slice(0, k).find(([, o]) => isSameFile(out, o));
    if (other) throw new UsageError(`${option} and ${other[0]} name the same file '${out}' (choose two files)`);
  }
}

/** The files a run reads: its programs, or the workload file and the programs it lists (if it can be read: the run says why not). */
export function runInputs(programs: readonly string[][] | undefined, workload: string | undefined): string[] {
  if (workload === undefined) return (programs ?? []).map((argv) => argv[0]);
  try {
    return [workload, ...readWorkload(workload).map((line) => line.argv[0])];
  } catch {
    return [workload];
  }
}
