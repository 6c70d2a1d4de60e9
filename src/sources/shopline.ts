// The SHOPLINE event source: the events a SHOPLINE store already announces, sent as Pinterest events. SHOPLINE is
// the platform whose "Pinterest Data Report" screen this product serves.
//
// 1. Theme events of Online Store 3.0 themes: a bus at `window.themeEventCenter`, `addListener(name, callback)`
//    and `dispatch(new ThemeEvent(name, { detail }))`
//    (https://developer.shopline.com/docs/online-store-3-0-themes/best-practice/theme-events). `product:viewed`
//    carries { productId, productHandle, variantId, price, currency } (the page's example: price 9999 with currency
//    USD, that is $99.99: prices in the currency's minor unit, as the theme's Ajax cart gives them); the standard
//    theme Bottle dispatches it when the product page mounts, and `variant:added` after a successful add to cart,
//    with { productId, variantId, quantity, price: unit price × quantity, currency } (Bottle's product form,
//    public theme code). Neither says what page it is on: `product:viewed` from a quick view would be taken as the
//    page's product if it comes before the page visit goes.
// 2. Theme events of Online Store 2.0 and 1.0 themes: `window.Shopline.event.on(name, callback)`
//    (https://developer.shopline.com/docs/themes-2-0/best-practices/theme-event/online-store-2-0-1-0-events):
//    `Product::SkuChanged` with `data: { type: 'init' | 'change', spuSeq, skuSeq, price, quantity, … }`, 'init'
//    when the product page starts. Its price unit is not stated, so the product goes without its price. The page
//    names no add-to-cart event that reports a completed add (the themes' `Cart::AddToCart` is a request to the
//    cart with callbacks), so none is mapped.
// 3. SHOPLINE's pixel (Settings > Customer events, https://help.shopline.com/hc/en-001/articles/22054216601753):
//    custom pixel code runs in a sandbox with an `analytics.subscribe` like Shopify's. We found no public page with
//    its event names and payloads: they are read as Shopify's Web Pixels events (shopify.ts), and what does not
//    match is not sent (a note in debug mode).
import { at, connect, field, lineItem, plainId, type SourceContext, type SourceTag, type StopSource, text } from './shared';
import { shopifyMapper, subscribePixels, type WebPixelsAnalytics } from './shopify';

/** The theme event bus of an Online Store 3.0 theme (`window.themeEventCenter`). */
export interface ThemeEventCenter {
  addListener(name: string, callback: (event: unknown) => void): unknown;
  removeListener?(name: string, callback: unknown): unknown;
}

/** The theme event bus of an Online Store 2.0 or 1.0 theme (`window.Shopline.event`). */
export interface ShoplineEventBus {
  on(name: string, callback: (payload: unknown) => void): unknown;
  off?(name: string, callback: unknown): unknown;
}

/** Where the SHOPLINE source listens, and how it reads products. */
export interface ShoplineSourceOptions {
  /** The pixel's `analytics`, in a custom pixel. */
  analytics?: WebPixelsAnalytics;
  /** The pixel's `init`, if it has one: its customer's email and phone go to `identify()`. */
  init?: unknown;
  /** The pixel events to send, as for Shopify (`pixelEvents` there); defaults to all. */
  pixelEvents?: readonly string[];
  /** Defaults to `window.themeEventCenter`; `null` turns it off. */
  themeEventCenter?: ThemeEventCenter | null;
  /** Defaults to `window.Shopline.event`; `null` turns it off. */
  event?: ShoplineEventBus | null;
  /** Which ID is your catalog's product ID: `'product'` (default) or `'variant'` (`'sku'` for pixel events). */
  productId?: 'product' | 'variant' | 'sku';
  /** The unit of theme event prices: `'cents'` (default, 9999 is 99.99) or `'units'`. */
  prices?: 'cents' | 'units';
}

/** The theme events this source listens to: OS 3.0, then OS 2.0/1.0. */
export const SHOPLINE_THEME_EVENTS = ['product:viewed', 'variant:added'];
export const SHOPLINE_OS2_EVENTS = ['Product::SkuChanged'];

/** A theme event as this source records it: its bus's name, the event's name, and what the callback got. */
export interface ShoplineThemeEvent {
  name: string;
  event: unknown;
}

/** The page's buses, or the ones given (`null` for none). */
function buses(options: ShoplineSourceOptions | undefined): { center?: ThemeEventCenter; bus?: ShoplineEventBus } {
  const page = typeof window === 'object' ? (window as unknown as { themeEventCenter?: unknown; Shopline?: unknown }) : undefined;
  const center = at(options, 'themeEventCenter');
  const bus = at(options, 'event');
  return {
    center: (center === null ? undefined : (center ?? at(page, 'themeEventCenter'))) as ThemeEventCenter | undefined,
    bus: (bus === null ? undefined : (bus ?? at(at(page, 'Shopline'), 'event'))) as ShoplineEventBus | undefined,
  };
}

/**
 * Listens to the theme events on the page's buses; returns a function that stops. Used from the moment the
 * script tag's file loads, before there is an instance, so that `product:viewed` is not missed.
 */
export function listenShoplineThemes(options: ShoplineSourceOptions | undefined, onEvent: (event: ShoplineThemeEvent) => void): StopSource {
  const { center, bus } = buses(options);
  const stops: StopSource[] = [];
  const add = (target: unknown, on: 'addListener' | 'on', off: 'removeListener' | 'off', names: string[]): void => {
    const subscribe = at(target, on) ?? (target as Record<string, unknown> | undefined)?.[on];
    if (typeof subscribe !== 'function') return;
    for (const name of names) {
      const callback = (event: unknown): void => onEvent({ name, event });
      try {
        subscribe.call(target, name, callback);
        stops.push(() => (target as Record<string, (name: string, callback: unknown) => void>)[off]?.(name, callback));
      } catch {
        // A bus that refuses a listener costs that event only.
      }
    }
  };
  add(center, 'addListener', 'removeListener', SHOPLINE_THEME_EVENTS);
  add(bus, 'on', 'off', SHOPLINE_OS2_EVENTS);
  return () => {
    for (const stop of stops.splice(0)) {
      try {
        stop();
      } catch {
        // A stopped source ignores what still comes (shared.ts).
      }
    }
  };
}

/** Maps SHOPLINE's theme events on `context`. */
function themeMapper(context: SourceContext, options: ShoplineSourceOptions | undefined) {
  const variantIds = at(options, 'productId') === 'variant';
  const divisor = at(options, 'prices') === 'units' ? 1 : 100;
  const money = (value: unknown): number | undefined => (typeof value === 'number' && value >= 0 ? value / divisor : undefined);
  return (recorded: ShoplineThemeEvent): void => {
    const { name, event } = recorded;
    if (name === 'Product::SkuChanged') {
      const data = at(event, 'data');
      if (at(data, 'type') !== 'init') return;
      const item = lineItem({ id: variantIds ? at(data, 'skuSeq') : at(data, 'spuSeq'), variantId: at(data, 'skuSeq') });
      return void context.viewed(item ? [item] : [], name);
    }
    // A ThemeEvent's `detail` is CustomEvent's (its class's getter), not an own property.
    const detail = field(event, 'detail');
    const product = variantIds ? at(detail, 'variantId') : at(detail, 'productId');
    if (name === 'product:viewed') {
      const item = lineItem({ id: plainId(product), price: money(at(detail, 'price')), variantId: plainId(at(detail, 'variantId')) });
      return void context.viewed(item ? [item] : [], name);
    }
    if (name === 'variant:added') {
      const count = at(detail, 'quantity') ?? 1;
      const total = money(at(detail, 'price'));
      const item = lineItem({
        id: plainId(product),
        quantity: count,
        price: total !== undefined && typeof count === 'number' && count > 0 ? Math.round((total / count) * 1e6) / 1e6 : undefined,
        variantId: plainId(at(detail, 'variantId')),
      });
      if (!item) return void context.note('no-product-id', name);
      return void context.send('addToCart', { items: [item], value: total, currency: text(at(detail, 'currency')) }, name);
    }
  };
}

/** Starts the SHOPLINE source, with theme events recorded before (by the script tag's file). Internal. */
export function startShopline(tag: SourceTag, options: ShoplineSourceOptions | undefined, backlog: ShoplineThemeEvent[] = []): StopSource {
  const context = connect('shopline', tag);
  subscribePixels(context, options, shopifyMapper(context, options).pixel);
  const theme = context.guard(themeMapper(context, options));
  for (const event of backlog) theme(event);
  const stopThemes = listenShoplineThemes(options, theme);
  return () => {
    context.stop();
    stopThemes();
  };
}

/**
 * Sends what a SHOPLINE store announces as Pinterest events on `tag`: its theme events (Online Store 3.0's
 * `themeEventCenter`, 2.0's `Shopline.event`) and, in a custom pixel, its pixel events (pass `analytics`).
 * `product:viewed` gives the page's page visit its product. Returns a function that stops it. Nothing it does throws.
 *
 * @example
 * import { shoplineSource } from 'storefront-pinterest-tag/sources/shopline';
 * const stop = shoplineSource(pinterest); // the page's themeEventCenter and Shopline.event
 */
export function shoplineSource(tag: SourceTag, options?: ShoplineSourceOptions): StopSource {
  try {
    return startShopline(tag, options);
  } catch {
    return () => {};
  }
}
