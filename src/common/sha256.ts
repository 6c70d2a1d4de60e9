// SHA-256 in plain, synchronous JavaScript (FIPS 180-4). Synchronous because an event tracked right after
// `identify()` must already carry the hash (DESIGN rule 4) and `crypto.subtle` is async; plain JS because
// `crypto.subtle` is missing on plain-http storefront previews. The server entry hashes with `node:crypto`
// instead, and its tests check that both give the same hex.

const rotate = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K: number[] = [];
/** Initial hash: the same for the square roots of the first 8 primes. */
const H: number[] = [];

/** Computes the constants on first use: fewer bytes than writing them out, and nothing done at import. */
function constants(): void {
  for (let n = 2; K.length < 64; n++) {
    let d = 2;
    while (n % d) d++;
    if (d < n) continue;
    if (H.length < 8) H.push(((n ** 0.5 % 1) * 2 ** 32) | 0);
    K.push(((Math.cbrt(n) % 1) * 2 ** 32) | 0);
  }
}

/**
 * The SHA-256 of `text` (UTF-8; a lone surrogate counts as U+FFFD, as `TextEncoder` makes it), as 64 lower-case
 * hex characters.
 *
 * @example
 * sha256('US') // '9b202ecbc6d45c6d8901d989a918878397a3eb9d00e8f48022fc051b19d21a1d'
 */
export function sha256(text: string): string {
  if (!K.length) constants();
  const bytes = new TextEncoder().encode(text);
  // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number.
  const blocks = new Uint8Array(((bytes.length + 72) >> 6) << 6);
  blocks.set(bytes);
  blocks[bytes.length] = 0x80;
  const view = new DataView(blocks.buffer);
  view.setUint32(blocks.length - 8, bytes.length / 2 ** 29);
  view.setUint32(blocks.length - 4, bytes.length << 3);
  const hash = H.slice();
  const w = new Int32Array(64);
  for (let offset = 0; offset < blocks.length; offset += 64) {
    let [a, b, c, d, e, f, g, h] = hash as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = view.getInt32(offset + i * 4);
      else {
        const x = w[i - 15]!;
        const y = w[i - 2]!;
        w[i] = w[i - 16]! + (rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3)) + w[i - 7]! + (rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10));
      }
      const t1 = h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!;
      const t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    for (const [i, x] of [a, b, c, d, e, f, g, h].entries()) hash[i] = (hash[i]! + x) | 0;
  }
  return hash.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}
