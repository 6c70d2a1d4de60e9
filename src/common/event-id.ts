// Event IDs (SPEC §5): the one rule that the browser and the server both follow, so that Pinterest counts the
// tag's event and its Conversions API twin once.
import { v4 } from 'uuid';
import type { ActionName } from './catalog';
import { hashEmailsIn } from './emails';
import type { Report } from './messages';

/** An event ID: printable ASCII without spaces, at most 256 characters (Pinterest's cap for `event_id`). */
export const EVENT_ID = /^[\x21-\x7e]{1,256}$/;

/** An order ID as a checkout's event ID holds it: no control characters, at most 200 characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it refuses.
const ORDER_ID = /^[^\x00-\x1f\x7f]{1,200}$/;

/** A platform's global ID of an order, e.g. Shopify's `gid://shopify/Order/450789469`: the number is the order. */
const ORDER_GID = /^gid:\/\/[a-z]{1,40}\/Order\/(\d{1,30})$/i;

/**
 * The event ID of the checkout for `orderId`: `checkout_` and the trimmed order ID, the form Pinterest for
 * WooCommerce uses since 2026 (pinterest-for-woocommerce PR #1176), which any server computes without a library.
 * The same order always gives the same ID, in the browser and on the server, so Pinterest counts it once however
 * often the thank-you page loads. A platform's global ID (`gid://shopify/Order/450789469`) is the same order as
 * its number. '' when the order ID is empty, over 200 characters, or holds control characters.
 *
 * @example
 * checkoutEventId(' 1001 ')                    // 'checkout_1001'
 * checkoutEventId('gid://shopify/Order/1001')  // 'checkout_1001'
 */
export function checkoutEventId(orderId: string | number): string {
  const text = typeof orderId === 'number' ? (Number.isFinite(orderId) ? String(orderId) : '') : typeof orderId === 'string' ? orderId.trim() : '';
  if (!ORDER_ID.test(text)) return '';
  return `checkout_${text.replace(ORDER_GID, '$1')}`;
}

/**
 * A new random event ID: a UUID v4 (`uuid`), what every event but a checkout gets.
 *
 * @example
 * randomEventId() // '1ce0dc5e-3bc4-40c8-a905-ab5d1b0ace51'
 */
export const randomEventId = (): string => v4();

/**
 * The event ID of an event: the caller's own (trimmed; an email in it hashed, as everywhere), else for a checkout
 * `checkoutEventId(orderId)`, else a new random UUID v4 (`uuid`). `undefined`, after a report, when the caller's
 * ID or the order ID cannot be one.
 *
 * @example
 * eventIdFor('addToCart', undefined)      // '1ce0dc5e-3bc4-40c8-a905-ab5d1b0ace51'
 * eventIdFor('checkout', undefined, 1001) // 'checkout_1001'
 * eventIdFor('checkout', 'my-id', 1001)   // 'my-id'
 */
export function eventIdFor(action: ActionName, given: unknown, orderId?: unknown, report?: Report): string | undefined {
  if (given != null) {
    const id = typeof given === 'string' && given.length <= 1024 ? hashEmailsIn(given.trim()) : '';
    if (EVENT_ID.test(id)) return id;
    report?.('bad-event-id', 'eventId', given);
    return undefined;
  }
  if (action !== 'checkout') return randomEventId();
  const id = typeof orderId === 'string' || typeof orderId === 'number' ? checkoutEventId(orderId) : '';
  if (!id) report?.('bad-order-id', 'orderId', orderId);
  return id || undefined;
}
