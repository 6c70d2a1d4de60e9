// Automatic enhanced match in the browser (DESIGN rule 4): emails typed into the page's email fields are
// hashed and remembered, hashed only and for a limited time, so later pages load the tag with `em`.
import { CUSTOMER_KEYS, hashMatchValue, SHA256_HEX } from './normalize';
import { readStored, writeStored } from './storage';
import type { MatchData } from './types';

export const MATCH_STORAGE_KEY = 'pinterest_tag_match';

/** How long a remembered shopper is kept: long enough for a buying journey, short enough for a shared device. */
export const MATCH_TTL_DAYS = 30;

/** The remembered match data, if not expired. Anything but a known key with a SHA-256 value is dropped. */
export function loadMatch(): MatchData {
  const saved = readStored(MATCH_STORAGE_KEY) as { match?: Record<string, unknown>; expires?: number } | null;
  const match: Record<string, unknown> = {};
  for (const key of Object.values(CUSTOMER_KEYS)) {
    const value = saved?.match?.[key];
    if (Number(saved?.expires) > Date.now() && SHA256_HEX.test(value as string)) match[key] = value;
  }
  return match;
}

export function saveMatch(match: MatchData): void {
  if (Object.keys(match).length) writeStored(MATCH_STORAGE_KEY, { match, expires: Date.now() + MATCH_TTL_DAYS * 864e5 });
}

/**
 * Calls `onEmail` with the SHA-256 of each valid email a shopper enters in a field with `type=email`,
 * `autocomplete=email`, or a name or id like `email` / `e-mail` (SPEC §4.2): when the field changes, and for each
 * such field of a form when it is submitted. The plain value never leaves this function.
 */
export function watchEmailFields(onEmail: (hash: string) => void): void {
  const take = (input: HTMLInputElement | null): void => {
    try {
      const hash =
        input?.tagName === 'INPUT' && (/email/i.test(input.type + input.autocomplete) || /e[-_.]?mail/i.test(input.name || input.id))
          ? hashMatchValue('em', input.value)
          : '';
      if (hash) onEmail(hash);
    } catch {
      // These are the page's own form events: whatever happens here must not surface as the page's error.
    }
  };
  document.addEventListener('change', (event) => take(event.target as HTMLInputElement), true);
  document.addEventListener('submit', (event) => Array.prototype.forEach.call((event.target as HTMLFormElement | null)?.elements ?? [], take), true);
}
