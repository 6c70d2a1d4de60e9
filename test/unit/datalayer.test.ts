// The data layer reader (src/sources/datalayer.ts): the entries already there once, then every later push, whether
// a GTM-like wrapper of `push` came before it or after, without changing what a push does for GTM.
import { describe, expect, it, vi } from 'vitest';
import { type DataLayerEntry, MAX_PAST_ENTRIES, toDataLayerEntry, watchDataLayer } from '../../src/sources/datalayer';
import { hostileValues } from '../support/hostile';

/** What gtag.js's snippet defines: `function gtag(){dataLayer.push(arguments);}` (developers.google.com/tag-platform/gtagjs/install). */
function gtagFor(layer: unknown[]): (...args: unknown[]) => void {
  return function gtag() {
    // gtag.js pushes the arguments object itself, which is what the reader must recognise.
    layer.push(arguments);
  };
}

/**
 * A stand-in for GTM's handling of the layer: it keeps the `push` it found and calls it, then processes the entry
 * (here: records it), as gtm.js does; it returns what the push it found returned.
 */
function installGtmLike(layer: unknown[] & { push: (...entries: unknown[]) => number }): unknown[] {
  const processed: unknown[] = [];
  const found = layer.push;
  layer.push = function (...entries: unknown[]) {
    const result = found.apply(layer, entries);
    processed.push(...entries);
    return result;
  };
  return processed;
}

const names = (entries: DataLayerEntry[]): unknown[] => entries.map((entry) => (entry.kind === 'gtag' ? entry.args[1] : entry.data.event));

describe('watchDataLayer', () => {
  it('reads the entries already there once, in order, then each later push, objects and gtag calls alike', () => {
    const layer: unknown[] = [];
    const gtag = gtagFor(layer);
    layer.push({ event: 'gtm.js' });
    gtag('event', 'view_item', { items: [] });
    const seen: DataLayerEntry[] = [];
    watchDataLayer(layer, (entry) => seen.push(entry));
    expect(names(seen)).toEqual(['gtm.js', 'view_item']);
    layer.push({ event: 'add_to_cart' }, { event: 'purchase' });
    gtag('event', 'sign_up', { method: 'Google' });
    expect(names(seen)).toEqual(['gtm.js', 'view_item', 'add_to_cart', 'purchase', 'sign_up']);
    expect(seen[1]).toEqual({ kind: 'gtag', args: ['event', 'view_item', { items: [] }] });
    expect(seen[4]!.kind).toBe('gtag');
    // The layer is the page's array still, with every entry in it.
    expect(layer).toHaveLength(5);
  });

  it('sees every push, and GTM still processes every push, when a GTM-like wrapper was installed before it', () => {
    const layer = [] as unknown as unknown[] & { push: (...entries: unknown[]) => number };
    const processed = installGtmLike(layer);
    const seen: DataLayerEntry[] = [];
    watchDataLayer(layer, (entry) => seen.push(entry));
    expect(layer.push({ event: 'a' })).toBe(1);
    expect(processed).toEqual([{ event: 'a' }]);
    expect(names(seen)).toEqual(['a']);
  });

  it('sees every push, and GTM still processes every push, when a GTM-like wrapper is installed after it', () => {
    const layer = [] as unknown as unknown[] & { push: (...entries: unknown[]) => number };
    const seen: DataLayerEntry[] = [];
    watchDataLayer(layer, (entry) => seen.push(entry));
    const processed = installGtmLike(layer);
    expect(layer.push({ event: 'a' }, { event: 'b' })).toBe(2);
    expect(processed).toEqual([{ event: 'a' }, { event: 'b' }]);
    expect(names(seen)).toEqual(['a', 'b']);
    expect(Array.from(layer)).toEqual([{ event: 'a' }, { event: 'b' }]);
  });

  it('hears each push after GTM has processed it, and never changes what a push returns or throws', () => {
    const order: string[] = [];
    const layer = [] as unknown as unknown[] & { push: (...entries: unknown[]) => number };
    const found = layer.push;
    layer.push = function (...entries: unknown[]) {
      order.push('gtm');
      if ((entries[0] as { event?: string }).event === 'boom') throw new Error('gtm failed');
      return found.apply(layer, entries) * 10;
    };
    watchDataLayer(layer, () => order.push('reader'));
    expect(layer.push({ event: 'a' })).toBe(10);
    expect(order).toEqual(['gtm', 'reader']);
    expect(() => layer.push({ event: 'boom' })).toThrow('gtm failed');
  });

  it("keeps a reader's failure out of the page's push", () => {
    const layer: unknown[] = [];
    watchDataLayer(layer, () => {
      throw new Error('reader bug');
    });
    expect(() => layer.push({ event: 'a' })).not.toThrow();
    expect(Array.from(layer)).toEqual([{ event: 'a' }]);
  });

  it('stops: puts push back when nothing wrapped it since, and otherwise passes entries through untouched', () => {
    const layer = [] as unknown as unknown[] & { push: (...entries: unknown[]) => number };
    const seen: DataLayerEntry[] = [];
    const stop = watchDataLayer(layer, (entry) => seen.push(entry));
    expect(Object.prototype.hasOwnProperty.call(layer, 'push')).toBe(true);
    stop();
    expect(Object.prototype.hasOwnProperty.call(layer, 'push')).toBe(false);
    expect(layer.push).toBe(Array.prototype.push);

    const again = watchDataLayer(layer, (entry) => seen.push(entry));
    const processed = installGtmLike(layer);
    again();
    layer.push({ event: 'after' });
    expect(processed).toEqual([{ event: 'after' }]);
    expect(seen).toEqual([]);
    expect(Array.from(layer)).toEqual([{ event: 'after' }]);
  });

  it(`reads the latest ${MAX_PAST_ENTRIES} entries already there`, () => {
    const layer = Array.from({ length: MAX_PAST_ENTRIES + 20 }, (_, index) => ({ event: `e${index}` }));
    const seen: DataLayerEntry[] = [];
    watchDataLayer(layer, (entry) => seen.push(entry));
    expect(seen).toHaveLength(MAX_PAST_ENTRIES);
    expect(names(seen)[0]).toBe('e20');
  });

  it('hands on objects and gtag calls only, and reads nothing it cannot (numbers, arrays, revoked proxies)', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(toDataLayerEntry(3)).toBeUndefined();
    expect(toDataLayerEntry(['set', { a: 1 }])).toBeUndefined();
    expect(toDataLayerEntry(revoked.proxy)).toBeUndefined();
    expect(toDataLayerEntry(null)).toBeUndefined();
    expect(toDataLayerEntry({ event: 'a' })).toEqual({ kind: 'object', data: { event: 'a' } });
  });

  it('watches nothing, and throws nothing, on what is not a data layer', () => {
    const onEntry = vi.fn();
    for (const [, value] of hostileValues()) {
      expect(() => watchDataLayer(value, onEntry)()).not.toThrow();
    }
    const frozen = Object.freeze([{ event: 'a' }]);
    expect(() => watchDataLayer(frozen, onEntry)()).not.toThrow();
    const trap = new Proxy([] as unknown[], {
      get() {
        throw new Error('trap');
      },
    });
    expect(() => watchDataLayer(trap, onEntry)()).not.toThrow();
  });
});
