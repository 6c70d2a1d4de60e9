// One checkout per order per browser (DESIGN rule 2): a reloaded thank-you page, or a second copy of the SDK
// on it, sends no second checkout. The IDs of the last checkouts sent are kept in localStorage, read once per
// page (on the first checkout, into the page state every copy of the SDK shares) and written at the end of the
// task that sent a checkout: once per checkout on a real page, once for all of them when a script sends many at
// once (a write costs tens of microseconds).
import { pageState } from './page-state';
import { readStored, writeStored } from './storage';

/** Where the event IDs of the last checkouts sent from this browser are kept. */
export const SENT_CHECKOUTS_KEY = 'pinterest_tag_checkouts';

/** How many are kept: far more than one shopper's orders in a month, small enough to read at once. */
const KEPT = 50;

/**
 * This page's set, read from storage the first time. A Set keeps the order IDs were added in (the oldest goes
 * first) and finds one with a single lookup, where a list compared each of 50 texts, twice per checkout.
 */
function sent(): Set<string> {
  const state = pageState();
  if (!(state.checkouts instanceof Set)) {
    const stored = readStored(SENT_CHECKOUTS_KEY);
    state.checkouts = new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string').slice(-KEPT) : []);
  }
  return state.checkouts;
}

/** Whether a checkout with this event ID was already sent from this browser. */
export const checkoutSent = (eventId: string): boolean => sent().has(eventId);

/** Records a checkout as sent. */
export function recordCheckout(eventId: string): void {
  const ids = sent();
  ids.add(eventId);
  if (ids.size > KEPT) ids.delete(ids.values().next().value as string);
  const state = pageState();
  if (state.writing) return;
  state.writing = true;
  // Before the task ends, so before any reload can read it.
  queueMicrotask(() => {
    state.writing = false;
    writeStored(SENT_CHECKOUTS_KEY, [...ids]);
  });
}
