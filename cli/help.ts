// `--help` laid out at word boundaries for the terminal's width. yargs's ES-module build breaks lines in the
// middle of words (yargs issue 2112), so the help is rendered unwrapped and reflowed here.

/** The width help is laid out for: the terminal's (or $COLUMNS when output is not a terminal), 40 to 120. */
export function helpWidth(): number {
  const columns = process.stdout.columns ?? Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? Math.max(40, Math.min(columns, 120)) : 80;
}

/** Words of text in lines: the first `first` columns wide, the others `rest`; a word longer than a line stays whole. */
function fill(text: string, first: number, rest: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter(Boolean)) {
    const room = lines.length === 0 ? first : rest;
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** "  [string] [default: rr]" at the end of an option's line (one level of brackets inside: `[default: []]`). */
const EXTRAS = / {2}((?:\[[^[\]]*(?:\[[^[\]]*\][^[\]]*)*\] ?)+)$/;
/** An indented name column, two or more spaces, then its description. */
const COLUMNS = /^( *\S.*?) {2,}(\S.*)$/;

/**
 * One line of unwrapped help laid out in `width` columns: a description continues under its own column,
 * and the type and default go to the right edge, as yargs lays them out when it wraps.
 */
function reflowLine(line: string, width: number): string[] {
  const extras = EXTRAS.exec(line);
  const body = extras ? line.slice(0, extras.index) : line;
  const hint = extras?.[1].trimEnd() ?? '';
  if (!hint && body.length <= width) return [line];
  const cols = COLUMNS.exec(body);
  const indent = body.length - body.trimStart().length;
  const lead = cols ? body.slice(0, body.length - cols[2].length) : ' '.repeat(indent);
  const text = cols ? cols[2] : body.trimStart();
  // A name column wider than half the width would leave its description too little room.
  const hang = lead.length <= width / 2 ? lead.length : indent + 4;
  const lines = fill(text, width - lead.length, width - hang).map((l, k) => (k === 0 ? lead : ' '.repeat(hang)) + l);
  if (!hint) return lines;
  const last = lines[lines.length - 1];
  if (last.length + 2 + hint.length <= width) lines[lines.length - 1] = last + ' '.repeat(width - last.length - hint.length) + hint;
  else lines.push(' '.repeat(Math.max(hang, width - hint.length)) + hint);
  return lines;
}

/** Help text rendered without wrapping (yargs `.wrap(null)`), laid out in `width` columns. */
export function reflowHelp(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => reflowLine(line.trimEnd(), width))
    .join('\n');
}
