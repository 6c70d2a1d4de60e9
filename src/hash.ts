// SHA-256 and SHA-1 in plain, synchronous JavaScript, sharing one Merkle–Damgård skeleton (FIPS 180-4).
// Synchronous because an event tracked right after `identify()` must already carry the hash (DESIGN rule 4)
// and `crypto.subtle` is async; plain JS because `crypto.subtle` is missing on plain-http storefront previews.
// SHA-1 is here only for UUID v5 (RFC 9562 §5.5), which costs less here than uuid's own v5 code in the
// 5 KB script. Shared with the server entry.

const rotate = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

/** SHA-256 round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K: number[] = [];
/** SHA-256 initial hash: the same for the square roots of the first 8 primes. */
const H256: number[] = [];

function digest(bytes: Uint8Array, sha1: boolean): string {
  if (!K.length) {
    for (let n = 2; K.length < 64; n++) {
      let d = 2;
      while (n % d) d++;
      if (d < n) continue;
      if (H256.length < 8) H256.push(((n ** 0.5 % 1) * 2 ** 32) | 0);
      K.push(((Math.cbrt(n) % 1) * 2 ** 32) | 0);
    }
  }
  // Padding: 0x80, zeros, then the length in bits as a 64-bit big-endian number.
  const blocks = new Uint8Array(((bytes.length + 72) >> 6) << 6);
  blocks.set(bytes);
  blocks[bytes.length] = 0x80;
  const view = new DataView(blocks.buffer);
  view.setUint32(blocks.length - 8, bytes.length / 2 ** 29);
  view.setUint32(blocks.length - 4, bytes.length << 3);
  const hash = sha1 ? [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0] : H256.slice();
  const w = new Int32Array(80);
  for (let offset = 0; offset < blocks.length; offset += 64) {
    const s = hash.slice();
    for (let i = 0; i < (sha1 ? 80 : 64); i++) {
      if (i < 16) w[i] = view.getInt32(offset + i * 4);
      else if (sha1) w[i] = rotate(w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!, 31);
      else {
        const a = w[i - 15]!;
        const b = w[i - 2]!;
        w[i] = w[i - 16]! + (rotate(a, 7) ^ rotate(a, 18) ^ (a >>> 3)) + w[i - 7]! + (rotate(b, 17) ^ rotate(b, 19) ^ (b >>> 10));
      }
      const [a, b, c, d, e, f, g, h] = s as [number, number, number, number, number, number, number, number];
      if (sha1) {
        const r = (i / 20) | 0;
        const mix = r === 0 ? (b & c) | (~b & d) : r === 2 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
        s.unshift((rotate(a, 27) + mix + e + [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6][r]! + w[i]!) | 0);
        s[2] = rotate(b, 2);
        s.pop();
      } else {
        const t1 = h + (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!;
        const t2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        s.unshift((t1 + t2) | 0);
        s[4] = (d + t1) | 0;
        s.pop();
      }
    }
    s.forEach((x, i) => (hash[i] = (hash[i]! + x) | 0));
  }
  return hash.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * The SHA-256 of `text` (UTF-8), as 64 lower-case hex characters.
 *
 * @example
 * sha256('US') // '9b202ecbc6d45c6d8901d989a918878397a3eb9d00e8f48022fc051b19d21a1d'
 */
export const sha256 = (text: string): string => digest(utf8(text), false);

/** The SHA-1 of `bytes`, as 40 lower-case hex characters. */
export const sha1 = (bytes: Uint8Array): string => digest(bytes, true);

export { utf8 };
