import fc from 'fast-check';
import { v5, validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_NAMESPACE, checkoutEventId, randomEventId } from '../../src/common/event-id';

// RFC 9562: version nibble first in the third group, variant bits 10 (8, 9, a or b) first in the fourth.
const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** uuid's own v5 of the trimmed order ID, or undefined where uuid throws (it cannot encode a lone surrogate). */
function uuidV5(orderId: string | number): string | undefined {
  try {
    return v5(String(orderId).trim(), CHECKOUT_NAMESPACE);
  } catch {
    return undefined;
  }
}

/** Any UTF-16 code unit sequence, lone surrogates included: what a string from the page can really hold. */
const anyUnits = fc.string({
  unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit))),
  maxLength: 40,
});

describe('CHECKOUT_NAMESPACE', () => {
  // Fixed forever: the merchant's server derives the same IDs from it, so this pins the value itself.
  it('is the published namespace', () => {
    expect(CHECKOUT_NAMESPACE).toBe('3f1d1c52-5a1e-4c36-9d0b-6e7f0c9a4b21');
    expect(validate(CHECKOUT_NAMESPACE)).toBe(true);
  });
});

describe('checkoutEventId', () => {
  it("equals uuid's v5 of the trimmed order ID for these order IDs", () => {
    const orders = ['1001', '#1001', 'A-1001', ' 1001 ', '', ' ', 'é', 'Ünïcødé-订单-🛒', 'x'.repeat(1000), 1001, 0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER];
    for (const order of orders) expect(checkoutEventId(order)).toBe(v5(String(order).trim(), CHECKOUT_NAMESPACE));
  });

  // Pinned values: a change to the namespace or the derivation would silently break dedup with the server.
  it('gives the pinned ID for order 1001', () => {
    expect(checkoutEventId('1001')).toBe('ec9345aa-d447-5277-9a43-88527a291f11');
    expect(checkoutEventId('')).toBe('17ae8467-6600-5729-8816-ee26d6da7c22');
  });

  it("equals uuid's v5 for arbitrary ASCII and full-Unicode strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 100 })), (order) => {
        expect(checkoutEventId(order)).toBe(v5(order.trim(), CHECKOUT_NAMESPACE));
      }),
      { numRuns: 500 },
    );
  });

  // uuid throws a URIError on a lone surrogate; checkoutEventId encodes it as U+FFFD (what TextEncoder and
  // Node's Buffer do), so it still gives a valid, deterministic ID: the same as uuid's v5 of those bytes.
  it('handles lone surrogates where uuid throws, and agrees with uuid elsewhere', () => {
    let surrogates = 0;
    fc.assert(
      fc.property(anyUnits, (order) => {
        const id = checkoutEventId(order);
        expect(id).toMatch(V5);
        const expected = uuidV5(order);
        if (expected === undefined) {
          surrogates++;
          expect(id).toBe(v5(new TextEncoder().encode(order.trim()), CHECKOUT_NAMESPACE));
        } else {
          expect(id).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
    // The arbitrary must really reach the uuid-throws branch, or this test proves nothing about it.
    expect(surrogates).toBeGreaterThan(0);
  });

  it('gives a lone surrogate the ID of U+FFFD', () => {
    expect(() => v5('\ud800', CHECKOUT_NAMESPACE)).toThrow();
    expect(checkoutEventId('\ud800')).toBe(checkoutEventId('\ufffd'));
    expect(checkoutEventId('a\udc00b')).toBe(v5('a\ufffdb', CHECKOUT_NAMESPACE));
  });

  it('is a valid RFC 9562 version 5 UUID', () => {
    fc.assert(
      fc.property(fc.oneof(anyUnits, fc.integer(), fc.double({ noNaN: true })), (order) => {
        const id = checkoutEventId(order);
        expect(id).toMatch(V5);
        expect(validate(id)).toBe(true);
        expect(version(id)).toBe(5);
      }),
      { numRuns: 300 },
    );
  });

  it('is stable: the same order always gives the same ID', () => {
    const first = checkoutEventId('ORDER-42');
    for (let i = 0; i < 100; i++) expect(checkoutEventId('ORDER-42')).toBe(first);
  });

  it('ignores surrounding whitespace, so " 1001 " is order 1001', () => {
    expect(checkoutEventId(' 1001 ')).toBe(checkoutEventId('1001'));
    expect(checkoutEventId('\t1001\n')).toBe(checkoutEventId('1001'));
  });

  it('gives numbers and their strings the same ID', () => {
    expect(checkoutEventId(1001)).toBe(checkoutEventId('1001'));
    expect(checkoutEventId(0)).toBe(checkoutEventId('0'));
    fc.assert(
      fc.property(fc.integer(), (order) => {
        expect(checkoutEventId(order)).toBe(checkoutEventId(String(order)));
      }),
    );
  });

  it('differs across orders, including orders that differ only in case or inner spaces', () => {
    const orders = ['1001', '1002', '01001', '10010', 'a1001', 'A1001', '10 01', '1001.0', '1001 '.repeat(2)];
    const ids = orders.map((order) => checkoutEventId(order));
    expect(new Set(ids).size).toBe(orders.length);
  });

  it('differs for 10,000 distinct order numbers', () => {
    const ids = new Set(Array.from({ length: 10_000 }, (_, i) => checkoutEventId(1000 + i)));
    expect(ids.size).toBe(10_000);
  });

  it('differs for distinct arbitrary trimmed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        fc.pre(a.trim() !== b.trim());
        expect(checkoutEventId(a)).not.toBe(checkoutEventId(b));
      }),
    );
  });
});

describe('randomEventId', () => {
  it('is a version 4 UUID', () => {
    for (let i = 0; i < 100; i++) {
      const id = randomEventId();
      expect(id).toMatch(V4);
      expect(version(id)).toBe(4);
    }
  });

  it('is unique over many calls', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => randomEventId()));
    expect(ids.size).toBe(10_000);
  });

  it('is never a checkout ID', () => {
    expect(randomEventId()).not.toMatch(V5);
  });
});
