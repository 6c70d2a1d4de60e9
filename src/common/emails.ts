// Emails where no email belongs: in event text, a promo code, an event ID or the page URL. Pinterest's tag
// replaces an email found in event data by its SHA-256 (SPEC §3.2); this does the same before anything leaves,
// so a shopper who types their address into a search box is never sent plain. Every scan here is one pass over
// its input (no pattern that can backtrack), so a 64 KB field or a crafted URL costs microseconds, not seconds.
import { sha256 } from './sha256';

/** Longest email address (RFC 5321: 64 + 1 + 255): how far a scan looks past a text it will cut. */
export const MAX_EMAIL = 320;

/** Characters that end an address on either side of the `@`. */
const NOT_IN_ADDRESS = /[\s@<>()[\]\\,;:"]/;
/** Characters that also end a domain label: URL delimiters, and the dot between labels. */
const NOT_IN_LABEL = /[\s@<>()[\]\\,;:"/?#&=.]/;

/**
 * `text` with every email address in it replaced by the SHA-256 of the address (lower-cased). An address is one
 * or more characters an address may hold before the `@` (RFC 5322 allows `#`, `/`, `=`, `?` and more there) and
 * a domain of at least two dot-separated labels after it: wider than a valid address, since it only guards
 * against leaks.
 *
 * @example
 * hashEmailsIn('gift for Jane@Example.com') // 'gift for 8c87b489…'
 */
export function hashEmailsIn(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  // Everything before `copied` is in `out` already; an address never starts before it.
  let copied = 0;
  while (at >= 0) {
    let start = at;
    while (start > copied && !NOT_IN_ADDRESS.test(text[start - 1]!)) start--;
    let end = at + 1;
    let labels = 0;
    for (;;) {
      let label = end;
      while (label < text.length && !NOT_IN_LABEL.test(text[label]!)) label++;
      if (label === end) break;
      labels++;
      end = label;
      // A dot continues the domain only when another label follows it.
      if (text[end] !== '.' || end + 1 >= text.length || NOT_IN_LABEL.test(text[end + 1]!)) break;
      end++;
    }
    if (start < at && labels >= 2) {
      out += text.slice(copied, start) + sha256(text.slice(start, end).toLowerCase());
      copied = end;
    }
    // The next `@` at or after the end of this one's domain: each character is looked at a bounded number of times.
    at = text.indexOf('@', Math.max(at + 1, end));
  }
  return out + text.slice(copied);
}

/** `%XX` decoded, or `undefined` when the text is not valid percent-encoding. */
function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    // Not valid percent-encoding: nothing to decode.
    return undefined;
  }
}

/**
 * A URL with every email address in its parts (path segments, query names and values, fragment) hashed, also
 * when it is percent-encoded once or twice (`%40`, `%2540`): a newsletter link's `?email=` must not reach the
 * relay or `event_source_url` plain.
 *
 * @example
 * hashEmailsInUrl('https://shop.example/?email=jane%40example.com&utm=x') // 'https://shop.example/?email=8c87…&utm=x'
 */
export function hashEmailsInUrl(url: string): string {
  if (!url.includes('@') && !url.includes('%')) return url;
  return url.replace(/[^/?&=#]+/g, (part) => {
    // Up to three layers: as it is, decoded, decoded twice. The first layer with an address in it is hashed.
    let layer: string | undefined = part;
    for (let depth = 0; depth < 3 && layer !== undefined; depth++) {
      const hashed = hashEmailsIn(layer);
      // A decoded layer is encoded again; the part as it was needs no more than its address replaced.
      if (hashed !== layer) return depth ? encodeURIComponent(hashed) : hashed;
      // Only a layer with an encoded `@` (`%40`) or `%` (`%25`) can hold an address once decoded: any other is left
      // alone, which also spares a text full of stray `%`s a failed decoding (a thrown error) per part.
      const next: string | undefined = layer.includes('%40') || layer.includes('%25') ? decoded(layer) : undefined;
      layer = next === layer ? undefined : next;
    }
    return part;
  });
}
