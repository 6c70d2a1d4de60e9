// The Shopify event source (src/sources/shopify.ts): Web Pixels standard events and the themes' standard storefront
// events, in the shapes shopify.dev gives them (test/support/platform-events.ts), on a real instance in jsdom.
import { describe, expect, it, vi } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import type { TrackedEvent } from '../../src/common/types';
import { createPinterestTag } from '../../src/index';
import { SOURCE_HOLD_MS } from '../../src/sources/names';
import { shopifySource } from '../../src/sources/shopify';
import { runSteps } from '../../src/steps';
import { hostileValues } from '../support/hostile';
import { named, quietConsole, settle, sha256, TAG_ID, tracks } from '../support/page';
import {
  PIXEL_CHECKOUT_STARTED,
  PIXEL_COLLECTION_VIEWED,
  PIXEL_INIT,
  PIXEL_PAGE_VIEWED,
  PIXEL_PAYMENT_INFO,
  PIXEL_PRODUCT_ADDED,
  PIXEL_PRODUCT_VIEWED,
  PIXEL_SEARCH_SUBMITTED,
  pixelCheckoutCompleted,
  THEME_CART_ADD,
  THEME_CART_RESULT,
  THEME_COLLECTION_UPDATE,
  THEME_PRODUCT_VIEW,
  THEME_SEARCH,
  themePageView,
} from '../support/platform-events';
import { fakeAnalytics, sent, themeEvent } from '../support/sources';

const MUG = {
  product_id: '7808926384363',
  product_name: 'Speckled Stoneware Mug',
  product_category: 'Mugs',
  product_brand: 'Kiln & Co.',
  product_variant: 'Speckled',
  product_variant_id: '43218082857195',
  product_price: 28,
};
const VASE = {
  product_id: '7808926253291',
  product_name: 'Terracotta Bud Vase',
  product_category: 'Vases',
  product_brand: 'Kiln & Co.',
  product_variant: 'Default Title',
  product_variant_id: '43218082726123',
  product_price: 34,
};

function start(options: Record<string, unknown> = {}) {
  const pinterest = createPinterestTag({ tagId: TAG_ID, currency: 'EUR' });
  const events: TrackedEvent[] = [];
  pinterest.onEvent((event) => events.push(event));
  const analytics = fakeAnalytics();
  const stop = shopifySource(pinterest, { analytics, ...options });
  return { pinterest, events, analytics, stop };
}

describe('Shopify source: Web Pixels standard events (shopify.dev/docs/api/web-pixels-api/standard-events)', () => {
  it('subscribes to the events it maps, and maps each to its Pinterest event', async () => {
    const { analytics } = start();
    expect(analytics.subscribed().sort()).toEqual(
      [
        'checkout_completed',
        'checkout_started',
        'collection_viewed',
        'payment_info_submitted',
        'product_added_to_cart',
        'product_viewed',
        'search_submitted',
      ].sort(),
    );
    analytics.publish(PIXEL_PAGE_VIEWED);
    analytics.publish(PIXEL_PRODUCT_VIEWED);
    analytics.publish(PIXEL_COLLECTION_VIEWED);
    analytics.publish(PIXEL_SEARCH_SUBMITTED);
    analytics.publish(PIXEL_PRODUCT_ADDED);
    analytics.publish(PIXEL_CHECKOUT_STARTED);
    analytics.publish(PIXEL_PAYMENT_INFO);
    await settle();
    // product_viewed gave the page's one page visit its product.
    expect(sent('pagevisit')).toEqual([{ line_items: [{ ...MUG, product_quantity: 1 }] }]);
    expect(sent('viewcategory')).toEqual([
      {
        line_items: [
          { ...MUG, product_quantity: 1 },
          { ...VASE, product_quantity: 1 },
        ],
      },
    ]);
    expect(sent('search')).toEqual([{ search_query: 'speckled mug' }]);
    expect(sent('addtocart')).toEqual([{ line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 56, currency: 'USD' }]);
    const checkoutData = {
      promo_code: 'SUMMER_FUN',
      line_items: [
        { ...MUG, product_quantity: 2 },
        { ...VASE, product_quantity: 1 },
      ],
      order_quantity: 3,
      value: 95.99,
      currency: 'USD',
    };
    expect(sent('initiatecheckout')).toEqual([checkoutData]);
    expect(sent('addpaymentinfo')).toEqual([checkoutData]);
  });

  it('sends checkout_completed as a checkout with the order’s event ID, and gives the shopper’s email and phone to identify (hashed)', async () => {
    const { analytics, events } = start();
    analytics.publish(pixelCheckoutCompleted('5678901234'));
    await settle();
    const [checkout] = tracks('checkout');
    expect((checkout![2] as { order_id: string; event_id: string }).order_id).toBe('5678901234');
    expect((checkout![2] as { event_id: string }).event_id).toBe(checkoutEventId('5678901234'));
    const checkoutEvent = events.find((event) => event.event === 'checkout')!;
    expect(checkoutEvent.match?.em).toBe(sha256('jane.doe@example.com'));
    expect(checkoutEvent.match?.ph).toBe(sha256('16135551111'));
    expect(checkoutEvent.match?.fn).toBe(sha256('jane'));
    expect(checkoutEvent.match?.country).toBe(sha256('ca'));
    // Plain values reach nothing: not the tag, not the listeners.
    const everything = JSON.stringify([named('load'), named('set'), tracks(), events]);
    expect(everything).not.toMatch(/jane\.doe@example\.com|6135551111|"Jane"|Ottawa/i);
  });

  it('gives one order the same event ID whether the platform gives its numeric ID or its global ID', async () => {
    const { analytics } = start();
    analytics.publish(pixelCheckoutCompleted('gid://shopify/Order/5678901234'));
    analytics.publish(pixelCheckoutCompleted('5678901234'));
    await settle();
    // The second is the same order: the SDK sends one checkout per order per browser.
    expect(tracks('checkout').map(([, , data]) => (data as { event_id: string }).event_id)).toEqual([checkoutEventId('5678901234')]);
    expect(checkoutEventId('gid://shopify/Order/5678901234')).toBe(checkoutEventId('5678901234'));
  });

  it('identifies the logged-in customer of init', async () => {
    const { events, pinterest } = start({ init: PIXEL_INIT });
    pinterest.lead();
    await settle();
    expect(events.find((event) => event.event === 'lead')?.match?.em).toBe(sha256('jane.doe@example.com'));
  });

  it('uses the product ID by default, the variant ID or the SKU when asked, and leaves out an item without the chosen ID', async () => {
    const { analytics } = start({ productId: 'sku' });
    analytics.publish(PIXEL_COLLECTION_VIEWED);
    analytics.publish(PIXEL_PRODUCT_ADDED);
    await settle();
    // The vase has no SKU: left out of the list.
    expect(sent('viewcategory')).toEqual([{ line_items: [{ ...MUG, product_id: 'KC-1001-SP', product_quantity: 1 }] }]);
    expect((sent('addtocart')[0]!.line_items as Array<{ product_id: string }>)[0]!.product_id).toBe('KC-1001-SP');
  });

  it('reads variant IDs when asked', async () => {
    const { analytics } = start({ productId: 'variant' });
    analytics.publish(PIXEL_PRODUCT_ADDED);
    await settle();
    expect((sent('addtocart')[0]!.line_items as Array<{ product_id: string }>)[0]!.product_id).toBe('43218082857195');
  });

  it('does not send a checkout_completed without an order ID', async () => {
    const { analytics } = start();
    analytics.publish({ ...PIXEL_CHECKOUT_STARTED, name: 'checkout_completed' });
    await settle();
    expect(tracks('checkout')).toEqual([]);
  });

  it('sends only the pixel events asked for (a checkout-only pixel beside the theme install)', async () => {
    const { analytics } = start({ pixelEvents: ['checkout_started', 'payment_info_submitted', 'checkout_completed'] });
    expect(analytics.subscribed().sort()).toEqual(['checkout_completed', 'checkout_started', 'payment_info_submitted']);
    analytics.publish(PIXEL_PRODUCT_ADDED);
    analytics.publish(PIXEL_CHECKOUT_STARTED);
    await settle();
    expect(tracks('addtocart')).toEqual([]);
    expect(tracks('initiatecheckout')).toHaveLength(1);
  });

  it('ignores what comes after it was stopped (the Web Pixels API has no unsubscribe)', async () => {
    const { analytics, stop } = start();
    stop();
    analytics.publish(PIXEL_PRODUCT_ADDED);
    await settle();
    expect(tracks('addtocart')).toEqual([]);
  });
});

describe('Shopify source: standard storefront events of themes (shopify.dev/docs/api/storefront-events-and-actions/events)', () => {
  it('gives the page visit the product of shopify:product:view in the page context, with the numeric IDs of the global IDs', async () => {
    start();
    document.body.innerHTML = '<product-info><button>Add</button></product-info>';
    document.dispatchEvent(themeEvent('shopify:page:view', themePageView('product')));
    document.querySelector('product-info')!.dispatchEvent(themeEvent('shopify:product:view', THEME_PRODUCT_VIEW));
    await settle();
    expect(sent('pagevisit')).toEqual([
      {
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
      },
    ]);
  });

  it('reads the payload as the event’s own fields or its class’s, never from a polluted Object.prototype', async () => {
    vi.useFakeTimers();
    start();
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.product = THEME_PRODUCT_VIEW.product;
    proto.context = 'page';
    try {
      document.dispatchEvent(new Event('shopify:product:view', { bubbles: true }));
      document.dispatchEvent(Object.assign(new Event('shopify:search:update', { bubbles: true }), { search: { query: 'own field' } }));
      document.dispatchEvent(new CustomEvent('shopify:search:update', { bubbles: true, detail: { search: { query: 'in detail' } } }));
    } finally {
      delete proto.product;
      delete proto.context;
    }
    await vi.advanceTimersByTimeAsync(SOURCE_HOLD_MS + 10);
    expect(sent('pagevisit')).toEqual([{}]);
    expect(sent('search')).toEqual([{ search_query: 'own field' }, { search_query: 'in detail' }]);
  });

  it('does not take a product card’s view (collection, recommendation) for the page’s product', async () => {
    vi.useFakeTimers();
    start();
    document.dispatchEvent(themeEvent('shopify:product:view', { ...THEME_PRODUCT_VIEW, context: 'recommendation' }));
    await vi.advanceTimersByTimeAsync(SOURCE_HOLD_MS + 10);
    expect(sent('pagevisit')).toEqual([{}]);
  });

  it('sends the page visit at once on a page that is not a product page (shopify:page:view), without waiting', async () => {
    vi.useFakeTimers();
    start();
    await vi.advanceTimersByTimeAsync(10);
    expect(tracks('pagevisit')).toHaveLength(0);
    document.dispatchEvent(themeEvent('shopify:page:view', themePageView('index')));
    expect(sent('pagevisit')).toEqual([{}]);
  });

  it('sends an add to cart once the cart accepted it, with the product found in the resolved cart', async () => {
    start();
    document.dispatchEvent(themeEvent('shopify:cart:lines-update', { ...THEME_CART_ADD, promise: Promise.resolve(THEME_CART_RESULT) }));
    expect(tracks('addtocart')).toEqual([]);
    await settle();
    expect(sent('addtocart')).toEqual([
      {
        line_items: [
          {
            product_id: '7808926384363',
            product_name: 'Speckled Stoneware Mug',
            product_category: 'Mugs',
            product_brand: 'Kiln & Co.',
            product_variant: 'Speckled',
            product_variant_id: '43218082857195',
            product_price: 28,
            product_quantity: 2,
          },
        ],
        order_quantity: 2,
        value: 56,
        currency: 'USD',
      },
    ]);
  });

  it('sends no add to cart when the cart declined it, when it failed, or for a removal or an update', async () => {
    const console = quietConsole();
    start();
    const declined = { ...THEME_CART_RESULT, userErrors: [{ message: 'Out of stock' }] };
    document.dispatchEvent(themeEvent('shopify:cart:lines-update', { ...THEME_CART_ADD, promise: Promise.resolve(declined) }));
    document.dispatchEvent(themeEvent('shopify:cart:lines-update', { ...THEME_CART_ADD, promise: Promise.reject(new Error('offline')) }));
    document.dispatchEvent(themeEvent('shopify:cart:lines-update', { ...THEME_CART_ADD, action: 'remove', promise: Promise.resolve(THEME_CART_RESULT) }));
    document.dispatchEvent(themeEvent('shopify:cart:lines-update', { ...THEME_CART_ADD, action: 'update', promise: Promise.resolve(THEME_CART_RESULT) }));
    await settle();
    expect(tracks('addtocart')).toEqual([]);
    expect(console.error).not.toHaveBeenCalled();
  });

  it('sends one search per query (a filter change repeats the query), and one category view per page', async () => {
    start();
    document.dispatchEvent(themeEvent('shopify:search:update', THEME_SEARCH));
    document.dispatchEvent(themeEvent('shopify:search:update', { search: { ...THEME_SEARCH.search, sortKey: 'PRICE' } }));
    document.dispatchEvent(themeEvent('shopify:search:update', { search: { query: 'bud vase' } }));
    document.dispatchEvent(themeEvent('shopify:collection:update', THEME_COLLECTION_UPDATE));
    document.dispatchEvent(themeEvent('shopify:collection:update', { ...THEME_COLLECTION_UPDATE, sortKey: 'TITLE' }));
    await settle();
    expect(sent('search')).toEqual([{ search_query: 'speckled mug' }, { search_query: 'bud vase' }]);
    expect(sent('viewcategory')).toEqual([{ line_items: [{ product_category: 'Mugs & Cups' }] }]);
  });

  it('throws nothing into the page, whatever the events carry', async () => {
    const console = quietConsole();
    const { analytics } = start();
    for (const [label, value] of hostileValues()) {
      for (const type of ['shopify:page:view', 'shopify:product:view', 'shopify:cart:lines-update', 'shopify:search:update', 'shopify:collection:update']) {
        expect(
          () =>
            document.dispatchEvent(
              themeEvent(type, { page: value, product: value, context: 'page', action: 'add', lines: value, promise: value, search: value }),
            ),
          label,
        ).not.toThrow();
      }
      for (const name of ['product_viewed', 'collection_viewed', 'product_added_to_cart', 'checkout_completed']) {
        expect(() => analytics.publish({ name, data: value } as { name: string }), label).not.toThrow();
        expect(
          () => analytics.publish({ name, data: { checkout: value, productVariant: value, cartLine: value, collection: value } } as { name: string }),
          label,
        ).not.toThrow();
      }
    }
    await settle();
    expect(console.error).not.toHaveBeenCalled();
    for (const [label, value] of hostileValues()) expect(() => shopifySource(createPinterestTag({ tagId: TAG_ID }), value as never)(), label).not.toThrow();
    // The instances' set-up steps finish on this page, not after it.
    runSteps();
    await settle();
  });
});
