import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/common/sha256';

// Node hashes a string as UTF-8 with lone surrogates as U+FFFD, the same bytes TextEncoder gives.
const nodeHash = (algorithm: 'sha256', input: string): string => createHash(algorithm).update(input).digest('hex');

/** Lengths around every padding edge: 55 bytes fit one block with the length, 56 need a second; 64 is a block. */
const EDGES = [0, 1, 2, 3, 54, 55, 56, 57, 62, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129, 183, 184, 191, 192, 1000, 4096, 65_537];

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  // Pinterest's LDP doc (SPEC §7.3, [DEV-LDP]) says sha256("us") = 9b202ecb…1a1d. That is the hash of "US"
  // in upper case; the lower-case "us" that Pinterest asks for as `country` hashes to 79adb2a2…4621. The SDK
  // sends the lower-case form, so a test copied from the doc would expect the wrong value.
  it("pins both facts behind the LDP doc's sha256('us') vector", () => {
    expect(sha256('US')).toBe('9b202ecbc6d45c6d8901d989a918878397a3eb9d00e8f48022fc051b19d21a1d');
    expect(sha256('us')).toBe('79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621');
    expect(sha256('us')).toBe(nodeHash('sha256', 'us'));
    expect(sha256('US')).toBe(nodeHash('sha256', 'US'));
  });

  it('gives 64 lower-case hex characters', () => {
    expect(sha256('Jane@Example.com')).toMatch(/^[a-f0-9]{64}$/);
  });

  it.each(EDGES)('matches node:crypto for %i ASCII bytes', (length) => {
    const text = Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7) % 94))).join('');
    expect(sha256(text)).toBe(nodeHash('sha256', text));
  });

  // Multi-byte characters shift the byte length away from the string length: 'é' is 2 bytes, '€' 3, '😀' 4.
  it.each([
    ['é', 27],
    ['é', 28],
    ['€', 18],
    ['€', 19],
    ['😀', 14],
    ['😀', 16],
  ])('matches node:crypto for %s repeated %i times, across the 55/56-byte edge', (char, count) => {
    const text = char.repeat(count);
    expect(sha256(text)).toBe(nodeHash('sha256', text));
  });

  it('matches node:crypto for arbitrary strings, including full Unicode', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 })),
        (text) => {
          expect(sha256(text)).toBe(nodeHash('sha256', text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('encodes a lone surrogate as U+FFFD, as node:crypto does', () => {
    expect(sha256('\ud800')).toBe(nodeHash('sha256', '\ufffd'));
    expect(sha256('a\udfffb')).toBe(nodeHash('sha256', 'a\udfffb'));
  });

  it('is the same on repeated calls (no state leaks between digests)', () => {
    const first = sha256('hello');
    sha256('x'.repeat(200));
    expect(sha256('hello')).toBe(first);
  });
});

describe('sha256 over bytes of every length', () => {
  it('matches node:crypto for every length from 0 to 200 characters, all-ones bytes among them', () => {
    for (let length = 0; length <= 200; length++) {
      // U+007F, and U+FFFF (three 0xff-heavy bytes), stress the signed 32-bit arithmetic of the rounds.
      for (const text of ['\u007f'.repeat(length), '\uffff'.repeat(length)]) expect(sha256(text)).toBe(nodeHash('sha256', text));
    }
  });
});
