// Storefront action input -> Pinterest tag event data (SPEC §3.2), field by field from the event table. Shared
// with the server entry, which builds its Conversions API events from this output too.
import { type ActionName, EVENTS, type EventSpec, ITEM_FIELDS, TEXT_FIELDS } from './catalog';
import { hashEmailsIn, MAX_EMAIL } from './emails';
import type { Report } from './messages';
import { MAX_TEXT, own, toCurrency, toNumber, toText } from './values';

/** Most line items one event may carry: a large real cart, far below what would stall a page. */
export const MAX_ITEMS = 500;

/** A line item's text fields, in the order their problems are reported (and `itemFields` is read in). */
const ITEM_TEXT = ['id', 'name', 'category', 'brand', 'variant', 'variantId'] as const;
type ItemText = (typeof ITEM_TEXT)[number];

type ItemField = keyof typeof ITEM_FIELDS;
const ITEM_KEYS = Object.keys(ITEM_FIELDS) as ItemField[];

/**
 * A line item's fields, each only if it is the item's own (as `own` reads them). A plain object (or one with no
 * prototype) is read by name when `Object.prototype` holds none of the names (`clean`): several times faster than
 * `own` field by field, for each item of a cart. Anything else (a class instance, a polluted prototype) is read
 * one own property at a time.
 */
function itemFields(item: object, clean: boolean): { [K in ItemField]?: unknown } {
  const prototype = Object.getPrototypeOf(item);
  if (clean && (prototype === Object.prototype || prototype === null)) return item;
  return Object.fromEntries(ITEM_KEYS.map((key) => [key, own(item, key)]));
}

/** Fields every event takes, beside its own from the table. */
const COMMON_FIELDS = ['eventId', 'items', 'product', 'value', 'currency'];

/**
 * What this SDK takes instead of a field spelled as Pinterest spells it (`order_id`, `product_id`, `line_items`…),
 * which callers sometimes pass: read off the field tables, so the hint cannot disagree with them.
 */
function hint(key: string): string | undefined {
  if (key === 'line_items') return 'items';
  if (key === 'event_id') return 'eventId';
  if (key === 'order_quantity') return 'items[].quantity';
  const text = Object.keys(TEXT_FIELDS).find((name) => TEXT_FIELDS[name as keyof typeof TEXT_FIELDS] === key);
  if (text) return text;
  const item = Object.keys(ITEM_FIELDS).find((name) => ITEM_FIELDS[name as keyof typeof ITEM_FIELDS] === key);
  return item && `product: { ${item} } or items: [{ ${item} }]`;
}

/** Whether a text may hold an email or be too long: most texts do not, and are sent as they are. */
const needsCleaning = (text: string): boolean => text.length > MAX_TEXT || text.includes('@');

/**
 * Text as it may be sent: emails in it hashed (SPEC §3.2), then cut to `MAX_TEXT` characters. Only the first
 * `MAX_TEXT` characters and one email's length more are looked at, so any input costs the same bounded time.
 */
export function cleanText(text: string, field: string | (() => string), report: Report): string {
  if (!needsCleaning(text)) return text;
  const clean = hashEmailsIn(text.length > MAX_TEXT ? text.slice(0, MAX_TEXT + MAX_EMAIL) : text);
  if (clean.length <= MAX_TEXT) return clean;
  report('text-cut', typeof field === 'string' ? field : field());
  return clean.slice(0, MAX_TEXT);
}

/**
 * Builds the tag event data for a storefront action, without `event_id`. Returns `undefined`, after reporting
 * each problem, when the input cannot make a whole, correct event: a bad field is never dropped silently and
 * nothing half-built is sent. A field the event does not take is reported and left out.
 *
 * @example
 * buildEventData('addToCart', { product: { id: 42, price: '9.50', quantity: 2 } }, 'USD', report)
 * // { line_items: [{ product_id: '42', product_price: 9.5, product_quantity: 2 }],
 * //   order_quantity: 2, value: 19, currency: 'USD' }
 */
export function buildEventData(action: ActionName, input: unknown, defaultCurrency: string | undefined, report: Report): Record<string, unknown> | undefined {
  let ok = true;
  const fail: Report = (code, field, got) => {
    ok = false;
    report(code, field, got);
  };
  if (input != null && (typeof input !== 'object' || Array.isArray(input))) return void fail('not-object', 'data', input);
  const spec: EventSpec = EVENTS[action];
  const { fields } = spec;
  const get = (key: string): unknown => own(input, key);
  const data: Record<string, unknown> = {};

  for (const key of input ? Object.keys(input).slice(0, 50) : []) {
    if (!COMMON_FIELDS.includes(key) && !(fields as readonly string[]).includes(key)) {
      const instead = hint(key);
      report('unknown-field', instead ? `${key} (use ${instead})` : key);
    }
  }

  const path = get('items') == null && get('product') != null ? 'product' : 'items';
  /**
   * Where a value is: a field's name, or a line item's index (and the name in it). The path is built only for a
   * report: a cart of 500 items must not build 3,000 strings to report none.
   */
  type At = string | number;
  const where = (at: At, name?: string): string => (typeof at === 'string' ? at : path === 'product' ? path : `${path}[${at}]`) + (name ? `.${name}` : '');
  /** A text field: trimmed, emails hashed, cut to length; '' when not given. */
  const text = (value: unknown, at: At, name?: string): string => {
    const given = toText(value);
    if (given === undefined) fail('not-text', where(at, name), value);
    if (!given) return '';
    return needsCleaning(given) ? cleanText(given, () => where(at, name), report) : given;
  };
  const number = (value: unknown, at: At, name: string | undefined, whole?: boolean): number => {
    const n = toNumber(value);
    if (whole ? !(Number.isInteger(n) && n > 0 && n <= 1e6) : !(n >= 0 && n < 1e15)) fail(whole ? 'not-count' : 'not-price', where(at, name), value);
    return n;
  };

  let category = '';
  for (const field of fields) {
    const value = text(get(field), field);
    if (field === 'category') category = value;
    else if (value) data[TEXT_FIELDS[field]] = value;
  }
  if (spec.required && toText(get(spec.required)) === '') fail('required', spec.required, get(spec.required));

  const list = path === 'product' ? [get('product')] : get('items');
  const items: unknown[] = Array.isArray(list) ? list : [];
  if (list != null && list !== items) fail('not-items', path, list);
  if (items.length > MAX_ITEMS) return void fail('too-many-items', path, items.length);

  let quantity = 0;
  let sum = 0;
  if (items.length || category) {
    // Once per event, and only for one with line items: whether a plain item may be read by name (`itemFields`).
    const clean = !ITEM_KEYS.some((key) => key in Object.prototype);
    // A category page may name only its category: one line item with `product_category` alone.
    // Every index, holes included: a hole in a sparse array is an item too, and a bad one.
    const lines: Record<string, unknown>[] = (data.line_items = []);
    for (let index = 0; index < (items.length || 1); index++) {
      const item = items.length ? items[index] : {};
      const line: Record<string, unknown> = {};
      lines.push(line);
      if (!item || typeof item !== 'object') {
        fail('not-item', where(index), item);
        continue;
      }
      // Read by name, each once: reading them in a loop by a key that changes is several times slower.
      const { id, name, category: itemCategory, brand, variant, variantId, price, quantity: given } = itemFields(item, clean);
      const texts = [id, name, itemCategory, brand, variant, variantId];
      for (let at = 0; at < ITEM_TEXT.length; at++) {
        const field = ITEM_TEXT[at] as ItemText;
        const value = text(texts[at], index, field);
        if (value) line[ITEM_FIELDS[field]] = value;
      }
      // One bad id is one problem: a value that is not text was reported above.
      if (items.length && toText(id) === '') fail('no-product-id', where(index, 'id'), id);
      if (category) line.product_category ??= category;
      const count = given == null ? 1 : number(given, index, 'quantity', true);
      if (price == null) sum = NaN;
      else sum += (line.product_price = number(price, index, 'price')) * count;
      if (items.length) line.product_quantity = count;
      quantity += count;
    }
  }

  let value = get('value') == null ? undefined : number(get('value'), 'value', undefined);
  if (spec.totals && items.length) {
    data.order_quantity = quantity;
    // Summed from the items when not given, rounded to shed binary noise such as 0.1 + 0.2.
    if (value === undefined && !Number.isNaN(sum)) value = Math.round(sum * 1e6) / 1e6;
  }
  const currency = get('currency') == null ? defaultCurrency : toCurrency(get('currency'));
  if (get('currency') != null && !currency) fail('not-currency', 'currency', get('currency'));
  if (value !== undefined) {
    data.value = value;
    if (currency) data.currency = currency;
  }
  return ok ? data : undefined;
}
