// The command line's own one-line messages on stderr.

export function say(line: string): void {
  process.stderr.write(line + '\n');
}
