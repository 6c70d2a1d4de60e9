// One checkout per order per browser (DESIGN rule 2): a reloaded thank-you page, or a second copy of the SDK
// on it, sends no second checkout. The IDs of the last checkouts sent are kept in localStorage, read once per
// page (on the first checkout) and written once per checkout.
import { readStored, writeStored } from './storage';

/** Where the event IDs of the last checkouts sent from this browser are kept. */
export const SENT_CHECKOUTS_KEY = 'pinterest_tag_checkouts';

/** How many are kept: far more than one shopper's orders in a month, small enough to read at once. */
const KEPT = 50;

export interface CheckoutGuard {
  /** Whether a checkout with this event ID was already sent from this browser. */
  _has(eventId: string): boolean;
  /** Records a checkout as sent. */
  _add(eventId: string): void;
}

export function createCheckoutGuard(): CheckoutGuard {
  let sent: string[] | undefined;
  const read = (): string[] => {
    if (!sent) {
      const stored = readStored(SENT_CHECKOUTS_KEY);
      sent = Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string').slice(-KEPT) : [];
    }
    return sent;
  };
  return {
    _has: (eventId) => read().includes(eventId),
    _add(eventId) {
      const list = read();
      list.push(eventId);
      writeStored(SENT_CHECKOUTS_KEY, list.slice(-KEPT));
    },
  };
}
