// The page's URL fragment (docs/PLAYGROUND.md, Links): `#src=BASE64URL` (UTF-8, no padding) opens a program, `&run` runs it at once.

/** Text as base64url without padding, of its UTF-8 bytes. */
export function encodeText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The text base64url (padded or not) encodes, or null if it is not base64url of UTF-8. */
export function decodeText(code: string): string | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(code)) return null;
  const b64 = code.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** What a fragment asks for: text fields (base64url-encoded in the URL) and plain ones. */
export interface Fragment {
  src?: string;
  run: boolean;
  /** Optional extras the share button adds when they differ from the defaults. */
  procs?: string;
  stdin?: string;
  options: Record<string, string>;
}

const ENCODED = ['src', 'procs', 'stdin'] as const;

/** Parse `#src=…&run&policy=rr…`; a field that does not decode is left out. */
export function parseFragment(hash: string): Fragment {
  const out: Fragment = { run: false, options: {} };
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === 'run') out.run = true;
    else if ((ENCODED as readonly string[]).includes(key)) {
      const text = decodeText(value);
      if (text !== null) out[key as (typeof ENCODED)[number]] = text;
    } else out.options[key] = decodeURIComponent(value);
  }
  return out;
}

/** The fragment for these fields (run last, as in `#src=…&run`). */
export function makeFragment(f: Fragment): string {
  const parts: string[] = [];
  for (const key of ENCODED) if (f[key] !== undefined) parts.push(`${key}=${encodeText(f[key]!)}`);
  for (const [k, v] of Object.entries(f.options)) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (f.run) parts.push('run');
  return '#' + parts.join('&');
}
