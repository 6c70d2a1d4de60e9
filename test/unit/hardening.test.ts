// The browser SDK under attack and faults (issue 10): nothing but the store's own settings decides what it loads
// or where it sends, any input costs bounded time and bounded console output, a listener cannot make it recurse
// without end, and a queued call with a hostile argument cannot stop it from starting.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_BEACON_BYTES } from '../../src/beacon';
import { MAX_ITEMS } from '../../src/common/event-data';
import { createPinterestTag } from '../../src/index';
import { MAX_WARNINGS } from '../../src/warn';
import { CORE_JS, messages, queue, quietConsole, settle, TAG_ID, tracks } from '../support/page';

/** Options a polluted `Object.prototype` could offer, each one that would steer the SDK if it were read. */
const POLLUTION: Record<string, unknown> = {
  scriptUrl: 'https://evil.example/core.js',
  relay: 'https://evil.example/collect',
  nonce: 'stolen-nonce',
  debug: true,
  consent: 'granted',
  currency: 'EUR',
  customer: { email: 'victim@example.com' },
  onEvent: () => {
    throw new Error('polluted listener ran');
  },
  limitedDataProcessing: true,
  // In event data and line items:
  value: 1e9,
  orderId: 'FORGED',
  email: 'victim@example.com',
  brand: 'FORGED',
  quantity: 1000,
  variantId: 'FORGED',
  // And in the SDK's own objects: its page state, the shopper's match keys.
  core: 'failed',
  log: [],
  explain: () => 'hijacked',
  em: 'f'.repeat(64),
};

function pollute(): void {
  for (const [key, value] of Object.entries(POLLUTION)) Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
}
/** Ends the pollution: vitest's own `expect` cannot work under it, so tests observe first and assert after. */
function clean(): void {
  for (const key of Object.keys(POLLUTION)) Reflect.deleteProperty(Object.prototype, key);
}
afterEach(clean);

const beacons = (): ReturnType<typeof vi.fn> => {
  const beacon = vi.fn(() => true);
  Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
  return beacon;
};
afterEach(() => {
  Reflect.deleteProperty(navigator, 'sendBeacon');
});

describe('only the store’s own settings', () => {
  it('a polluted Object.prototype becomes no option, no event field and no customer', async () => {
    const beacon = beacons();
    const { warn } = quietConsole();
    pollute();
    const tag = createPinterestTag({ tagId: TAG_ID });
    await settle();
    const result = tag.addToCart({ items: [{ id: 'SKU-1', price: 5 }] });
    const scripts = Array.from(document.scripts, (script) => [script.src, script.nonce]);
    const commands = JSON.parse(JSON.stringify(queue()));
    clean();
    expect(scripts).toEqual([[CORE_JS, '']]);
    expect(beacon).not.toHaveBeenCalled();
    expect(commands[0]).toEqual(['load', TAG_ID, {}]);
    expect(commands.some(([name]: unknown[]) => name === 'set')).toBe(false);
    expect(commands.filter(([name, event]: unknown[]) => name === 'track' && event === 'addtocart')).toEqual([
      [
        'track',
        'addtocart',
        { line_items: [{ product_id: 'SKU-1', product_price: 5, product_quantity: 1 }], order_quantity: 1, value: 5, event_id: result.eventId },
      ],
    ]);
    // (jsdom's own CustomEvent cannot be made under a polluted `value`, so the DOM event is checked in Chromium:
    // test/browser/hardening.test.ts.)
    expect(messages(warn).filter((message) => !message.includes('pinterest-tag:event'))).toEqual([]);
  });

  it.each([
    ['data:', 'data:text/javascript,alert(1)'],
    ['javascript:', 'javascript:alert(1)'],
    ['blob:', 'blob:https://shop.example/1b7e'],
    ['plain http off this machine', 'http://cdn.example.com/core.js'],
    ['a URL that is none', 'http://[bad'],
  ])('a scriptUrl or relay that is %s is refused with a warning: the default core.js loads, nothing is relayed', async (_kind, url) => {
    const beacon = beacons();
    const { warn } = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, scriptUrl: url, relay: url, nonce: 'n0nce' });
    await settle();
    tag.lead();
    expect(Array.from(document.scripts, (script) => [script.src, script.nonce])).toEqual([[CORE_JS, 'n0nce']]);
    expect(beacon).not.toHaveBeenCalled();
    expect(messages(warn)).toEqual(['[pinterest-tag] bad-url option scriptUrl', '[pinterest-tag] bad-url option relay']);
  });

  it('https anywhere, and http on this machine, are taken', async () => {
    const beacon = beacons();
    createPinterestTag({ tagId: TAG_ID, scriptUrl: 'https://cdn.example.com/pin/core.js', relay: 'http://127.0.0.1:8080/relay' });
    await settle();
    expect(Array.from(document.scripts, (script) => script.src)).toEqual(['https://cdn.example.com/pin/core.js']);
    expect(beacon.mock.calls.map(([url]) => url)).toEqual(['http://127.0.0.1:8080/relay']);
  });
});

describe('bounded work per call', () => {
  it(`thousands of bad fields cost one call and print at most ${MAX_WARNINGS} warnings and one count of the rest`, () => {
    const { warn } = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    const items = Array.from({ length: MAX_ITEMS }, () => ({ id: {}, price: 'free', quantity: -1 }));
    const started = performance.now();
    expect(tag.addToCart({ items: items as never }).status).toBe('invalid');
    expect(performance.now() - started).toBeLessThan(500);
    const said = messages(warn);
    expect(said).toHaveLength(MAX_WARNINGS + 1);
    expect(said.at(-1)).toBe(`[pinterest-tag] more-problems addToCart: ${3 * MAX_ITEMS - MAX_WARNINGS} more`);
  });

  it('a sparse array claiming four billion items is refused at once', () => {
    quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    const items: unknown[] = [];
    items.length = 2 ** 32 - 1;
    const started = performance.now();
    expect(tag.checkout({ orderId: '1', items: items as never }).status).toBe('invalid');
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('a listener that tracks an event from inside onEvent cannot recurse without end: three levels, then one warning', async () => {
    const { warn } = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    let heard = 0;
    tag.onEvent(() => {
      heard++;
      tag.lead();
    });
    tag.lead();
    // The tag gets every event; listeners hear the first three levels only.
    expect(heard).toBe(3);
    expect(tracks('lead')).toHaveLength(4);
    expect(messages(warn)).toEqual(['[pinterest-tag] listener-loop onEvent']);
  });
});

describe('large carts and the relay', () => {
  it('an event too large for a beacon goes by fetch (no keepalive), with a warning: never dropped', async () => {
    const beacon = beacons();
    const fetched = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(new Response(null, { status: 202 })));
    vi.stubGlobal('fetch', fetched);
    try {
      const { warn } = quietConsole();
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, relay: '/relay' });
      const items = Array.from({ length: MAX_ITEMS }, (_, i) => ({ id: `SKU-${i}`, name: 'x'.repeat(200), price: 1 }));
      const small = tag.lead();
      const large = tag.addToCart({ items });
      expect(large.status).toBe('sent');
      expect(beacon).toHaveBeenCalledTimes(1);
      expect(JSON.parse(beacon.mock.calls[0]![1] as string).eventId).toBe(small.eventId);
      expect(fetched).toHaveBeenCalledTimes(1);
      const [, init] = fetched.mock.calls[0]!;
      expect(init!.keepalive).toBe(false);
      expect((init!.body as string).length).toBeGreaterThan(MAX_BEACON_BYTES);
      expect(JSON.parse(init!.body as string).eventId).toBe(large.eventId);
      expect(messages(warn)).toEqual(['[pinterest-tag] beacon-large relay']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
