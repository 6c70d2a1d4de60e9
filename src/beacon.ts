// Each released event, hashed data only, to the merchant's own endpoint (the `relay` option), which sends its
// Conversions API twin.
import { warn } from './warn';

/** What `sendBeacon` and `fetch(…, { keepalive })` carry at most, with room for the request's headers. */
export const MAX_BEACON_BYTES = 60_000;

/** UTF-8 length, counted only when it could matter. */
const bytes = (text: string): number => (text.length * 3 <= MAX_BEACON_BYTES ? text.length : new TextEncoder().encode(text).length);

/**
 * Posts the event (its JSON) with `sendBeacon`, which survives the page being closed, or else `fetch` with
 * `keepalive`. A string body goes as `text/plain`, a type that needs no CORS preflight. An event too large for
 * either (a cart of hundreds of lines) goes by plain `fetch`, with a warning: a page closed at once may cut it.
 */
export function sendToRelay(url: string, body: string): void {
  const large = bytes(body) > MAX_BEACON_BYTES;
  if (large) warn('beacon-large', 'relay');
  try {
    if (!large && navigator.sendBeacon(url, body)) return;
  } catch {
    // No sendBeacon, or it refused this URL: fall back to fetch.
  }
  try {
    fetch(url, { method: 'POST', body, keepalive: !large }).catch(() => {
      // The relay is best effort: the tag still counts the event.
    });
  } catch {
    // No fetch either: nothing more to try, and the event was already given to the tag.
  }
}
