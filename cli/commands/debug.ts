// `quanta debug`: the process-aware debugger on a terminal (line editing, history, Ctrl-C) or over a pipe.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Argv, CommandModule } from 'yargs';
import { Session } from '../../kernel/debug/commands.js';
import { Debugger } from '../../kernel/debug/debugger.js';
import { DebugHost, debugStreams } from '../../kernel/debug/host.js';
import { hostOptions, nodeKernel, startPrograms } from '../../host/machine.js';
import { endOnBrokenPipe, hostStreams, print } from '../host.js';
import { UsageError } from '../options.js';
import { givenOptions, type ProgramArgs, programOptions, programsOf } from './run.js';

interface DebugArgs extends ProgramArgs {
  x?: string;
  stdin?: string;
}

const PROMPT = '(quanta) ';
/** Largest command file or guest input file read (a session, not a data set). */
const MAX_INPUT = 64 << 20;
/** Largest source file `list` reads. */
const MAX_SOURCE = 4 << 20;

function readUserFile(file: string, what: string): Buffer {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new UsageError(`${what}: '${file}' is not a regular file`);
    if (st.size > MAX_INPUT) throw new UsageError(`${what}: '${file}' is larger than ${MAX_INPUT} bytes`);
    return fs.readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${what}: cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** A source file named by debug information: as written (from here), else inside the root; null if unreadable. */
function sourceReader(root: string): (file: string) => string | null {
  return (file) => {
    for (const candidate of [file, path.join(root, file)]) {
      try {
        if (fs.statSync(candidate).size <= MAX_SOURCE) return fs.readFileSync(candidate, 'utf8');
      } catch {
        // try the next place
      }
    }
    return null;
  };
}

export const debug: CommandModule<object, DebugArgs> = {
  command: 'debug [file] [args..]',
  describe: 'Debug a program (or several with --procs): breakpoints, stepping forward and backward, processes, memory',
  builder: (y) =>
    programOptions(y, 'debug')
      .option('x', { type: 'string', describe: 'run the commands of this file first, then read commands from standard input', group: 'Session:' })
      .option('stdin', { type: 'string', describe: "the guests' standard input, from this file (default: empty)", group: 'Session:' }) as unknown as Argv<DebugArgs>,
  handler: async (a) => {
    const programs = programsOf(a);
    const options = hostOptions(givenOptions(a));
    const script = a.x !== undefined ? readUserFile(a.x, '-x').toString('utf8').split(/\r?\n/) : [];
    const input = a.stdin !== undefined ? readUserFile(a.stdin, '--stdin') : new Uint8Array(0);
    const { stdout, stderr } = hostStreams();
    const streams = debugStreams(input, stdout, stderr);
    let host: DebugHost | null = null;
    const kernel = nodeKernel(options, streams, undefined, (base) => (host = new DebugHost(base, streams)));
    const failed = await startPrograms(kernel, { programs, workload: a.workload }, (text) => void streams.stderr.write(new TextEncoder().encode(text + '\n')));
    if (failed !== null) {
      process.exitCode = failed;
      return;
    }
    const dbg = new Debugger(kernel, host!, { yieldToHost: () => new Promise((resolve) => setImmediate(resolve)) });
    const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const session = new Session(dbg, { print, source: sourceReader(options.root) }, terminal);
    await converse(session, script, terminal);
  },
};

/**
 * The session's commands: the script's first (each echoed after the prompt), then standard input's, one at a
 * time. On a terminal: readline's editing and history; Ctrl-C interrupts a running command, or clears the line.
 */
async function converse(session: Session, script: string[], terminal: boolean): Promise<void> {
  endOnBrokenPipe();
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal, prompt: PROMPT, historySize: 1000 });
  const queue: string[] = [];
  let ended = false;
  let busy = false;
  let wake: (() => void) | null = null;
  const next = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const poke = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  rl.on('line', (line) => {
    queue.push(line);
    poke();
  });
  rl.on('close', () => {
    ended = true;
    poke();
  });
  const interrupt = (): void => {
    if (busy) session.interrupt();
    else if (terminal) {
      print('^C\n');
      rl.write(null, { ctrl: true, name: 'u' });
      rl.prompt();
    } else process.exit(130);
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);
  const run = async (line: string, echo: boolean): Promise<boolean> => {
    if (echo && line.trim() !== '') print(PROMPT + line + '\n');
    busy = true;
    try {
      return await session.execute(line);
    } catch (e) {
      // A fault of the debugger itself: say so in one line, and keep the session (and its history) going.
      print(`quanta: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return true;
    } finally {
      busy = false;
    }
  };
  if (!terminal) rl.pause();
  session.start();
  let going = true;
  for (const line of script) if (going) going = await run(line, true);
  if (terminal && going) rl.prompt();
  else rl.resume();
  while (going) {
    if (queue.length === 0) {
      if (ended) break;
      await next();
      continue;
    }
    going = await run(queue.shift()!, !terminal);
    if (terminal && going) rl.prompt();
  }
  process.off('SIGINT', interrupt);
  rl.close();
}
