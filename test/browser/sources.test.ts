// Event sources in real Chromium against the local stand-in of Pinterest's tag: a page with Google's gtag snippet
// pushing GA4 events before and after the SDK loads, with a GTM-like wrapper of `push` installed before and after
// the SDK; and a page dispatching Shopify's `shopify:*` storefront events. Each event's beacon carries its event ID;
// the product page's one page visit carries the product; a purchase seen twice (a reload) is sent once.
import { describe, expect, it } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import type { TrackedEvent } from '../../src/common/types';
import { type Session, TAG_ID, useChromium } from '../support/chromium';
import { trackedEvents, UUID_V4, waitForLive } from './helpers';

const chromium = useChromium();

const MUG = {
  product_id: 'KC-1001',
  product_name: 'Speckled Stoneware Mug',
  product_brand: 'Kiln & Co.',
  product_category: 'Mugs & Cups',
  product_price: 28,
  product_quantity: 1,
};

/** Each tracked event has exactly one beacon, with its event ID as `ed.event_id`, in the same order. */
async function expectBeaconPerEvent(session: Session): Promise<TrackedEvent[]> {
  const events = await trackedEvents(session.page);
  const tracked = session.beacons.filter((beacon) => beacon.event !== 'init');
  expect(tracked.map((beacon) => [beacon.event, beacon.ed?.event_id])).toEqual(events.map((event) => [event.event, event.eventId]));
  expect(tracked.every((beacon) => beacon.tid === TAG_ID)).toBe(true);
  return events;
}

/** gtag's own call, from the page: `gtag('event', name, params)` pushes its arguments object. */
const gtag = (session: Session, ...args: unknown[]) =>
  session.page.evaluate((args) => (window as unknown as { gtag: (...a: unknown[]) => void }).gtag(...args), args);
const push = (session: Session, ...entries: unknown[]) =>
  session.page.evaluate((entries) => (window as unknown as { dataLayer: unknown[] }).dataLayer.push(...entries), entries);

describe('GA4 source with the gtag snippet', () => {
  for (const wrap of ['before', 'after'] as const) {
    it(`GTM-like wrapper installed ${wrap} the SDK: events pushed before and after it loaded each become one beacon, and GTM still processes every push`, async () => {
      const session = await chromium.open();
      await session.goto(`/fixtures/ga4.html?wrap=${wrap}`);
      await waitForLive(session.page);
      // The page visit carries the product of the view_item pushed before the SDK loaded.
      const [, visit] = await session.waitForBeacons(2);
      expect(visit).toMatchObject({ event: 'pagevisit', ed: { line_items: [MUG], event_id: expect.stringMatching(UUID_V4) } });
      // With `wrap=after`, the page installs its GTM-like wrapper over the source's reader: wait for it.
      if (wrap === 'after') await session.page.waitForFunction(() => (window as unknown as { gtmInstalled?: boolean }).gtmInstalled === true);

      await push(
        session,
        { ecommerce: null },
        { event: 'add_to_cart', ecommerce: { currency: 'USD', value: 56, items: [{ item_id: 'KC-1001', price: 28, quantity: 2 }] } },
      );
      await gtag(session, 'event', 'begin_checkout', {
        currency: 'USD',
        value: 56,
        coupon: 'SUMMER_FUN',
        items: [{ item_id: 'KC-1001', price: 28, quantity: 2 }],
      });
      await gtag(session, 'event', 'search', { search_term: 'bud vase' });
      await push(session, { event: 'view_cart' });
      await push(
        session,
        { ecommerce: null },
        { event: 'purchase', ecommerce: { transaction_id: 'T-2001', value: 56, currency: 'USD', items: [{ item_id: 'KC-1001', price: 28, quantity: 2 }] } },
      );
      const beacons = await session.waitForBeacons(6);
      expect(beacons.map((beacon) => beacon.event)).toEqual(['init', 'pagevisit', 'addtocart', 'initiatecheckout', 'search', 'checkout']);
      expect(beacons[2]!.ed).toEqual({
        line_items: [{ product_id: 'KC-1001', product_price: 28, product_quantity: 2 }],
        order_quantity: 2,
        value: 56,
        currency: 'USD',
        event_id: expect.stringMatching(UUID_V4),
      });
      expect(beacons[3]!.ed).toMatchObject({ promo_code: 'SUMMER_FUN', value: 56, currency: 'USD' });
      expect(beacons[4]!.ed).toEqual({ search_query: 'bud vase', event_id: expect.stringMatching(UUID_V4) });
      expect(beacons[5]!.ed).toMatchObject({ order_id: 'T-2001', value: 56, event_id: checkoutEventId('T-2001') });
      await expectBeaconPerEvent(session);

      // GTM kept working: it processed every push, in order, whichever came first.
      const processed = await session.page.evaluate(() => (window as unknown as { gtmProcessed: Array<{ event?: string; 1?: string }> }).gtmProcessed);
      const names = processed.map((entry) => entry.event ?? entry[1]).filter(Boolean);
      expect(names).toEqual(
        wrap === 'before'
          ? ['view_item', 'add_to_cart', 'begin_checkout', 'search', 'view_cart', 'purchase']
          : ['add_to_cart', 'begin_checkout', 'search', 'view_cart', 'purchase'],
      );
      // gtag/js lives off this machine: its request is the one the test browser refused.
      expect(session.blocked.every((url) => url.startsWith('https://www.googletagmanager.com/gtag/js'))).toBe(true);
      session.assertNoTagProblems();
      expect(session.pageErrors).toEqual([]);
    });
  }

  it('a source file that is not hosted next to the script: one warning, and the held page visit still goes', async () => {
    const session = await chromium.open();
    await session.page.route('**/pinterest-tag-source-ga4.min.js', (route) => route.fulfill({ status: 404, body: 'Not found' }));
    await session.goto('/fixtures/ga4.html');
    const [, visit] = await session.waitForBeacons(2, { timeoutMs: 8000 });
    expect(visit).toMatchObject({ event: 'pagevisit', ed: { event_id: expect.stringMatching(UUID_V4) } });
    expect(visit!.ed!.line_items).toBeUndefined();
    expect(session.console.filter((message) => message.text.includes('module-failed'))).toEqual([
      { type: 'warning', text: '[pinterest-tag] module-failed pinterest-tag-source-ga4.min.js' },
    ]);
    expect(session.pageErrors).toEqual([]);
  });

  it('a purchase seen twice (the thank-you page reloaded) is sent once, with the ID the server derives', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/ga4.html?purchase=1');
    await waitForLive(session.page);
    const first = await session.waitForBeacons(3);
    expect(first.map((beacon) => beacon.event)).toEqual(['init', 'pagevisit', 'checkout']);
    expect(first[2]!.ed).toMatchObject({ order_id: 'T-1001', event_id: checkoutEventId('T-1001') });
    await session.page.reload({ waitUntil: 'load' });
    await waitForLive(session.page);
    const after = await session.waitForBeacons(5);
    expect(after.map((beacon) => beacon.event)).toEqual(['init', 'pagevisit', 'checkout', 'init', 'pagevisit']);
    await session.settle(800);
    expect(session.beacons.filter((beacon) => beacon.event === 'checkout')).toHaveLength(1);
    session.assertNoTagProblems();
  });
});

describe('Shopify source with the theme’s standard storefront events', () => {
  it('page and product views (dispatched before the SDK loaded), add to cart and search: one beacon each, with event IDs', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/shopify-theme.html');
    await waitForLive(session.page);
    const [, visit] = await session.waitForBeacons(2);
    expect(visit).toMatchObject({
      event: 'pagevisit',
      ed: {
        line_items: [
          {
            product_id: '7808926384363',
            product_name: 'Speckled Stoneware Mug',
            product_category: 'Mugs',
            product_brand: 'Kiln & Co.',
            product_variant: 'Speckled',
            product_variant_id: '43218082857195',
            product_price: 28,
            product_quantity: 1,
          },
        ],
        event_id: expect.stringMatching(UUID_V4),
      },
    });
    await session.page.evaluate(() => (window as unknown as { addToCart: (quantity: number) => void }).addToCart(2));
    await session.page.evaluate(() => (window as unknown as { search: (query: string) => void }).search('bud vase'));
    const beacons = await session.waitForBeacons(4);
    expect(beacons.map((beacon) => beacon.event).sort()).toEqual(['addtocart', 'init', 'pagevisit', 'search']);
    const cart = beacons.find((beacon) => beacon.event === 'addtocart')!;
    expect(cart.ed).toMatchObject({ order_quantity: 2, value: 56, currency: 'USD', event_id: expect.stringMatching(UUID_V4) });
    expect((cart.ed!.line_items as Array<{ product_id: string }>)[0]!.product_id).toBe('7808926384363');
    await expectBeaconPerEvent(session);
    // The deferred source file served the script tag: it did not load a second copy.
    const copies = await session.page.evaluate(() => document.querySelectorAll('script[src*="pinterest-tag-source-shopify"]').length);
    expect(copies).toBe(1);
    session.assertNoTagProblems();
    expect(session.pageErrors).toEqual([]);
  });
});
