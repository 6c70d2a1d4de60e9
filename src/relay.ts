// Each released event, hashed data only, to the merchant's own endpoint, which sends the Conversions API twin.
import type { TrackedEvent } from './types';

/**
 * Posts the event with `sendBeacon`, which survives the page being closed, or else `fetch` with `keepalive`.
 * The body is JSON sent as `text/plain`, a type that needs no CORS preflight.
 */
export function relayEvent(url: string, event: TrackedEvent): void {
  const body = JSON.stringify(event);
  try {
    if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return;
  } catch {
    // sendBeacon refuses some URLs and large bodies: fall back to fetch.
  }
  try {
    fetch(url, { method: 'POST', body, keepalive: true, credentials: 'same-origin', headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }).catch(
      () => {
        // The relay is best effort: a lost event is counted by the tag, and the server may have its own copy.
      },
    );
  } catch {
    // No fetch in this browser: nothing else to try.
  }
}
