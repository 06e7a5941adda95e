// Text form of the listing: address, encoded words or bytes in hex, file:line and the source statement.
import type { ListingRow } from './program.js';

/** Bytes shown per row before the rest is elided. */
const SHOWN_BYTES = 12;
const CODE_WIDTH = 3 * 9 - 1; // three words, the widest instruction

function hexWords(row: ListingRow): string {
  if (row.words.length > 0) return row.words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join(' ');
  const bytes = row.bytes ?? new Uint8Array(0);
  const shown = [...bytes.subarray(0, SHOWN_BYTES)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return bytes.length > SHOWN_BYTES ? `${shown.slice(0, CODE_WIDTH - 1)}… (${bytes.length} bytes)` : shown;
}

/** The listing as text, one line (ended by a newline) per row. */
export function formatListing(rows: ListingRow[]): string {
  const where = rows.map((r) => `${r.file}:${r.line}`);
  let whereWidth = 0;
  for (const w of where) whereWidth = Math.max(whereWidth, w.length);
  return rows.map((r, k) => `${r.addr.toString(16).padStart(8, '0')}  ${hexWords(r).padEnd(CODE_WIDTH)}  ${where[k].padEnd(whereWidth)}  ${r.text}\n`).join('');
}
