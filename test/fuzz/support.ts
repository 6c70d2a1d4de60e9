// Shared by the fuzz suites: run counts (short in `npm test`, long in `npm run fuzz`), hostile values, shoppers'
// personal data, and the checks that event data reaching the tag is whole and in Pinterest's shape.
import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';

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

// --- one page per case ---------------------------------------------------------------------------------------

type Added = [EventTarget, string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined];

/**
 * Ends each case's page in one jsdom document: every listener added to `document` or `window` during the case
 * (the SDK's email capture and SPA route listeners, the test's own) is removed, and the history wrappers go.
 * In vitest's jsdom `window` is Node's global with jsdom's methods copied on, so its `addEventListener` is not
 * `EventTarget.prototype`'s, and both are wrapped. Call `isolateCases()` once per file, `endCase()` per case.
 */
export function isolateCases(): { endCase: () => void } {
  const added: Added[] = [];
  const protoAdd = EventTarget.prototype.addEventListener;
  const windowAdd = globalThis.addEventListener;
  const record = (target: EventTarget, original: typeof protoAdd) =>
    function (this: EventTarget | undefined, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      const on = this ?? target;
      if (listener && (on === document || on === globalThis)) added.push([on, type, listener, options]);
      return original.call(on, type, listener, options);
    };
  beforeAll(() => {
    EventTarget.prototype.addEventListener = record(document, protoAdd);
    globalThis.addEventListener = record(globalThis as unknown as EventTarget, windowAdd) as typeof windowAdd;
  });
  afterAll(() => {
    endCase();
    EventTarget.prototype.addEventListener = protoAdd;
    globalThis.addEventListener = windowAdd;
  });
  function endCase(): void {
    for (const [target, type, listener, options] of added.splice(0)) target.removeEventListener(type, listener, options);
    Reflect.deleteProperty(history, 'pushState');
    Reflect.deleteProperty(history, 'replaceState');
  }
  return { endCase };
}

// --- hostile values ----------------------------------------------------------------------------------------

/**
 * A stand-in for a value that breaks careless code: a revoked Proxy, a getter that throws, a cyclic object….
 * fast-check prints its cases, and printing such a value would throw in fast-check itself; so cases hold this
 * printable token, and `arm()` swaps in a fresh real value just before the SDK sees it.
 */
export class Hostile {
  constructor(readonly kind: HostileKind) {}
  [fc.toStringMethod](): string {
    return `hostile(${this.kind})`;
  }
}

const KINDS = [
  'revoked proxy',
  'throwing proxy',
  'throwing getters',
  'throwing toString',
  'cyclic',
  'null prototype',
  'long string',
  'symbol',
  'bigint',
  'throwing function',
  'frozen',
  'sparse array',
  'invalid date',
  'changing getter',
] as const;
export type HostileKind = (typeof KINDS)[number];

const boom = (): never => {
  throw new Error('hostile value');
};
/** Every field name the SDK reads, so that a getter is hit wherever the SDK looks. */
const FIELDS = ['items', 'product', 'eventId', 'orderId', 'query', 'value', 'currency', 'category', 'id', 'price', 'quantity', 'name', 'email', 'phone', 'tagId', 'consent', 'customer', 'toJSON', 'then', 'length'];

function make(kind: HostileKind): unknown {
  switch (kind) {
    case 'revoked proxy': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'throwing proxy':
      return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom, set: boom, defineProperty: boom });
    case 'throwing getters':
      return Object.defineProperties({}, Object.fromEntries(FIELDS.map((field) => [field, { get: boom, enumerable: true }])));
    case 'throwing toString':
      return { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom };
    case 'cyclic': {
      const cyclic: Record<string, unknown> = { id: 'SKU-1' };
      cyclic.self = cyclic;
      cyclic.items = [cyclic];
      cyclic.product = cyclic;
      return cyclic;
    }
    case 'null prototype':
      return Object.assign(Object.create(null), { id: 'SKU-1', price: 1, orderId: 'A-1', query: 'boots' });
    case 'long string':
      return 'x'.repeat(100_000);
    case 'symbol':
      return Symbol('hostile');
    case 'bigint':
      return BigInt(10);
    case 'throwing function':
      return boom;
    case 'frozen':
      return Object.freeze({ items: Object.freeze([Object.freeze({ id: 'SKU-1', price: 1 })]), orderId: 'F-1', query: 'frozen' });
    case 'sparse array':
      // eslint-disable-next-line no-sparse-arrays -- the point: holes.
      return [, { id: 'SKU-1' }, ,];
    case 'invalid date':
      return new Date(NaN);
    case 'changing getter': {
      // Well-formed when first read, garbage when read again: a check and a use that read twice disagree.
      let reads = 0;
      return Object.defineProperties({}, Object.fromEntries(FIELDS.filter((f) => f !== 'toJSON' && f !== 'then' && f !== 'length').map((field) => [field, { get: () => (reads++ % 2 ? { nested: boom } : field === 'items' ? [{ id: 'SKU-1', price: 2 }] : 'SKU-1'), enumerable: true }])));
    }
  }
}

export const hostile: fc.Arbitrary<Hostile> = fc.constantFrom(...KINDS).map((kind) => new Hostile(kind));

/** A copy of a generated case with each `Hostile` token replaced by a fresh real value (holes kept). */
export function arm<T>(value: T): T {
  if (value instanceof Hostile) return make(value.kind) as T;
  if (Array.isArray(value)) return value.map(arm) as T;
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const copy = Object.create(proto) as Record<string, unknown>;
    for (const key of Object.keys(value)) copy[key] = arm((value as Record<string, unknown>)[key]);
    return copy as T;
  }
  return value;
}

/** Anything at all: fast-check's `anything` with every option, or a hostile value. */
export const wild: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, maxDepth: 2 }) },
  { weight: 1, arbitrary: hostile },
);

/** Mostly `good`, sometimes anything: well-formed cases reach deep into the SDK, wild ones try its guards. */
export const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: wild });

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
const EVENT_KEYS = new Set(['event_id', 'value', 'currency', 'order_quantity', 'line_items', 'order_id', 'promo_code', 'search_query', 'lead_type', 'video_title', 'page_name']);
const LINE_KEYS = new Set(['product_id', 'product_name', 'product_category', 'product_brand', 'product_variant', 'product_variant_id', 'product_price', 'product_quantity']);
const TEXT_KEYS = ['order_id', 'promo_code', 'search_query', 'lead_type', 'video_title', 'page_name'];
const LINE_TEXT_KEYS = ['product_id', 'product_name', 'product_category', 'product_brand', 'product_variant', 'product_variant_id'];
export const TAG_EVENTS = ['pagevisit', 'viewcategory', 'search', 'addtocart', 'checkout', 'signup', 'lead', 'watchvideo', 'custom'];

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
        if (!isPlain(line)) return void problems.push(`line_items[${index}] is not an object`);
        for (const key of Object.keys(line)) if (!LINE_KEYS.has(key)) problems.push(`line_items[${index}] unknown key ${key}`);
        for (const key of LINE_TEXT_KEYS) if (key in line && !nonEmptyText(line[key])) problems.push(`line_items[${index}].${key} is not text`);
        if ('product_price' in line && !amount(line.product_price)) problems.push(`line_items[${index}].product_price ${String(line.product_price)}`);
        if ('product_quantity' in line && !count(line.product_quantity)) problems.push(`line_items[${index}].product_quantity ${String(line.product_quantity)}`);
        // Only a category page's single line may name no product (a category alone).
        if (!('product_id' in line) && !(lines.length === 1 && 'product_category' in line && !('product_quantity' in line))) problems.push(`line_items[${index}] without product_id`);
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
