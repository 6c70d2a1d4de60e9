// The shopper's match keys remembered between pages (DESIGN rule 4): hashed only, for a limited time, so that
// later pages load the tag with `em` without theme code.
import { CUSTOMER_KEYS, SHA256_HEX } from './common/match-keys';
import type { MatchData } from './common/types';
import { readStored, writeStored } from './storage';

export const MATCH_STORAGE_KEY = 'pinterest_tag_match';

/** How long a remembered shopper is kept: long enough for a buying journey, short enough for a shared device. */
export const MATCH_TTL_DAYS = 30;

/** The remembered match data, if not expired. Anything but a known key with a SHA-256 value is dropped. */
export function loadMatch(): MatchData {
  const saved = readStored(MATCH_STORAGE_KEY) as { match?: Record<string, unknown>; expires?: number } | null;
  const match: MatchData = {};
  if (!(Number(saved?.expires) > Date.now())) return match;
  for (const key of Object.values(CUSTOMER_KEYS)) {
    const value = saved?.match?.[key];
    if (typeof value === 'string' && SHA256_HEX.test(value)) match[key] = value;
  }
  return match;
}

/** Remembers the match data for `MATCH_TTL_DAYS`. */
export function saveMatch(match: MatchData): void {
  if (Object.keys(match).length) writeStored(MATCH_STORAGE_KEY, { match, expires: Date.now() + MATCH_TTL_DAYS * 864e5 });
}

/** Forgets the shopper (consent denied). */
export const forgetMatch = (): void => writeStored(MATCH_STORAGE_KEY);
