// The SHOPLINE and Adobe Commerce event sources (src/sources/shopline.ts, adobe.ts) on a real instance in jsdom,
// with payloads in the shapes their platforms document (test/support/platform-events.ts).
import { describe, expect, it } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import type { TrackedEvent } from '../../src/common/types';
import { createPinterestTag } from '../../src/index';
import { adobeSource, type StorefrontEventsSdk } from '../../src/sources/adobe';
import { shoplineSource, type ThemeEventCenter } from '../../src/sources/shopline';
import { hostileValues } from '../support/hostile';
import { quietConsole, settle, sha256, TAG_ID, tracks } from '../support/page';
import {
  ADOBE_ADD_TO_CART,
  ADOBE_CREATE_ACCOUNT,
  ADOBE_INITIATE_CHECKOUT,
  ADOBE_PRODUCT_PAGE_VIEW,
  ADOBE_SEARCH,
  adobePlaceOrder,
  PIXEL_PRODUCT_ADDED,
  pixelCheckoutCompleted,
  SHOPLINE_PRODUCT_VIEWED,
  SHOPLINE_SKU_INIT,
  SHOPLINE_VARIANT_ADDED,
} from '../support/platform-events';
import { fakeAnalytics, sent } from '../support/sources';

/** A stand-in for SHOPLINE's `themeEventCenter` (developer.shopline.com, theme events): addListener and dispatch. */
function fakeThemeEventCenter() {
  const listeners = new Map<string, Set<(event: unknown) => void>>();
  const center: ThemeEventCenter & { dispatch(name: string, detail: unknown): void } = {
    addListener(name, callback) {
      listeners.set(name, (listeners.get(name) ?? new Set()).add(callback));
      return callback;
    },
    removeListener(name, callback) {
      listeners.get(name)?.delete(callback as (event: unknown) => void);
    },
    dispatch(name, detail) {
      // A ThemeEvent is a CustomEvent: its detail is the class's getter, not an own property.
      for (const callback of listeners.get(name) ?? []) callback(new CustomEvent(name, { detail }));
    },
  };
  return center;
}

/** A stand-in for OS 2.0's `window.Shopline.event`: on and emit. */
function fakeShoplineBus() {
  const listeners = new Map<string, Array<(payload: unknown) => void>>();
  return {
    on(name: string, callback: (payload: unknown) => void) {
      listeners.set(name, [...(listeners.get(name) ?? []), callback]);
    },
    emit(name: string, payload: unknown) {
      for (const callback of listeners.get(name) ?? []) callback(payload);
    },
  };
}

/** A stand-in for the Storefront Events SDK (`magentoStorefrontEvents`): subscribe, unsubscribe, and publish. */
function fakeMse() {
  const handlers = new Map<string, Set<(event: unknown) => void>>();
  const subscribe: Record<string, (handler: (event: unknown) => void, options?: unknown) => void> = {};
  const unsubscribe: Record<string, (handler: (event: unknown) => void) => void> = {};
  for (const name of ['productPageView', 'addToCart', 'initiateCheckout', 'placeOrder', 'searchRequestSent', 'createAccount', 'pageView']) {
    subscribe[name] = (handler) => void handlers.set(name, (handlers.get(name) ?? new Set()).add(handler));
    unsubscribe[name] = (handler) => void handlers.get(name)?.delete(handler);
  }
  return {
    mse: { subscribe, unsubscribe } as StorefrontEventsSdk,
    publish(name: string, event: unknown) {
      for (const handler of handlers.get(name) ?? []) handler(event);
    },
  };
}

const start = () => {
  const pinterest = createPinterestTag({ tagId: TAG_ID, currency: 'EUR' });
  const events: TrackedEvent[] = [];
  pinterest.onEvent((event) => events.push(event));
  return { pinterest, events };
};

describe('SHOPLINE source', () => {
  it('OS 3.0 themes: product:viewed gives the page visit its product (prices in cents), variant:added is an add to cart', async () => {
    const { pinterest } = start();
    const center = fakeThemeEventCenter();
    shoplineSource(pinterest, { themeEventCenter: center, event: null });
    center.dispatch('product:viewed', SHOPLINE_PRODUCT_VIEWED);
    center.dispatch('variant:added', SHOPLINE_VARIANT_ADDED);
    await settle();
    expect(sent('pagevisit')).toEqual([
      {
        line_items: [{ product_id: '16069825781843611825520845', product_variant_id: '18066825256105052042503900', product_price: 99.99, product_quantity: 1 }],
      },
    ]);
    expect(sent('addtocart')).toEqual([
      {
        line_items: [{ product_id: '16069825781843611825520845', product_variant_id: '18066825256105052042503900', product_price: 99.99, product_quantity: 2 }],
        order_quantity: 2,
        value: 199.98,
        currency: 'USD',
      },
    ]);
  });

  it('reads the page’s window.themeEventCenter and window.Shopline.event by default; variant IDs and whole-unit prices when asked', async () => {
    const { pinterest } = start();
    const center = fakeThemeEventCenter();
    const bus = fakeShoplineBus();
    Object.assign(window, { themeEventCenter: center, Shopline: { event: bus } });
    try {
      shoplineSource(pinterest, { productId: 'variant', prices: 'units' });
      center.dispatch('variant:added', { ...SHOPLINE_VARIANT_ADDED, price: 56, quantity: 2 });
      bus.emit('Product::SkuChanged', SHOPLINE_SKU_INIT);
      await settle();
      expect(sent('addtocart')).toEqual([
        {
          line_items: [{ product_id: '18066825256105052042503900', product_variant_id: '18066825256105052042503900', product_price: 28, product_quantity: 2 }],
          order_quantity: 2,
          value: 56,
          currency: 'USD',
        },
      ]);
      // OS 2.0's init of the product page: the product, without a price whose unit its page does not state.
      expect(sent('pagevisit')).toEqual([
        { line_items: [{ product_id: '18057015267434023986710', product_variant_id: '18057015267434023986710', product_quantity: 1 }] },
      ]);
    } finally {
      delete (window as unknown as Record<string, unknown>).themeEventCenter;
      delete (window as unknown as Record<string, unknown>).Shopline;
    }
  });

  it('OS 2.0 themes: only the init of Product::SkuChanged is the product viewed, not a later variant change', async () => {
    const { pinterest } = start();
    const bus = fakeShoplineBus();
    shoplineSource(pinterest, { themeEventCenter: null, event: bus });
    bus.emit('Product::SkuChanged', { data: { ...SHOPLINE_SKU_INIT.data, type: 'change' } });
    bus.emit('Product::SkuChanged', SHOPLINE_SKU_INIT);
    await settle();
    expect(sent('pagevisit')).toEqual([
      { line_items: [{ product_id: '16057015267425735441880', product_variant_id: '18057015267434023986710', product_quantity: 1 }] },
    ]);
  });

  it('pixel events read as Shopify’s (SHOPLINE’s own payloads are not published): a checkout with the order’s event ID', async () => {
    const { pinterest } = start();
    const analytics = fakeAnalytics();
    shoplineSource(pinterest, { analytics, themeEventCenter: null, event: null });
    analytics.publish(PIXEL_PRODUCT_ADDED);
    analytics.publish(pixelCheckoutCompleted('21063405689'));
    await settle();
    expect(tracks('addtocart')).toHaveLength(1);
    expect((tracks('checkout')[0]![2] as { event_id: string }).event_id).toBe(checkoutEventId('21063405689'));
  });

  it('sends only the pixel events asked for, as the Shopify source does', async () => {
    const { pinterest } = start();
    const analytics = fakeAnalytics();
    shoplineSource(pinterest, { analytics, pixelEvents: ['checkout_completed'], themeEventCenter: null, event: null });
    expect(analytics.subscribed()).toEqual(['checkout_completed']);
    analytics.publish(PIXEL_PRODUCT_ADDED);
    await settle();
    expect(tracks('addtocart')).toEqual([]);
  });

  it('stops listening to the theme bus when stopped', async () => {
    const { pinterest } = start();
    const center = fakeThemeEventCenter();
    shoplineSource(pinterest, { themeEventCenter: center, event: null })();
    center.dispatch('variant:added', SHOPLINE_VARIANT_ADDED);
    await settle();
    expect(tracks('addtocart')).toEqual([]);
  });

  it('throws nothing into the page, whatever the buses carry or are', async () => {
    const console = quietConsole();
    const { pinterest } = start();
    const center = fakeThemeEventCenter();
    const bus = fakeShoplineBus();
    shoplineSource(pinterest, { themeEventCenter: center, event: bus });
    for (const [label, value] of hostileValues()) {
      expect(() => center.dispatch('product:viewed', value), label).not.toThrow();
      expect(() => center.dispatch('variant:added', value), label).not.toThrow();
      expect(() => bus.emit('Product::SkuChanged', value), label).not.toThrow();
      expect(() => shoplineSource(pinterest, { themeEventCenter: value, event: value } as never)(), label).not.toThrow();
    }
    await settle();
    expect(console.error).not.toHaveBeenCalled();
  });
});

describe('Adobe Commerce source (Storefront Events SDK)', () => {
  it('maps product page view, add to cart, checkout start, order placed, search and account creation', async () => {
    const { pinterest, events } = start();
    const { mse, publish } = fakeMse();
    adobeSource(pinterest, { mse });
    publish('productPageView', ADOBE_PRODUCT_PAGE_VIEW);
    publish('addToCart', ADOBE_ADD_TO_CART);
    publish('initiateCheckout', ADOBE_INITIATE_CHECKOUT);
    publish('searchRequestSent', ADOBE_SEARCH);
    publish('searchRequestSent', ADOBE_SEARCH);
    publish('createAccount', ADOBE_CREATE_ACCOUNT);
    publish('placeOrder', adobePlaceOrder('000000123'));
    await settle();
    const MUG = { product_id: 'KC-1001', product_name: 'Speckled Stoneware Mug', product_category: 'Mugs & Cups', product_price: 28 };
    expect(sent('pagevisit')).toEqual([{ line_items: [{ ...MUG, product_quantity: 1 }] }]);
    expect(sent('addtocart')).toEqual([{ line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 56, currency: 'USD' }]);
    expect(sent('initiatecheckout')).toEqual([{ line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 56, currency: 'USD' }]);
    expect(sent('search')).toEqual([{ search_query: 'speckled mug' }]);
    expect(sent('signup')).toEqual([{}]);
    expect(sent('checkout')).toEqual([
      { order_id: '000000123', promo_code: 'SUMMER_FUN', line_items: [{ ...MUG, product_quantity: 2 }], order_quantity: 2, value: 61.99, currency: 'USD' },
    ]);
    expect((tracks('checkout')[0]![2] as { event_id: string }).event_id).toBe(checkoutEventId('000000123'));
    const checkout = events.find((event) => event.event === 'checkout')!;
    expect(checkout.match?.em).toBe(sha256('jane.doe@example.com'));
    expect(JSON.stringify(events)).not.toMatch(/jane\.doe@example\.com/i);
  });

  it('reads product IDs instead of SKUs when asked, and stops when stopped', async () => {
    const { pinterest } = start();
    const { mse, publish } = fakeMse();
    const stop = adobeSource(pinterest, { mse, productId: 'product' });
    publish('addToCart', ADOBE_ADD_TO_CART);
    stop();
    publish('addToCart', ADOBE_ADD_TO_CART);
    await settle();
    expect(sent('addtocart').map((data) => (data.line_items as Array<{ product_id: string }>)[0]!.product_id)).toEqual(['1001']);
  });

  it('without the SDK, subscribes on the data layer as the SDK does, hearing the events that came before (scope all)', async () => {
    const { pinterest } = start();
    type Listener = [string, (event: unknown) => void, unknown];
    const listeners: Listener[] = [];
    const acdl = { addEventListener: (...args: Listener) => listeners.push(args), removeEventListener: () => {} };
    // The data layer runs functions pushed onto it with itself once it has loaded (Adobe Client Data Layer).
    const layer: unknown[] = [];
    (window as unknown as { adobeDataLayer: unknown[] }).adobeDataLayer = layer;
    try {
      adobeSource(pinterest);
      for (const entry of layer) (entry as (dl: typeof acdl) => void)(acdl);
      expect(listeners.map(([name, , options]) => [name, options])).toContainEqual(['place-order', { scope: 'all' }]);
      listeners.find(([name]) => name === 'place-order')![1](adobePlaceOrder('000000124'));
      await settle();
      expect((tracks('checkout')[0]![2] as { order_id: string }).order_id).toBe('000000124');
    } finally {
      delete (window as unknown as Record<string, unknown>).adobeDataLayer;
    }
  });

  it('throws nothing into the page, whatever the events carry', async () => {
    const console = quietConsole();
    const { pinterest } = start();
    const { mse, publish } = fakeMse();
    adobeSource(pinterest, { mse });
    for (const [label, value] of hostileValues()) {
      for (const name of ['productPageView', 'addToCart', 'initiateCheckout', 'placeOrder', 'searchRequestSent', 'createAccount']) {
        expect(() => publish(name, value), label).not.toThrow();
        expect(() => publish(name, { eventInfo: value }), label).not.toThrow();
      }
      expect(() => adobeSource(pinterest, { mse: value } as never)(), label).not.toThrow();
    }
    await settle();
    expect(console.error).not.toHaveBeenCalled();
  });
});
