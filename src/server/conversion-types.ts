// The Conversions API v5 shapes this entry builds and sends (Pinterest's OpenAPI 5.23.0,
// https://developers.pinterest.com/docs/api/v5/events-create/), and the inputs it builds them from.
import type { ActionInputs, ActionName, ApiEventName, Customer, MatchData, MatchKey } from '../common/types';

/**
 * `user_data` of a Conversions API event: each match key a one-element array of SHA-256 hex (Pinterest's
 * `ConversionEventsUserDataProperties`, https://developers.pinterest.com/docs/api/v5/events-create/).
 *
 * @example
 * const user: ConversionUserData = { em: ['8c87b489…'], client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 …' };
 */
export type ConversionUserData = { [K in MatchKey]?: string[] } & {
  /** Plain, as the shopper's browser connected. */
  client_ip_address?: string;
  /** Plain. */
  client_user_agent?: string;
  /** The Pinterest click ID (`epik`), plain. */
  click_id?: string;
};

/**
 * One product of `custom_data.contents`.
 *
 * @example
 * const content: ConversionContent = { id: 'SKU-1', item_price: '19.99', quantity: 2 };
 */
export interface ConversionContent {
  id: string;
  /** A decimal number as a string, e.g. `"19.99"`. */
  item_price?: string;
  quantity?: number;
  item_name?: string;
  item_category?: string;
  item_brand?: string;
}

/**
 * `custom_data` of a Conversions API event: only the fields Pinterest accepts
 * (https://developers.pinterest.com/docs/api/v5/events-create/).
 *
 * @example
 * const custom: ConversionCustomData = { value: '39.98', currency: 'USD', content_ids: ['SKU-1'], num_items: 2, order_id: '1001' };
 */
export interface ConversionCustomData {
  /** A decimal number as a string, e.g. `"116"`. */
  value?: string;
  currency?: string;
  content_ids?: string[];
  contents?: ConversionContent[];
  content_category?: string;
  num_items?: number;
  order_id?: string;
  search_string?: string;
  /** `'LDP'` when Limited Data Processing applies (https://developers.pinterest.com/docs/track-conversions/use-limited-data-processing-flag/). */
  opt_out_type?: 'LDP';
}

/**
 * One event of a Conversions API v5 request body (`{ data: ConversionEvent[] }`), as `toConversionEvent` builds it.
 *
 * @example
 * const event: ConversionEvent = {
 *   event_name: 'add_to_cart', action_source: 'web', event_time: 1795939200, event_id: tracked.eventId,
 *   user_data: { em: ['8c87b489…'] }, custom_data: { value: '19.99', currency: 'USD' },
 * };
 */
export interface ConversionEvent {
  event_name: ApiEventName;
  action_source: 'web';
  /** Unix time in seconds. */
  event_time: number;
  /** The same ID the tag sent as `event_id`: Pinterest counts the two as one event. */
  event_id: string;
  event_source_url?: string;
  user_data: ConversionUserData;
  custom_data?: ConversionCustomData;
}

/**
 * A storefront action the server saw itself, such as a completed order. Its event data is built by the
 * browser's own code, so the mapping is the same as for the event the tag sends.
 *
 * @example
 * const order: ServerAction = {
 *   action: 'checkout',
 *   data: { orderId: '1001', items: [{ id: 'SKU-1', price: 25, quantity: 2 }], currency: 'USD' },
 *   customer: { email: 'jane@example.com' },
 *   url: 'https://shop.example/thank-you',
 * };
 */
export type ServerAction = {
  [A in ActionName]: {
    action: A;
    /** What the browser method of the same name takes. A `checkout` needs `orderId`, a `search` `query`. */
    data?: ActionInputs[A];
    /** The shopper: plain values are normalized and hashed here exactly as in the browser. */
    customer?: Customer;
    /** The event ID; or `data.eventId`. Defaults to `checkoutEventId(orderId)` for a checkout, else a new UUID. */
    eventId?: string;
    /** When it happened, in milliseconds or as a `Date`. Defaults to now. */
    time?: number | Date;
    /** The storefront page the action happened on. */
    url?: string;
    /** The Pinterest click ID (`epik`), e.g. from the `_epik` cookie. */
    clickId?: string;
    /** Limited Data Processing applies to this shopper (https://developers.pinterest.com/docs/track-conversions/use-limited-data-processing-flag/). */
    ldp?: boolean;
    /** The shopper's consent platform denied ad user data: the event is sent without match keys or click ID. */
    adUserData?: 'denied';
  };
}[ActionName];

/**
 * What the request tells about the shopper's browser, and the defaults for building an event.
 *
 * @example
 * const context: ConversionContext = { ...requestContext(req), currency: 'USD' };
 */
export interface ConversionContext {
  /** The shopper's IP address (IPv4 or IPv6), sent plain as `client_ip_address`. */
  clientIp?: string;
  /** The shopper's `User-Agent`, sent plain as `client_user_agent`. */
  userAgent?: string;
  /** Used when the event carries no click ID, e.g. read from the request's `_epik` cookie. */
  clickId?: string;
  /** ISO-4217 currency for actions that name none. No default. */
  currency?: string;
  /** The current time in milliseconds, for the freshness check. Defaults to `Date.now()`. */
  now?: number;
}

/**
 * The outcome of `toConversionEvent`: an event ready to send, with warnings about what was left out (a
 * customer field that is not valid, by field name), or the reasons it cannot be sent.
 *
 * @example
 * const result: ConversionResult = toConversionEvent(tracked, context);
 * if (!result.ok) console.warn(result.errors); // e.g. ['time is in the future']
 */
export type ConversionResult = { ok: true; event: ConversionEvent; warnings: string[] } | { ok: false; errors: string[] };

/** Re-exported for the signatures above. */
export type { Customer, MatchData };
