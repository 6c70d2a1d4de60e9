// Event IDs (SPEC §5). Shared with the server entry: nothing here may touch a browser global.
import { v4, v5 } from 'uuid';

/**
 * The UUID namespace of checkout event IDs. Fixed forever: the browser and the merchant's server both derive
 * `checkoutEventId(orderId)` from it, so changing it would break deduplication of every order in flight.
 */
export const CHECKOUT_NAMESPACE = '3f1d1c52-5a1e-4c36-9d0b-6e7f0c9a4b21';

/** A fresh random event ID (UUID v4). */
export function randomEventId(): string {
  return v4();
}

/**
 * The event ID of the checkout for `orderId`: a UUID v5 of the trimmed order ID in `CHECKOUT_NAMESPACE`.
 * The same order always gives the same ID, in the browser and on the server, so Pinterest counts the order
 * once however many times the thank-you page is loaded (SPEC §11.2).
 *
 * @example
 * checkoutEventId('1001') === checkoutEventId(' 1001 ') // true
 * checkoutEventId(1001)   // the same as checkoutEventId('1001')
 */
export function checkoutEventId(orderId: string | number): string {
  // TextEncoder turns a lone surrogate into U+FFFD; uuid's own string path would throw a URIError on it.
  return v5(new TextEncoder().encode(String(orderId).trim()), CHECKOUT_NAMESPACE);
}
