// Emails where they do not belong (free text, a page category, the page URL) are hashed before anything leaves,
// in time linear in the input whatever it holds.
import { describe, expect, it, vi } from 'vitest';
import { hashEmailsIn, hashEmailsInUrl } from '../../src/common/emails';
import { buildEventData, cleanText } from '../../src/common/event-data';
import { sha256 } from '../../src/common/sha256';
import type { TrackedEvent } from '../../src/common/types';
import { MAX_TEXT } from '../../src/common/values';
import { createPinterestTag } from '../../src/index';
import { settle } from '../support/page';

const h = (email: string): string => sha256(email.toLowerCase());

describe('hashEmailsIn', () => {
  it.each([
    ['gift for Jane@Example.com', `gift for ${h('jane@example.com')}`],
    ['(a@b.co) and c.d+e@f.example.org.', `(${h('a@b.co')}) and ${h('c.d+e@f.example.org')}.`],
    ["#!o'neil@x.io", h("#!o'neil@x.io")],
    ['no address here', 'no address here'],
    ['user@localhost is not an address Pinterest matches', 'user@localhost is not an address Pinterest matches'],
    ['a@b@c.com', `a@${h('b@c.com')}`],
    ['a@b.c@d.e', `${h('a@b.c')}@d.e`],
    ['trailing dot jane@example.com.', `trailing dot ${h('jane@example.com')}.`],
    ['two jane@example.com,bob@example.org', `two ${h('jane@example.com')},${h('bob@example.org')}`],
    ['@example.com alone', '@example.com alone'],
  ])('%j', (text, expected) => {
    expect(hashEmailsIn(text)).toBe(expected);
  });
});

describe('hashEmailsInUrl', () => {
  it('hashes an address in a query value, path segment or fragment, and leaves the rest of the URL alone', () => {
    expect(hashEmailsInUrl('https://shop.example/welcome?email=Jane%40Example.com&utm_source=mail')).toBe(
      `https://shop.example/welcome?email=${h('jane@example.com')}&utm_source=mail`,
    );
    expect(hashEmailsInUrl('https://shop.example/u/jane@example.com/orders#to=bob@example.com')).toBe(
      `https://shop.example/u/${h('jane@example.com')}/orders#to=${h('bob@example.com')}`,
    );
    expect(hashEmailsInUrl('https://shop.example/p/1?q=%E2%9C%93&bad=%E0%A4%A')).toBe('https://shop.example/p/1?q=%E2%9C%93&bad=%E0%A4%A');
  });

  it('hashes an address encoded twice (%2540), as a link through a mail tracker carries it', () => {
    // Decoded twice, the whole part reads as one address (`/`, `?` and `=` may stand before an `@`): all hashed.
    const nested = hashEmailsInUrl('https://shop.example/?next=%2Fwelcome%3Femail%3Djane%2540example.com');
    expect(nested).toBe(`https://shop.example/?next=${h('/welcome?email=jane@example.com')}`);
    expect(hashEmailsInUrl('https://shop.example/?email=jane%2540example.com')).toBe(`https://shop.example/?email=${h('jane@example.com')}`);
  });
});

describe('linear time on any input', () => {
  // Each a shape that makes a backtracking pattern quadratic or worse: a long run before an `@` with no domain,
  // many `@`s, labels without a dot. 64 KB each.
  const SIZE = 65_536;
  const hostile = {
    'a run, then @': `${'a'.repeat(SIZE)}@`,
    '@ after @': '@'.repeat(SIZE),
    'a@ repeated': 'a@'.repeat(SIZE / 2),
    'a@b repeated': 'a@b'.repeat(SIZE / 3),
    'label dots': `x@${'a.'.repeat(SIZE / 2)}`,
    'dots then @': `${'.'.repeat(SIZE)}@x`,
    'percent runs': `https://shop.example/?q=${'%25'.repeat(SIZE / 3)}`,
    'many parts': `https://shop.example/${'a@b/'.repeat(SIZE / 4)}`,
  };

  it.each(Object.entries(hostile))('%s: milliseconds, not seconds', (_shape, text) => {
    const started = performance.now();
    hashEmailsIn(text);
    hashEmailsInUrl(text);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('tries no decoding of a part that cannot hold an encoded address: stray `%`s cost no thrown error each', () => {
    // Found by the fuzz run of `npm test` under load: `&%` repeated, a failed decodeURIComponent (a thrown error,
    // about 2 µs) per 2-byte part. A part is decoded only when it holds `%40` or `%25`.
    const decode = vi.spyOn(globalThis, 'decodeURIComponent');
    try {
      expect(hashEmailsInUrl(`https://shop.example/?${'&%'.repeat(1000)}`)).toBe(`https://shop.example/?${'&%'.repeat(1000)}`);
      expect(decode).not.toHaveBeenCalled();
      hashEmailsInUrl('https://shop.example/?email=jane%40example.com');
      expect(decode).toHaveBeenCalledTimes(1);
    } finally {
      decode.mockRestore();
    }
  });

  it('cuts event text to 500 characters only after hashing an address the cut would split', () => {
    const reports: string[] = [];
    const text = `${'x'.repeat(MAX_TEXT - 10)} jane@example.com and more`;
    const clean = cleanText(text, 'name', (code, field) => void reports.push(`${code} ${field}`));
    expect(clean).toHaveLength(MAX_TEXT);
    expect(clean).not.toContain('jane');
    expect(clean.slice(MAX_TEXT - 9)).toBe(h('jane@example.com').slice(0, 9));
    expect(reports).toEqual(['text-cut name']);
  });
});

describe('in events', () => {
  it('a category that is an email is hashed like every other text field', () => {
    const data = buildEventData('viewCategory', { category: 'jane@example.com' }, undefined, () => {});
    expect(data).toEqual({ line_items: [{ product_category: h('jane@example.com') }] });
  });

  it('the page URL of a TrackedEvent (the relay, event_source_url) has no plain email', async () => {
    history.replaceState(null, '', '/welcome?email=jane%40example.com');
    const seen: TrackedEvent[] = [];
    createPinterestTag({ tagId: '2612345678901', onEvent: (event) => seen.push(event) });
    await settle();
    expect(seen[0]!.url).toBe(`http://localhost:3000/welcome?email=${h('jane@example.com')}`);
  });
});
