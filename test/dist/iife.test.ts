// The shipped script tag, run by jsdom as a theme runs it: dist/pinterest-tag.min.js (the first stage) from a
// <script src> with data attributes, after the official pre-load snippet queued calls; it loads
// dist/pinterest-tag-full.min.js (the second stage) from next to itself.
import { afterEach, describe, expect, it } from 'vitest';
import { CDN, createShippedPage, FIRST_STAGE, SECOND_STAGE, type ServedPage, servePage, TAG_ID } from '../support/shipped-page';

const opened: ServedPage[] = [];
const serve = (...args: Parameters<typeof servePage>): ServedPage => {
  const page = servePage(...args);
  opened.push(page);
  return page;
};
afterEach(() => {
  for (const page of opened.splice(0)) page.close();
});

const commands = (queue: unknown[][] | undefined) => (queue ?? []).map((c) => (c[0] === 'track' ? `track:${c[1]}` : String(c[0])));

describe('the two stages, loaded as a browser loads them', () => {
  it('both stages open with V8’s compile hint, so that their functions are compiled once, with the file', () => {
    // Chrome 136+ (v8.dev, "explicit compile hints"): the magic comment must be the file's first line.
    for (const stage of [FIRST_STAGE, SECOND_STAGE]) expect(stage.split('\n')[0]).toBe('//# allFunctionsCalledOnLoad');
  });

  it('on a plain page the first stage sends load, page and the page visit before the second stage has even arrived', async () => {
    const page = serve(`data-tag-id="${TAG_ID}" data-currency="EUR" nonce="abc123"`, {
      before: `window.heard = []; pinterestTag('onEvent', (e) => heard.push(e));`,
      delayMs: 200,
    });
    await page.ran();
    // From the first stage alone: the second is still on its way.
    expect(page.window.pinterestTag!.live).toBeUndefined();
    expect(commands(page.window.pintrk?.queue)).toEqual(['load', 'page', 'track:pagevisit']);
    const visit = page.window.pintrk!.queue![2]![2] as { event_id: string };
    // core.js goes in a task of its own, right after the first events.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const cores = page.window.document.querySelectorAll('script[src="https://s.pinimg.com/ct/core.js"]');
    expect(cores).toHaveLength(1);
    const core = cores[0] as HTMLScriptElement;
    expect(core.async).toBe(true);
    expect(core.nonce).toBe('abc123');
    const second = page.window.document.querySelector(`script[src="${CDN}pinterest-tag-full.min.js"]`) as HTMLScriptElement;
    expect(second.nonce).toBe('abc123');

    await page.live();
    // The second stage adopted the first's work: no second load, page or page visit; its listener heard the visit.
    expect(commands(page.window.pintrk?.queue)).toEqual(['load', 'page', 'track:pagevisit']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const heard = (page.window as unknown as { heard: Array<{ eventId: string; event: string }> }).heard;
    expect(heard.map((e) => [e.event, e.eventId])).toEqual([['pagevisit', visit.event_id]]);
    // And it runs the store's calls from then on.
    const result = page.window.pinterestTag!('addToCart', { product: { id: 'SKU-1', price: 20 } }) as { eventId: string; status: string };
    expect(result.status).toBe('sent');
    expect(page.window.pintrk!.queue!.at(-1)).toEqual([
      'track',
      'addtocart',
      {
        line_items: [{ product_id: 'SKU-1', product_price: 20, product_quantity: 1 }],
        order_quantity: 1,
        value: 20,
        currency: 'EUR',
        event_id: result.eventId,
      },
    ]);
    expect(page.requests.filter((url) => url.startsWith(CDN))).toEqual([`${CDN}pinterest-tag.min.js`, `${CDN}pinterest-tag-full.min.js`]);
    expect(page.errors).toEqual([]);
  });

  it('queues the first events, then inserts core.js once, in a task of its own', async () => {
    // A record of the page's <head> at each microtask checkpoint: [core.js there, commands queued].
    const page = serve(`data-tag-id="${TAG_ID}"`, {
      before: `window.seen = []; new MutationObserver(() => seen.push([!!document.querySelector('script[src="https://s.pinimg.com/ct/core.js"]'), (window.pintrk && pintrk.queue || []).length])).observe(document.head, { childList: true });`,
      delayMs: 100,
    });
    await page.ran();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const seen = (page.window as unknown as { seen: Array<[boolean, number]> }).seen;
    // At the end of the first stage's own task its three commands are queued and core.js is not inserted yet.
    expect(seen.find(([, queued]) => queued === 3)).toEqual([false, 3]);
    expect(seen.at(-1)).toEqual([true, 3]);
    expect(page.window.document.querySelectorAll('script[src="https://s.pinimg.com/ct/core.js"]')).toHaveLength(1);
  });

  it.each([
    ['consent pending', 'data-consent="pending"', ''],
    ['a customer', 'data-customer-email="jane@example.com"', ''],
    ['LDP', 'data-ldp-state="CA"', ''],
    ['debug mode', 'data-debug', ''],
    ['another core.js', 'data-script-url="https://cdn.example.com/core.js"', ''],
    ['a queued identify', '', `pinterestTag('identify', { email: 'jane@example.com' });`],
    ['a queued denial', '', `pinterestTag('setConsent', 'denied');`],
    // The first stage makes its event ID with the browser's crypto.randomUUID; the second stage has uuid's own.
    ['no crypto.randomUUID (a page not served over https)', '', `crypto.randomUUID = undefined;`],
    // An npm build that ran first keeps its own rules (its consent, say): the second stage works alongside it.
    ['another copy of the SDK on the page', '', `window[Symbol.for('storefront-pinterest-tag')] = { loaded: {}, visited: {} };`],
  ])('with %s the first stage steps aside: nothing until the second stage runs', async (_case, attributes, before) => {
    const page = serve(`data-tag-id="${TAG_ID}" ${attributes}`, { before, delayMs: 100 });
    await page.ran();
    expect(page.window.pintrk).toBeUndefined();
    await page.live();
  });

  it('with Pinterest’s base code already on the page the first stage adds nothing; the second sends the one page visit', async () => {
    const base = `window.pintrk = function () { pintrk.queue.push(Array.prototype.slice.call(arguments)); }; pintrk.queue = []; pintrk.version = '3.0';
      pintrk('load', '${TAG_ID}'); pintrk('page');`;
    const page = serve(`data-tag-id="${TAG_ID}"`, { before: base, delayMs: 100 });
    await page.ran();
    expect(commands(page.window.pintrk?.queue)).toEqual(['load', 'page']);
    await page.live();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // One load and one page on the page, whoever sent them.
    expect(commands(page.window.pintrk?.queue)).toEqual(['load', 'page', 'track:pagevisit']);
    expect(page.errors).toEqual([]);
  });

  it('without crypto.randomUUID the second stage sends the one page visit, with a UUID v4 of its own making', async () => {
    const page = serve(`data-tag-id="${TAG_ID}"`, { before: 'crypto.randomUUID = undefined;' });
    await page.live();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(commands(page.window.pintrk?.queue)).toEqual(['load', 'page', 'track:pagevisit']);
    expect((page.window.pintrk!.queue![2]![2] as { event_id: string }).event_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(page.errors).toEqual([]);
  });

  it('warns when the second stage cannot be loaded from next to the first, and the first page visit is still sent', async () => {
    const page = serve(`data-tag-id="${TAG_ID}"`, { missing: ['pinterest-tag-full.min.js'] });
    await page.ran();
    expect(commands(page.window.pintrk?.queue)).toEqual(['load', 'page', 'track:pagevisit']);
    for (let i = 0; i < 100 && !page.warnings.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(page.warnings).toEqual(['[pinterest-tag] module-failed pinterest-tag-full.min.js']);
  });

  it('loads the debug panel next to itself only in debug mode', async () => {
    const quiet = serve(`data-tag-id="${TAG_ID}"`);
    await quiet.live();
    expect(quiet.requests.some((url) => url.includes('pinterest-tag-debug'))).toBe(false);
    const debug = serve(`data-tag-id="${TAG_ID}" data-debug`);
    await debug.live();
    for (let i = 0; i < 100 && !debug.window.document.querySelector('pinterest-tag-debug'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(debug.requests).toContain(`${CDN}pinterest-tag-debug.min.js`);
    expect(debug.window.document.querySelector('pinterest-tag-debug')).not.toBeNull();
  });
});

describe('the command function', () => {
  it('after a plain first stage, the second takes over in a task of its own; calls made meanwhile go in order', async () => {
    const page = createShippedPage();
    page.runScript({ 'data-tag-id': TAG_ID, 'data-currency': 'EUR' });
    // Both stages have run: the page has its first events, and the complete SDK is compiled but not started.
    expect(page.window.pinterestTag!.live).toBeUndefined();
    page.window.pinterestTag!('addToCart', { product: { id: 'SKU-1', price: 20 } });
    expect(commands(page.queue())).toEqual(['load', 'page', 'track:pagevisit']);
    await page.settle();
    expect(page.window.pinterestTag!.live).toBe(true);
    expect(commands(page.queue())).toEqual(['load', 'page', 'track:pagevisit', 'track:addtocart']);
    expect(page.errors).toEqual([]);
  });

  it('replays calls queued before it loaded, in order, then answers live', () => {
    const page = createShippedPage();
    page.snippet();
    page.window.pinterestTag!('viewCategory', { category: 'Shoes' });
    page.window.pinterestTag!('addToCart', { product: { id: 'SKU-1', price: 20 } });
    page.runScript({ 'data-tag-id': TAG_ID, 'data-currency': 'EUR', 'data-auto-page-visit': 'false' });
    expect(commands(page.queue())).toEqual(['load', 'page', 'track:viewcategory', 'track:addtocart']);
    expect(page.queue()[3]![2]).toMatchObject({
      value: 20,
      currency: 'EUR',
      order_quantity: 1,
      line_items: [{ product_id: 'SKU-1', product_price: 20, product_quantity: 1 }],
    });
    const result = page.window.pinterestTag!('checkout', { orderId: '1001', items: [{ id: 'SKU-1', price: 20 }] }) as { eventId: string };
    expect(result).toMatchObject({ event: 'checkout', apiEvent: 'checkout', status: 'sent', eventId: 'checkout_1001' });
    expect(page.queue().at(-1)![2]).toMatchObject({ order_id: '1001', event_id: result.eventId });
    expect(page.errors).toEqual([]);
  });

  it('does nothing twice when the script is on the page twice', async () => {
    const page = createShippedPage();
    page.runScript({ 'data-tag-id': TAG_ID }, 2);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(page.document.querySelectorAll('script[src]')).toHaveLength(1);
    expect(commands(page.queue())).toEqual(['load', 'page', 'track:pagevisit']);
  });

  it('warns about an unknown command and about a missing Tag ID, by code, and throws nothing', () => {
    const page = createShippedPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.window.console.warn = (text: string) => void warnings.push(text);
    page.window.console.error = (text: string) => void errors.push(text);
    page.snippet();
    page.window.pinterestTag!('addToKart', {});
    page.runScript({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' });
    expect(warnings).toEqual(['[pinterest-tag] not-command pinterestTag("addToKart")']);
    page.reset();
    page.snippet();
    page.runScript({ 'data-currency': 'USD' });
    expect(errors).toEqual(['[pinterest-tag] bad-tag-id option tagId']);
    expect(page.window.pintrk).toBeUndefined();
    expect(page.window.pinterestTag!('addToCart', { product: { id: 1 } })).toMatchObject({ status: 'inactive' });
    expect(page.errors).toEqual([]);
  });
});
