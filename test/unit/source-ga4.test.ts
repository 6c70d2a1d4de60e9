// The GA4 event source (src/sources/ga4.ts) on a real instance in jsdom: GA4 recommended events in the shapes
// Google documents (test/support/platform-events.ts) become the Pinterest events of Pinterest's own GA4 table.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import type { TrackedEvent } from '../../src/common/types';
import { install as attachDebugPanel } from '../../src/debug/panel';
import { createPinterestTag } from '../../src/index';
import { ga4Action, ga4Source } from '../../src/sources/ga4';
import { SOURCE_HOLD_MS } from '../../src/sources/names';
import { runSteps } from '../../src/steps';
import { hostileValues } from '../support/hostile';
import { messages, quietConsole, settle, sha256, TAG_ID, tracks } from '../support/page';
import {
  GA4_ADD_PAYMENT_INFO,
  GA4_ADD_TO_CART,
  GA4_ADD_TO_WISHLIST,
  GA4_BEGIN_CHECKOUT,
  GA4_GENERATE_LEAD,
  GA4_PURCHASE,
  GA4_SEARCH,
  GA4_SIGN_UP,
  GA4_VIEW_ITEM,
  GA4_VIEW_ITEM_LIST,
} from '../support/platform-events';

const MUG = {
  product_id: 'KC-1001',
  product_name: 'Speckled Stoneware Mug',
  product_category: 'Mugs & Cups',
  product_brand: 'Kiln & Co.',
  product_variant: 'speckled',
  product_price: 28,
};
const VASE = { product_id: 'KC-2001', product_name: 'Terracotta Bud Vase', product_category: 'Vases', product_brand: 'Kiln & Co.', product_price: 34 };

type Layer = unknown[];
// The page's data layer is the page's: a new page has none (test/support/page.ts resets the SDK's own state only).
beforeEach(() => void delete (window as unknown as { dataLayer?: Layer }).dataLayer);
const layer = (): Layer => ((window as unknown as { dataLayer?: Layer }).dataLayer ??= []);
/** gtag.js's own definition: `function gtag(){dataLayer.push(arguments);}` (developers.google.com/tag-platform/gtagjs/install). */
const gtag = function (..._args: unknown[]): void {
  // gtag.js pushes its arguments object, which the source must recognise.
  layer().push(arguments);
};
/** The event data of each `track` command for `event`, without the random event ID. */
const sent = (event: string): Record<string, unknown>[] =>
  tracks(event).map(([, , data]) => {
    const { event_id, ...rest } = data as Record<string, unknown>;
    expect(typeof event_id).toBe('string');
    return rest;
  });
const start = (options: Record<string, unknown> = {}) => {
  const pinterest = createPinterestTag({ tagId: TAG_ID, currency: 'EUR', ...options });
  const events: TrackedEvent[] = [];
  pinterest.onEvent((event) => events.push(event));
  const stop = ga4Source(pinterest);
  return { pinterest, events, stop };
};

describe('GA4 source: the mapping (Pinterest ss-gtm-template EVENT_NAME_MAPPINGS)', () => {
  it('maps each GA4 ecommerce event pushed with GTM to its Pinterest event, items, value, currency and coupon', async () => {
    start();
    for (const entry of [{ ecommerce: null }, GA4_VIEW_ITEM_LIST, { ecommerce: null }, GA4_ADD_TO_CART, { ecommerce: null }, GA4_ADD_TO_WISHLIST])
      layer().push(entry);
    for (const entry of [{ ecommerce: null }, GA4_BEGIN_CHECKOUT, { ecommerce: null }, GA4_ADD_PAYMENT_INFO, GA4_SEARCH, GA4_SIGN_UP]) layer().push(entry);
    for (const entry of [{ ecommerce: null }, GA4_GENERATE_LEAD]) layer().push(entry);
    await settle();
    expect(sent('viewcategory')).toEqual([
      {
        line_items: [
          { ...MUG, product_quantity: 2 },
          { ...VASE, product_quantity: 1 },
        ],
      },
    ]);
    expect(sent('addtocart')).toEqual([{ line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 56, currency: 'USD' }]);
    expect(sent('addtowishlist')).toEqual([{ line_items: [{ ...VASE, product_quantity: 1 }], order_quantity: 1, value: 34, currency: 'USD' }]);
    const checkoutItems = [
      { ...MUG, product_quantity: 2 },
      { ...VASE, product_quantity: 1 },
    ];
    expect(sent('initiatecheckout')).toEqual([{ promo_code: 'SUMMER_FUN', line_items: checkoutItems, order_quantity: 3, value: 90, currency: 'USD' }]);
    expect(sent('addpaymentinfo')).toEqual([{ promo_code: 'SUMMER_FUN', line_items: checkoutItems, order_quantity: 3, value: 90, currency: 'USD' }]);
    expect(sent('search')).toEqual([{ search_query: 'speckled mug' }]);
    expect(sent('signup')).toEqual([{}]);
    expect(sent('lead')).toEqual([{ lead_type: 'Trade show', value: 10, currency: 'USD' }]);
  });

  it('sends a purchase as a checkout whose event ID is checkout_<transaction_id>, the ID the server derives', async () => {
    const { events } = start();
    layer().push({ ecommerce: null }, GA4_PURCHASE);
    await settle();
    const [checkout] = tracks('checkout');
    expect(checkout![2]).toEqual({
      order_id: 'T_12345',
      promo_code: 'SUMMER_FUN',
      line_items: [
        { ...MUG, product_quantity: 2 },
        { ...VASE, product_quantity: 1 },
      ],
      order_quantity: 3,
      value: 95.99,
      currency: 'USD',
      event_id: checkoutEventId('T_12345'),
    });
    expect(events.find((event) => event.event === 'checkout')?.eventId).toBe('checkout_T_12345');
  });

  it('reads gtag.js calls (an arguments object in the layer) the same way', async () => {
    start();
    gtag('event', 'add_to_cart', GA4_ADD_TO_CART.ecommerce);
    gtag('event', 'search', { search_term: 'bud vase' });
    gtag('consent', 'update', { ad_storage: 'granted' });
    gtag('config', 'G-XXXX');
    await settle();
    expect(sent('addtocart')).toEqual([{ line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 56, currency: 'USD' }]);
    expect(sent('search')).toEqual([{ search_query: 'bud vase' }]);
  });

  it('passes an event already named as Pinterest names it, as Pinterest’s template does, but not page_visit, checkout or custom', () => {
    expect(ga4Action('contact')).toBe('contact');
    expect(ga4Action('find_location')).toBe('findLocation');
    expect(ga4Action('start_trial')).toBe('startTrial');
    expect(ga4Action('view_item_list')).toBe('viewCategory');
    for (const name of [
      'page_visit',
      'checkout',
      'custom',
      'page_view',
      'view_cart',
      'remove_from_cart',
      'select_item',
      'add_shipping_info',
      'refund',
      'toString',
    ]) {
      expect(ga4Action(name), name).toBeUndefined();
    }
  });

  it('keeps the ecommerce object until { ecommerce: null } clears it, as GTM’s data model does', async () => {
    start();
    layer().push({ ecommerce: GA4_ADD_TO_CART.ecommerce });
    layer().push({ event: 'add_to_cart' });
    layer().push({ ecommerce: null });
    layer().push({ event: 'add_to_cart' });
    await settle();
    // The second has no item, no value: an add to cart with nothing in it is not sent as one.
    expect(sent('addtocart')).toEqual([{ line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 56, currency: 'USD' }, {}]);
  });
});

describe('GA4 source: entries before and after it started', () => {
  it('reads what was pushed before the SDK loaded once, then later pushes; a second source reads them again only for itself', async () => {
    layer().push({ ecommerce: null }, GA4_ADD_TO_CART);
    const { stop } = start();
    await settle();
    expect(tracks('addtocart')).toHaveLength(1);
    layer().push({ ecommerce: null }, GA4_ADD_TO_CART);
    expect(tracks('addtocart')).toHaveLength(2);
    stop();
    layer().push({ ecommerce: null }, GA4_ADD_TO_CART);
    expect(tracks('addtocart')).toHaveLength(2);
  });
});

describe('GA4 source: one page visit per page, with its product', () => {
  it('gives the page visit the product of a view_item pushed before it went: one page visit, with line items', async () => {
    layer().push({ ecommerce: null }, GA4_VIEW_ITEM);
    start();
    await settle();
    expect(sent('pagevisit')).toEqual([{ line_items: [{ ...MUG, product_quantity: 1 }] }]);
  });

  it(`waits up to ${SOURCE_HOLD_MS} ms for a view_item pushed after the source started, then sends the page visit with it`, async () => {
    vi.useFakeTimers();
    start();
    await vi.advanceTimersByTimeAsync(500);
    expect(tracks('pagevisit')).toHaveLength(0);
    layer().push({ ecommerce: null }, GA4_VIEW_ITEM);
    expect(sent('pagevisit')).toEqual([{ line_items: [{ ...MUG, product_quantity: 1 }] }]);
    await vi.advanceTimersByTimeAsync(SOURCE_HOLD_MS * 2);
    expect(tracks('pagevisit')).toHaveLength(1);
  });

  it('sends the page visit without a product when none comes in time, and sends no second one for a late view_item', async () => {
    vi.useFakeTimers();
    const console = quietConsole();
    start({ debug: true });
    attachDebugPanel();
    await vi.advanceTimersByTimeAsync(SOURCE_HOLD_MS + 10);
    expect(sent('pagevisit')).toEqual([{}]);
    layer().push({ ecommerce: null }, GA4_VIEW_ITEM);
    await vi.advanceTimersByTimeAsync(SOURCE_HOLD_MS * 2);
    expect(tracks('pagevisit')).toHaveLength(1);
    expect(messages(console.warn)).toContain('[pinterest-tag] ga4 source: view_item came after the page visit went: not sent as a second one');
  });

  it('sends a page visit held for a product as the page is hidden: a shopper who leaves at once is counted', async () => {
    vi.useFakeTimers();
    start();
    await vi.advanceTimersByTimeAsync(100);
    expect(tracks('pagevisit')).toHaveLength(0);
    dispatchEvent(new Event('pagehide'));
    expect(sent('pagevisit')).toEqual([{}]);
  });
});

describe('GA4 source: what it cannot map', () => {
  it('sends nothing for events it does not map, and says nothing outside debug mode', async () => {
    const console = quietConsole();
    start();
    layer().push({ event: 'view_cart', ecommerce: { items: [{ item_id: 'KC-1001' }] } }, { event: 'gtm.dom' }, { event: 'custom' });
    await settle();
    expect(tracks().filter(([, event]) => event !== 'pagevisit')).toEqual([]);
    expect(console.warn).not.toHaveBeenCalled();
    expect(console.error).not.toHaveBeenCalled();
  });

  it('in debug mode, warns once per unmapped event name (never for GTM’s own gtm.* events)', async () => {
    const console = quietConsole();
    start({ debug: true });
    attachDebugPanel();
    layer().push({ event: 'view_cart' }, { event: 'view_cart' }, { event: 'gtm.click' }, { event: 'remove_from_cart' });
    await settle();
    expect(messages(console.warn).filter((line) => line.includes('has no Pinterest event'))).toEqual([
      '[pinterest-tag] ga4 source: "view_cart" has no Pinterest event: not sent',
      '[pinterest-tag] ga4 source: "remove_from_cart" has no Pinterest event: not sent',
    ]);
  });

  it('leaves out items without item_id (a name is not a catalog ID), and does not send a purchase without transaction_id', async () => {
    const console = quietConsole();
    start();
    layer().push({
      event: 'add_to_cart',
      ecommerce: {
        currency: 'USD',
        items: [
          { item_name: 'No ID', price: 5 },
          { item_id: 'KC-2001', price: 34 },
        ],
      },
    });
    layer().push({ ecommerce: null }, { event: 'purchase', ecommerce: { value: 10, currency: 'USD', items: [{ item_id: 'KC-1001', price: 10 }] } });
    await settle();
    expect(sent('addtocart')).toEqual([
      { line_items: [{ product_id: 'KC-2001', product_price: 34, product_quantity: 1 }], order_quantity: 1, value: 34, currency: 'USD' },
    ]);
    expect(tracks('checkout')).toEqual([]);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('leaves out bad values (a negative price, a currency that is not one, a quantity of 0) instead of failing the event', async () => {
    const console = quietConsole();
    start();
    layer().push({
      event: 'add_to_cart',
      ecommerce: { currency: 'DOLLARS', value: -3, items: [{ item_id: 42, price: -1, quantity: 0, item_name: { nested: true } }] },
    });
    await settle();
    expect(sent('addtocart')).toEqual([{ line_items: [{ product_id: '42', product_quantity: 1 }], order_quantity: 1 }]);
    expect(console.warn).not.toHaveBeenCalled();
  });

  it('never sends an email in event text: it is hashed, and the shopper’s email reaches nothing plain', async () => {
    start();
    layer().push({ event: 'search', search_term: 'jane.doe@example.com boots' });
    layer().push({ event: 'add_to_cart', ecommerce: { items: [{ item_id: 'KC-1', item_name: 'gift for Jane.Doe@Example.com' }] } });
    await settle();
    const everything = JSON.stringify(tracks());
    expect(everything).not.toMatch(/jane\.doe@example\.com/i);
    expect(everything).toContain(sha256('jane.doe@example.com'));
  });

  it('throws nothing into the page, whatever is pushed, and the layer keeps working', async () => {
    const console = quietConsole();
    start();
    for (const [label, value] of hostileValues()) {
      expect(() => layer().push(value), label).not.toThrow();
      expect(() => layer().push({ event: 'add_to_cart', ecommerce: value }), label).not.toThrow();
      expect(() => layer().push({ event: 'purchase', ecommerce: { transaction_id: value, items: [value] } }), label).not.toThrow();
      expect(() => gtag('event', value, value), label).not.toThrow();
    }
    await settle();
    expect(console.error).not.toHaveBeenCalled();
  });

  it('throws nothing when given something that is not an instance or not a layer', async () => {
    for (const [label, value] of hostileValues()) {
      expect(() => ga4Source(value as never)(), label).not.toThrow();
      expect(() => ga4Source(createPinterestTag({ tagId: TAG_ID }), value)(), label).not.toThrow();
    }
    // The instances' set-up steps finish on this page, not after it.
    runSteps();
    await settle();
  });
});
