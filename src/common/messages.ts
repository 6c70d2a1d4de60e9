// The words of every problem the SDK reports, by code. The browser's script prints the code alone (a shopper's
// phone should not download sentences it never shows); debug mode, the npm build in development and the server
// print the sentence. The README's "Warnings" table is made from this one.

import { describe } from './values';

// `describe` lives in values.ts, so that a bundle that only prints codes does not carry the sentences below (the npm
// build puts this module in the debug panel's chunk); it is still exported from here as well.
export { describe };

/**
 * What each code means: the field it names is put in front.
 *
 * @example
 * explain('not-price', 'items[0].price', 'free') // 'items[0].price must be a number of 0 or more, such as 19.99, not "free"'
 */
export const MESSAGES = {
  'not-object': 'must be an object',
  'not-text': 'must be a string',
  'not-price': 'must be a number of 0 or more, such as 19.99',
  'not-count': 'must be a whole number from 1 to 1,000,000',
  'not-currency': "must be an ISO-4217 code such as 'USD'",
  'not-items': 'must be an array of { id, price, quantity }',
  'too-many-items': 'must hold at most 500 line items',
  'not-item': "must be an object such as { id: 'SKU-1', price: 10 }",
  'no-product-id': "must be your catalog's product ID, such as id: 'SKU-1'",
  required: 'must be given for this event',
  'unknown-field': 'is not a field of this event, and was left out',
  'text-cut': 'was longer than 500 characters and was cut',
  'bad-event-id': 'must be a string of 1 to 256 printable characters',
  'bad-order-id': 'must be an order ID of 1 to 200 printable characters',
  'not-customer': "must be an object such as { email: 'jane@example.com' }",
  'bad-match-value': 'is not valid for this field, and was left out',
  'bad-tag-id': 'must be your Pinterest Tag ID, digits only (Ads Manager > Conversions); nothing will be sent',
  'bad-option': 'is not valid; the default is used',
  'bad-url': 'must be an https URL (http only on localhost); it is not used',
  'bad-name': 'must be a name of letters, digits and spaces, at most 100 characters',
  'not-function': 'must be a function',
  'not-consent': "must be 'granted' or 'denied'",
  'not-command': 'is not a command of pinterestTag()',
  'more-problems': 'has more problems than are shown',
  'consent-full': 'more than 100 events wait for consent; later ones are dropped',
  'queue-full': 'has not run after 500 commands; later ones are not queued',
  'core-failed': 'could not be loaded (blocked or offline); events still get IDs and reach listeners and the relay',
  'beacon-large': 'event is larger than a beacon carries (60 KB): sent with fetch, which a page closed at once may cut',
  'listener-loop': 'tracked events from inside onEvent too deep: listeners skip the deeper ones',
  'module-failed': 'could not be loaded; host it next to pinterest-tag.min.js',
  'not-source': 'is not an event source (ga4, shopify, shopline, adobe)',
  'source-unmapped': 'has no Pinterest event: not sent',
  'source-incomplete': 'lacks a field its Pinterest event needs: not sent',
  'source-late': 'came after the page visit went: not sent as a second one',
  'source-twice': 'came from a source and another call within 2 s: Pinterest counts both',
  failed: 'failed',
} as const;

export type MessageCode = keyof typeof MESSAGES;

/**
 * Where a problem is reported: a code from `MESSAGES`, the field (or option, or call) it concerns, and the value
 * it had when that helps. Nothing here may throw, whatever `got` is.
 */
export type Report = (code: MessageCode, field: string, got?: unknown) => void;

/**
 * A short, safe picture of a value for a message. A text or a number that may be personal data (an email, a
 * phone number) is not repeated.
 *
 * @example
 * shown('free')             // '"free"'
 * shown('jane@example.com') // 'a text that is not shown'
 */
export function shown(got: unknown): string {
  try {
    // An `@` may be an email's; six digits, however spaced, a phone number's.
    const personal = (text: string): boolean => text.includes('@') || text.replace(/\D/g, '').length >= 6;
    if (typeof got === 'string') return personal(got.slice(0, 200)) ? 'a text that is not shown' : JSON.stringify(got.slice(0, 40));
    if (typeof got === 'number' && personal(String(got))) return 'a number that is not shown';
    if (typeof got === 'function') return 'a function';
    if (got && typeof got === 'object') return Array.isArray(got) ? 'an array' : 'an object';
    return String(got);
  } catch {
    return typeof got;
  }
}

/**
 * The sentence for a problem: the field, what the code says, and what the value was.
 *
 * @example
 * explain('not-count', 'items[1].quantity', 0) // 'items[1].quantity must be a whole number of 1 or more, not 0'
 */
export function explain(code: MessageCode, field: string, got?: unknown): string {
  const words = MESSAGES[code] ?? code;
  if (code === 'failed') return `${field} failed${got === undefined ? '' : `: ${describe(got)}`}`;
  return `${field} ${words}${words.startsWith('must') ? `, not ${shown(got)}` : ''}`;
}
