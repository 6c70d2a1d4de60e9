// SHA-256 in plain, synchronous JavaScript. Synchronous because an event tracked right after `identify()`
// must already carry the hash (DESIGN rule 4) and `crypto.subtle` is async; plain JS because `crypto.subtle`
// is missing on plain-http pages such as storefront previews. Shared with the server entry.

let K: number[] | undefined;
let H0: number[] | undefined;

/** The first 32 bits of the fractional parts of the square (or cube) roots of the first primes (FIPS 180-4 §4.2.2, §5.3.3). */
function constants(): void {
  K = [];
  H0 = [];
  for (let n = 2; K.length < 64; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (!prime) continue;
    if (H0.length < 8) H0.push(((Math.sqrt(n) % 1) * 2 ** 32) | 0);
    K.push(((Math.cbrt(n) % 1) * 2 ** 32) | 0);
  }
}

/**
 * The SHA-256 of `text` (UTF-8), as 64 lower-case hex characters.
 *
 * @example
 * sha256('us') // '9b202ecbc6d45c6d8901d989a918878397a3eb9d00e8f48022fc051b19d21a1d'
 */
export function sha256(text: string): string {
  if (!K) constants();
  const k = K!;
  const bytes = new TextEncoder().encode(text);
  const blocks = new Uint8Array(((bytes.length + 72) >> 6) << 6);
  blocks.set(bytes);
  blocks[bytes.length] = 0x80;
  const view = new DataView(blocks.buffer);
  view.setUint32(blocks.length - 8, Math.floor(bytes.length / 2 ** 29));
  view.setUint32(blocks.length - 4, bytes.length << 3);
  const hash = H0!.slice();
  const w = new Int32Array(64);
  const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < blocks.length; offset += 64) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) w[i] = view.getInt32(offset + i * 4);
      else {
        const a = w[i - 15]!;
        const b = w[i - 2]!;
        w[i] = w[i - 16]! + (ror(a, 7) ^ ror(a, 18) ^ (a >>> 3)) + w[i - 7]! + (ror(b, 17) ^ ror(b, 19) ^ (b >>> 10));
      }
    }
    let [a, b, c, d, e, f, g, h] = hash as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    [a, b, c, d, e, f, g, h].forEach((x, i) => (hash[i] = (hash[i]! + x) | 0));
  }
  return hash.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}
