// Storefront action -> Pinterest tag event data (SPEC §3), and the tag <-> Conversions API name table
// (SPEC §8.1). Shared with the server entry: nothing here may touch a browser global.
import { mustBe } from './log';
import { hashEmailsIn } from './normalize';
import type { ActionName, ApiEventName, TagEventName } from './types';

/**
 * The storefront actions, in the order of the DESIGN table: the instance methods and the commands of
 * `pinterestTag(name, data)`.
 *
 * @example
 * ACTIONS.includes('addToCart') // true
 */
export const ACTIONS: readonly ActionName[] = [
  'pageVisit',
  'viewCategory',
  'search',
  'addToCart',
  'checkout',
  'signup',
  'lead',
  'watchVideo',
  'custom',
];

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

/** `orderId` -> `order_id`. The names of this SDK's inputs are chosen so that this gives Pinterest's names. */
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/**
 * The tag's event name for an action: lower-case and concatenated, the spelling the tag counts as standard
 * (SPEC §3.1: `add_to_cart` on the tag is a non-standard event). The tests check it against the table above.
 *
 * @example
 * tagEventName('addToCart') // 'addtocart'
 */
export const tagEventName = (action: ActionName): TagEventName => action.toLowerCase() as TagEventName;

/**
 * The Conversions API's `event_name` for an action: snake case (SPEC §8.1).
 *
 * @example
 * apiEventName('addToCart') // 'add_to_cart'
 */
export const apiEventName = (action: ActionName): ApiEventName => snake(action) as ApiEventName;

/** Input text fields; each becomes its snake-case event data key, except `query` (`search_query`). */
const TEXT = ['orderId', 'promoCode', 'query', 'leadType', 'videoTitle', 'pageName'];

/** Line item text fields; each becomes `product_` + its snake-case name (SPEC §3.2). */
const ITEM_TEXT = ['id', 'name', 'category', 'brand', 'variant', 'variantId'];

/** What an action cannot do without: a search has a query, and a checkout's event ID comes from its order. */
const REQUIRED: Partial<Record<ActionName, string>> = { search: 'query', checkout: 'orderId' };

/** A number from a number or a numeric string; NaN for anything else. */
export const toNumber = (value: unknown): number =>
  typeof value === 'number' || (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)\s*$/.test(value)) ? Number(value) : NaN;

/** Trimmed text from a string or a finite number, '' for nothing, `undefined` for anything else. */
export const toText = (value: unknown): string | undefined =>
  value == null ? '' : typeof value === 'string' ? value.trim() : typeof value === 'number' && isFinite(value) ? String(value) : undefined;

/**
 * The currencies of Pinterest ad accounts (its API's `Currency` list, SPEC §3.2): most stores use one of these,
 * and checking them needs no `Intl.DisplayNames`, whose first use costs a shopper's phone tens of milliseconds.
 */
const COMMON_CURRENCIES = 'USD GBP CAD EUR AUD NZD SEK ILS CHF HKD JPY SGD KRW NOK DKK PLN RON HUF CZK BRL MXN ARS CLP COP INR TRY';

/**
 * The upper-cased ISO-4217 code for `value`, or `undefined`. Any other code than Pinterest's own list above is
 * checked against the ISO-4217 data the browser (or Node) carries in `Intl.DisplayNames`, which names known
 * codes and echoes unknown ones; where that is missing (browsers before 2021), any three letters pass.
 *
 * @example
 * toCurrency(' usd ') // 'USD'
 * toCurrency('XYZ')   // undefined
 */
export function toCurrency(value: unknown): string | undefined {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  if (COMMON_CURRENCIES.includes(code)) return code;
  try {
    currencyNames ??= new Intl.DisplayNames('en', { type: 'currency' });
    if (currencyNames.of(code) === code) return undefined;
  } catch {
    // No Intl.DisplayNames: the shape check above is all there is.
  }
  return code;
}

/** Made once, on first use: building it costs more than a lookup. */
let currencyNames: Intl.DisplayNames | undefined;

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
  const text = (from: Record<string, unknown>, field: string, key: string, to: Record<string, unknown>, at = field): void => {
    const value = toText(from[field]);
    if (value === undefined) fail(at, 'a string', from[field]);
    // An email in event data is hashed, as Pinterest's tag does (SPEC §3.2), so no copy of it goes out plain.
    else if (value) to[key] = hashEmailsIn(value);
  };
  const number = (at: string, value: unknown, whole?: boolean): number => {
    const n = toNumber(value);
    if (!(whole ? Number.isInteger(n) && n > 0 : n >= 0 && n < Infinity)) {
      fail(at, whole ? 'a whole number of 1 or more' : 'a number of 0 or more, such as 19.99', value);
    }
    return n;
  };

  for (const field of TEXT) text(given, field, field === 'query' ? 'search_query' : snake(field), data);
  const required = REQUIRED[action];
  if (required && toText(given[required]) === '') fail(required, `given for ${action}`, given[required]);

  const page: Record<string, unknown> = {};
  text(given, 'category', 'category', page);
  const category = page.category as string | undefined;
  const path = given.items == null && given.product != null ? 'product' : 'items';
  const list: unknown = path === 'product' ? [given.product] : given.items;
  const items: unknown[] = Array.isArray(list) ? list : [];
  if (list != null && list !== items) fail(path, 'an array of { id, price, quantity }', list);
  let quantity = 0;
  let sum = 0;
  if (items.length || category) {
    // Array.from, not map: a hole in a sparse array is an item too, and a bad one.
    data.line_items = Array.from(items.length ? items : [{}], (raw, index) => {
      const at = path === 'product' ? path : `${path}[${index}]`;
      const item = raw as Record<string, unknown>;
      const line: Record<string, unknown> = {};
      if (!item || typeof item !== 'object') return fail(at, "an object such as { id: 'SKU-1', price: 10 }", raw), line;
      for (const field of ITEM_TEXT) text(item, field, 'product_' + snake(field), line, `${at}.${field}`);
      // A category page may name only its category; every real item needs the catalog's product ID.
      if (items.length && toText(item.id) === '') fail(`${at}.id`, "your catalog's product ID, such as id: 'SKU-1'", item.id);
      if (category) line.product_category ??= category;
      const count = item.quantity == null ? 1 : number(`${at}.quantity`, item.quantity, true);
      if (item.price == null) sum = NaN;
      else sum += (line.product_price = number(`${at}.price`, item.price)) * count;
      if (items.length) line.product_quantity = count;
      quantity += count;
      return line;
    });
  }

  let value = given.value == null ? undefined : number('value', given.value);
  if (['addToCart', 'checkout', 'custom'].includes(action) && items.length) {
    data.order_quantity = quantity;
    // Summed from the items when not given, rounded to shed binary noise such as 0.1 + 0.2.
    if (value === undefined && !isNaN(sum)) value = Math.round(sum * 1e6) / 1e6;
  }
  const currency = given.currency == null ? defaultCurrency : toCurrency(given.currency);
  if (given.currency != null && !currency) fail('currency', "an ISO-4217 code such as 'USD'", given.currency);
  if (value !== undefined) {
    data.value = value;
    if (currency) data.currency = currency;
  }
  return ok ? data : undefined;
}
