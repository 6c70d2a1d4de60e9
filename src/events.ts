// Storefront action -> Pinterest tag event data (SPEC §3), and the tag <-> Conversions API name table
// (SPEC §8.1). Shared with the server entry: nothing here may touch a browser global.
import { mustBe } from './log';
import type { ActionName, ApiEventName, TagEventName } from './types';

/**
 * Storefront action -> Pinterest tag event name: lower-case and concatenated, the spelling the tag counts as
 * standard (SPEC §3.1; `add_to_cart` on the tag is a non-standard event).
 */
export const ACTIONS = {
  pageVisit: 'pagevisit',
  viewCategory: 'viewcategory',
  search: 'search',
  addToCart: 'addtocart',
  checkout: 'checkout',
  signup: 'signup',
  lead: 'lead',
  watchVideo: 'watchvideo',
  custom: 'custom',
} as const satisfies Record<ActionName, TagEventName>;

/**
 * Pinterest tag event name -> Conversions API `event_name`, for the server that sends the same events.
 *
 * @example
 * TAG_TO_API_EVENT.addtocart // 'add_to_cart'
 */
export const TAG_TO_API_EVENT = {
  pagevisit: 'page_visit',
  viewcategory: 'view_category',
  search: 'search',
  addtocart: 'add_to_cart',
  checkout: 'checkout',
  signup: 'signup',
  lead: 'lead',
  watchvideo: 'watch_video',
  custom: 'custom',
} as const satisfies Record<TagEventName, ApiEventName>;

/**
 * Conversions API `event_name` -> Pinterest tag event name.
 *
 * @example
 * API_TO_TAG_EVENT.page_visit // 'pagevisit'
 */
export const API_TO_TAG_EVENT = {
  page_visit: 'pagevisit',
  view_category: 'viewcategory',
  search: 'search',
  add_to_cart: 'addtocart',
  checkout: 'checkout',
  signup: 'signup',
  lead: 'lead',
  watch_video: 'watchvideo',
  custom: 'custom',
} as const satisfies Record<ApiEventName, TagEventName>;

export function isAction(name: unknown): name is ActionName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ACTIONS, name);
}

/** Input text fields -> event data keys. Each action's input type says which of them it takes. */
const TEXT = {
  orderId: 'order_id',
  promoCode: 'promo_code',
  query: 'search_query',
  leadType: 'lead_type',
  videoTitle: 'video_title',
  pageName: 'page_name',
} as const;

/** What an action cannot do without: a search has a query, and a checkout's event ID comes from its order. */
const REQUIRED: Partial<Record<ActionName, keyof typeof TEXT>> = { search: 'query', checkout: 'orderId' };

/** Events whose `value` and `order_quantity` are summed from their items when not given. */
const SUMMED: TagEventName[] = ['addtocart', 'checkout', 'custom'];

/** Line item fields -> Pinterest `line_items` keys (SPEC §3.2). */
const ITEM_TEXT = {
  id: 'product_id',
  name: 'product_name',
  category: 'product_category',
  brand: 'product_brand',
  variant: 'product_variant',
  variantId: 'product_variant_id',
} as const;

/** A number from a number or a numeric string; NaN for anything else. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' || (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(value))
    ? Number(value)
    : NaN;
}

/** Trimmed text from a string or a finite number, '' for nothing, `undefined` for anything else. */
export function toText(value: unknown): string | undefined {
  return value == null
    ? ''
    : typeof value === 'string'
      ? value.trim()
      : typeof value === 'number' && isFinite(value)
        ? String(value)
        : undefined;
}

/**
 * The upper-cased ISO-4217 code for `value`, or `undefined`. Checked against the ISO-4217 data the browser (or
 * Node) already carries in `Intl.DisplayNames`, which names known codes and echoes unknown ones; where that is
 * missing, any three letters pass.
 */
export function toCurrency(value: unknown): string | undefined {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  try {
    return new Intl.DisplayNames(['en'], { type: 'currency' }).of(code) === code ? undefined : code;
  } catch {
    // No Intl.DisplayNames (browsers before 2021): the shape check above is all there is.
    return code;
  }
}

/**
 * Builds the tag event data for a storefront action, without `event_id`. Returns `undefined`, after reporting
 * each problem, when the input cannot make a whole, correct event: a bad field is never dropped silently and
 * nothing half-built is sent.
 *
 * @example
 * buildEventData('addToCart', { product: { id: 42, price: '9.50', quantity: 2 } }, 'USD', console.warn)
 * // { line_items: [{ product_id: '42', product_price: 9.5, product_quantity: 2 }],
 * //   order_quantity: 2, value: 19, currency: 'USD' }
 */
export function buildEventData(
  action: ActionName,
  input: unknown,
  defaultCurrency: string | undefined,
  report: (message: string) => void,
): Record<string, unknown> | undefined {
  let ok = true;
  const fail = (field: string, expected: string, got: unknown): void => {
    ok = false;
    report(mustBe(field, expected, got));
  };
  const given = (input ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) return void fail('data', 'an object', input);
  const data: Record<string, unknown> = {};
  const number = (field: string, value: unknown, whole?: boolean): number | undefined => {
    const n = toNumber(value);
    if (whole ? Number.isInteger(n) && n > 0 : n >= 0 && n < Infinity) return n;
    fail(field, whole ? 'a whole number of 1 or more' : 'a number of 0 or more, such as 19.99', value);
    return undefined;
  };

  let key: keyof typeof TEXT;
  for (key in TEXT) {
    const value = toText(given[key]);
    if (value === undefined) fail(key, 'a string', given[key]);
    else if (value) data[TEXT[key]] = value;
  }
  const required = REQUIRED[action];
  if (required && data[TEXT[required]] === undefined && toText(given[required]) === '') {
    fail(required, `given for ${action}`, given[required]);
  }

  const category = toText(given.category);
  if (category === undefined) fail('category', 'a string', given.category);
  const path = given.items == null && given.product != null ? 'product' : 'items';
  const list: unknown = path === 'product' ? [given.product] : given.items;
  const items: unknown[] = Array.isArray(list) ? list : [];
  let quantity = 0;
  let sum: number | undefined = 0;
  if (list != null && !Array.isArray(list)) fail(path, 'an array of { id, price, quantity }', list);
  else if (items.length || category) {
    data.line_items = (items.length ? items : [{}]).map((raw, index) => {
      const at = path === 'product' ? path : `${path}[${index}]`;
      const line: Record<string, unknown> = {};
      if (!raw || typeof raw !== 'object') return fail(at, "an object such as { id: 'SKU-1', price: 10 }", raw), line;
      const item = raw as Record<string, unknown>;
      let field: keyof typeof ITEM_TEXT;
      for (field in ITEM_TEXT) {
        const value = toText(item[field]);
        if (value === undefined) fail(`${at}.${field}`, 'a string', item[field]);
        else if (value) line[ITEM_TEXT[field]] = value;
      }
      // A category page may name only its category; every real item needs the catalog's product ID.
      if (items.length && !line.product_id) fail(`${at}.id`, "the product ID from your catalog, such as id: 'SKU-1'", item.id);
      if (category) line.product_category ??= category;
      const price = item.price == null ? undefined : number(`${at}.price`, item.price);
      const count = item.quantity == null ? 1 : number(`${at}.quantity`, item.quantity, true) ?? 0;
      if (price !== undefined) line.product_price = price;
      if (items.length) line.product_quantity = count;
      quantity += count;
      sum = price === undefined || sum === undefined ? undefined : sum + price * count;
      return line;
    });
  }

  let value = given.value == null ? undefined : number('value', given.value);
  if (SUMMED.includes(ACTIONS[action]) && items.length) {
    data.order_quantity = quantity;
    // Rounded to get rid of binary noise such as 0.1 + 0.2, not of real precision.
    if (given.value == null && sum !== undefined) value = Math.round(sum * 1e6) / 1e6;
  }
  const currency = given.currency == null ? defaultCurrency : toCurrency(given.currency);
  if (given.currency != null && !currency) fail('currency', "an ISO-4217 code such as 'USD'", given.currency);
  if (value !== undefined) {
    data.value = value;
    if (currency) data.currency = currency;
  }
  return ok ? data : undefined;
}
