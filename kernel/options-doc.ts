// The run-options reference of docs/CLI.md, generated from the table in kernel/options.ts so that the doc cannot drift.
import { grouped } from '../vm/text.js';
import { RUN_OPTIONS, type OptionSpec, showDefault, showSize } from './options.js';

function accepts(s: OptionSpec): string {
  switch (s.type) {
    case 'choice': return s.choices!.map((c) => `\`${c}\``).join(', ');
    case 'path': return 'a directory';
    case 'size': return `${showSize(s.min!)} to ${showSize(s.max!)}${s.multiple ? `, a multiple of ${showSize(s.multiple)}` : ''}`;
    case 'int': return `${grouped(s.min!)} to ${grouped(s.max!)}`;
    case 'list': return `${grouped(s.min!)} to ${grouped(s.max!)}, or a comma list of them`;
    case 'flag': return 'no value (a switch)';
  }
}

/** One row per run option (machine options, then each policy's knobs). */
export function optionsTable(): string {
  const lines = ['| option | default | accepts | meaning |', '|---|---|---|---|'];
  for (const s of RUN_OPTIONS) lines.push(`| \`--${s.name}\` | ${showDefault(s) ?? 'none'} | ${accepts(s)} | ${s.describe.replace(/\|/g, '\\|')} |`);
  return lines.join('\n');
}
