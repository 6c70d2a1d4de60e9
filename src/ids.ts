// Event IDs (SPEC §5). Shared with the server entry: nothing here may touch a browser global.
import { v4 } from 'uuid';
import { sha1, utf8 } from './hash';

/**
 * The UUID namespace of checkout event IDs. Fixed forever: the browser and the merchant's server both derive
 * `checkoutEventId(orderId)` from it, so changing it would break deduplication of every order in flight.
 */
export const CHECKOUT_NAMESPACE = '3f1d1c52-5a1e-4c36-9d0b-6e7f0c9a4b21';

/**
 * A fresh random event ID (UUID v4, from `uuid`): what every event but a checkout gets.
 *
 * @example
 * randomEventId() // '1ce0dc5e-3bc4-40c8-a905-ab5d1b0ace51'
 */
export function randomEventId(): string {
  return v4();
}

/**
 * The event ID of the checkout for `orderId`: the UUID v5 (RFC 9562 §5.5) of the trimmed order ID in
 * `CHECKOUT_NAMESPACE`; the same as `uuid`'s `v5(orderId, CHECKOUT_NAMESPACE)`, which the tests check.
 * The same order always gives the same ID, in the browser and on the server, so Pinterest counts the order
 * once however many times the thank-you page is loaded (SPEC §11.2).
 *
 * @example
 * checkoutEventId('1001') === checkoutEventId(' 1001 ') // true
 * checkoutEventId(1001) === checkoutEventId('1001')     // true
 */
export function checkoutEventId(orderId: string | number): string {
  const namespace = CHECKOUT_NAMESPACE.replace(/-/g, '').match(/../g)!.map((byte) => parseInt(byte, 16));
  // TextEncoder turns a lone surrogate into U+FFFD instead of throwing, as uuid's own string path would.
  const hex = sha1(new Uint8Array([...namespace, ...utf8(String(orderId).trim())]));
  // Version 5 in the 13th hex digit, variant 10 in the 17th.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
