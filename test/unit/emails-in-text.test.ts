// Emails where they do not belong (free text, a page category, the page URL) are hashed before anything leaves.
import { describe, expect, it } from 'vitest';
import { buildEventData } from '../../src/common/event-data';
import { sha256 } from '../../src/common/sha256';
import { createPinterestTag } from '../../src/index';
import { hashEmailsIn, hashEmailsInUrl } from '../../src/common/match-keys';
import type { TrackedEvent } from '../../src/common/types';

const h = (email: string): string => sha256(email.toLowerCase());

describe('hashEmailsIn', () => {
  it.each([
    ['gift for Jane@Example.com', `gift for ${h('jane@example.com')}`],
    ['(a@b.co) and c.d+e@f.example.org.', `(${h('a@b.co')}) and ${h('c.d+e@f.example.org')}.`],
    ["#!o'neil@x.io", h("#!o'neil@x.io")],
    ['no address here', 'no address here'],
    ['user@localhost is not an address Pinterest matches', 'user@localhost is not an address Pinterest matches'],
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
});

describe('in events', () => {
  it('a category that is an email is hashed like every other text field', () => {
    const data = buildEventData('viewCategory', { category: 'jane@example.com' }, undefined, () => {});
    expect(data).toEqual({ line_items: [{ product_category: h('jane@example.com') }] });
  });

  it('the page URL of a TrackedEvent (the relay, event_source_url) has no plain email', () => {
    history.replaceState(null, '', '/welcome?email=jane%40example.com');
    const seen: TrackedEvent[] = [];
    createPinterestTag({ tagId: '2612345678901', onEvent: (event) => seen.push(event) });
    expect(seen[0]!.url).toBe(`http://localhost:3000/welcome?email=${h('jane@example.com')}`);
  });
});
