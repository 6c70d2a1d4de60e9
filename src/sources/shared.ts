// What every event source shares: reading a platform's payloads defensively (own properties only, nothing that
// throws), line items the SDK accepts, the page's one page visit with its product, debug-mode notes, and the
// double-count check. A source turns each platform event into one call of the instance: what it cannot map it
// does not send, and it says so once, in debug mode only, so a shopper's console stays quiet.
import { type ActionName, EVENTS, type EventField, type EventSpec } from '../common/catalog';
import type { MessageCode } from '../common/messages';
import type { Customer, LineItem, PinterestTag, TrackedEvent } from '../common/types';
import { MAX_TEXT, own, toCurrency, toNumber, toText } from '../common/values';
import { pageState } from '../page-state';
import { HOST, type TagHost } from '../tag-host';
import { warn } from '../warn';
import { SOURCE_HOLD_MS, type SourceName } from './names';

/** An instance as a source sees it: the public methods, and the hooks of `HOST` when it is this SDK's. */
export type SourceTag = PinterestTag & { [HOST]?: TagHost };

/** A function that stops a source: it hears nothing more and sends nothing more. Calling it twice is harmless. */
export type StopSource = () => void;

/** Most line items a source passes on from one platform event (GA4 allows 200 per event). */
export const MAX_SOURCE_ITEMS = 200;

/** Most products of a list (a collection, a category page) sent on its view_category event. */
export const MAX_LIST_ITEMS = 50;

/** How close in time a source's event and another call's event of the same kind must be to be flagged (ms). */
export const TWICE_WINDOW_MS = 2000;

/**
 * `object[path[0]][path[1]]…`, own properties only, `undefined` where anything is missing, inherited, or throws.
 *
 * @example
 * at({ a: { b: 1 } }, 'a', 'b') // 1
 * at({}, 'constructor')        // undefined
 */
export function at(object: unknown, ...path: string[]): unknown {
  try {
    for (const key of path) object = own(object, key);
    return object;
  } catch {
    return undefined;
  }
}

/**
 * `object[key]` for a platform's class instance (a DOM event whose payload its class defines, a CustomEvent's
 * `detail`): own, or from its class, but never from `Object.prototype`, which the page may have polluted.
 * `undefined` where it is missing or throws.
 *
 * @example
 * field(new CustomEvent('x', { detail: 1 }), 'detail') // 1
 * field({}, 'toString')                                // undefined
 */
export function field(object: unknown, key: string): unknown {
  try {
    for (let at = object; at && typeof at === 'object' && at !== Object.prototype; at = Object.getPrototypeOf(at)) {
      const descriptor = Object.getOwnPropertyDescriptor(at, key);
      if (descriptor) return 'value' in descriptor ? descriptor.value : descriptor.get?.call(object);
    }
  } catch {
    // A Proxy or a getter that throws: nothing to read.
  }
  return undefined;
}

/** The first `max` entries of `value` when it is an array, else []. Never throws (a Proxy, a getter). */
export function list(value: unknown, max = MAX_SOURCE_ITEMS): unknown[] {
  try {
    return Array.isArray(value) ? Array.prototype.slice.call(value, 0, max) : [];
  } catch {
    return [];
  }
}

/** Text from a string or a finite number, trimmed and cut to what an event carries; `undefined` for anything else or ''. */
export const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? toText(value)?.slice(0, MAX_TEXT) || undefined : undefined;

/** A price or a value: a number or numeric text of 0 or more; `undefined` otherwise. */
export function amount(value: unknown): number | undefined {
  const number = toNumber(value);
  return number >= 0 && number < 1e15 ? number : undefined;
}

/** A quantity: a whole number from 1 to 1,000,000 (or such text); `undefined` otherwise. */
export function quantity(value: unknown): number | undefined {
  const number = toNumber(value);
  return Number.isInteger(number) && number > 0 && number <= 1e6 ? number : undefined;
}

/** A platform's global ID (`gid://shopify/Product/123`) as the number catalogs use (`123`); other IDs as they are. */
export const plainId = (value: unknown): string | undefined => text(value)?.replace(/^gid:\/\/[a-z]{1,40}\/\w{1,40}\/(\d{1,30})(\?.*)?$/i, '$1');

/** The fields of a line item as a platform gives them; each is checked before it is used. */
export interface ItemFields {
  id?: unknown;
  name?: unknown;
  price?: unknown;
  quantity?: unknown;
  category?: unknown;
  brand?: unknown;
  variant?: unknown;
  variantId?: unknown;
}

/** A line item the SDK accepts, from a platform's fields; `undefined` without a product ID. Bad fields are left out. */
export function lineItem(fields: ItemFields): LineItem | undefined {
  const id = text(fields.id);
  if (!id) return undefined;
  const item: LineItem = { id };
  for (const name of ['name', 'category', 'brand', 'variant', 'variantId'] as const) {
    const value = text(fields[name]);
    if (value) item[name] = value;
  }
  const price = amount(fields.price);
  if (price !== undefined) item.price = price;
  const count = quantity(fields.quantity);
  if (count !== undefined) item.quantity = count;
  return item;
}

/** What a source hands the instance for one action: the common fields and the action's own (catalog.ts). */
export interface SourceInput extends Partial<Record<EventField, string>> {
  items?: LineItem[];
  value?: unknown;
  currency?: unknown;
}

/** The connection of one source to one instance: what the mappers of every platform call. */
export interface SourceContext {
  readonly name: SourceName;
  readonly tag: SourceTag;
  /**
   * Sends `action` with what of `input` the action takes (its fields in the event table); a value or currency
   * that is not one is left out. An action whose required field is missing is not sent (a note in debug mode).
   */
  send(action: ActionName, input: SourceInput, what: string): void;
  /**
   * The product viewed on this page: the page's automatic page visit carries it if it has not gone; if it has,
   * nothing is sent (a note in debug mode).
   */
  viewed(items: LineItem[], what: string): void;
  /** This page shows no product: its automatic page visit need not wait for one. */
  noProduct(): void;
  /** Gives the shopper's email and phone to `identify()`, which hashes them: never into event data. */
  identify(customer: Customer): void;
  /** A platform event this source does not map, or cannot: one note per event in debug mode, nothing otherwise. */
  note(code: Extract<MessageCode, 'source-unmapped' | 'source-incomplete' | 'source-late' | 'no-product-id'>, what: string): void;
  /** Runs a platform's callback: whatever it throws stays here. */
  guard<A extends unknown[]>(handler: (...args: A) => void): (...args: A) => void;
  /** Stops the double-count check; the source stops its own listeners. */
  stop(): void;
  /** Whether the source was stopped. */
  readonly stopped: boolean;
}

/** Debug mode is on for this page (debug-mode.ts keeps the log only then). */
const debugging = (): boolean => !!pageState().log;

/**
 * Connects a source to an instance, whose automatic page visits now wait briefly for the product viewed
 * (`SOURCE_HOLD_MS`). In debug mode only, it also watches every released event: when this source
 * and another call (a direct call, or another source) report the same kind of event within 2 s, it warns once per
 * pair, since Pinterest then counts the action twice (page visits aside: the SDK sends one per page).
 */
export function connect(name: SourceName, tag: SourceTag): SourceContext {
  const noted = new Set<string>();
  let mine = false;
  let stopped = false;
  let unlisten: (() => void) | undefined;
  const recent: Array<{ event: string; time: number; mine: boolean }> = [];
  const guard =
    <A extends unknown[]>(handler: (...args: A) => void) =>
    (...args: A): void => {
      try {
        if (!stopped) handler(...args);
      } catch (error) {
        // A platform's payload that breaks a mapper must not break the platform's own code that called it.
        if (debugging()) warn('failed', `${name} source`, error);
      }
    };
  // Every source reports the product viewed: the page's page visit waits for it (names.ts).
  tag[HOST]?.holdPageVisits(SOURCE_HOLD_MS);
  if (debugging() && typeof tag.onEvent === 'function') {
    unlisten = tag.onEvent(
      guard((event: TrackedEvent) => {
        if (event.event === 'pagevisit') return;
        const time = typeof event.time === 'number' ? event.time : Date.now();
        if (recent.some((seen) => seen.event === event.event && seen.mine !== mine && time - seen.time <= TWICE_WINDOW_MS)) {
          warn('source-twice', `${event.event} (${name} source)`);
        }
        recent.push({ event: event.event, time, mine });
        if (recent.length > 20) recent.shift();
      }),
    );
  }
  const context: SourceContext = {
    name,
    tag,
    send(action, input, what) {
      const spec: EventSpec = EVENTS[action];
      const data: Record<string, unknown> = {};
      if (input.items?.length) data.items = input.items;
      const value = amount(input.value);
      if (value !== undefined) data.value = value;
      const currency = toCurrency(input.currency);
      if (currency) data.currency = currency;
      for (const field of spec.fields) if (input[field]) data[field] = input[field];
      if (spec.required && !data[spec.required]) return context.note('source-incomplete', `${what} (${spec.required})`);
      const method = tag[action] as ((input: unknown) => unknown) | undefined;
      if (typeof method !== 'function') return;
      mine = true;
      try {
        method.call(tag, data);
      } finally {
        mine = false;
      }
    },
    viewed(items, what) {
      if (!items.length) return context.note('no-product-id', what);
      const sent = tag[HOST]?.pageVisit({ items });
      if (!sent) context.note('source-late', what);
    },
    noProduct() {
      tag[HOST]?.pageVisit();
    },
    identify(customer) {
      const known = Object.fromEntries(Object.entries(customer).filter(([, value]) => typeof value === 'string' && value.trim()));
      if (Object.keys(known).length && typeof tag.identify === 'function') tag.identify(known);
    },
    note(code, what) {
      const key = `${code} ${what}`;
      if (!debugging() || noted.has(key) || noted.size > 100) return;
      noted.add(key);
      warn(code, `${name} source: ${what}`);
    },
    guard,
    stop() {
      stopped = true;
      unlisten?.();
      unlisten = undefined;
    },
    get stopped() {
      return stopped;
    },
  };
  return context;
}
