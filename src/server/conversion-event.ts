// A storefront event -> one Conversions API v5 event (SPEC §7, §8). Server-side actions go through the
// browser's own `buildEventData` first, and relayed events arrive as its output, so both take the same path
// from tag event data to `custom_data`, and the names come from the one table the tag uses. Whatever comes out
// is valid against Pinterest's request schema: whole numbers within int64, finite values, texts cut to the
// browser's length with emails in them hashed, at most as many line items as the browser sends.
import { isIP } from 'node:net';
import { ACTIONS, actionOfTag, EVENTS, isAction } from '../common/catalog';
import { hashEmailsIn, hashEmailsInUrl } from '../common/emails';
import { buildEventData, cleanText, MAX_ITEMS } from '../common/event-data';
import { EVENT_ID, eventIdFor } from '../common/event-id';
import { CLICK_ID, CUSTOMER_KEYS, SHA256_HEX as HASH, normalizeMatchValue } from '../common/match-keys';
import { explain, type Report } from '../common/messages';
import type { Customer, MatchData, MatchKey, TrackedEvent } from '../common/types';
import { own, toCurrency, toNumber, toText } from '../common/values';
import type {
  ConversionContent,
  ConversionContext,
  ConversionCustomData,
  ConversionEvent,
  ConversionResult,
  ConversionUserData,
  ServerAction,
} from './conversion-types';
import { nodeSha256 } from './node-sha256';
import { MAX_CLOCK_SKEW_MS, MAX_EVENT_AGE_MS } from './pinterest-limits';

export { MAX_CLOCK_SKEW_MS, MAX_EVENT_AGE_MS };

/** The match keys, in the order Pinterest lists them. */
const MATCH_KEYS = Object.values(CUSTOMER_KEYS);
/** The `Customer` fields, in the same order. */
const CUSTOMER_FIELDS = Object.keys(CUSTOMER_KEYS) as (keyof Customer)[];

/** Tag `line_items[]` text fields -> `contents[]` fields; `product_variant(_id)` has no Conversions API field. */
const ITEM_TEXT = [
  ['product_name', 'item_name'],
  ['product_category', 'item_category'],
  ['product_brand', 'item_brand'],
] as const;

/** The largest value or price taken, as the browser takes it: far beyond any order, and printed without an exponent. */
const MAX_AMOUNT = 1e15;

/**
 * The hashes of match values that recur on order after order and name nobody on their own (countries, states,
 * genders, ZIP codes, cities, first and last names), remembered by key and value as given, so that neither their
 * normalization nor their hash is done again. An email (an `@`) or a phone number (seven digits or more) is never
 * kept. At most 4096 are remembered, the oldest forgotten first.
 */
const recurring = new Map<string, string>();

/**
 * The browser's `hashMatchValue`, with node:crypto's SHA-256: its normalization (`normalizeMatchValue`), then the
 * hash, unless the value was given as a SHA-256 hex already (what the browser's `prepare` checks first: the value
 * trimmed and lower-cased is 64 hex characters).
 */
function hashMatch(key: MatchKey, value: unknown): string {
  const normalized = normalizeMatchValue(key, value);
  if (!normalized) return '';
  const given = typeof value === 'string' ? value.normalize('NFC').trim().toLowerCase() : '';
  return given === normalized && HASH.test(normalized) ? normalized : nodeSha256(normalized);
}

/** `hashMatch`, remembering recurring short values (see `recurring`). */
function hashOne(key: MatchKey, value: unknown): string {
  if (typeof value !== 'string' || value.length > 24 || value.includes('@') || /\d{7}/.test(value)) return hashMatch(key, value);
  const cacheKey = `${key}\u0000${value}`;
  const known = recurring.get(cacheKey);
  if (known !== undefined) return known;
  const hex = hashMatch(key, value);
  if (recurring.size >= 4096) recurring.delete(recurring.keys().next().value as string);
  recurring.set(cacheKey, hex);
  return hex;
}

/** `hashCustomer` of the browser, value by value through `hashOne`: the same keys, hashes and warnings. */
function hashShopper(customer: unknown, warnings: string[]): MatchData {
  const match: MatchData = {};
  if (customer != null && (typeof customer !== 'object' || Array.isArray(customer))) {
    warnings.push(explain('not-customer', 'customer'));
    return match;
  }
  for (const field of CUSTOMER_FIELDS) {
    const value = own(customer, field);
    if (value == null || value === '') continue;
    const key = CUSTOMER_KEYS[field];
    const hex = hashOne(key, value);
    // The value itself is left out of the warning: it may be an email.
    if (hex) match[key] = hex;
    else warnings.push(explain('bad-match-value', `customer.${field}`));
  }
  return match;
}

/** Longest page URL sent as `event_source_url`; a longer one is refused, as no storefront page has one. */
const MAX_URL = 4096;

/** Longest user agent sent: real ones are a few hundred characters. */
const MAX_USER_AGENT = 4096;

/** `value` if it is an http(s) URL, else ''. */
function httpUrl(value: unknown): string {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return '';
  // URL.canParse (Node >= 19.9) checks without building the URL object.
  const canParse = (URL as unknown as { canParse?: (url: string) => boolean }).canParse;
  if (canParse) return canParse(value) ? value : '';
  try {
    new URL(value);
    return value;
  } catch {
    // Not a URL at all.
    return '';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value != null && typeof value === 'object' && !Array.isArray(value);

/** An amount as Pinterest's string fields take it: a plain decimal, at most six places, never `1e+21` or `1e-7`. */
const decimal = (amount: number): string => String(Number.isInteger(amount) ? amount : Math.round(amount * 1e6) / 1e6);

/** A count the schema's `int64` takes: a whole number from 1, exactly representable. */
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * Tag event data (SPEC §3.2) -> `custom_data` (SPEC §8.2). Every field Pinterest's tag accepts but the
 * Conversions API refuses (`promo_code`, `lead_type`, `video_title`, `page_name`, `property`, `line_items`…) is
 * left out: the API rejects unknown fields (SPEC §11.4). Problems are reported by field name, never by value.
 * Texts are cleaned as the browser cleans them (emails hashed, cut to 500 characters), so a page that skipped the
 * SDK cannot push plain personal data or an oversized field through.
 */
function toCustomData(data: Record<string, unknown>, fail: (message: string) => void, warn: Report): ConversionCustomData {
  const custom: ConversionCustomData = {};
  const text = (value: unknown, field: string): string | undefined => {
    const given = toText(value);
    if (given === undefined) fail(`${field} must be a string`);
    return given ? cleanText(given, field, warn) : undefined;
  };
  const amount = (value: unknown, field: string): string | undefined => {
    const n = toNumber(value);
    if (n >= 0 && n < MAX_AMOUNT) return decimal(n);
    fail(`${field} must be a number of 0 or more`);
    return undefined;
  };
  const value = own(data, 'value');
  if (value != null) {
    const given = amount(value, 'data.value');
    if (given !== undefined) custom.value = given;
  }
  const currency = own(data, 'currency');
  if (currency != null) {
    const code = toCurrency(currency);
    if (code) custom.currency = code;
    else fail('data.currency must be an ISO-4217 code');
  }
  const orderId = text(own(data, 'order_id'), 'data.order_id');
  if (orderId) custom.order_id = orderId;
  const search = text(own(data, 'search_query'), 'data.search_query');
  if (search) custom.search_string = search;
  const quantity = own(data, 'order_quantity');
  if (quantity != null) {
    if (isCount(quantity)) custom.num_items = quantity;
    else fail('data.order_quantity must be a whole number of 1 or more');
  }
  const lineItems = own(data, 'line_items');
  if (lineItems != null) {
    if (!Array.isArray(lineItems)) fail('data.line_items must be an array');
    else if (lineItems.length > MAX_ITEMS) fail(`data.line_items must hold at most ${MAX_ITEMS} items`);
    const contents: ConversionContent[] = [];
    const items: unknown[] = Array.isArray(lineItems) && lineItems.length <= MAX_ITEMS ? lineItems : [];
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      const at = `data.line_items[${index}]`;
      if (!isObject(item)) {
        fail(`${at} must be an object`);
        continue;
      }
      const id = text(own(item, 'product_id'), `${at}.product_id`);
      const content: ConversionContent = { id: id ?? '' };
      const price = own(item, 'product_price');
      if (price != null) {
        const given = amount(price, `${at}.product_price`);
        if (given !== undefined) content.item_price = given;
      }
      const count = own(item, 'product_quantity');
      if (count != null) {
        if (isCount(count)) content.quantity = count;
        else fail(`${at}.product_quantity must be a whole number of 1 or more`);
      }
      for (const [from, to] of ITEM_TEXT) {
        const given = text(own(item, from), `${at}.${from}`);
        if (given) content[to] = given;
      }
      // A category page's only line item names its category and no product (see `buildEventData`).
      if (content.id) contents.push(content);
      else if (content.item_category && !custom.content_category) custom.content_category = content.item_category;
    }
    if (contents.length) {
      custom.content_ids = contents.map((content) => content.id);
      custom.contents = contents;
    }
  }
  return custom;
}

/**
 * `custom_data` from event data `buildEventData` made in this process: its fields are already checked, cleaned
 * and typed (numbers, whole counts, texts without emails and within length), so they are only renamed.
 */
function customFromBuilt(data: Record<string, unknown>): ConversionCustomData {
  const custom: ConversionCustomData = {};
  if (typeof data.value === 'number') custom.value = decimal(data.value);
  if (typeof data.currency === 'string') custom.currency = data.currency;
  if (typeof data.order_id === 'string') custom.order_id = data.order_id;
  if (typeof data.search_query === 'string') custom.search_string = data.search_query;
  if (typeof data.order_quantity === 'number') custom.num_items = data.order_quantity;
  if (Array.isArray(data.line_items)) {
    const contents: ConversionContent[] = [];
    for (const line of data.line_items as Record<string, unknown>[]) {
      const id = line.product_id;
      if (typeof id !== 'string') {
        // A category page's only line item names its category and no product.
        if (typeof line.product_category === 'string' && !custom.content_category) custom.content_category = line.product_category;
        continue;
      }
      const content: ConversionContent = { id };
      if (typeof line.product_price === 'number') content.item_price = decimal(line.product_price);
      if (typeof line.product_quantity === 'number') content.quantity = line.product_quantity;
      if (typeof line.product_name === 'string') content.item_name = line.product_name;
      if (typeof line.product_category === 'string') content.item_category = line.product_category;
      if (typeof line.product_brand === 'string') content.item_brand = line.product_brand;
      contents.push(content);
    }
    if (contents.length) {
      custom.content_ids = contents.map((content) => content.id);
      custom.contents = contents;
    }
  }
  return custom;
}

/** The hashed match data of a relayed event: only SHA-256 hex values of known keys are accepted. */
function readMatch(match: unknown, fail: (message: string) => void): MatchData {
  const valid: MatchData = {};
  if (match == null) return valid;
  if (!isObject(match)) {
    fail('match must be an object of SHA-256 hex values');
    return valid;
  }
  for (const key of MATCH_KEYS) {
    const value = own(match, key);
    if (value == null) continue;
    // A plain value here is a bug upstream: refuse the event rather than forward personal data.
    if (typeof value === 'string' && HASH.test(value)) valid[key] = value;
    else fail(`match.${key} must be a SHA-256 hex string`);
  }
  return valid;
}

/** The fields both kinds of input end with, checked and assembled into the event. */
interface Parts {
  apiEvent: ConversionEvent['event_name'];
  eventId: string;
  data: Record<string, unknown>;
  /** Milliseconds, unchecked. */
  time: unknown;
  url?: unknown;
  match: MatchData;
  clickId?: unknown;
  ldp?: unknown;
  adUserData?: unknown;
  /** `data` was built here by `buildEventData`: checked already. */
  built?: boolean;
}

function assemble(parts: Parts, context: ConversionContext, errors: string[], warnings: string[]): ConversionResult {
  const fail = (message: string): void => void errors.push(message);
  const warn: Report = (code, field, got) => void warnings.push(explain(code, field, got));
  const now = context.now ?? Date.now();
  const time = typeof parts.time === 'number' && Number.isFinite(parts.time) ? parts.time : Number.NaN;
  if (Number.isNaN(time)) fail('time must be a time in milliseconds');
  else if (time < now - MAX_EVENT_AGE_MS) fail('time is more than 7 days ago: the Conversions API refuses such events');
  else if (time > now + MAX_CLOCK_SKEW_MS) fail('time is in the future');

  // An email in the page URL (a newsletter link's `?email=`) is hashed, as the browser does before relaying.
  const url = parts.url == null || parts.url === '' ? undefined : httpUrl(parts.url);
  if (url === '') fail('url must be an http or https URL');
  else if (url && url.length > MAX_URL) fail(`url must be at most ${MAX_URL} characters`);

  // Consent: the store's consent platform denied ad_user_data (Google Consent Mode), so nothing that identifies
  // the shopper goes with the event: no hashed match keys and no click ID, not even the `_epik` cookie's.
  const denied = parts.adUserData === 'denied';
  if (parts.adUserData != null && !denied) fail("adUserData must be 'denied' when given");
  const user: ConversionUserData = {};
  if (!denied) {
    for (const key of MATCH_KEYS) {
      const hash = parts.match[key];
      if (hash) user[key] = [hash];
    }
  }
  const { clientIp, userAgent } = context;
  if (clientIp != null && !(typeof clientIp === 'string' && isIP(clientIp))) fail('context.clientIp must be an IPv4 or IPv6 address');
  else if (clientIp) user.client_ip_address = clientIp;
  if (userAgent != null && typeof userAgent !== 'string') fail('context.userAgent must be a string');
  else if (userAgent?.trim()) user.client_user_agent = userAgent.trim().slice(0, MAX_USER_AGENT);
  const validClickId = (id: unknown): id is string => typeof id === 'string' && CLICK_ID.test(id);
  if (parts.clickId != null && parts.clickId !== '') {
    if (!validClickId(parts.clickId)) fail('clickId must be a Pinterest click ID (URL-safe text)');
    else if (!denied) user.click_id = parts.clickId;
  } else if (validClickId(context.clickId)) {
    if (!denied) user.click_id = context.clickId;
  } else if (context.clickId) warnings.push('context.clickId is not a Pinterest click ID; it was left out');
  // SPEC §7.2: without these Pinterest refuses the event.
  if (!user.em && !(user.client_ip_address && user.client_user_agent)) {
    fail('user_data needs a hashed email (em), or both the client IP address and user agent');
  }
  if (parts.ldp != null && typeof parts.ldp !== 'boolean') fail('ldp must be true or false');

  const custom = parts.built ? customFromBuilt(parts.data) : toCustomData(parts.data, fail, warn);
  if (parts.ldp === true) custom.opt_out_type = 'LDP';
  if (errors.length) return { ok: false, errors };

  const event: ConversionEvent = {
    event_name: parts.apiEvent,
    action_source: 'web',
    // Seconds (SPEC §12.1); a browser clock a little ahead is taken as now.
    event_time: Math.floor(Math.min(time, now) / 1000),
    event_id: parts.eventId,
    user_data: user,
  };
  if (url) event.event_source_url = hashEmailsInUrl(url);
  if (Object.keys(custom).length) event.custom_data = custom;
  return { ok: true, event, warnings };
}

/** A `TrackedEvent` as the browser relayed it: untrusted JSON, checked field by field. */
function fromTracked(input: Record<string, unknown>, context: ConversionContext): ConversionResult {
  const errors: string[] = [];
  const fail = (message: string): void => void errors.push(message);
  const event = own(input, 'event');
  const data = own(input, 'data');
  const action = actionOfTag(event);
  const apiEvent = action && EVENTS[action].api;
  if (!apiEvent) fail(`event must be a Pinterest tag event name: ${ACTIONS.map((name) => EVENTS[name].tag).join(', ')}`);
  else if (own(input, 'apiEvent') != null && own(input, 'apiEvent') !== apiEvent) fail(`apiEvent must be '${apiEvent}' for '${event}'`);
  // As the browser treats an ID it is given: an email in it is hashed (an ID is never a place for one).
  const given = own(input, 'eventId');
  const eventId = typeof given === 'string' && given.length <= 1024 ? hashEmailsIn(given) : '';
  if (!EVENT_ID.test(eventId)) fail('eventId must be a non-empty string of printable characters');
  if (!isObject(data)) fail('data must be an object');
  // The tag got `data.event_id`: a different `eventId` would not deduplicate against it.
  else if (own(data, 'event_id') != null && own(data, 'event_id') !== given) fail('data.event_id must equal eventId');
  const match = readMatch(own(input, 'match'), fail);
  // The browser always sends its page's URL; `assemble` checks the one given.
  const url = own(input, 'url');
  if (url == null || url === '') fail('url must be an http or https URL');
  const parts: Parts = {
    apiEvent: apiEvent as ConversionEvent['event_name'],
    eventId,
    data: isObject(data) ? data : {},
    time: own(input, 'time'),
    url,
    match,
    clickId: own(input, 'clickId'),
    ldp: own(input, 'ldp'),
    adUserData: own(input, 'adUserData'),
  };
  return assemble(parts, context, errors, []);
}

/** A server-side action: its event data is built by the browser's `buildEventData`. */
function fromAction(input: Record<string, unknown>, context: ConversionContext): ConversionResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const action = own(input, 'action');
  if (!isAction(action)) return { ok: false, errors: [`action must be one of ${ACTIONS.join(', ')}`] };
  const given = own(input, 'data') as Record<string, unknown> | undefined;
  // The browser's own builder: what it reports is an error when it could not build the event, else a warning.
  const problems: string[] = [];
  const report: Report = (code, field, got) => void problems.push(`data.${explain(code, field, got)}`);
  const data = buildEventData(action, given, context.currency, report);
  (data ? warnings : errors).push(...problems);

  const ids = [own(input, 'eventId'), own(given, 'eventId')].filter((id) => id != null);
  if (ids.length === 2 && String(ids[0]).trim() !== String(ids[1]).trim()) errors.push('eventId and data.eventId differ');
  // Without event data (its problems are reported already) there is no order ID to derive a checkout's ID from.
  const eventId = data ? (eventIdFor(action, ids[0], data.order_id, (code, field, got) => void errors.push(explain(code, field, got))) ?? '') : '';

  // The browser's normalization, with node:crypto's SHA-256: the same hex, faster.
  const match = hashShopper(own(input, 'customer'), warnings);
  const when = own(input, 'time');
  const time = when instanceof Date ? when.getTime() : (when ?? context.now ?? Date.now());
  const parts: Parts = {
    apiEvent: EVENTS[action].api,
    eventId,
    data: data ?? {},
    time,
    url: own(input, 'url'),
    match,
    clickId: own(input, 'clickId'),
    ldp: own(input, 'ldp'),
    adUserData: own(input, 'adUserData'),
    built: true,
  };
  return assemble(parts, context, errors, warnings);
}

/**
 * Builds the Conversions API v5 event for a storefront event: either a `TrackedEvent` relayed by the browser
 * (see `createRelayHandler`) or an action the server saw itself, such as a completed order. The event name,
 * the field mapping and the event ID are the browser's, so Pinterest counts the tag's event and this one once.
 * The input is checked field by field, as it may come straight from a browser. It never throws: an event
 * Pinterest would refuse (no email and no IP address + user agent, an unknown event, bad data, a time more than
 * 7 days ago or in the future) comes back as `{ ok: false, errors }`. With `adUserData: 'denied'` (the shopper's
 * consent platform denied ad user data) the event carries no match keys and no click ID, only the IP address and
 * user agent.
 *
 * @example
 * const result = toConversionEvent(
 *   { action: 'checkout', data: { orderId: '1001', value: 50, currency: 'USD' }, customer: { email: 'jane@example.com' } },
 *   { clientIp: '203.0.113.7', userAgent: req.headers['user-agent'] },
 * );
 * if (result.ok) await client.send([result.event]); // event_id === checkoutEventId('1001')
 * else console.warn(result.errors);
 */
export function toConversionEvent(input: TrackedEvent | ServerAction, context: ConversionContext = {}): ConversionResult {
  try {
    if (!isObject(input)) return { ok: false, errors: ['the event must be an object: a TrackedEvent or { action, data }'] };
    return own(input, 'action') !== undefined ? fromAction(input, context ?? {}) : fromTracked(input, context ?? {});
  } catch (error) {
    // A getter that throws, a Proxy…: reported like any other bad input.
    return { ok: false, errors: [`the event could not be read: ${(error as Error)?.name ?? 'error'}`] };
  }
}
