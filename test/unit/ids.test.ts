// The one event-ID rule of the browser and the server: the caller's ID, else `checkout_<order ID>` for a
// checkout, else a random UUID v4.
import fc from 'fast-check';
import { version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/common/catalog';
import { checkoutEventId, EVENT_ID, eventIdFor, randomEventId } from '../../src/common/event-id';
import type { MessageCode } from '../../src/common/messages';
import { sha256 } from '../support/page';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('checkoutEventId', () => {
  // The form any server computes without a library (Pinterest for WooCommerce, PR #1176): pinned values, since a
  // change to the derivation would silently break deduplication with every server.
  it.each([
    ['1001', 'checkout_1001'],
    [' 1001 ', 'checkout_1001'],
    ['\t#1001\n', 'checkout_#1001'],
    [1001, 'checkout_1001'],
    [0, 'checkout_0'],
    ['A-1001/b', 'checkout_A-1001/b'],
    ['Ünïcødé-订单-🛒', 'checkout_Ünïcødé-订单-🛒'],
    ['order 1001', 'checkout_order 1001'],
  ])('checkoutEventId(%j) is %j', (order, id) => {
    expect(checkoutEventId(order)).toBe(id);
  });

  it("gives a platform's global ID of an order the ID of its number, so every source and the server agree", () => {
    expect(checkoutEventId('gid://shopify/Order/450789469')).toBe('checkout_450789469');
    expect(checkoutEventId(' gid://shopify/Order/450789469 ')).toBe(checkoutEventId(450789469));
    // Only an order's global ID: another object's keeps its form.
    expect(checkoutEventId('gid://shopify/Customer/42')).toBe('checkout_gid://shopify/Customer/42');
  });

  it("is '' for an order ID that cannot be one: empty, over 200 characters, control characters, not finite", () => {
    for (const order of ['', '   ', 'x'.repeat(201), 'a\u0000b', 'a\nb', NaN, Infinity, {} as never, null as never]) expect(checkoutEventId(order)).toBe('');
    expect(checkoutEventId('x'.repeat(200))).toBe(`checkout_${'x'.repeat(200)}`);
  });

  it('is stable, differs across orders, and is always a valid event ID', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }), (a, b) => {
        const id = checkoutEventId(a);
        expect(checkoutEventId(a)).toBe(id);
        if (id && a.trim() !== b.trim() && checkoutEventId(b)) expect(checkoutEventId(b)).not.toBe(id);
      }),
    );
    const ids = new Set(Array.from({ length: 10_000 }, (_, i) => checkoutEventId(1000 + i)));
    expect(ids.size).toBe(10_000);
  });
});

describe('eventIdFor', () => {
  const reported = (): { report: (code: MessageCode, field: string) => void; codes: string[] } => {
    const codes: string[] = [];
    return { report: (code, field) => void codes.push(`${code} ${field}`), codes };
  };

  it("gives every action but checkout a fresh UUID v4, and a checkout its order's ID", () => {
    for (const action of ACTIONS) {
      if (action === 'checkout') expect(eventIdFor(action, undefined, '77')).toBe('checkout_77');
      else expect(eventIdFor(action, undefined)).toMatch(V4);
    }
  });

  it("takes the caller's own ID, trimmed, over any other, for a checkout too", () => {
    expect(eventIdFor('addToCart', ' srv-0001 ')).toBe('srv-0001');
    expect(eventIdFor('checkout', 'srv-0002', '77')).toBe('srv-0002');
  });

  it("reports a caller's ID that cannot be one, and gives none", () => {
    for (const given of ['', '   ', 'has space', 'x'.repeat(257), 42, {}, 'tab\there']) {
      const { report, codes } = reported();
      expect(eventIdFor('lead', given, undefined, report)).toBeUndefined();
      expect(codes).toEqual(['bad-event-id eventId']);
    }
    expect(eventIdFor('lead', 'x'.repeat(256))).toBe('x'.repeat(256));
  });

  it('reports a checkout whose order ID cannot make one', () => {
    const { report, codes } = reported();
    expect(eventIdFor('checkout', undefined, 'a\u0000b', report)).toBeUndefined();
    expect(codes).toEqual(['bad-order-id orderId']);
  });

  it('hashes an email in an ID, as everywhere: no plain address leaves as an event ID', () => {
    expect(eventIdFor('lead', 'lead-jane@example.com')).toBe(sha256('lead-jane@example.com'));
    expect(eventIdFor('lead', 'id:Jane@Example.com')).toBe(`id:${sha256('jane@example.com')}`);
  });

  it('only ever gives IDs of printable ASCII of at most 256 characters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTIONS), fc.option(fc.string({ maxLength: 300 })), fc.string({ maxLength: 60 }), (action, given, order) => {
        const id = eventIdFor(action, given ?? undefined, order);
        if (id !== undefined) expect(id).toMatch(EVENT_ID);
      }),
    );
  });
});

describe('randomEventId', () => {
  it('is a version 4 UUID, unique over many calls', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => randomEventId()));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) {
      expect(id).toMatch(V4);
      expect(version(id)).toBe(4);
    }
  });
});
