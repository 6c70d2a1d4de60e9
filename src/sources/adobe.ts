// The Adobe Commerce event source: the storefront events of Adobe Commerce (Magento) published through its
// Storefront Events SDK, sent as Pinterest events.
//
// The SDK (https://developer.adobe.com/commerce/services/shared-services/storefront-events/sdk/subscribe/):
// `mse.subscribe.<event>(handler, options)` and `mse.unsubscribe.<event>(handler)`, `mse` being the script's global
// `window.magentoStorefrontEvents`. A handler gets `{ event, eventInfo }`, `eventInfo` holding the data layer's
// contexts at that moment (github.com/adobe/commerce-events, packages/storefront-events-sdk/src/Base.ts,
// types/events.ts). Subscribing is a function pushed onto `window.adobeDataLayer`, which runs once the data layer
// has loaded, and whose listener options take `scope: 'all'` to hear the events that came before. The contexts
// (…/src/types/schemas): `productContext` { productId, sku, name, pricing: { regularPrice, specialPrice,
// currencyCode }, categories }, `changedProductsContext` { items: ShoppingCartItem[] } (the items an add changed),
// `shoppingCartContext` { items: [{ product, quantity, prices: { price: { value, currency } } }],
// prices: { subtotalIncludingTax } }, `orderContext` { orderId, grandTotal, appliedCouponCode, email },
// `accountContext` { emailAddress, phoneNumber, firstName, lastName }, `searchInputContext` { units: [{
// searchUnitId, phrase }] }, `storefrontInstanceContext` { storeViewCurrencyCode }. Adobe's own collector builds
// its events from the same contexts (packages/storefront-events-collector/src/handlers).
//
// The catalog's product ID is the SKU by default (what Adobe's collector reports as the product), or the product's
// numeric ID with `productId: 'product'`. Pinterest's own Magento extension builds its catalog with IDs of its
// own (`v_` and the product's; Helper/PinterestHelper.php getContentId), which a storefront event does not carry.
import type { Customer, LineItem } from '../common/types';
import { at, connect, lineItem, list, type SourceContext, type SourceTag, type StopSource, text } from './shared';

/** The Storefront Events SDK's `subscribe` and `unsubscribe` as this source uses them. */
export interface StorefrontEventsSdk {
  subscribe: Record<string, (handler: (event: unknown) => void, options?: unknown) => void>;
  unsubscribe?: Record<string, (handler: (event: unknown) => void) => void>;
}

/** Where the Adobe source listens, and how it reads products. */
export interface AdobeSourceOptions {
  /** The Storefront Events SDK; defaults to `window.magentoStorefrontEvents`, else the data layer itself. */
  mse?: StorefrontEventsSdk;
  /** Which ID is your catalog's product ID: `'sku'` (default) or `'product'`. */
  productId?: 'sku' | 'product';
}

/** The SDK's event names (its subscribe functions) and the data layer's names for them (src/events.ts there). */
export const ADOBE_EVENTS = {
  productPageView: 'product-page-view',
  addToCart: 'add-to-cart',
  initiateCheckout: 'initiate-checkout',
  placeOrder: 'place-order',
  searchRequestSent: 'search-request-sent',
  createAccount: 'create-account',
} as const;

/** Maps one Storefront Events SDK event on `context`. */
function adobeMapper(context: SourceContext, options: AdobeSourceOptions | undefined) {
  const bySku = at(options, 'productId') !== 'product';
  let lastPhrase: string | undefined;
  const product = (item: unknown, count?: unknown, price?: unknown): LineItem | undefined =>
    lineItem({
      id: bySku ? at(item, 'sku') : at(item, 'productId'),
      name: at(item, 'name'),
      price: price ?? at(item, 'pricing', 'specialPrice') ?? at(item, 'pricing', 'regularPrice'),
      quantity: count,
      category: list(at(item, 'categories'))[0],
    });
  const cartItems = (items: unknown, what: string): LineItem[] => {
    const given = list(items);
    const mapped = given.map((item) => product(at(item, 'product'), at(item, 'quantity'), at(item, 'prices', 'price', 'value'))).filter((item) => !!item);
    if (mapped.length < given.length) context.note('no-product-id', `${what} (${bySku ? 'sku' : 'productId'})`);
    return mapped as LineItem[];
  };
  const account = (info: unknown, email?: unknown): Customer => {
    const field = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    const known = at(info, 'accountContext');
    return {
      email: field(email) ?? field(at(known, 'emailAddress')),
      phone: field(at(known, 'phoneNumber')),
      firstName: field(at(known, 'firstName')),
      lastName: field(at(known, 'lastName')),
    };
  };
  return (name: keyof typeof ADOBE_EVENTS, event: unknown): void => {
    const info = at(event, 'eventInfo');
    const currency = at(info, 'storefrontInstanceContext', 'storeViewCurrencyCode');
    const cart = at(info, 'shoppingCartContext');
    switch (name) {
      case 'productPageView': {
        const item = product(at(info, 'productContext'));
        return void context.viewed(item ? [item] : [], name);
      }
      case 'addToCart': {
        // The items the add changed; else the page's product, as Adobe's collector falls back to.
        const changed = list(at(info, 'changedProductsContext', 'items'));
        const items = changed.length ? cartItems(changed, name) : [product(at(info, 'productContext'))].filter((item): item is LineItem => !!item);
        return void context.send('addToCart', { items, currency: at(info, 'productContext', 'pricing', 'currencyCode') ?? currency }, name);
      }
      case 'initiateCheckout':
        return void context.send(
          'initiateCheckout',
          { items: cartItems(at(cart, 'items'), name), value: at(cart, 'prices', 'subtotalIncludingTax', 'value'), currency },
          name,
        );
      case 'placeOrder': {
        const order = at(info, 'orderContext');
        context.identify(account(info, at(order, 'email')));
        return void context.send(
          'checkout',
          {
            items: cartItems(at(cart, 'items'), name),
            value: at(order, 'grandTotal'),
            currency,
            orderId: text(at(order, 'orderId')),
            promoCode: text(at(order, 'appliedCouponCode')),
          },
          name,
        );
      }
      case 'searchRequestSent': {
        // The search results page's request, not the popover's suggestions as the shopper types.
        const unitId = at(info, 'searchUnitId');
        if (unitId === 'searchPopover') return;
        const units = list(at(info, 'searchInputContext', 'units'));
        const phrase = text(at(units.find((unit) => at(unit, 'searchUnitId') === unitId) ?? units[0], 'phrase'));
        if (!phrase || phrase === lastPhrase) return;
        lastPhrase = phrase;
        return void context.send('search', { query: phrase }, name);
      }
      case 'createAccount':
        context.identify(account(info));
        return void context.send('signup', {}, name);
    }
  };
}

/**
 * Sends Adobe Commerce's storefront events as Pinterest events on `tag`: a product page view gives the page's page
 * visit its product; add to cart, checkout start, order placed (the order's email to `identify()`, hashed), search,
 * account created. Events that came before are heard too (the data layer keeps them). Returns a function that
 * stops it. Nothing it does throws.
 *
 * @example
 * import { adobeSource } from 'storefront-pinterest-tag/sources/adobe';
 * const stop = adobeSource(pinterest, { mse: window.magentoStorefrontEvents });
 */
export function adobeSource(tag: SourceTag, options?: AdobeSourceOptions): StopSource {
  try {
    const context = connect('adobe', tag);
    const map = adobeMapper(context, options);
    const page = typeof window === 'object' ? (window as unknown as { magentoStorefrontEvents?: unknown; adobeDataLayer?: unknown[] }) : undefined;
    const mse = (at(options, 'mse') ?? page?.magentoStorefrontEvents) as StorefrontEventsSdk | undefined;
    const stops: StopSource[] = [];
    for (const name of Object.keys(ADOBE_EVENTS) as (keyof typeof ADOBE_EVENTS)[]) {
      const handler = context.guard((event: unknown) => map(name, event));
      try {
        const subscribe = mse?.subscribe?.[name];
        if (typeof subscribe === 'function') {
          subscribe.call(mse!.subscribe, handler, { scope: 'all' });
          stops.push(() => mse?.unsubscribe?.[name]?.call(mse.unsubscribe, handler));
        } else if (page) {
          // No SDK (yet): what its subscribe does, on the data layer itself (Base.ts addEventListener).
          type Layer = { addEventListener(name: string, handler: unknown, options?: unknown): void; removeEventListener(name: string, handler: unknown): void };
          const layer = (page.adobeDataLayer ??= []);
          layer.push((dl: Layer) => dl.addEventListener(ADOBE_EVENTS[name], handler, { scope: 'all' }));
          stops.push(() => layer.push((dl: Layer) => dl.removeEventListener(ADOBE_EVENTS[name], handler)));
        }
      } catch {
        // A broken SDK costs that event only.
      }
    }
    return () => {
      context.stop();
      for (const stop of stops.splice(0)) {
        try {
          stop();
        } catch {
          // A stopped source ignores what still comes (shared.ts).
        }
      }
    };
  } catch {
    return () => {};
  }
}
