// Enhanced-match normalization and hashing (SPEC §4, §7.3). Shared with the server entry: nothing here may
// touch a browser global, so the browser and the server hash the same shopper to the same bytes.
import { mustBe } from './log';
import { sha256 } from './sha256';
import type { Customer, MatchData, MatchKey } from './types';

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

const HASHED = /^[a-f0-9]{64}$/;
export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const GENDERS: Record<string, string> = { f: 'f', female: 'f', woman: 'f', m: 'm', male: 'm', man: 'm', n: 'n', nb: 'n', nonbinary: 'n' };

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYYMMDD` from a `Date`, `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`; '' when it is none of them. */
function toBirthDate(value: unknown): string {
  if (value instanceof Date) {
    if (isNaN(value.getTime())) return '';
    // `new Date('1990-05-17')` is UTC midnight; a date built from local parts is not. Read each in its own zone.
    const utc = value.getUTCHours() === 0 && value.getUTCMinutes() === 0;
    return utc
      ? value.getUTCFullYear() + pad(value.getUTCMonth() + 1) + pad(value.getUTCDate())
      : value.getFullYear() + pad(value.getMonth() + 1) + pad(value.getDate());
  }
  const match = /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})$/.exec(String(value).trim());
  if (!match) return '';
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && year > 1900 ? match.slice(1).join('') : '';
}

/**
 * The normalized form of one match value, ready to hash, as Pinterest specifies it for each key;
 * '' when the value cannot be a valid one. A value that is already a SHA-256 hex string is returned lower-cased.
 *
 * @example
 * normalizeMatchValue('em', ' Jane.Doe@Example.COM ') // 'jane.doe@example.com'
 * normalizeMatchValue('ph', '+1 (555) 010-9999')      // '15550109999'
 */
export function normalizeMatchValue(key: MatchKey, value: unknown): string {
  if (key === 'db') return toBirthDate(value);
  if (typeof value !== 'string' && !(typeof value === 'number' && isFinite(value))) return '';
  const text = String(value).trim().toLowerCase();
  if (HASHED.test(text)) return text;
  switch (key) {
    case 'em':
      return EMAIL.test(text) ? text : '';
    case 'ph':
      // Digits only, with the country code and no leading zeros (an international 00 prefix included).
      return text.replace(/\D/g, '').replace(/^0+/, '').replace(/^(.{0,6})$/, '');
    case 'ge':
      return GENDERS[text.replace(/[^a-z]/g, '')] ?? '';
    case 'ct':
      return text.replace(/[^\p{L}\p{N}]/gu, '');
    case 'st':
    case 'country':
      return /^[a-z]{2}$/.test(text) ? text : '';
    case 'zp':
      // US ZIP+4 is matched on its first five digits; other postal codes keep their letters, without spaces.
      return text.replace(/[\s-]/g, '').replace(/^(\d{5})\d{4}$/, '$1');
    default:
      return text;
  }
}

/** SHA-256 hex of the normalized value; '' when the value is not valid for the key. */
export function hashMatchValue(key: MatchKey, value: unknown): string {
  const normalized = normalizeMatchValue(key, value);
  return !normalized || HASHED.test(normalized) ? normalized : sha256(normalized);
}

/**
 * Hashes every known field of `customer`, reporting each one it cannot use (by field name, never by value).
 *
 * @example
 * hashCustomer({ email: 'Jane@Example.com', country: 'US' }, console.warn)
 * // { em: '8c87b489…', country: '79adb2a2…' }
 */
export function hashCustomer(customer: unknown, report: (message: string) => void): MatchData {
  const match: MatchData = {};
  if (customer != null && typeof customer !== 'object') report(mustBe('customer', "an object such as { email: '…' }", customer));
  else if (customer) {
    let field: keyof Customer;
    for (field in CUSTOMER_KEYS) {
      const value = (customer as Record<string, unknown>)[field];
      if (value == null || value === '') continue;
      const key = CUSTOMER_KEYS[field];
      const hash = hashMatchValue(key, value);
      if (hash) match[key] = hash;
      else report(`customer.${field} is not a valid ${field}; it was left out`);
    }
  }
  return match;
}
