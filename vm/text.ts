// Text helpers shared by every floor: addresses in hex, grouped numbers, and "did you mean" suggestions for misspelt names.

/** An address or word as fault messages and traces print it: 0x and eight hex digits. */
export const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** An address or value as assembly text writes it: 0x and as many hex digits as it needs. */
export const hexShort = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/**
 * A whole number with thousands separators (1,000,000) from 10,000 up, as the help and messages print
 * limits. Not toLocaleString: loading ICU for it costs a short command ~10 ms of its start-up.
 */
export const grouped = (n: number): string =>
  Number.isSafeInteger(n) && Math.abs(n) >= 10_000 ? String(n).replace(/\B(?=(\d{3})+$)/g, ',') : String(n);

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("wirte" → "write" is 1). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/**
 * The closest candidate (ignoring case) within a distance that scales with the word, or null. Each
 * candidate looked at costs one unit of budget.count; none are looked at once it is spent.
 */
export function suggest(word: string, candidates: Iterable<string>, budget = { count: Infinity }): string | null {
  // Long identifiers could make the quadratic distance costly; nobody misspells a 64-character name into a match.
  if (word.length > 64) return null;
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | null = null;
  let bestDist = limit + 1;
  for (const c of candidates) {
    if (--budget.count < 0) return best;
    if (c === word || Math.abs(c.length - w.length) > limit) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** " — did you mean 'x'?" or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === null ? '' : ` — did you mean '${s}'?`;
}

/**
 * A guest-chosen string (a process name) made safe for one line of a terminal: control characters are
 * shown as escapes, so that a name cannot forge or break kernel lines.
 */
export function printable(s: string): string {
  return s.replace(/[\p{Cc}\u2028\u2029\\]/gu, (c) => (c === '\\' ? '\\\\' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
