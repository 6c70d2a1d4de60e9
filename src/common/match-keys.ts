// Enhanced-match normalization and hashing (SPEC §4, §7.3), shared by the browser and the server so that both
// hash the same shopper to the same bytes.
import type { Report } from './messages';
import { sha256 } from './sha256';
import type { Customer, MatchData, MatchKey } from './types';
import { own } from './values';

/** `Customer` field -> Pinterest match key. */
export const CUSTOMER_KEYS: Readonly<Record<keyof Customer, MatchKey>> = {
  email: 'em',
  phone: 'ph',
  firstName: 'fn',
  lastName: 'ln',
  gender: 'ge',
  dateOfBirth: 'db',
  city: 'ct',
  state: 'st',
  zip: 'zp',
  country: 'country',
  externalId: 'external_id',
};

/** A SHA-256 hash as this SDK writes it: 64 lower-case hex characters. */
export const SHA256_HEX = /^[a-f0-9]{64}$/;

/** A Pinterest click ID (`epik`): URL-safe text of sane length. Anything else is not stored or sent. */
export const CLICK_ID = /^[\w.~=+/-]{1,512}$/;

/** An email address, after trimming and lower-casing. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Longest match value read: an email is at most 320 characters, and nothing else is longer. */
const MAX_VALUE = 320;

/** Per key: the rewrite to apply, then the pattern the result must match (SPEC §7.3). */
const RULES: Partial<Record<MatchKey, [(text: string) => string, RegExp]>> = {
  em: [(t) => t, EMAIL],
  // Digits only, with the country code and no leading zeros (an international 00 prefix included).
  ph: [(t) => t.replace(/\D/g, '').replace(/^0+/, ''), /^\d{7,15}$/],
  ge: [(t) => t.replace(/^(f)emale$|^(m)ale$|^(n)on-?binary$/, '$1$2$3'), /^[fmn]$/],
  // YYYYMMDD, from `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD` or a `Date` (read in UTC, as `new Date('1990-05-17')` is).
  db: [
    (t) => {
      const date = t.replace(/^(\d{4})[-/.]?(\d\d)[-/.]?(\d\d)$/, '$1-$2-$3');
      // Only a day that exists: Date rolls 30 February over into March, which the comparison catches.
      const parsed = new Date(date + 'T00:00:00Z');
      return !isNaN(+parsed) && parsed.toISOString().startsWith(date) ? date.replace(/-/g, '') : '';
    },
    /^(19|20)\d{6}$/,
  ],
  ct: [(t) => t.replace(/[^\p{L}\p{M}\p{N}]/gu, ''), /./],
  st: [(t) => t, /^[a-z]{2}$/],
  // A US ZIP+4 is matched on its first five digits; other postal codes keep their letters, without spaces.
  zp: [(t) => t.replace(/[\s-]/g, '').replace(/^(\d{5})\d{4}$/, '$1'), /./],
  country: [(t) => t, /^[a-z]{2}$/],
};

/**
 * The normalized form of one match value, ready to hash, as Pinterest specifies it for each key; '' when the
 * value cannot be a valid one. A value that is already a SHA-256 hex string is returned lower-cased.
 *
 * @example
 * normalizeMatchValue('em', ' Jane.Doe@Example.COM ') // 'jane.doe@example.com'
 * normalizeMatchValue('ph', '+1 (555) 010-9999')      // '15550109999'
 */
export function normalizeMatchValue(key: MatchKey, value: unknown): string {
  return prepare(key, value)[0];
}

/** The normalized value, and whether it was given as a hash already; ['', false] when it is not valid. */
function prepare(key: MatchKey, value: unknown): [string, boolean] {
  if (value instanceof Date) value = isNaN(+value) ? '' : value.toISOString().slice(0, 10);
  if (typeof value !== 'string' ? !(typeof value === 'number' && Number.isFinite(value)) : value.length > MAX_VALUE) return ['', false];
  // NFC first, so that a decomposed "São" and a precomposed one hash alike.
  const text = String(value).normalize('NFC').trim().toLowerCase();
  if (SHA256_HEX.test(text)) return [text, true];
  const [rewrite, valid] = RULES[key] ?? [(t: string) => t, /./];
  const normalized = rewrite(text);
  return [valid.test(normalized) ? normalized : '', false];
}

/**
 * SHA-256 hex of the normalized value; '' when the value is not valid for the key. What the tag, listeners and
 * the Conversions API's `user_data` get.
 *
 * @example
 * hashMatchValue('em', ' Jane@Example.com ') === sha256('jane@example.com') // true
 * hashMatchValue('country', 'United States')                               // '' (two letters: 'US')
 */
export function hashMatchValue(key: MatchKey, value: unknown): string {
  const [normalized, hashed] = prepare(key, value);
  return hashed || !normalized ? normalized : sha256(normalized);
}

/**
 * Hashes every known field of `customer`, reporting each one it cannot use (by field name, never by value).
 * Reads own properties only.
 *
 * @example
 * hashCustomer({ email: 'Jane@Example.com', country: 'US' }, (code, field) => console.warn(code, field))
 * // { em: '8c87b489…', country: '79adb2a2…' }
 */
export function hashCustomer(customer: unknown, report: Report = () => {}, at = 'customer'): MatchData {
  const match: MatchData = {};
  if (customer != null && (typeof customer !== 'object' || Array.isArray(customer))) {
    report('not-customer', at);
    return match;
  }
  let field: keyof Customer;
  for (field in CUSTOMER_KEYS) {
    const value = own(customer, field);
    const key = CUSTOMER_KEYS[field];
    const hash = hashMatchValue(key, value);
    if (hash) match[key] = hash;
    // The value itself is left out of the report: it may be an email.
    else if (value != null && value !== '') report('bad-match-value', `${at}.${field}`);
  }
  return match;
}
