// Each released event, hashed data only, to the merchant's own endpoint, which sends the Conversions API twin.

/**
 * Posts the event (its JSON) with `sendBeacon`, which survives the page being closed, or else `fetch` with
 * `keepalive`. A string body goes as `text/plain`, a type that needs no CORS preflight.
 */
export function relayEvent(url: string, body: string): void {
  try {
    if (navigator.sendBeacon(url, body)) return;
  } catch {
    // No sendBeacon, or it refused this URL: fall back to fetch.
  }
  try {
    fetch(url, { method: 'POST', body, keepalive: true }).catch(() => {
      // The relay is best effort: the tag still counts the event.
    });
  } catch {
    // No fetch either: nothing more to try, and the event was already given to the tag.
  }
}
