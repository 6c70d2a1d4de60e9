// Shared by the fuzz suites: run counts (short in `npm test`, long in `npm run fuzz`), hostile values, shoppers'
// personal data, and the checks that event data reaching the tag is whole and in Pinterest's shape.
import fc from 'fast-check';

export { arm, Hostile, hostile, mostly, wild } from '../support/hostile';

// --- how long a run is -------------------------------------------------------------------------------------

/**
 * Cases per property: `FUZZ_RUNS` in the long run (`npm run fuzz`), else `short`, which keeps `npm test` quick.
 * `FUZZ_SEED` replays a failure that fast-check reported with its seed. `examples` run first, every time: the
 * cases a fuzz run once found, kept so that the short run fails on them surely, not by chance.
 */
export function params<T>(short: number, examples: T[] = []): { numRuns: number; seed?: number; examples: T[] } {
  const long = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: long > 0 ? long : short, examples, ...(process.env.FUZZ_SEED && Number.isInteger(seed) ? { seed } : {}) };
}

/** A test timeout that grows with the run: `msPerCase` is several times the slowest case seen. */
export const timeout = (short: number, msPerCase: number): number => 20_000 + params(short).numRuns * msPerCase;

/** Counts the cases a property really ran and prints them, so the long run's count is on record. */
export function tally(name: string): { count: () => void; report: (started: number) => void } {
  let cases = 0;
  return {
    count: () => void cases++,
    report: (started) => process.stdout.write(`fuzz: ${name}: ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
  };
}

// --- shoppers' personal data -------------------------------------------------------------------------------

/** Emails as shoppers type them: any case, spaces around. Every one is valid to the SDK's own EMAIL rule. */
export const email: fc.Arbitrary<string> = fc
  .tuple(fc.emailAddress({ size: 'small' }), fc.boolean(), fc.constantFrom('', ' ', '  '))
  .filter(([address]) => /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(address))
  .map(([address, upper, pad]) => pad + (upper ? address.toUpperCase() : address) + pad);

/** Phone numbers in shoppers' notations; the +44 7 prefix keeps their digits from matching a timestamp. */
export const phone: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), fc.constantFrom('+44 7', '0044 7', '(+44) 7-', '+44 7 '))
  .map(([digits, prefix]) => prefix + digits.join(''));

/** Names of letters that never occur in a hex hash, a UUID or the SDK's own keys, so a leak cannot hide. */
export const name: fc.Arbitrary<string> = fc.stringMatching(/^[g-z]{10,14}$/).map((text) => text[0]!.toUpperCase() + text.slice(1));

/** The plain values of `pii` found in `haystack`: whole (case-insensitive) or, for phones, as digits. */
export function leaks(haystack: string, pii: string[]): string[] {
  const lower = haystack.toLowerCase();
  return pii.filter((value) => {
    const plain = value.trim().toLowerCase();
    const digits = plain.replace(/\D/g, '').replace(/^0+/, '');
    return (plain.length > 3 && lower.includes(plain)) || (/^\+?[\d\s()-]+$/.test(plain) && digits.length >= 9 && lower.includes(digits));
  });
}

/** Cookies, each value also percent-decoded (js-cookie encodes `@`), so an encoded email is found too. */
export function cookieText(): string {
  return document.cookie
    .split('; ')
    .map((cookie) => {
      try {
        return `${cookie} ${decodeURIComponent(cookie)}`;
      } catch {
        // Not percent-encoding: the raw text is all there is.
        return cookie;
      }
    })
    .join('\n');
}

/** Both storages, as text. */
export const storageText = (): string => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });

// --- whole events in Pinterest's shape ---------------------------------------------------------------------

/** Event data keys the SDK may send (SPEC §3.2), and line item keys. */
const EVENT_KEYS = new Set([
  'event_id',
  'value',
  'currency',
  'order_quantity',
  'line_items',
  'order_id',
  'promo_code',
  'search_query',
  'lead_type',
  'video_title',
  'page_name',
]);
const LINE_KEYS = new Set([
  'product_id',
  'product_name',
  'product_category',
  'product_brand',
  'product_variant',
  'product_variant_id',
  'product_price',
  'product_quantity',
]);
const TEXT_KEYS = ['order_id', 'promo_code', 'search_query', 'lead_type', 'video_title', 'page_name'];
const LINE_TEXT_KEYS = ['product_id', 'product_name', 'product_category', 'product_brand', 'product_variant', 'product_variant_id'];
/** Pinterest's tag event names ("Name in Tag", lower-cased: https://developers.pinterest.com/docs/conversions/event/), by hand. */
export const TAG_EVENTS = [
  'pagevisit',
  'viewcategory',
  'search',
  'addtocart',
  'checkout',
  'signup',
  'lead',
  'watchvideo',
  'custom',
  'initiatecheckout',
  'addtowishlist',
  'addpaymentinfo',
  'viewcontent',
  'subscribe',
  'contact',
  'starttrial',
  'submitapplication',
  'schedule',
  'findlocation',
  'customizeproduct',
];

/** A plain object of any realm: the script-tag suites read objects made in jsdom's window, whose Object is not ours. */
const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (!value || typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
};
const nonEmptyText = (value: unknown): boolean => typeof value === 'string' && value.length > 0 && value === value.trim();
const amount = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const count = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1;

/**
 * What is wrong with one `pintrk('track', event, data)` command as the SDK gave it, or [] when it is whole:
 * a standard event name, only the keys Pinterest knows, a number `value` with an ISO-4217 `currency`, whole
 * quantities, `line_items` of objects with text `product_id`s, and `event_id` set (SPEC §3, DESIGN rule 1).
 */
export function problemsOf(command: unknown[]): string[] {
  const problems: string[] = [];
  const [, event, data, ...rest] = command;
  if (!TAG_EVENTS.includes(event as string)) problems.push(`event ${String(event)} is not a standard event`);
  if (rest.length) problems.push('extra arguments');
  if (!isPlain(data)) return [...problems, 'data is not a plain object'];
  for (const key of Object.keys(data)) if (!EVENT_KEYS.has(key)) problems.push(`unknown key ${key}`);
  if (!nonEmptyText(data.event_id)) problems.push('event_id missing');
  if ('value' in data && !amount(data.value)) problems.push(`value ${String(data.value)}`);
  if ('currency' in data && !(typeof data.currency === 'string' && /^[A-Z]{3}$/.test(data.currency))) problems.push(`currency ${String(data.currency)}`);
  if ('currency' in data && !('value' in data)) problems.push('currency without value');
  if ('order_quantity' in data && !count(data.order_quantity)) problems.push(`order_quantity ${String(data.order_quantity)}`);
  for (const key of TEXT_KEYS) if (key in data && !nonEmptyText(data[key])) problems.push(`${key} is not text`);
  if (event === 'search' && !nonEmptyText(data.search_query)) problems.push('search without search_query');
  if (event === 'checkout' && !nonEmptyText(data.order_id)) problems.push('checkout without order_id');
  if ('line_items' in data) {
    const lines = data.line_items;
    if (!Array.isArray(lines) || !lines.length) problems.push('line_items is not a non-empty array');
    else {
      lines.forEach((line: unknown, index) => {
        if (!isPlain(line)) {
          problems.push(`line_items[${index}] is not an object`);
          return;
        }
        for (const key of Object.keys(line)) if (!LINE_KEYS.has(key)) problems.push(`line_items[${index}] unknown key ${key}`);
        for (const key of LINE_TEXT_KEYS) if (key in line && !nonEmptyText(line[key])) problems.push(`line_items[${index}].${key} is not text`);
        if ('product_price' in line && !amount(line.product_price)) problems.push(`line_items[${index}].product_price ${String(line.product_price)}`);
        if ('product_quantity' in line && !count(line.product_quantity))
          problems.push(`line_items[${index}].product_quantity ${String(line.product_quantity)}`);
        // Only a category page's single line may name no product (a category alone).
        if (!('product_id' in line) && !(lines.length === 1 && 'product_category' in line && !('product_quantity' in line)))
          problems.push(`line_items[${index}] without product_id`);
      });
    }
  }
  // The tag sends JSON-like text: nothing may be lost on the way (undefined, NaN, a function, a Date…).
  if (!jsonSafe(data)) problems.push('data holds a value JSON would lose');
  return problems;
}

/** Text, a finite number, a boolean, or arrays and plain objects of these, all the way down. */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.length === Object.keys(value).length && value.every(jsonSafe);
  return isPlain(value) && Object.values(value).every((field) => field !== undefined && jsonSafe(field));
}
