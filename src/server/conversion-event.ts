// A storefront event -> one Conversions API v5 event (SPEC §7, §8). Server-side actions go through the
// browser's own `buildEventData` first, and relayed events arrive as its output, so both take the same path
// from tag event data to `custom_data`, and the names come from the one table the tag uses.
import { isIP } from 'node:net';
import { ACTIONS, actionOfTag, EVENTS, isAction } from '../common/catalog';
import { buildEventData } from '../common/event-data';
import { EVENT_ID, eventIdFor } from '../common/event-id';
import { CLICK_ID, CUSTOMER_KEYS, hashCustomer, SHA256_HEX as HASH } from '../common/match-keys';
import { explain, type Report } from '../common/messages';
import type { MatchData, TrackedEvent } from '../common/types';
import { toCurrency, toNumber, toText } from '../common/values';
import type { ConversionContent, ConversionContext, ConversionCustomData, ConversionEvent, ConversionResult, ConversionUserData, ServerAction } from './conversion-types';

/** The match keys, in the order Pinterest lists them. */
const MATCH_KEYS = Object.values(CUSTOMER_KEYS);

/**
 * Events older than this are refused by Pinterest (SPEC §7.1: 7 days, per Amperity; not confirmed officially),
 * so `toConversionEvent` reports them instead of building them.
 *
 * @example
 * if (Date.now() - order.placedAt > MAX_EVENT_AGE_MS) skipConversionsApi(order);
 */
export const MAX_EVENT_AGE_MS = 7 * 864e5;

/**
 * A browser clock this far ahead is taken as skew and the event time is set to now; further ahead is an error.
 *
 * @example
 * toConversionEvent({ ...tracked, time: Date.now() + MAX_CLOCK_SKEW_MS }).ok // true: sent as now
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60e3;

/** Tag `line_items[]` text fields -> `contents[]` fields; `product_variant(_id)` has no Conversions API field. */
const ITEM_TEXT = { product_name: 'item_name', product_category: 'item_category', product_brand: 'item_brand' } as const;

/** `value` if it is an http(s) URL, else ''. */
function httpUrl(value: unknown): string {
  try {
    return typeof value === 'string' && /^https?:$/.test(new URL(value).protocol) ? value : '';
  } catch {
    // Not a URL at all.
    return '';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value != null && typeof value === 'object' && !Array.isArray(value);

/**
 * Tag event data (SPEC §3.2) -> `custom_data` (SPEC §8.2). Every field Pinterest's tag accepts but the
 * Conversions API refuses (`promo_code`, `lead_type`, `video_title`, `page_name`, `property`, `line_items`…) is
 * left out: the API rejects unknown fields (SPEC §11.4). Problems are reported by field name, never by value.
 */
function toCustomData(data: Record<string, unknown>, fail: (message: string) => void): ConversionCustomData {
  const custom: ConversionCustomData = {};
  const text = (field: string): string | undefined => {
    const value = toText(data[field]);
    if (value === undefined) fail(`data.${field} must be a string`);
    return value || undefined;
  };
  if (data.value != null) {
    const value = toNumber(data.value);
    if (value >= 0 && value < Infinity) custom.value = String(value);
    else fail('data.value must be a number of 0 or more');
  }
  if (data.currency != null) {
    const currency = toCurrency(data.currency);
    if (currency) custom.currency = currency;
    else fail('data.currency must be an ISO-4217 code');
  }
  const orderId = text('order_id');
  if (orderId) custom.order_id = orderId;
  const search = text('search_query');
  if (search) custom.search_string = search;
  if (data.order_quantity != null) {
    if (Number.isInteger(data.order_quantity) && (data.order_quantity as number) > 0) custom.num_items = data.order_quantity as number;
    else fail('data.order_quantity must be a whole number of 1 or more');
  }
  if (data.line_items != null) {
    if (!Array.isArray(data.line_items)) fail('data.line_items must be an array');
    const contents: ConversionContent[] = [];
    (Array.isArray(data.line_items) ? data.line_items : []).forEach((item: unknown, index) => {
      const at = `data.line_items[${index}]`;
      if (!isObject(item)) return fail(`${at} must be an object`);
      const id = toText(item.product_id);
      if (id === undefined) fail(`${at}.product_id must be a string`);
      const content: ConversionContent = { id: id ?? '' };
      if (item.product_price != null) {
        const price = toNumber(item.product_price);
        if (price >= 0 && price < Infinity) content.item_price = String(price);
        else fail(`${at}.product_price must be a number of 0 or more`);
      }
      if (item.product_quantity != null) {
        if (Number.isInteger(item.product_quantity) && (item.product_quantity as number) > 0) content.quantity = item.product_quantity as number;
        else fail(`${at}.product_quantity must be a whole number of 1 or more`);
      }
      for (const [from, to] of Object.entries(ITEM_TEXT)) {
        const value = toText(item[from]);
        if (value === undefined) fail(`${at}.${from} must be a string`);
        else if (value) content[to] = value;
      }
      // A category page's only line item names its category and no product (see `buildEventData`).
      if (content.id) contents.push(content);
      else if (content.item_category && !custom.content_category) custom.content_category = content.item_category;
    });
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
    const value = match[key];
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
}

function assemble(parts: Parts, context: ConversionContext, errors: string[], warnings: string[]): ConversionResult {
  const fail = (message: string): void => void errors.push(message);
  const now = context.now ?? Date.now();
  const time = typeof parts.time === 'number' && isFinite(parts.time) ? parts.time : NaN;
  if (isNaN(time)) fail('time must be a time in milliseconds');
  else if (time < now - MAX_EVENT_AGE_MS) fail('time is more than 7 days ago: the Conversions API refuses such events');
  else if (time > now + MAX_CLOCK_SKEW_MS) fail('time is in the future');

  const url = parts.url == null || parts.url === '' ? undefined : httpUrl(parts.url);
  if (url === '') fail('url must be an http or https URL');

  const user: ConversionUserData = {};
  for (const key of MATCH_KEYS) {
    const hash = parts.match[key];
    if (hash) user[key] = [hash];
  }
  const { clientIp, userAgent } = context;
  if (clientIp != null && !isIP(clientIp)) fail('context.clientIp must be an IPv4 or IPv6 address');
  else if (clientIp) user.client_ip_address = clientIp;
  if (userAgent != null && typeof userAgent !== 'string') fail('context.userAgent must be a string');
  else if (userAgent?.trim()) user.client_user_agent = userAgent.trim();
  const validClickId = (id: unknown): id is string => typeof id === 'string' && CLICK_ID.test(id);
  if (parts.clickId != null && parts.clickId !== '') {
    if (validClickId(parts.clickId)) user.click_id = parts.clickId;
    else fail('clickId must be a Pinterest click ID (URL-safe text)');
  } else if (validClickId(context.clickId)) user.click_id = context.clickId;
  else if (context.clickId) warnings.push('context.clickId is not a Pinterest click ID; it was left out');
  // SPEC §7.2: without these Pinterest refuses the event.
  if (!user.em && !(user.client_ip_address && user.client_user_agent)) {
    fail('user_data needs a hashed email (em), or both the client IP address and user agent');
  }
  if (parts.ldp != null && typeof parts.ldp !== 'boolean') fail('ldp must be true or false');

  const custom = toCustomData(parts.data, fail);
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
  if (url) event.event_source_url = url;
  if (Object.keys(custom).length) event.custom_data = custom;
  return { ok: true, event, warnings };
}

/** A `TrackedEvent` as the browser relayed it: untrusted JSON, checked field by field. */
function fromTracked(input: Record<string, unknown>, context: ConversionContext): ConversionResult {
  const errors: string[] = [];
  const fail = (message: string): void => void errors.push(message);
  const { event, eventId, data } = input;
  const action = actionOfTag(event);
  const apiEvent = action && EVENTS[action].api;
  if (!apiEvent) fail(`event must be a Pinterest tag event name: ${ACTIONS.map((name) => EVENTS[name].tag).join(', ')}`);
  else if (input.apiEvent != null && input.apiEvent !== apiEvent) fail(`apiEvent must be '${apiEvent}' for '${event}'`);
  if (!(typeof eventId === 'string' && EVENT_ID.test(eventId))) fail('eventId must be a non-empty string of printable characters');
  if (!isObject(data)) fail('data must be an object');
  // The tag got `data.event_id`: a different `eventId` would not deduplicate against it.
  else if (data.event_id != null && data.event_id !== eventId) fail('data.event_id must equal eventId');
  const match = readMatch(input.match, fail);
  // The browser always sends its page's URL; `assemble` checks the one given.
  if (input.url == null || input.url === '') fail('url must be an http or https URL');
  const parts: Parts = { apiEvent: apiEvent!, eventId: eventId as string, data: isObject(data) ? data : {}, time: input.time, url: input.url, match, clickId: input.clickId, ldp: input.ldp };
  return assemble(parts, context, errors, []);
}

/** A server-side action: its event data is built by the browser's `buildEventData`. */
function fromAction(input: Record<string, unknown>, context: ConversionContext): ConversionResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const action = input.action;
  if (!isAction(action)) return { ok: false, errors: [`action must be one of ${ACTIONS.join(', ')}`] };
  const given = input.data as Record<string, unknown> | undefined;
  // The browser's own builder: what it reports is an error when it could not build the event, else a warning.
  const problems: string[] = [];
  const report: Report = (code, field, got) => void problems.push(`data.${explain(code, field, got)}`);
  const data = buildEventData(action, given, context.currency, report);
  (data ? warnings : errors).push(...problems);

  const ids = [input.eventId, isObject(given) ? given.eventId : undefined].filter((id) => id != null);
  if (ids.length === 2 && String(ids[0]).trim() !== String(ids[1]).trim()) errors.push('eventId and data.eventId differ');
  // Without event data (its problems are reported already) there is no order ID to derive a checkout's ID from.
  const eventId = data ? (eventIdFor(action, ids[0], data.order_id, (code, field, got) => void errors.push(explain(code, field, got))) ?? '') : '';

  const match = hashCustomer(input.customer, (code, field) => void warnings.push(explain(code, field)));
  const time = input.time instanceof Date ? input.time.getTime() : (input.time ?? context.now ?? Date.now());
  const parts: Parts = { apiEvent: EVENTS[action].api, eventId, data: data ?? {}, time, url: input.url, match, clickId: input.clickId, ldp: input.ldp };
  return assemble(parts, context, errors, warnings);
}

/**
 * Builds the Conversions API v5 event for a storefront event: either a `TrackedEvent` relayed by the browser
 * (see `createRelayHandler`) or an action the server saw itself, such as a completed order. The event name,
 * the field mapping and the event ID are the browser's, so Pinterest counts the tag's event and this one once.
 * The input is checked field by field, as it may come straight from a browser. It never throws: an event
 * Pinterest would refuse (no email and no IP address + user agent, an unknown event, bad data, a time more than
 * 7 days ago or in the future) comes back as `{ ok: false, errors }`.
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
    return 'action' in input ? fromAction(input, context ?? {}) : fromTracked(input, context ?? {});
  } catch (error) {
    // A getter that throws, a Proxy…: reported like any other bad input.
    return { ok: false, errors: [`the event could not be read: ${(error as Error)?.name ?? 'error'}`] };
  }
}
