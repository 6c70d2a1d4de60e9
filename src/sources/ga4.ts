// The GA4 event source: the Google Analytics 4 ecommerce events a store already pushes to its data layer (Google
// Tag Manager, GTM4WP on WooCommerce, BigCommerce's and Magento's data layers, gtag.js), sent as Pinterest events.
//
// Shapes, from Google's reference of the recommended events
// (https://developers.google.com/analytics/devguides/collection/ga4/reference/events?client_type=gtm and
// ?client_type=gtag): with GTM, `dataLayer.push({ event: 'add_to_cart', ecommerce: { currency, value, items } })`,
// after `dataLayer.push({ ecommerce: null })` to clear the last one
// (https://developers.google.com/analytics/devguides/collection/ga4/ecommerce?client_type=gtm); with gtag.js,
// `gtag('event', 'add_to_cart', { currency, value, items })`. Items: `item_id`, `item_name`, `price`, `quantity`,
// `item_category`, `item_brand`, `item_variant`. `purchase` carries `transaction_id` and `coupon`; `search`,
// `search_term`; `view_item_list`, `item_list_name`; `generate_lead`, `lead_source`.
//
// Which GA4 event is which Pinterest event follows Pinterest's own table, `EVENT_NAME_MAPPINGS` in the template.tpl
// of its server-side GTM tag (github.com/pinterest/ss-gtm-template, commit d0fc7a0): view_item_list ->
// view_category, view_item -> page_visit, search, add_to_cart, add_to_wishlist, begin_checkout ->
// initiate_checkout, add_payment_info, purchase -> checkout, sign_up -> signup, generate_lead -> lead, and a name
// that is already Pinterest's passes as it is. Left out, with why: `page_view` and `gtm.dom` (the SDK sends the
// page visit itself), `add_shipping_info` (a second initiate_checkout in the same checkout), `select_item`,
// `select_promotion`, `view_promotion` (clicks and impressions, not a shopper's step), `view_cart`,
// `remove_from_cart`, `refund` (Pinterest's template sends them as `custom`, which counts as a conversion).
import { type ActionName, actionOfApi } from '../common/catalog';
import type { LineItem } from '../common/types';
import { type DataLayerEntry, pageDataLayer, watchDataLayer } from './datalayer';
import { amount, at, connect, lineItem, list, MAX_LIST_ITEMS, type SourceContext, type SourceInput, type SourceTag, type StopSource, text } from './shared';

/** GA4 recommended events and the action each is (the page visit's product aside). */
export const GA4_EVENTS: Readonly<Record<string, ActionName>> = {
  view_item_list: 'viewCategory',
  search: 'search',
  add_to_cart: 'addToCart',
  add_to_wishlist: 'addToWishlist',
  begin_checkout: 'initiateCheckout',
  add_payment_info: 'addPaymentInfo',
  purchase: 'checkout',
  sign_up: 'signup',
  generate_lead: 'lead',
};

/**
 * The GA4 events whose data is the `ecommerce` object (Google's ecommerce guide lists them). Others (`search`,
 * `sign_up`, `generate_lead`) carry their parameters beside `event`, and take no ecommerce data left by an earlier push.
 */
const ECOMMERCE_EVENTS = ['view_item_list', 'view_item', 'add_to_cart', 'add_to_wishlist', 'begin_checkout', 'add_payment_info', 'purchase'];

/** Pinterest's own event names a data layer may use, as Pinterest's template passes them: not these three. */
const NOT_PASSED = ['page_visit', 'checkout', 'custom'];

/** The action for a GA4 event name; `view_item` is the page visit's product and handled apart. */
export function ga4Action(name: string): ActionName | undefined {
  if (Object.prototype.hasOwnProperty.call(GA4_EVENTS, name)) return GA4_EVENTS[name];
  return NOT_PASSED.includes(name) ? undefined : actionOfApi(name);
}

/** GA4 items as line items; an item without `item_id` is left out (a name is not a catalog's product ID). */
function items(params: unknown, max?: number): { items: LineItem[]; dropped: boolean } {
  const given = list(at(params, 'items'), max);
  const mapped: LineItem[] = [];
  for (const item of given) {
    const line = lineItem({
      id: at(item, 'item_id'),
      name: at(item, 'item_name'),
      price: at(item, 'price'),
      quantity: at(item, 'quantity'),
      category: at(item, 'item_category'),
      brand: at(item, 'item_brand'),
      variant: at(item, 'item_variant'),
    });
    if (line) mapped.push(line);
  }
  return { items: mapped, dropped: mapped.length < given.length };
}

/** Sends one GA4 event: `params` is the ecommerce object (GTM) or the event's parameters (gtag.js). */
function fire(context: SourceContext, name: string, params: unknown): void {
  if (name === 'view_item') {
    const viewed = items(params);
    if (viewed.dropped) context.note('no-product-id', `${name} items[].item_id`);
    return void context.viewed(viewed.items, name);
  }
  const action = ga4Action(name);
  if (!action) {
    // GTM's own events (gtm.js, gtm.dom, gtm.click…) are not a store's: no note for them.
    if (!name.startsWith('gtm.')) context.note('source-unmapped', JSON.stringify(name.slice(0, 60)));
    return;
  }
  const mapped = items(params, action === 'viewCategory' ? MAX_LIST_ITEMS : undefined);
  if (mapped.dropped) context.note('no-product-id', `${name} items[].item_id`);
  const input: SourceInput = {
    items: mapped.items,
    value: amount(at(params, 'value')),
    currency: at(params, 'currency'),
    orderId: text(at(params, 'transaction_id')),
    promoCode: text(at(params, 'coupon')),
    query: text(at(params, 'search_term')),
    leadType: text(at(params, 'lead_source')),
    category: text(at(params, 'item_list_name')) ?? mapped.items[0]?.category,
  };
  context.send(action, input, name);
}

/**
 * Sends the GA4 ecommerce events of the data layer as Pinterest events on `tag`: those pushed before, once, then
 * each new push, for both `dataLayer.push({ event, ecommerce })` and `gtag('event', name, params)`. `view_item`
 * gives the page's page visit its product. `{ ecommerce: null }` clears the ecommerce data, as in GTM. Returns a
 * function that stops it. Nothing it does throws into the page, and what it cannot map it does not send.
 *
 * @example
 * import { createPinterestTag } from 'storefront-pinterest-tag';
 * import { ga4Source } from 'storefront-pinterest-tag/sources/ga4';
 *
 * const pinterest = createPinterestTag({ tagId: '2612345678901', currency: 'USD' });
 * const stop = ga4Source(pinterest); // or ga4Source(pinterest, window.myDataLayer)
 */
export function ga4Source(tag: SourceTag, dataLayer?: unknown): StopSource {
  try {
    return startGa4(tag, dataLayer ?? (typeof window === 'object' ? pageDataLayer() : undefined));
  } catch {
    return () => {};
  }
}

function startGa4(tag: SourceTag, dataLayer: unknown): StopSource {
  const context = connect('ga4', tag);
  let ecommerce: Record<string, unknown> | undefined;
  const stopWatching = watchDataLayer(
    dataLayer,
    context.guard((entry: DataLayerEntry) => {
      if (entry.kind === 'gtag') {
        const [command, name, params] = entry.args;
        if (command === 'event' && typeof name === 'string') fire(context, name, params);
        return;
      }
      const { data } = entry;
      // GTM's data model keeps the ecommerce object until a push sets it anew or clears it with null.
      const given = at(data, 'ecommerce');
      let pushed: Record<string, unknown> | undefined;
      if (given === null) ecommerce = undefined;
      else if (given && typeof given === 'object') {
        pushed = {};
        for (const key of Object.keys(given).slice(0, 50)) pushed[key] = at(given, key);
        ecommerce = { ...ecommerce, ...pushed };
      }
      const name = at(data, 'event');
      if (typeof name !== 'string') return;
      // An ecommerce event reads the ecommerce data as GTM holds it; another event only what came with it, and the
      // parameters beside `event` (`search_term`, `method`, `lead_source`).
      const params: Record<string, unknown> = { ...(ECOMMERCE_EVENTS.includes(name) ? ecommerce : pushed) };
      for (const key of Object.keys(data).slice(0, 50)) if (key !== 'event' && key !== 'ecommerce') params[key] = at(data, key);
      fire(context, name, params);
    }),
  );
  return () => {
    context.stop();
    stopWatching();
  };
}
