// An order as Shopify or SHOPLINE sends it in an order webhook -> the storefront's `checkout` action: line items,
// value, currency, promo code, the customer's match keys (hashed later by toConversionEvent), the shopper's IP
// address and user agent as the platform recorded them at checkout, and the Pinterest click ID where the order
// kept it. The event ID is `checkoutEventId(order.id)`, the same the thank-you page's checkout got.
//
// Shapes: Shopify's REST order, which is the `orders/create` / `orders/paid` webhook payload
// (https://shopify.dev/docs/api/admin-rest/latest/resources/order, https://shopify.dev/docs/apps/build/webhooks),
// SHOPLINE's order webhook (orders/create https://developer.shopline.com/doc/2ff80e9159b517704ce43f0f74e6e247/NlN1ol2I ,
// orders/paid https://developer.shopline.com/doc/2ff80e9159b517704ce43f0f74e6e247/LWX7akA6), which follows Shopify's
// field names. Every field is read as optional and as outside input: only own properties, text and numbers.
import type { Customer, LineItem } from '../common/types';
import { own, toText } from '../common/values';
import type { ConversionContext, ServerAction } from './conversion-types';

/**
 * Which ID of a line item is the product ID of your Pinterest catalog (the same one your storefront's tag sends):
 * the product's, the variant's, or the SKU. Defaults to `'product'`.
 *
 * @example
 * shopifyOrderToCheckout(order, { itemId: 'variant' });
 */
export type ItemIdSource = 'product' | 'variant' | 'sku';

/**
 * Options of the order mappings.
 *
 * @example
 * const options: OrderMappingOptions = { itemId: 'sku' };
 */
export interface OrderMappingOptions {
  /** Which line-item ID the catalog uses. Defaults to `'product'`. */
  itemId?: ItemIdSource;
  /** Where else your store keeps the click ID (`epik`), e.g. a cart attribute your theme sets. */
  clickId?: (order: Record<string, unknown>) => string | undefined;
}

/**
 * A checkout for `toConversionEvent`, from an order: the action and the shopper's context. `skip` says why the order
 * is not a web conversion (a test order, a point-of-sale or draft order), when it is not.
 *
 * @example
 * const { action, context, skip } = shopifyOrderToCheckout(order);
 * if (!skip) queue.enqueue([{ event: toConversionEvent(action, context).event, copy: 'order' }]);
 */
export interface OrderCheckout {
  action: ServerAction;
  context: ConversionContext;
  skip?: 'test' | 'not-web';
}

const object = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const text = (value: unknown): string | undefined => {
  const given = toText(value);
  return given ? given : undefined;
};
/** The shopper's side of a money set (`presentment_money`), as the thank-you page showed it. */
const presented = (set: unknown): { amount?: string; currency?: string } => {
  const money = object(own(set, 'presentment_money'));
  return { amount: text(own(money, 'amount')), currency: text(own(money, 'currency_code')) };
};

/** The `epik` of a landing page path or URL (`/products/x?epik=…`), read with URLSearchParams. */
function epikOf(landing: unknown): string | undefined {
  const path = text(landing);
  if (!path || path.length > 4096) return undefined;
  const query = path.indexOf('?');
  return query < 0 ? undefined : (new URLSearchParams(path.slice(query + 1).split('#')[0]).get('epik') ?? undefined);
}

/** The click ID: from note/cart attributes a theme set (`_epik`, `epik`, `pinterest_click_id`), else the landing page's `?epik=`. */
function clickIdOf(order: Record<string, unknown>): string | undefined {
  for (const list of [own(order, 'note_attributes'), own(order, 'attributes')]) {
    if (!Array.isArray(list)) continue;
    for (const attribute of list.slice(0, 100)) {
      const name = text(own(attribute, 'name'))?.toLowerCase();
      if (name === '_epik' || name === 'epik' || name === 'pinterest_click_id') return text(own(attribute, 'value'));
    }
  }
  return epikOf(own(order, 'landing_site')) ?? epikOf(own(order, 'landing_site_ref'));
}

/** Milliseconds of an ISO 8601 time, or `undefined`. */
const time = (value: unknown): number | undefined => {
  const given = text(value);
  const ms = given && given.length < 64 ? Date.parse(given) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

/** The mapping both platforms share: SHOPLINE's order webhooks use Shopify's field names. */
function orderToCheckout(input: unknown, options: OrderMappingOptions, isTest: (order: Record<string, unknown>) => boolean): OrderCheckout {
  const order = object(input) ?? {};
  const itemId = options.itemId ?? 'product';
  const lineItems = own(order, 'line_items');
  const items: LineItem[] = (Array.isArray(lineItems) ? lineItems.slice(0, 500) : []).map((line) => {
    const id =
      text(own(line, itemId === 'variant' ? 'variant_id' : itemId === 'sku' ? 'sku' : 'product_id')) ??
      text(own(line, 'product_id')) ??
      text(own(line, 'sku')) ??
      '';
    const item: LineItem = { id };
    const name = text(own(line, 'title')) ?? text(own(line, 'name'));
    const price = presented(own(line, 'price_set')).amount ?? text(own(line, 'price'));
    const quantity = own(line, 'quantity');
    const brand = text(own(line, 'vendor'));
    const variant = text(own(line, 'variant_title'));
    const variantId = text(own(line, 'variant_id'));
    if (name) item.name = name;
    if (price !== undefined) item.price = price;
    if (typeof quantity === 'number' || typeof quantity === 'string') item.quantity = quantity;
    if (brand) item.brand = brand;
    if (variant) item.variant = variant;
    if (variantId) item.variantId = variantId;
    return item;
  });
  // Pinterest's value is the pre-tax, pre-shipping total (SPEC §7.4): the subtotal after discounts, in the currency
  // the shopper paid in, as the thank-you page shows it.
  const subtotal = presented(own(order, 'current_subtotal_price_set')).amount
    ? presented(own(order, 'current_subtotal_price_set'))
    : presented(own(order, 'subtotal_price_set'));
  const value = subtotal.amount ?? text(own(order, 'current_subtotal_price')) ?? text(own(order, 'subtotal_price'));
  const currency = subtotal.currency ?? text(own(order, 'presentment_currency')) ?? text(own(order, 'currency'));
  const codes = own(order, 'discount_codes');
  const promoCode = Array.isArray(codes) ? text(own(codes[0], 'code')) : undefined;
  const orderId = text(own(order, 'id')) ?? '';

  const customer = object(own(order, 'customer')) ?? {};
  const address = object(own(order, 'billing_address')) ?? object(own(order, 'shipping_address')) ?? object(own(customer, 'default_address')) ?? {};
  const shopper: Customer = {};
  const fields: [keyof Customer, unknown][] = [
    ['email', own(order, 'email') ?? own(order, 'contact_email') ?? own(customer, 'email')],
    ['phone', own(order, 'phone') ?? own(customer, 'phone') ?? own(address, 'phone')],
    ['firstName', own(customer, 'first_name') ?? own(address, 'first_name')],
    ['lastName', own(customer, 'last_name') ?? own(address, 'last_name')],
    ['city', own(address, 'city')],
    ['state', own(address, 'province_code')],
    ['zip', own(address, 'zip')],
    ['country', own(address, 'country_code')],
    ['externalId', own(customer, 'id')],
  ];
  for (const [field, given] of fields) {
    const value = text(given);
    if (value) (shopper as Record<string, string>)[field] = value;
  }

  const details = object(own(order, 'client_details')) ?? {};
  const context: ConversionContext = {};
  const ip = text(own(details, 'browser_ip')) ?? text(own(order, 'browser_ip'));
  const userAgent = text(own(details, 'user_agent'));
  if (ip) context.clientIp = ip;
  if (userAgent) context.userAgent = userAgent;

  const data: ServerAction & { action: 'checkout' } = {
    action: 'checkout',
    data: { orderId, items, ...(value !== undefined ? { value } : {}), ...(currency ? { currency } : {}), ...(promoCode ? { promoCode } : {}) },
    customer: shopper,
  };
  const clickId = options.clickId?.(order) ?? clickIdOf(order);
  if (clickId) data.clickId = clickId;
  const at = time(own(order, 'processed_at')) ?? time(own(order, 'created_at'));
  if (at !== undefined) data.time = at;
  const result: OrderCheckout = { action: data, context };
  if (isTest(order)) result.skip = 'test';
  else {
    // Point-of-sale and draft orders are not web conversions: no tag saw them, and they are not `web` events.
    const source = text(own(order, 'source_name'))?.toLowerCase();
    if (source === 'pos' || source === 'shopify_draft_order') result.skip = 'not-web';
  }
  return result;
}

/**
 * The checkout of a Shopify order (an `orders/create` or `orders/paid` webhook's body), for `toConversionEvent`:
 * `checkoutEventId(order.id)` as the event ID, the same the thank-you page got for it (`gid://shopify/Order/…` and
 * the plain number are the same order). `skip` is set for test orders and for point-of-sale or draft orders.
 *
 * @example
 * const { action, context, skip } = shopifyOrderToCheckout(JSON.parse(rawBody));
 * const result = toConversionEvent(action, context); // result.event.event_id === 'checkout_450789469'
 */
export function shopifyOrderToCheckout(order: unknown, options: OrderMappingOptions = {}): OrderCheckout {
  return orderToCheckout(order, options ?? {}, (given) => own(given, 'test') === true);
}

/**
 * The checkout of a SHOPLINE order (an `orders/create` or `orders/paid` webhook's body), for `toConversionEvent`,
 * with `checkoutEventId(order.id)` as the event ID. SHOPLINE's order uses Shopify's field names.
 *
 * @example
 * const { action, context } = shoplineOrderToCheckout(JSON.parse(rawBody));
 */
export function shoplineOrderToCheckout(order: unknown, options: OrderMappingOptions = {}): OrderCheckout {
  return orderToCheckout(order, options ?? {}, (given) => own(given, 'test') === true);
}
