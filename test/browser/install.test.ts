// Install modes and load orders (STYLE.md "Tests"): what reaches Pinterest, decoded, for each.
import { describe, expect, it } from 'vitest';
import { TAG_ID, useChromium } from '../support/chromium';
import { command, INIT_PARAMS, LIBRARY_HASH, sha256, TRACK_PARAMS, trackedEvents, UUID_V4, waitForLive } from './helpers';

const chromium = useChromium();

describe('install', () => {
  it('script tag with data attributes: load with hashed match data, one init, one pagevisit', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/script-tag.html');
    const [init, visit] = await session.waitForBeacons(2);
    const url = `${chromium.server.origin}/fixtures/script-tag.html`;
    const pd = { em: sha256('jane.doe@example.com'), country: sha256('us') };

    expect(session.beacons).toHaveLength(2);
    expect(session.coreRequests).toHaveLength(1);
    expect(session.libRequests).toHaveLength(1);
    expect(init!.params).toEqual(INIT_PARAMS);
    expect(init).toMatchObject({ method: 'GET', event: 'init', tid: TAG_ID, pd });
    expect(init!.ad).toEqual({ loc: url, ref: '', if: false, sh: expect.any(Number), sw: expect.any(Number), mh: expect.stringMatching(LIBRARY_HASH) });
    expect(visit!.params).toEqual(TRACK_PARAMS);
    expect(visit).toMatchObject({ event: 'pagevisit', tid: TAG_ID, pd, ed: { event_id: expect.stringMatching(UUID_V4) } });
    expect(Object.keys(visit!.ed!)).toEqual(['event_id']);
    expect(session.blocked).toEqual([]);
    expect(session.otherPinterestRequests).toEqual([]);
    session.assertNoTagProblems();
  });

  it('calls queued with the pre-load snippet before the script loads are sent in order', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/queued.html');
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    const events = await trackedEvents(session.page);
    const cartEvent = events.find((e) => e.event === 'addtocart')!;
    const [, visit, cart] = beacons;
    expect(visit!.ed).toEqual({ event_id: expect.stringMatching(UUID_V4) });
    expect(cart!.params).toEqual(TRACK_PARAMS);
    expect(cart!.ed).toEqual({
      line_items: [{ product_id: 'SKU-1', product_name: 'Parker Boots', product_price: 99.99, product_quantity: 2 }],
      order_quantity: 2,
      value: 199.98,
      currency: 'USD',
      event_id: cartEvent.eventId,
    });
    // identify() was queued before addToCart, so the add-to-cart carries the hashed email.
    expect(cart!.pd).toEqual({ em: sha256('shopper@example.com') });
    expect(cartEvent.match).toEqual({ em: sha256('shopper@example.com') });
    session.assertNoTagProblems();
  });

  it('a listener queued with the pre-load snippet receives the automatic pagevisit too', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/queued.html');
    const [, visit] = await session.waitForBeacons(3);
    const events = await trackedEvents(session.page);
    expect(events.map((e) => [e.event, e.eventId])).toEqual([
      ['pagevisit', visit!.ed!.event_id],
      ['addtocart', expect.stringMatching(UUID_V4)],
    ]);
  });

  it('ESM import of dist/index.mjs through an import map', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/esm.html');
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    const result = await session.page.evaluate(() => (window as unknown as { addToCartResult: unknown }).addToCartResult);
    expect(result).toEqual({ event: 'addtocart', apiEvent: 'add_to_cart', eventId: expect.stringMatching(UUID_V4), status: 'sent' });
    expect(beacons[2]!.ed).toEqual({
      line_items: [{ product_id: 'SKU-1', product_name: 'Parker Boots', product_price: 99.99, product_quantity: 1 }],
      order_quantity: 1,
      value: 99.99,
      currency: 'USD',
      event_id: (result as { eventId: string }).eventId,
    });
    expect(session.coreRequests).toHaveLength(1);
    session.assertNoTagProblems();
  });

  it("Pinterest's base code already on the page: core.js once, load once, one init and one pagevisit", async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/base-code.html');
    await waitForLive(session.page);
    const beacons = await session.waitForBeacons(2);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit']);
    expect(beacons.every((b) => b.tid === TAG_ID)).toBe(true);
    expect(session.coreRequests).toHaveLength(1);
    expect(session.libRequests).toHaveLength(1);
    const scripts = await session.page.evaluate(() => Array.from(document.scripts, (s) => s.src).filter((src) => src.includes('pinimg')));
    // core.js puts the library before the page's first script, as Pinterest's loader does.
    expect(scripts).toEqual([expect.stringMatching(/^https:\/\/s\.pinimg\.com\/ct\/lib\/main\.[0-9a-f]{8}\.js$/), 'https://s.pinimg.com/ct/core.js']);
    const result = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 10 } });
    const after = await session.waitForBeacons(3);
    expect(after[2]!.ed).toMatchObject({ event_id: result!.eventId, value: 10 });
    session.assertNoTagProblems();
  });

  it("Pinterest's base code already ran (library active) before the SDK is added", async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/base-code-loaded.html');
    await session.page.waitForFunction(() => (window as unknown as { pintrk: { tagId?: string } }).pintrk.tagId === '2612345678901');
    await session.waitForBeacons(1);
    await session.page.evaluate(() => {
      const script = document.createElement('script');
      script.src = '/dist/pinterest-tag.min.js';
      script.dataset.tagId = '2612345678901';
      document.head.appendChild(script);
    });
    await waitForLive(session.page);
    const beacons = await session.waitForBeacons(2);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit']);
    expect(session.coreRequests).toHaveLength(1);
    session.assertNoTagProblems();
  });

  it('the SDK included twice: core.js once, one init, one pagevisit', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/twice.html');
    // Both copies have run: async scripts in the HTML hold the load event that goto() waits for.
    await waitForLive(session.page);
    const beacons = await session.waitForBeacons(2, { quietMs: 800 });
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit']);
    expect(session.coreRequests).toHaveLength(1);
    const result = await command(session.page, 'signup', { leadType: 'account' });
    const after = await session.waitForBeacons(3);
    expect(after.map((b) => b.event)).toEqual(['init', 'pagevisit', 'signup']);
    expect(after[2]!.ed).toEqual({ lead_type: 'account', event_id: result!.eventId });
    session.assertNoTagProblems();
  });

  it('the script tag and the npm build on one page: core.js once, load once, one init, one pagevisit', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/twice-mixed.html');
    await waitForLive(session.page);
    await session.page.waitForFunction(() => 'appTag' in window);
    const beacons = await session.waitForBeacons(2, { quietMs: 800 });
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit']);
    expect(session.coreRequests).toHaveLength(1);
    const result = await session.page.evaluate(() =>
      (window as unknown as { appTag: { search(d: unknown): { eventId: string } } }).appTag.search({ query: 'boots' }),
    );
    const after = await session.waitForBeacons(3);
    expect(after[2]).toMatchObject({ event: 'search', ed: { search_query: 'boots', event_id: result.eventId } });
    session.assertNoTagProblems();
  });

  it('the stand-in served from a non-Pinterest origin sends its beacons to that origin (local demo)', async () => {
    const session = await chromium.open();
    const before = chromium.server.beacons.length;
    await session.goto('/fixtures/local-tag.html');
    await waitForLive(session.page);
    await expect.poll(() => chromium.server.beacons.length - before, { timeout: 10_000 }).toBe(2);
    const local = chromium.server.beacons.slice(before);
    expect(local.map((b) => [b.event, b.tid])).toEqual([
      ['init', TAG_ID],
      ['pagevisit', TAG_ID],
    ]);
    expect(local[0]!.url.startsWith(`${chromium.server.origin}/v3/?tid=${TAG_ID}&pd=`)).toBe(true);
    expect(session.beacons).toEqual([]);
    expect(session.coreRequests).toEqual([]);
    session.assertNoTagProblems();
  });

  it('two builds given a relative scriptUrl (a local demo) still inject core.js once', async () => {
    const session = await chromium.open();
    const before = chromium.server.beacons.length;
    await session.goto('/fixtures/twice-local.html');
    await waitForLive(session.page);
    await session.page.waitForFunction(() => 'appTag' in window);
    await expect.poll(() => chromium.server.beacons.length - before, { timeout: 10_000 }).toBe(2);
    await session.settle();
    // Two image beacons fired together may reach the server in either order: compare them as a set.
    expect(
      chromium.server.beacons
        .slice(before)
        .map((b) => b.event)
        .sort(),
    ).toEqual(['init', 'pagevisit']);
    const injected = await session.page.evaluate(() =>
      Array.from(document.scripts, (s) => new URL(s.src || location.href).pathname).filter((p) => p.startsWith('/ct/')),
    );
    expect(injected.filter((p) => p === '/ct/core.js')).toHaveLength(1);
    expect(injected.filter((p) => p.startsWith('/ct/lib/'))).toHaveLength(1);
    session.assertNoTagProblems();
  });
});
