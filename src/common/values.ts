// Reading outside values: numbers, texts and currency codes. Used by the browser's event data, the Conversions
// API mapping and the option checks alike. Every check here runs in time linear in its input, and every input is
// capped before a pattern runs on it.

/** Longest text sent in event data; longer texts are cut to it (after emails in them are hashed). */
export const MAX_TEXT = 500;

/** Longest numeric text read as a number: far beyond any price, short enough to test in constant time. */
const MAX_NUMBER_TEXT = 40;

const NUMERIC = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

/**
 * A number from a number or a numeric string such as `"19.99"`; NaN for anything else.
 *
 * @example
 * toNumber(' 19.99 ') // 19.99
 * toNumber('1e3')     // NaN (no exponents: prices are written out)
 */
export const toNumber = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'string' && value.length <= MAX_NUMBER_TEXT && NUMERIC.test(value) ? Number(value) : NaN;

/**
 * Trimmed text from a string or a finite number, '' for nothing, `undefined` for anything else.
 *
 * @example
 * toText(' Shoes ') // 'Shoes'
 * toText(42)        // '42'
 * toText({})        // undefined
 */
export const toText = (value: unknown): string | undefined =>
  value == null ? '' : typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;

/**
 * The currencies of Pinterest ad accounts (its API's `Currency` list, SPEC §3.2): most stores use one of these,
 * and checking them needs no `Intl.DisplayNames`, whose first use costs a shopper's phone tens of milliseconds.
 */
const COMMON_CURRENCIES = 'USD GBP CAD EUR AUD NZD SEK ILS CHF HKD JPY SGD KRW NOK DKK PLN RON HUF CZK BRL MXN ARS CLP COP INR TRY';

/** Made once, on first use: building it costs more than a lookup. */
let currencyNames: Intl.DisplayNames | undefined;

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
  const code = typeof value === 'string' && value.length < 10 ? value.trim().toUpperCase() : '';
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

/**
 * `object[key]` if `object` has it as its own property: nothing inherited, e.g. from a polluted
 * `Object.prototype`, is ever read as an option or a field.
 *
 * @example
 * own({ a: 1 }, 'a')        // 1
 * own({}, 'constructor')    // undefined
 */
export const own = (object: unknown, key: string): unknown =>
  object != null && typeof object === 'object' && Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;

/**
 * Any value as text for a message: `${value}` throws for a Symbol or an object without `toString`.
 *
 * @example
 * describe(Symbol('x')) // 'Symbol(x)'
 */
export function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/**
 * Whether `text` is a Tag ID: 1 to 20 digits (Ads Manager shows 13). A loop, not a pattern, so that the first
 * stage compiles no regular expression before the first event.
 *
 * @example
 * isTagId('2612345678901') // true
 * isTagId('26123-45')      // false
 */
export function isTagId(text: string): boolean {
  if (text.length < 1 || text.length > 20) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 48 || text.charCodeAt(i) > 57) return false;
  return true;
}
