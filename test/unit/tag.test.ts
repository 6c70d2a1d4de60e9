// createPinterestTag in jsdom: the loader (stub, core.js, load/page/pagevisit once), the nine events and what
// reaches pintrk, listeners and the DOM event, checkout deduplication, validation, and "never throws".
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { ActionName, PinterestTag, TrackedEvent, TrackResult } from '../../src/common/types';
import { checkoutEventId, createPinterestTag, EVENTS } from '../../src/index';
import { MAX_QUEUE } from '../../src/loader';
import { hostileValues } from '../support/hostile';
import {
  CORE_JS,
  commands,
  domEvents,
  messages,
  named,
  pintrk,
  queue,
  quietConsole,
  runPinterestBaseCode,
  STATE_KEY,
  STATUSES,
  scriptsWithSrc,
  settle,
  setUrl,
  simulateReload,
  TAG_ID,
  tracks,
  UUID_V4,
} from '../support/page';

const ACTIONS = Object.keys(EVENTS) as ActionName[];

const call = (tag: PinterestTag, action: ActionName, input: unknown): TrackResult =>
  (tag as unknown as Record<ActionName, (input: unknown) => TrackResult>)[action](input);

describe('loader', () => {
  it('installs a stub shaped like Pinterest base code: a function pushing argument arrays onto queue, version 3.0', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const stub = pintrk()!;
    expect(typeof stub).toBe('function');
    expect(stub.version).toBe('3.0');
    expect(Array.isArray(stub.queue)).toBe(true);
    expect(stub.queue.every((entry) => Array.isArray(entry))).toBe(true);
    const before = stub.queue.length;
    stub('track', 'custom', { a: 1 });
    expect(stub.queue.length).toBe(before + 1);
    expect(stub.queue.at(-1)).toEqual(['track', 'custom', { a: 1 }]);
    expect(Array.isArray(stub.queue.at(-1))).toBe(true);
  });

  it('injects exactly one async core.js from the default URL, with no nonce when none is given', async () => {
    createPinterestTag({ tagId: TAG_ID });
    await settle();
    const all = document.querySelectorAll('script');
    expect(all.length).toBe(1);
    const script = all[0]!;
    expect(script.src).toBe(CORE_JS);
    expect(script.async).toBe(true);
    expect(script.nonce).toBe('');
    expect(script.getAttribute('nonce')).toBeNull();
  });

  it('uses a custom scriptUrl and the CSP nonce for the injected script', async () => {
    const url = 'https://cdn.example.com/pinterest/core.js';
    createPinterestTag({ tagId: TAG_ID, scriptUrl: url, nonce: 'r4nd0m-N0nce' });
    await settle();
    const all = document.querySelectorAll('script');
    expect(all.length).toBe(1);
    expect(all[0]!.src).toBe(url);
    expect(all[0]!.async).toBe(true);
    expect(all[0]!.nonce).toBe('r4nd0m-N0nce');
    expect(scriptsWithSrc(CORE_JS)).toHaveLength(0);
  });

  it('queues load, page and one pagevisit, in that order, on a page load', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID });
    await settle();
    expect(queue()).toHaveLength(3);
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
    expect(queue()[1]).toEqual(['page']);
    const [name, event, data] = queue()[2]!;
    expect([name, event]).toEqual(['track', 'pagevisit']);
    expect(data).toEqual({ event_id: expect.stringMatching(UUID_V4) });
    // Later events add tracks only.
    tag.lead();
    tag.pageVisit();
    expect(named('load')).toHaveLength(1);
    expect(named('page')).toHaveLength(1);
    expect(tracks('pagevisit')).toHaveLength(2);
  });

  it('loads with the hashed match data when the customer is known', async () => {
    createPinterestTag({ tagId: TAG_ID, customer: { email: 'Jane.Doe@Example.com' }, autoPageVisit: false });
    await settle();
    expect(queue()).toEqual([['load', TAG_ID, { em: expect.stringMatching(/^[a-f0-9]{64}$/) }], ['page']]);
  });

  it('sends no pagevisit with autoPageVisit: false, and still loads', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    expect(queue()).toEqual([['load', TAG_ID, {}], ['page']]);
    expect(tracks()).toHaveLength(0);
  });

  it('beside Pinterest base code already on the page: one core.js, one load, one page, one pagevisit', async () => {
    runPinterestBaseCode('123');
    expect(queue()).toEqual([['load', '123'], ['page']]);
    expect(scriptsWithSrc()).toHaveLength(1);
    const tag = createPinterestTag({ tagId: '123' });
    await settle();
    expect(scriptsWithSrc()).toHaveLength(1);
    expect(document.querySelectorAll('script[src]')).toHaveLength(1);
    expect(named('load')).toEqual([['load', '123']]);
    expect(named('page')).toEqual([['page']]);
    expect(commands()).toEqual([['load', '123'], ['page'], ['track', 'pagevisit', { event_id: expect.stringMatching(UUID_V4) }]]);
    const { eventId } = tag.search({ query: 'boots' });
    expect(commands().at(-1)).toEqual(['track', 'search', { search_query: 'boots', event_id: eventId }]);
  });

  it('beside a Pinterest library that already ran the queue (pintrk.tagId set): no load, no page, one pagevisit', async () => {
    const dispatched: unknown[][] = [];
    const library = Object.assign((...args: unknown[]) => void dispatched.push(args), { queue: [] as unknown[], version: '3.0', tagId: '123' });
    library.queue.push = (...items: unknown[]) => dispatched.push(...(items as unknown[][]));
    (window as unknown as { pintrk: unknown }).pintrk = library;
    const s = document.createElement('script');
    s.src = CORE_JS;
    document.head.appendChild(s);
    createPinterestTag({ tagId: '123' });
    await settle();
    expect(scriptsWithSrc()).toHaveLength(1);
    const meaningful = dispatched.filter((c) => !(c[0] === 'set' && Object.keys(c[1] as object).length === 0));
    expect(meaningful).toEqual([['track', 'pagevisit', { event_id: expect.stringMatching(UUID_V4) }]]);
  });

  it('a second createPinterestTag with the same tag sends no second load, page or pagevisit', async () => {
    createPinterestTag({ tagId: TAG_ID });
    await settle();
    const first = commands().slice();
    const second = createPinterestTag({ tagId: TAG_ID });
    await settle();
    expect(commands()).toEqual(first);
    expect(scriptsWithSrc()).toHaveLength(1);
    // The second instance works: its events go out once each.
    const { eventId } = second.lead({ leadType: 'quote' });
    expect(commands()).toEqual([...first, ['track', 'lead', { lead_type: 'quote', event_id: eventId }]]);
  });

  it('keeps page-wide state under Symbol.for("storefront-pinterest-tag") for other copies of the SDK', async () => {
    createPinterestTag({ tagId: TAG_ID });
    await settle();
    const state = (window as unknown as Record<symbol, { loaded: Record<string, boolean>; paged: boolean; visited: Record<string, string> }>)[STATE_KEY]!;
    expect(state.loaded[TAG_ID]).toBe(true);
    expect(state.paged).toBe(true);
    // The URL of the last page visit: one per page load and per SPA route, whichever copy sends it.
    expect(state.visited[TAG_ID]).toBe(location.href);
  });

  it('after a core.js error, events still return IDs and reach listeners, but nothing more is queued', async () => {
    const { warn } = quietConsole();
    const seen: TrackedEvent[] = [];
    const dom = domEvents();
    const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
    await settle();
    const [script] = scriptsWithSrc();
    script!.dispatchEvent(new Event('error'));
    expect(messages(warn).filter((m) => m.includes('core-failed') && m.includes(CORE_JS))).toHaveLength(1);
    const before = queue().slice();
    const results = [tag.addToCart({ product: { id: 'SKU-1', price: 5 } }), tag.checkout({ orderId: 'A-1', value: 5 }), tag.pageVisit()];
    tag.identify({ email: 'after@error.com' });
    expect(queue()).toEqual(before);
    // Not `sent`: the tag will not send them. Listeners and the relay still have them, for the server's twin.
    for (const r of results) expect(r.status).toBe('blocked');
    expect(results[0]!.eventId).toMatch(UUID_V4);
    expect(results[1]!.eventId).toBe(checkoutEventId('A-1'));
    expect(seen.slice(1).map((e) => e.eventId)).toEqual(results.map((r) => r.eventId));
    expect(dom.slice(1).map((e) => e.eventId)).toEqual(results.map((r) => r.eventId));
    expect(seen[1]!.data).toEqual({
      line_items: [{ product_id: 'SKU-1', product_price: 5, product_quantity: 1 }],
      order_quantity: 1,
      value: 5,
      event_id: results[0]!.eventId,
    });
  });

  it('bounds the queue at MAX_QUEUE commands while core.js never loads, with one warning; events still get IDs', async () => {
    const { warn } = quietConsole();
    const listener = vi.fn();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, onEvent: listener });
    await settle();
    const results = Array.from({ length: MAX_QUEUE + 100 }, (_, i) => tag.custom({ value: i }));
    expect(queue()).toHaveLength(MAX_QUEUE);
    expect(queue().slice(0, 2)).toEqual([['load', TAG_ID, {}], ['page']]);
    expect(queue().at(-1)).toEqual(['track', 'custom', { value: MAX_QUEUE - 3, event_id: results[MAX_QUEUE - 3]!.eventId }]);
    expect(messages(warn).filter((m) => m.includes('queue-full'))).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => r.eventId)).size).toBe(MAX_QUEUE + 100);
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(listener).toHaveBeenCalledTimes(MAX_QUEUE + 100);
  });

  it('once core.js has loaded and replaced queue.push, nothing waits and the bound does not apply', async () => {
    const { warn } = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const delivered: unknown[][] = [...queue()];
    // What Pinterest's library does when it runs (SPEC §1.2): drain the queue, then dispatch each push at once.
    queue().length = 0;
    queue().push = (...items: unknown[][]) => delivered.push(...items);
    scriptsWithSrc()[0]!.dispatchEvent(new Event('load'));
    for (let i = 0; i < MAX_QUEUE + 10; i++) tag.custom();
    expect(delivered).toHaveLength(2 + MAX_QUEUE + 10);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('events', () => {
  const inputs: Record<ActionName, [unknown, string, Record<string, unknown>]> = {
    pageVisit: [{ pageName: 'Home' }, 'pagevisit', { page_name: 'Home' }],
    viewCategory: [{ category: 'Shoes' }, 'viewcategory', { line_items: [{ product_category: 'Shoes' }] }],
    search: [{ query: 'red boots' }, 'search', { search_query: 'red boots' }],
    addToCart: [
      { product: { id: 'SKU-1', name: 'Boot', price: '25.50', quantity: 2, brand: 'Parker', variant: 'Red', variantId: 'SKU-1-R' } },
      'addtocart',
      {
        line_items: [
          {
            product_id: 'SKU-1',
            product_name: 'Boot',
            product_price: 25.5,
            product_quantity: 2,
            product_brand: 'Parker',
            product_variant: 'Red',
            product_variant_id: 'SKU-1-R',
          },
        ],
        order_quantity: 2,
        value: 51,
        currency: 'USD',
      },
    ],
    checkout: [
      {
        orderId: '1001',
        promoCode: 'SPRING',
        items: [
          { id: 11, price: 48, quantity: 1 },
          { id: '12', price: 10, quantity: 3 },
        ],
        currency: 'EUR',
      },
      'checkout',
      {
        order_id: '1001',
        promo_code: 'SPRING',
        line_items: [
          { product_id: '11', product_price: 48, product_quantity: 1 },
          { product_id: '12', product_price: 10, product_quantity: 3 },
        ],
        order_quantity: 4,
        value: 78,
        currency: 'EUR',
      },
    ],
    signup: [{ leadType: 'newsletter' }, 'signup', { lead_type: 'newsletter' }],
    lead: [{ leadType: 'quote' }, 'lead', { lead_type: 'quote' }],
    watchVideo: [{ videoTitle: 'How to lace' }, 'watchvideo', { video_title: 'How to lace' }],
    custom: [undefined, 'custom', {}],
    initiateCheckout: [
      { items: [{ id: 'SKU-1', price: 10, quantity: 2 }], promoCode: 'SPRING' },
      'initiatecheckout',
      { promo_code: 'SPRING', line_items: [{ product_id: 'SKU-1', product_price: 10, product_quantity: 2 }], order_quantity: 2, value: 20, currency: 'USD' },
    ],
    addToWishlist: [{ product: { id: 'SKU-2' } }, 'addtowishlist', { line_items: [{ product_id: 'SKU-2', product_quantity: 1 }], order_quantity: 1 }],
    addPaymentInfo: [{ value: 30 }, 'addpaymentinfo', { value: 30, currency: 'USD' }],
    viewContent: [
      { product: { id: 'SKU-3', price: 5 }, category: 'Guides' },
      'viewcontent',
      { line_items: [{ product_id: 'SKU-3', product_price: 5, product_category: 'Guides', product_quantity: 1 }] },
    ],
    subscribe: [{ value: 9.99 }, 'subscribe', { value: 9.99, currency: 'USD' }],
    contact: [{ leadType: 'chat' }, 'contact', { lead_type: 'chat' }],
    startTrial: [{ value: 0 }, 'starttrial', { value: 0, currency: 'USD' }],
    submitApplication: [{ leadType: 'credit' }, 'submitapplication', { lead_type: 'credit' }],
    schedule: [{ leadType: 'fitting' }, 'schedule', { lead_type: 'fitting' }],
    findLocation: [undefined, 'findlocation', {}],
    customizeProduct: [
      { product: { id: 'SKU-4', variant: 'Engraved' } },
      'customizeproduct',
      { line_items: [{ product_id: 'SKU-4', product_variant: 'Engraved', product_quantity: 1 }], order_quantity: 1 },
    ],
  };
  const apiNames: Record<ActionName, string> = {
    pageVisit: 'page_visit',
    viewCategory: 'view_category',
    search: 'search',
    addToCart: 'add_to_cart',
    checkout: 'checkout',
    signup: 'signup',
    lead: 'lead',
    watchVideo: 'watch_video',
    custom: 'custom',
    initiateCheckout: 'initiate_checkout',
    addToWishlist: 'add_to_wishlist',
    addPaymentInfo: 'add_payment_info',
    viewContent: 'view_content',
    subscribe: 'subscribe',
    contact: 'contact',
    startTrial: 'start_trial',
    submitApplication: 'submit_application',
    schedule: 'schedule',
    findLocation: 'find_location',
    customizeProduct: 'customize_product',
  };

  for (const action of ACTIONS) {
    it(`${action}: ['track', '${inputs[action][1]}', data] with the returned event_id, the same event to the listener and the DOM event`, async () => {
      const [input, tagName, expected] = inputs[action];
      const seen: TrackedEvent[] = [];
      const dom = domEvents();
      const tag = createPinterestTag({ tagId: TAG_ID, currency: 'USD', autoPageVisit: false, onEvent: (e) => seen.push(e) });
      await settle();
      setUrl('/products/boot?color=red');
      const before = queue().length;
      const t0 = Date.now();
      const result = call(tag, action, input);
      const t1 = Date.now();
      expect(result).toEqual({ event: tagName, apiEvent: apiNames[action], eventId: result.eventId, status: 'sent' });
      if (action === 'checkout') expect(result.eventId).toBe(checkoutEventId('1001'));
      else expect(result.eventId).toMatch(UUID_V4);
      const data = { ...expected, event_id: result.eventId };
      expect(queue().slice(before)).toEqual([['track', tagName, data]]);
      expect(seen).toHaveLength(1);
      expect(dom).toHaveLength(1);
      for (const event of [seen[0]!, dom[0]!]) {
        expect(Object.keys(event).sort()).toEqual(['apiEvent', 'data', 'event', 'eventId', 'time', 'url']);
        expect(event).toEqual({
          event: tagName,
          apiEvent: apiNames[action],
          eventId: result.eventId,
          data,
          time: event.time,
          url: 'http://localhost:3000/products/boot?color=red',
        });
        expect(event.time).toBeGreaterThanOrEqual(t0);
        expect(event.time).toBeLessThanOrEqual(t1);
      }
    });
  }

  it("the caller's eventId wins, for checkout too", async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const a = tag.addToCart({ product: { id: 'SKU-1' }, eventId: 'srv-0001' });
    const b = tag.checkout({ orderId: '77', eventId: ' srv-0002 ' });
    expect(a.eventId).toBe('srv-0001');
    expect(b.eventId).toBe('srv-0002');
    expect(tracks()).toEqual([
      ['track', 'addtocart', { line_items: [{ product_id: 'SKU-1', product_quantity: 1 }], order_quantity: 1, event_id: 'srv-0001' }],
      ['track', 'checkout', { order_id: '77', event_id: 'srv-0002' }],
    ]);
  });

  it('each event gets its own random ID', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const ids = Array.from({ length: 50 }, () => tag.pageVisit().eventId);
    expect(new Set(ids).size).toBe(50);
  });

  it("a checkout's ID is checkoutEventId(orderId), checkout_<order ID>, for the same order however written", async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const { eventId } = tag.checkout({ orderId: 1001, value: 10 });
    expect(eventId).toBe(checkoutEventId('1001'));
    expect(eventId).toBe('checkout_1001');
    expect(tracks('checkout')).toEqual([['track', 'checkout', { order_id: '1001', value: 10, event_id: eventId }]]);
  });

  it('a second checkout for the same order returns duplicate and sends nothing', async () => {
    const listener = vi.fn();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, onEvent: listener });
    await settle();
    const first = tag.checkout({ orderId: 'ORD-9', value: 20 });
    const before = queue().slice();
    for (const orderId of ['ORD-9', ' ORD-9 ']) {
      const again = tag.checkout({ orderId, value: 20 });
      expect(again).toEqual({ event: 'checkout', apiEvent: 'checkout', eventId: first.eventId, status: 'duplicate' });
    }
    expect(queue()).toEqual(before);
    expect(listener).toHaveBeenCalledTimes(1);
    // Another order is not a duplicate.
    expect(tag.checkout({ orderId: 'ORD-10' }).status).toBe('sent');
  });

  it('a reloaded thank-you page (new page, same localStorage) does not send the checkout again', async () => {
    const first = createPinterestTag({ tagId: TAG_ID }).checkout({ orderId: 'ORD-42', value: 99 });
    await settle();
    expect(first.status).toBe('sent');
    simulateReload('/thank-you');
    const listener = vi.fn();
    const tag = createPinterestTag({ tagId: TAG_ID, onEvent: listener });
    await settle();
    const again = tag.checkout({ orderId: 'ORD-42', value: 99 });
    expect(again).toEqual({ event: 'checkout', apiEvent: 'checkout', eventId: first.eventId, status: 'duplicate' });
    expect(tracks('checkout')).toHaveLength(0);
    expect(listener.mock.calls.map(([e]) => (e as TrackedEvent).event)).toEqual(['pagevisit']);
  });

  it('two instances on one page (two copies of the SDK) send one checkout per order', async () => {
    const a = createPinterestTag({ tagId: TAG_ID });
    await settle();
    const b = createPinterestTag({ tagId: TAG_ID });
    await settle();
    expect(a.checkout({ orderId: 'ORD-7', value: 1 }).status).toBe('sent');
    expect(b.checkout({ orderId: 'ORD-7', value: 1 }).status).toBe('duplicate');
    expect(tracks('checkout')).toHaveLength(1);
  });

  describe('invalid input: status invalid, one warning per problem naming the field, nothing sent', () => {
    const cases: Array<[ActionName, unknown, string[]]> = [
      ['addToCart', { product: { id: 'SKU-1', price: 'abc' } }, ['product.price']],
      ['addToCart', { items: [{ price: 5 }] }, ['items[0].id']],
      ['addToCart', { items: [{ id: 'A', quantity: 1.5 }], value: -1 }, ['items[0].quantity', 'value']],
      ['addToCart', { items: [{ id: 'A', quantity: 0 }] }, ['items[0].quantity']],
      ['addToCart', { items: { id: 'A' } }, ['items']],
      ['addToCart', { product: 'SKU-1' }, ['product']],
      ['addToCart', { product: { id: 'A' }, value: 5, currency: 'XYZ' }, ['currency']],
      ['addToCart', { product: { id: 'A' }, value: 'NaN' }, ['value']],
      ['addToCart', { product: { id: 'A' }, value: Infinity }, ['value']],
      ['addToCart', 'SKU-1', ['data']],
      ['addToCart', [{ id: 'A' }], ['data']],
      ['search', {}, ['query']],
      ['search', { query: '   ' }, ['query']],
      ['search', { query: { text: 'boots' } }, ['query']],
      ['checkout', { value: 10 }, ['orderId']],
      ['lead', { leadType: ['a'] }, ['leadType']],
      ['watchVideo', { videoTitle: {} }, ['videoTitle']],
      ['pageVisit', { pageName: 'Home', eventId: 42 }, ['eventId']],
      ['custom', { eventId: '' }, ['eventId']],
      ['viewCategory', { category: 7n }, ['category']],
    ];
    for (const [action, input, fields] of cases) {
      it(`${action}(${JSON.stringify(input, (_, v) => (typeof v === 'bigint' ? `${v}n` : v === Infinity ? 'Infinity' : v))}) warns about ${fields.join(', ')}`, async () => {
        const { warn, error } = quietConsole();
        const listener = vi.fn();
        const dom = domEvents();
        const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, onEvent: listener });
        await settle();
        const before = queue().slice();
        const result = call(tag, action, input);
        expect(result.status).toBe('invalid');
        expect(typeof result.eventId).toBe('string');
        expect(queue()).toEqual(before);
        expect(listener).not.toHaveBeenCalled();
        expect(dom).toHaveLength(0);
        const said = messages(warn);
        expect(said).toHaveLength(fields.length);
        for (const [i, field] of fields.entries()) expect(said[i]).toContain(field);
        expect(error).not.toHaveBeenCalled();
      });
    }

    it('a field whose value cannot even be read as text (null prototype) is invalid, with one warning naming it', async () => {
      const { warn } = quietConsole();
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
      await settle();
      const before = queue().slice();
      const result = tag.addToCart({ product: { id: 'A' }, value: Object.create(null) });
      expect(queue()).toEqual(before);
      expect(result.status).toBe('invalid');
      expect(messages(warn)).toHaveLength(1);
      expect(messages(warn)[0]).toContain('value');
    });

    it('input whose getters throw is invalid (not inactive) and nothing is sent', async () => {
      quietConsole();
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
      await settle();
      const before = queue().slice();
      const hostile = Object.defineProperty({}, 'eventId', {
        enumerable: true,
        get() {
          throw new Error('getter boom');
        },
      });
      const result = tag.lead(hostile as never);
      expect(queue()).toEqual(before);
      expect(result.status).toBe('invalid');
    });
  });

  describe('listeners', () => {
    it('a listener that throws does not stop the other listeners, the DOM event or the tag', async () => {
      const { warn } = quietConsole();
      const later = vi.fn();
      const dom = domEvents();
      const tag = createPinterestTag({
        tagId: TAG_ID,
        autoPageVisit: false,
        onEvent: () => {
          throw new Error('listener boom');
        },
      });
      tag.onEvent(later);
      const result = tag.signup();
      expect(result.status).toBe('sent');
      expect(tracks()).toEqual([['track', 'signup', { event_id: result.eventId }]]);
      expect(later).toHaveBeenCalledTimes(1);
      expect(dom.map((e) => e.eventId)).toEqual([result.eventId]);
      expect(messages(warn).filter((m) => m.includes('listener boom'))).toHaveLength(1);
    });

    it('a listener that throws something that is not an Error (a Symbol, a null-prototype object) breaks nothing either', async () => {
      quietConsole();
      const later = vi.fn();
      const dom = domEvents();
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
      await settle();
      tag.onEvent(() => {
        throw Symbol('odd');
      });
      tag.onEvent(() => {
        throw Object.create(null);
      });
      tag.onEvent(later);
      let result: TrackResult | undefined;
      expect(() => (result = tag.signup())).not.toThrow();
      expect(result!.status).toBe('sent');
      expect(later).toHaveBeenCalledTimes(1);
      expect(dom).toHaveLength(1);
    });

    it('a listener mutating its event cannot change what went to pintrk', async () => {
      const tag = createPinterestTag({
        tagId: TAG_ID,
        autoPageVisit: false,
        onEvent: (e) => {
          e.data.value = 0;
          (e.data.line_items as Array<Record<string, unknown>>)[0]!.product_id = 'HACKED';
          e.data.event_id = 'changed';
          e.eventId = 'changed';
        },
      });
      const result = tag.addToCart({ product: { id: 'SKU-1', price: 10 } });
      expect(result.eventId).not.toBe('changed');
      expect(tracks()).toEqual([
        [
          'track',
          'addtocart',
          { line_items: [{ product_id: 'SKU-1', product_price: 10, product_quantity: 1 }], order_quantity: 1, value: 10, event_id: result.eventId },
        ],
      ]);
    });

    it('a listener mutating its event does not change what the next listener and the DOM event receive', async () => {
      const seen: TrackedEvent[] = [];
      const dom = domEvents();
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
      await settle();
      tag.onEvent((e) => {
        e.data.value = 0;
        e.eventId = 'changed';
      });
      tag.onEvent((e) => seen.push(e));
      const result = tag.addToCart({ product: { id: 'SKU-1', price: 10 } });
      const sent = tracks()[0]![2];
      expect(seen[0]!.eventId).toBe(result.eventId);
      expect(seen[0]!.data).toEqual(sent);
      expect(dom[0]!.data).toEqual(sent);
    });

    it('the DOM event’s detail is made on first read and once: a page that never reads it pays for no copy', async () => {
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
      await settle();
      const stringify = vi.spyOn(JSON, 'stringify');
      try {
        tag.addToCart({ product: { id: 'SKU-1', price: 10 } });
        expect(stringify).not.toHaveBeenCalled();
        const details: unknown[] = [];
        const read = (event: Event): void => void details.push((event as CustomEvent).detail, (event as CustomEvent).detail);
        addEventListener('pinterest-tag:event', read);
        addEventListener('pinterest-tag:event', read, { capture: true });
        const result = tag.addToCart({ product: { id: 'SKU-2', price: 10 } });
        removeEventListener('pinterest-tag:event', read);
        removeEventListener('pinterest-tag:event', read, { capture: true });
        expect(stringify).toHaveBeenCalledTimes(1);
        expect(details).toHaveLength(4);
        for (const detail of details) expect(detail).toBe(details[0]);
        expect((details[0] as TrackedEvent).eventId).toBe(result.eventId);
      } finally {
        stringify.mockRestore();
      }
    });

    it('onEvent returns an unsubscribe function; a non-function listener gets one warning', async () => {
      const { warn } = quietConsole();
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
      await settle();
      const listener = vi.fn();
      const off = tag.onEvent(listener);
      tag.lead();
      off();
      tag.lead();
      expect(listener).toHaveBeenCalledTimes(1);
      expect(typeof tag.onEvent('nope' as never)).toBe('function');
      expect(messages(warn)).toHaveLength(1);
      expect(messages(warn)[0]).toContain('onEvent');
    });
  });
});

describe('relay', () => {
  it('posts each released event to the relay URL with sendBeacon, as the listeners receive it', async () => {
    const beacon = vi.fn((_url: string, _body?: BodyInit | null) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    try {
      const seen: TrackedEvent[] = [];
      const tag = createPinterestTag({ tagId: TAG_ID, relay: '/pinterest/events', onEvent: (e) => seen.push(e) });
      tag.checkout({ orderId: 'R-1', value: 12 });
      expect(beacon).toHaveBeenCalledTimes(2);
      // The relay URL, absolute: the page's own origin here (http is allowed on localhost only).
      expect(beacon.mock.calls.map(([url]) => url)).toEqual(['http://localhost:3000/pinterest/events', 'http://localhost:3000/pinterest/events']);
      expect(beacon.mock.calls.map(([, body]) => JSON.parse(body as string))).toEqual(seen);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).sendBeacon;
    }
  });

  it("a listener that edits its event does not change what is relayed to the merchant's server", async () => {
    const beacon = vi.fn((_url: string, _body?: BodyInit | null) => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    try {
      const tag = createPinterestTag({
        tagId: TAG_ID,
        autoPageVisit: false,
        relay: '/pinterest/events',
        onEvent: (e) => {
          e.data.value = 0;
        },
      });
      tag.checkout({ orderId: 'R-2', value: 12 });
      expect(JSON.parse(beacon.mock.calls[0]![1] as string).data).toEqual(tracks('checkout')[0]![2]);
    } finally {
      delete (navigator as unknown as Record<string, unknown>).sendBeacon;
    }
  });
});

describe('SPA route changes', () => {
  it('the TrackedEvent of a route change has the new URL', async () => {
    const seen: TrackedEvent[] = [];
    createPinterestTag({ tagId: TAG_ID, spa: true, onEvent: (e) => seen.push(e) });
    await settle();
    history.pushState({}, '', '/cart');
    expect(seen.map((e) => e.url)).toEqual(['http://localhost:3000/', 'http://localhost:3000/cart']);
  });

  it('two copies of the SDK with spa on still send one pagevisit per route', async () => {
    createPinterestTag({ tagId: TAG_ID, spa: true });
    await settle();
    createPinterestTag({ tagId: TAG_ID, spa: true });
    await settle();
    expect(tracks('pagevisit')).toHaveLength(1);
    history.pushState({}, '', '/checkout');
    expect(tracks('pagevisit')).toHaveLength(2);
  });
});

describe('tagId', () => {
  const inert = (tagId: unknown) => {
    const listener = vi.fn();
    const dom = domEvents();
    let tag: PinterestTag | undefined;
    expect(() => (tag = createPinterestTag({ tagId: tagId as string, onEvent: listener }))).not.toThrow();
    for (const action of ACTIONS) {
      const result = call(tag!, action, { orderId: '1', query: 'q' });
      expect(result.status).toBe('inactive');
      expect(typeof result.eventId).toBe('string');
    }
    tag!.identify({ email: 'a@b.co' });
    tag!.setConsent('granted');
    expect(tag!.clickId()).toBeUndefined();
    expect('pintrk' in window).toBe(false);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
    expect(listener).not.toHaveBeenCalled();
    expect(dom).toHaveLength(0);
  };

  const bad: unknown[] = [undefined, null, '', '   ', 'abc', '12a3', '1'.repeat(21), -5, 1.5, NaN];
  for (const tagId of bad) {
    it(`tagId ${typeof tagId === 'string' ? JSON.stringify(tagId) : String(tagId)}: one console.error naming tagId, an inert instance, nothing on the page`, async () => {
      const { warn, error } = quietConsole();
      inert(tagId);
      expect(error).toHaveBeenCalledTimes(1);
      expect(messages(error)[0]).toContain('tagId');
      expect(warn).not.toHaveBeenCalled();
    });
  }

  it('a tagId that is not even a string or number ({}, [], true): inert, and one console message about it, not two', async () => {
    for (const tagId of [{}, [], true]) {
      const { warn, error } = quietConsole();
      inert(tagId);
      expect(error).toHaveBeenCalledTimes(1);
      expect(messages(error)[0]).toContain('tagId');
      expect(messages(warn).filter((m) => m.includes('tagId'))).toEqual([]);
      vi.restoreAllMocks();
    }
  });

  it('accepts a digits-only tag ID with surrounding spaces, or as a number', async () => {
    createPinterestTag({ tagId: ' 2612345678901 ', autoPageVisit: false });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
    simulateReload();
    createPinterestTag({ tagId: 2612345678901 as unknown as string, autoPageVisit: false });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
  });

  it('createPinterestTag() with no options at all is inert, with one console.error', async () => {
    const { error } = quietConsole();
    const tag = (createPinterestTag as unknown as () => PinterestTag)();
    expect(error).toHaveBeenCalledTimes(1);
    expect(tag.pageVisit().status).toBe('inactive');
    expect('pintrk' in window).toBe(false);
  });
});

// --- Never throws ------------------------------------------------------------------------------------------

const cyclic = (): unknown => {
  const o: Record<string, unknown> = { orderId: 'C-1', query: 'q', product: { id: 'SKU' } };
  o.self = o;
  (o.product as Record<string, unknown>).parent = o;
  o.items = [o, o.product];
  return o;
};
const HUGE = Array.from({ length: 5_000 }, (_, i) => ({ id: `SKU-${i}`, price: i % 7, quantity: 1 + (i % 3) }));
const SPARSE = new Array(5_000);

/** Odd numbers and number-like strings. */
const numberish = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0, 1e21, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, '12.5', ' 7 ', '1e3', '0x10', '', '-3', '.5', '5.'),
  fc.double(),
  fc.integer(),
  fc.string(),
);
const anything = fc.anything({
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
});
const value = fc.oneof(anything, numberish, fc.constant(cyclic()), fc.constant(HUGE), fc.constant(SPARSE));
const item = fc.record(
  { id: value, name: value, price: numberish, quantity: numberish, category: value, brand: value, variant: value, variantId: value },
  { requiredKeys: [] },
);
const input = fc.oneof(
  anything,
  fc.constant(cyclic()),
  fc.constant(HUGE),
  fc.record(
    {
      product: fc.oneof(item, value),
      items: fc.oneof(fc.array(fc.oneof(item, value), { maxLength: 5 }), value),
      value: numberish,
      currency: fc.oneof(fc.constantFrom('USD', 'usd', 'XXX', 'EURO', ''), value),
      orderId: fc.oneof(fc.string(), value),
      query: fc.oneof(fc.string(), value),
      eventId: fc.oneof(fc.uuid(), value),
      category: value,
      pageName: value,
      leadType: value,
      videoTitle: value,
      promoCode: value,
    },
    { requiredKeys: [] },
  ),
);
const customer = fc.oneof(
  anything,
  fc.record(
    {
      email: fc.oneof(fc.emailAddress(), value),
      phone: value,
      firstName: value,
      lastName: value,
      gender: value,
      dateOfBirth: fc.oneof(fc.date(), value),
      city: value,
      state: value,
      zip: value,
      country: value,
      externalId: value,
    },
    { requiredKeys: [] },
  ),
);

const HOSTILE = hostileValues();

/** A description of anything, even a value whose string conversion throws. */
const describeValue = (value: unknown): string => {
  try {
    return typeof value === 'symbol' ? value.toString() : `${value}`;
  } catch {
    return Object.prototype.toString.call(value);
  }
};

/** Runs `fn`; anything it throws fails the test with a readable message (vitest cannot print a thrown Symbol). */
function exercise(tag: PinterestTag, arg: unknown): TrackResult[] {
  const results = ACTIONS.map((action) => call(tag, action, arg));
  tag.identify(arg as never);
  tag.onEvent(arg as never);
  tag.clickId();
  tag.setConsent(arg as never);
  return results;
}

describe('never throws', () => {
  // Whether 'inactive' is right for such input is checked by the exact tests under "invalid input".
  it('every method, given arbitrary values (cyclic, huge, sparse, NaN/Infinity, numeric strings, null prototypes): no exception, a string eventId, a known status', async () => {
    quietConsole();
    const beacon = vi.fn(() => true);
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true });
    try {
      fc.assert(
        fc.property(input, fc.constantFrom('granted', 'pending', 'denied'), (arg, consent) => {
          const tag = createPinterestTag({ tagId: TAG_ID, consent, relay: '/relay', debug: true });
          for (const result of exercise(tag, arg)) {
            expect(typeof result.eventId).toBe('string');
            expect(STATUSES).toContain(result.status);
          }
        }),
        { numRuns: 150 },
      );
    } finally {
      delete (navigator as unknown as Record<string, unknown>).sendBeacon;
    }
  }, 60_000);

  it('identify() and the customer option, given arbitrary customers: no exception, and only 64-hex values reach pintrk', async () => {
    quietConsole();
    fc.assert(
      fc.property(customer, (c) => {
        simulateReload();
        const tag = createPinterestTag({ tagId: TAG_ID, customer: c as never, autoPageVisit: false });
        tag.identify(c as never);
        for (const [name, ...args] of queue()) {
          if (name === 'load' || name === 'set') {
            const match = (name === 'load' ? args[1] : args[0]) as Record<string, unknown>;
            for (const v of Object.values(match)) expect(v).toMatch(/^[a-f0-9]{64}$/);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('createPinterestTag, given arbitrary options: no exception and a working instance object', async () => {
    quietConsole();
    const options = fc.oneof(
      anything,
      fc.record(
        {
          tagId: fc.oneof(fc.constant(TAG_ID), fc.stringMatching(/^\d{1,20}$/), value),
          currency: fc.oneof(fc.constantFrom('USD', 'eur', 'XXX'), value),
          consent: fc.oneof(fc.constantFrom('granted', 'pending', 'denied'), value),
          autoPageVisit: value,
          spa: value,
          enhancedMatch: value,
          customer,
          debug: value,
          scriptUrl: value,
          nonce: value,
          limitedDataProcessing: fc.oneof(fc.record({ state: value, country: value }, { requiredKeys: [] }), value),
          onEvent: fc.oneof(fc.func(fc.anything()), value),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(options, input, (opts, arg) => {
        simulateReload();
        const tag = createPinterestTag(opts as never);
        for (const result of exercise(tag, arg)) {
          expect(typeof result.eventId).toBe('string');
          expect(STATUSES).toContain(result.status);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('inputs and options whose reads throw anything (an Error, a string, a Symbol, a null-prototype object, an object whose toString throws): no public call throws', async () => {
    quietConsole();
    const failures: string[] = [];
    const attempt = (label: string, fn: () => unknown): void => {
      try {
        fn();
      } catch (e) {
        failures.push(`${label} threw ${describeValue(e)}`);
      }
    };
    for (const [label, arg] of HOSTILE) {
      for (const consent of ['granted', 'pending'] as const) {
        simulateReload();
        attempt(`createPinterestTag(${label})`, () => createPinterestTag(arg as never));
        let tag: PinterestTag | undefined;
        attempt(`createPinterestTag({ consent: '${consent}', customer and limitedDataProcessing: ${label} })`, () => {
          tag = createPinterestTag({ tagId: TAG_ID, consent, customer: arg as never, limitedDataProcessing: arg as never });
        });
        tag ??= createPinterestTag({ tagId: TAG_ID, consent });
        for (const action of ACTIONS) attempt(`${action}(${label}) [${consent}]`, () => call(tag!, action, arg));
        attempt(`identify(${label}) [${consent}]`, () => tag!.identify(arg as never));
        attempt(`onEvent(${label}) [${consent}]`, () => tag!.onEvent(arg as never));
        attempt(`setConsent(${label}) [${consent}]`, () => tag!.setConsent(arg as never));
      }
    }
    expect(failures).toEqual([]);
  });

  it('identify() with a customer whose getter throws a Symbol does not throw', async () => {
    quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID });
    await settle();
    const customerWithBadGetter = Object.defineProperty({}, 'email', {
      enumerable: true,
      get() {
        throw Symbol('no');
      },
    });
    expect(() => tag.identify(customerWithBadGetter as never)).not.toThrow();
  });
});

describe('a pintrk queue with odd entries from other scripts', () => {
  it("still starts, and still notes the base code's load and page", async () => {
    const odd = Object.create(null);
    const queue: unknown[] = [odd, 42, null, [Symbol('x')], ['load', ' 2612345678901 '], ['page']];
    const stub = Object.assign((...args: unknown[]) => void queue.push(args), { queue, version: '3.0' });
    (window as unknown as { pintrk: unknown }).pintrk = stub;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tag = createPinterestTag({ tagId: '2612345678901' });
    await settle();
    expect(warn).not.toHaveBeenCalled();
    const { eventId } = tag.lead();
    expect(document.querySelectorAll('script[src="https://s.pinimg.com/ct/core.js"]')).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
    // The base code's load and page were seen, so neither is queued again; the SDK's events are.
    expect(stub.queue.filter((c) => Array.isArray(c) && (c[0] === 'load' || c[0] === 'page'))).toHaveLength(2);
    expect(stub.queue.at(-1)).toEqual(['track', 'lead', { event_id: eventId }]);
  });
});
