// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of .qx files.

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * Fold bytes[start, end) into a running CRC. Start from crc32Init(), pass the result of
 * each call to the next (so a file can be checksummed in pieces without copying it),
 * and finish with crc32Final().
 */
export function crc32Update(state: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = state;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return c;
}

export const crc32Init = (): number => 0xffffffff;
export const crc32Final = (state: number): number => (state ^ 0xffffffff) >>> 0;

/** CRC-32 of a whole byte array. */
export const crc32 = (bytes: Uint8Array): number => crc32Final(crc32Update(crc32Init(), bytes));
