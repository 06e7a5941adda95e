// Parsing of option values shared by the commands: sizes with K/M suffixes, positive counts.

/** Bytes from "65536", "64K" or "16M"; NaN if malformed. */
export function parseSize(text: string | number): number {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? text : NaN;
  const m = /^(\d+)([kKmMgG]?)$/.exec(text.trim());
  if (!m) return NaN;
  const unit = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

/** A CLI usage error: printed as one line, exit status 2. */
export class UsageError extends Error {}

export function positiveInt(name: string, v: unknown, min = 1): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got '${String(v)}')`);
  return n;
}
