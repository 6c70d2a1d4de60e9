// The Shopify event source: the events a Shopify store already announces, sent as Pinterest events.
//
// 1. Web Pixels API (a custom pixel, or an app pixel): `analytics.subscribe(name, callback)`, each event
//    `{ name, data, … }` (https://shopify.dev/docs/api/web-pixels-api/standard-api/analytics). Standard events and
//    their `data` (https://shopify.dev/docs/api/web-pixels-api/standard-events): `product_viewed`
//    { productVariant }, `collection_viewed` { collection: { title, productVariants } }, `search_submitted`
//    { searchResult: { query } }, `product_added_to_cart` { cartLine: { merchandise, quantity, cost } },
//    `checkout_started`, `payment_info_submitted` and `checkout_completed` { checkout: { order: { id }, lineItems,
//    totalPrice, currencyCode, email, phone, shippingAddress, discountApplications } }. A ProductVariant is
//    { id, sku, title, price: { amount, currencyCode }, product: { id, title, vendor, type } }; the IDs are
//    numbers as text. `checkout_completed` "is triggered once for each checkout, typically on the Thank you page"
//    and not at all when that page fails to load (…/standard-events/checkout_completed). `init.data.customer`
//    is the logged-in customer (…/standard-api/init). App pixels run in a strict sandbox (a web worker) where
//    Pinterest's tag cannot load (https://shopify.dev/docs/api/web-pixels-api): there the events still map, to an
//    instance that can only return IDs.
// 2. Standard storefront events of Liquid themes (2026): DOM events on `document`, the payload on the event itself,
//    IDs as Storefront API global IDs (https://shopify.dev/docs/api/storefront-events-and-actions/events):
//    `shopify:page:view` { page: { template, title, url } }, once per page load "once the document is ready … a
//    listener attached later doesn't" catch it; `shopify:product:view` { context: 'page' | 'collection' | …,
//    product, selectedVariant? }; `shopify:cart:lines-update` { action: 'add' | 'remove' | 'update', lines,
//    promise }, fired before the change, "whether or not the change succeeds", the promise resolving with
//    { cart, userErrors }; `shopify:search:update` { search: { query } }, again when only filters change;
//    `shopify:collection:update` { collection: { title } } on a filter or sort change. The line fields of
//    `lines-update` are not spelled out on the pages we could read: they are read as the Storefront API's
//    CartLineInput (`merchandiseId`, `quantity`) or CartLine (`merchandise`), the product found in the resolved cart.
//
// The catalog's product ID: the product's own ID by default (option `productId: 'variant'` or `'sku'` for a catalog
// built on those). Which one the Pinterest app for Shopify puts in its catalog we could not confirm from a public
// source (docs/SPEC.md §8.2 calls the choice UNCONFIRMED); the product ID is in every shape above, and names the
// product whatever variant the shopper picks. An item without the chosen ID is left out (a note in debug mode).
import type { Customer, LineItem } from '../common/types';
import { at, connect, field, lineItem, list, MAX_LIST_ITEMS, plainId, type SourceContext, type SourceTag, type StopSource, text } from './shared';

/** Which ID of a Shopify product is the catalog's product ID. */
export type ShopifyProductId = 'product' | 'variant' | 'sku';

/** What the Web Pixels API gives a pixel: `analytics.subscribe(name, callback)`. */
export interface WebPixelsAnalytics {
  subscribe(name: string, callback: (event: unknown) => void): unknown;
}

/** Where the Shopify source listens, and how it reads products. */
export interface ShopifySourceOptions {
  /** The Web Pixels API's `analytics` (in a custom pixel, the global `analytics`; in an app pixel, `api.analytics`). */
  analytics?: WebPixelsAnalytics;
  /** The Web Pixels API's `init`: its logged-in customer's email and phone go to `identify()`. */
  init?: unknown;
  /** Where the theme's `shopify:*` events bubble to. Defaults to `document`; `null` turns them off. */
  events?: EventTarget | null;
  /** Which ID is your catalog's product ID: `'product'` (default), `'variant'` or `'sku'`. */
  productId?: ShopifyProductId;
  /**
   * The Web Pixels events to send; defaults to all those `PIXEL_EVENTS` lists. A custom pixel beside the theme's
   * own install sends only the checkout's, which no theme script sees: `['checkout_started',
   * 'payment_info_submitted', 'checkout_completed']`.
   */
  pixelEvents?: readonly string[];
}

/** The Web Pixels standard events this source maps. `page_viewed` is not among them: the SDK sends the page visit. */
export const PIXEL_EVENTS = [
  'product_viewed',
  'collection_viewed',
  'search_submitted',
  'product_added_to_cart',
  'checkout_started',
  'payment_info_submitted',
  'checkout_completed',
] as const;

/** The theme's standard storefront events this source listens to. */
export const THEME_EVENTS = ['shopify:page:view', 'shopify:product:view', 'shopify:cart:lines-update', 'shopify:search:update', 'shopify:collection:update'];

/**
 * Listens to the theme's standard storefront events on `target`; returns a function that stops. Used from the
 * moment the script tag's file loads, before there is an instance, so that `shopify:page:view` is not missed.
 */
export function listenThemeEvents(target: EventTarget | null | undefined, onEvent: (event: Event) => void): StopSource {
  if (!target || typeof target.addEventListener !== 'function') return () => {};
  for (const name of THEME_EVENTS) target.addEventListener(name, onEvent);
  return () => {
    for (const name of THEME_EVENTS) target.removeEventListener(name, onEvent);
  };
}

/** A Storefront API cart's lines, whether an array, `{ nodes }` or `{ edges: [{ node }] }`. */
function cartLines(cart: unknown): unknown[] {
  const lines = at(cart, 'lines');
  if (Array.isArray(lines)) return list(lines);
  const nodes = at(lines, 'nodes');
  if (Array.isArray(nodes)) return list(nodes);
  return list(at(lines, 'edges')).map((edge) => at(edge, 'node'));
}

/** Maps the Shopify events of either kind on `context` (SHOPLINE's pixel events too: shopline.ts). */
export function shopifyMapper(context: SourceContext, options: ShopifySourceOptions | undefined) {
  const choice = at(options, 'productId');
  const productId: ShopifyProductId = choice === 'variant' || choice === 'sku' ? choice : 'product';
  let lastQuery: string | undefined;
  let viewedCategory = false;

  /** A line item from a product variant (Web Pixels ProductVariant, Storefront API ProductVariant). */
  const fromVariant = (variant: unknown, product: unknown, count?: unknown): LineItem | undefined => {
    const ids = { product: plainId(at(product, 'id')), variant: plainId(at(variant, 'id')), sku: text(at(variant, 'sku')) };
    return lineItem({
      id: ids[productId],
      name: at(product, 'title'),
      price: at(variant, 'price', 'amount'),
      quantity: count,
      category: at(product, 'type') ?? at(product, 'productType'),
      brand: at(product, 'vendor'),
      variant: at(variant, 'title'),
      variantId: ids.variant,
    });
  };
  /** Line items from variants; those without the chosen ID are left out, with a note. */
  const itemsOf = (entries: unknown[], read: (entry: unknown) => LineItem | undefined, what: string): LineItem[] => {
    const items = entries.map(read).filter((item): item is LineItem => !!item);
    if (items.length < entries.length) context.note('no-product-id', `${what} (${productId} ID)`);
    return items;
  };
  const checkoutItems = (checkout: unknown, what: string): LineItem[] =>
    itemsOf(list(at(checkout, 'lineItems')), (line) => fromVariant(at(line, 'variant'), at(line, 'variant', 'product'), at(line, 'quantity')), what);
  /** The shopper at checkout, for `identify()` (which hashes): never into event data. */
  const shopper = (checkout: unknown): Customer => {
    const address = at(checkout, 'shippingAddress') ?? at(checkout, 'billingAddress');
    const field = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    return {
      email: field(at(checkout, 'email')),
      phone: field(at(checkout, 'phone')) ?? field(at(address, 'phone')),
      firstName: field(at(address, 'firstName')),
      lastName: field(at(address, 'lastName')),
      city: field(at(address, 'city')),
      state: field(at(address, 'provinceCode')),
      zip: field(at(address, 'zip')),
      country: field(at(address, 'countryCode')),
    };
  };
  const promoCode = (checkout: unknown): string | undefined =>
    text(
      at(
        list(at(checkout, 'discountApplications')).find((discount) => at(discount, 'type') === 'DISCOUNT_CODE'),
        'title',
      ),
    );
  const checkoutStep = (action: 'initiateCheckout' | 'addPaymentInfo' | 'checkout', checkout: unknown, what: string): void => {
    context.identify(shopper(checkout));
    context.send(
      action,
      {
        items: checkoutItems(checkout, what),
        value: at(checkout, 'totalPrice', 'amount'),
        currency: at(checkout, 'currencyCode') ?? at(checkout, 'totalPrice', 'currencyCode'),
        orderId: text(at(checkout, 'order', 'id')),
        promoCode: promoCode(checkout),
      },
      what,
    );
  };
  const viewCategory = (category: string | undefined, items: LineItem[], what: string): void => {
    // One category view per page: a filter or sort change is the same view refined.
    if (viewedCategory || !(category || items.length)) return;
    viewedCategory = true;
    context.send('viewCategory', { category, items }, what);
  };

  /** A Web Pixels event. */
  const pixel = (event: unknown): void => {
    const name = at(event, 'name');
    const data = at(event, 'data');
    switch (name) {
      case 'product_viewed': {
        const variant = at(data, 'productVariant');
        const item = fromVariant(variant, at(variant, 'product'));
        return void context.viewed(item ? [item] : [], name);
      }
      case 'collection_viewed': {
        const collection = at(data, 'collection');
        const variants = list(at(collection, 'productVariants'), MAX_LIST_ITEMS);
        return void viewCategory(
          text(at(collection, 'title')),
          itemsOf(variants, (variant) => fromVariant(variant, at(variant, 'product')), name),
          name,
        );
      }
      case 'search_submitted':
        return void context.send('search', { query: text(at(data, 'searchResult', 'query')) }, name);
      case 'product_added_to_cart': {
        const line = at(data, 'cartLine');
        const variant = at(line, 'merchandise');
        const item = fromVariant(variant, at(variant, 'product'), at(line, 'quantity'));
        if (!item) return void context.note('no-product-id', `${name} (${productId} ID)`);
        return void context.send(
          'addToCart',
          { items: [item], value: at(line, 'cost', 'totalAmount', 'amount'), currency: at(line, 'cost', 'totalAmount', 'currencyCode') },
          name,
        );
      }
      case 'checkout_started':
        return void checkoutStep('initiateCheckout', at(data, 'checkout'), name);
      case 'payment_info_submitted':
        return void checkoutStep('addPaymentInfo', at(data, 'checkout'), name);
      case 'checkout_completed':
        return void checkoutStep('checkout', at(data, 'checkout'), name);
      default:
        if (typeof name === 'string' && name !== 'page_viewed') context.note('source-unmapped', JSON.stringify(name.slice(0, 60)));
    }
  };

  /** The product of a theme event: the product and the variant selected, if any. */
  const themeProduct = (product: unknown, variant: unknown, count?: unknown): LineItem | undefined => fromVariant(variant, product, count);

  /** A theme's standard storefront event. */
  const theme = (event: Event): void => {
    // The payload is on the event itself (its class's fields), or in `detail` for a theme that uses CustomEvent.
    const read = (key: string): unknown => field(event, key) ?? at(field(event, 'detail'), key);
    switch (event.type) {
      case 'shopify:page:view': {
        const template = text(at(read('page'), 'template')) ?? '';
        // Not a product page: its page visit need not wait for a product.
        if (!template.startsWith('product')) context.noProduct();
        if (template.startsWith('collection')) viewCategory(text(at(read('page'), 'title')), [], event.type);
        return;
      }
      case 'shopify:product:view': {
        // A card in a grid or a recommendation is not the product of this page.
        if (read('context') !== 'page') return;
        const product = read('product');
        const item = themeProduct(product, read('selectedVariant') ?? at(product, 'selectedVariant'));
        return void context.viewed(item ? [item] : [], event.type);
      }
      case 'shopify:search:update': {
        const query = text(at(read('search'), 'query'));
        // Sent again with the same query when only the filters change: one search per query.
        if (!query || query === lastQuery) return;
        lastQuery = query;
        return void context.send('search', { query }, event.type);
      }
      case 'shopify:collection:update':
        return void viewCategory(text(at(read('collection'), 'title')), [], event.type);
      case 'shopify:cart:lines-update': {
        if (read('action') !== 'add') return;
        const lines = list(read('lines'));
        const promise = read('promise') as Promise<unknown> | undefined;
        const what = event.type;
        const send = (result: unknown): void => {
          // The cart declined the change: nothing was added.
          if (list(at(result, 'userErrors')).length) return;
          const inCart = cartLines(at(result, 'cart'));
          const items = itemsOf(
            lines,
            (line) => {
              const merchandiseId = at(line, 'merchandiseId');
              const merchandise =
                at(line, 'merchandise') ??
                at(
                  inCart.find((cartLine) => merchandiseId != null && at(cartLine, 'merchandise', 'id') === merchandiseId),
                  'merchandise',
                );
              return themeProduct(at(merchandise, 'product'), merchandise, at(line, 'quantity'));
            },
            what,
          );
          if (items.length) {
            const currency = at(inCart[0], 'cost', 'totalAmount', 'currencyCode') ?? at(result, 'cart', 'cost', 'totalAmount', 'currencyCode');
            context.send('addToCart', { items, currency }, what);
          }
        };
        // The event fires before the change: wait for its outcome, when the theme gives one.
        if (promise && typeof promise.then === 'function') promise.then(context.guard(send), () => {});
        else send(undefined);
        return;
      }
    }
  };
  return { pixel: context.guard(pixel), theme: context.guard(theme) };
}

/**
 * Subscribes `handler` to the pixel events of `options.analytics` (those of `options.pixelEvents`, else all that
 * `PIXEL_EVENTS` lists), and identifies the logged-in customer of `options.init`. Shared with SHOPLINE's pixel.
 */
export function subscribePixels(context: SourceContext, options: unknown, handler: (event: unknown) => void): void {
  const analytics = at(options, 'analytics') as WebPixelsAnalytics | undefined;
  if (analytics && typeof analytics.subscribe === 'function') {
    const only = list(at(options, 'pixelEvents'));
    // The Web Pixels API has no unsubscribe: a stopped source ignores what still comes.
    for (const name of PIXEL_EVENTS.filter((name) => !only.length || only.includes(name))) {
      try {
        analytics.subscribe(name, handler);
      } catch {
        // A sandbox that refuses a subscription costs that event only.
      }
    }
  }
  const customer = at(options, 'init', 'data', 'customer');
  if (customer) context.identify({ email: at(customer, 'email') as string, phone: at(customer, 'phone') as string });
}

/**
 * Starts the Shopify source on `tag`, with theme events that came before (the script tag's file records those
 * from its own load). Internal: the public function is `shopifySource`.
 */
export function startShopify(tag: SourceTag, options: ShopifySourceOptions | undefined, backlog: Event[] = []): StopSource {
  const context = connect('shopify', tag);
  const handle = shopifyMapper(context, options);
  subscribePixels(context, options, handle.pixel);
  const given = at(options, 'events');
  const target = given === null ? null : ((given as EventTarget | undefined) ?? (typeof document === 'object' ? document : null));
  for (const event of backlog) handle.theme(event);
  const stopTheme = listenThemeEvents(target, handle.theme);
  return () => {
    context.stop();
    stopTheme();
  };
}

/**
 * Sends what a Shopify store announces as Pinterest events on `tag`: the Web Pixels API's standard events (pass
 * `analytics`, and `init` for the logged-in customer) and the theme's standard storefront events (`shopify:*` on
 * `document`). `product_viewed` and `shopify:product:view` give the page's page visit its product; a checkout's
 * email and phone go to `identify()`, hashed. Returns a function that stops it. Nothing it does throws.
 *
 * @example
 * // In a custom pixel (Settings > Customer events), after loading the SDK there:
 * const pinterest = createPinterestTag({ tagId: '2612345678901' });
 * shopifySource(pinterest, { analytics, init, productId: 'variant' });
 */
export function shopifySource(tag: SourceTag, options?: ShopifySourceOptions): StopSource {
  try {
    return startShopify(tag, options);
  } catch {
    return () => {};
  }
}
