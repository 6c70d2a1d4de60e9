// Enhanced match (customer option, identify, automatic capture of typed emails, remembered hashes), the click ID
// (epik and the _epik cookie) and Limited Data Processing, as they reach pintrk, storage, cookies and listeners.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { TrackedEvent } from '../../src/common/types';
import { createPinterestTag } from '../../src/index';
import { MATCH_STORAGE_KEY, MATCH_TTL_DAYS } from '../../src/match-store';
import {
  cookies,
  domEvents,
  HEX64,
  html,
  messages,
  named,
  queue,
  quietConsole,
  settle,
  setUrl,
  sha256,
  simulateReload,
  TAG_ID,
  tracks,
  typeInto,
} from '../support/page';

const DAY = 86_400_000;
const remembered = () => JSON.parse(localStorage.getItem(MATCH_STORAGE_KEY) ?? 'null') as { match: Record<string, string>; expires: number } | null;

describe('enhanced match: customer option and identify()', () => {
  it('the customer option is normalized and hashed into load: every value 64-hex, never plain', async () => {
    createPinterestTag({
      tagId: TAG_ID,
      autoPageVisit: false,
      customer: {
        email: ' Jane.Doe@Example.COM ',
        phone: '+1 (555) 010-9999',
        firstName: ' Jane ',
        lastName: 'Doe',
        gender: 'Female',
        dateOfBirth: '1990-05-17',
        city: 'San Francisco',
        state: 'CA',
        zip: '94103-1234',
        country: 'US',
        externalId: 42,
      },
    });
    const expected = {
      em: sha256('jane.doe@example.com'),
      ph: sha256('15550109999'),
      fn: sha256('jane'),
      ln: sha256('doe'),
      ge: sha256('f'),
      db: sha256('19900517'),
      ct: sha256('sanfrancisco'),
      st: sha256('ca'),
      zp: sha256('94103'),
      country: sha256('us'),
      external_id: sha256('42'),
    };
    expect(queue()).toEqual([['load', TAG_ID, expected], ['page']]);
    await settle();
    for (const value of Object.values(expected)) expect(value).toMatch(HEX64);
    const everything = JSON.stringify(queue()) + document.cookie + JSON.stringify(localStorage);
    for (const plain of ['jane', 'Jane', 'doe@', '5550109999', 'San Francisco', '94103']) expect(everything).not.toContain(plain);
    expect(remembered()!.match).toEqual(expected);
  });

  it('an email already hashed (64 hex, any case) passes through lower-cased, not hashed again', async () => {
    const hash = sha256('jane@example.com');
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, customer: { email: hash.toUpperCase() } });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, { em: hash }]);
  });

  it('a customer field that is not valid is left out with one warning naming it, never sent plain', async () => {
    const { warn } = quietConsole();
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, customer: { email: 'not-an-email', country: 'USA', phone: '12' } });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
    const said = messages(warn);
    expect(said).toHaveLength(3);
    expect(said.some((m) => m.includes('email'))).toBe(true);
    expect(said.some((m) => m.includes('country'))).toBe(true);
    expect(said.some((m) => m.includes('phone'))).toBe(true);
    for (const m of said) {
      expect(m).not.toContain('not-an-email');
      expect(m).not.toContain('USA');
    }
  });

  it("identify() then an immediate track: 'set' is queued before the 'track', and the TrackedEvent carries em", async () => {
    const seen: TrackedEvent[] = [];
    const dom = domEvents();
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, onEvent: (e) => seen.push(e) });
    await settle();
    tag.identify({ email: 'Shopper@Example.com', externalId: 'cust-7' });
    const { eventId } = tag.addToCart({ product: { id: 'SKU-1' } });
    const match = { em: sha256('shopper@example.com'), external_id: sha256('cust-7') };
    expect(queue().slice(2)).toEqual([
      ['set', match],
      ['track', 'addtocart', { line_items: [{ product_id: 'SKU-1', product_quantity: 1 }], order_quantity: 1, event_id: eventId }],
    ]);
    expect(seen[0]!.match).toEqual(match);
    expect(dom[0]!.match).toEqual(match);
    expect(remembered()!.match).toEqual(match);
  });

  it('identify() with what is already known queues no second set; new keys add only themselves', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, customer: { email: 'a@shop.example' } });
    await settle();
    tag.identify({ email: 'A@shop.example' });
    expect(named('set')).toEqual([]);
    tag.identify({ email: 'a@shop.example', zip: '10001' });
    expect(named('set')).toEqual([['set', { zp: sha256('10001') }]]);
  });

  it('events before identify() carry no match; events after it do', async () => {
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, onEvent: (e) => seen.push(e) });
    await settle();
    tag.lead();
    tag.identify({ email: 'a@shop.example' });
    tag.lead();
    expect('match' in seen[0]!).toBe(false);
    expect(seen[1]!.match).toEqual({ em: sha256('a@shop.example') });
  });
});

describe('enhanced match: automatic capture of typed emails', () => {
  const fields = [
    ['<input type="email">', 'type=email'],
    ['<input type="text" autocomplete="email">', 'autocomplete=email'],
    ['<input type="text" name="e-mail">', 'name="e-mail"'],
    ['<input type="text" id="customer_email">', 'id="customer_email"'],
  ] as const;
  for (const [markup, what] of fields) {
    it(`an <input ${what}> change with a valid email queues ['set', {em}] before later events`, async () => {
      const seen: TrackedEvent[] = [];
      const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, onEvent: (e) => seen.push(e) });
      await settle();
      typeInto(html<HTMLInputElement>(markup), '  Shopper@Example.COM ');
      const { eventId } = tag.signup();
      const em = sha256('shopper@example.com');
      expect(queue()).toEqual([['load', TAG_ID, {}], ['page'], ['set', { em }], ['track', 'signup', { event_id: eventId }]]);
      expect(seen[0]!.match).toEqual({ em });
    });
  }

  it('a form submit hashes the email fields of the form', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const form = html<HTMLFormElement>(
      '<form><input name="first_name" value="Jane"><input type="email" name="email" value="Buyer@Shop.example"><button>Go</button></form>',
    );
    form.addEventListener('submit', (e) => e.preventDefault());
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(queue().slice(2)).toEqual([['set', { em: sha256('buyer@shop.example') }]]);
  });

  it('remembers the hash only, with an expiry; the next page sets em right after its first page visit', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z'), toFake: ['Date'] });
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    typeInto(html<HTMLInputElement>('<input type="email">'), 'Shopper@Example.com');
    const em = sha256('shopper@example.com');
    expect(remembered()).toEqual({ match: { em }, expires: Date.now() + MATCH_TTL_DAYS * DAY });
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).not.toContain('shopper');
    expect(document.cookie).not.toContain('shopper');

    simulateReload('/products/boot');
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
    await settle();
    // Storage is read after the page's first event, never before it: the remembered em comes in a `set` right
    // after the first page visit, and every later event carries it.
    expect(queue().slice(0, 4)).toEqual([['load', TAG_ID, {}], ['page'], ['track', 'pagevisit', { event_id: seen[0]!.eventId }], ['set', { em }]]);
    expect(seen[0]!.match).toBeUndefined();
    tag.addToCart({ product: { id: 'SKU-1' } });
    expect(seen[1]!.match).toEqual({ em });
  });

  it('a remembered match past its expiry, or holding anything but 64-hex values, is not used', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z'), toFake: ['Date'] });
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    typeInto(html<HTMLInputElement>('<input type="email">'), 'shopper@example.com');
    vi.setSystemTime(Date.now() + (MATCH_TTL_DAYS + 1) * DAY);
    simulateReload();
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);

    simulateReload();
    localStorage.setItem(MATCH_STORAGE_KEY, JSON.stringify({ match: { em: 'plain@example.com', ph: 'x'.repeat(64) }, expires: Date.now() + DAY }));
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);

    simulateReload();
    localStorage.setItem(MATCH_STORAGE_KEY, '{not json');
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
  });

  it('enhancedMatch: false captures nothing', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, enhancedMatch: false });
    await settle();
    typeInto(html<HTMLInputElement>('<input type="email">'), 'shopper@example.com');
    const form = html<HTMLFormElement>('<form><input type="email" value="other@example.com"></form>');
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    expect(queue()).toEqual([['load', TAG_ID, {}], ['page']]);
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).toBeNull();
  });

  it('an invalid email typed, or an email typed into a field that is not an email field, queues nothing', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    for (const value of ['shopper', 'shopper@', '@example.com', 'a b@example.com', 'shopper@example', '']) {
      typeInto(html<HTMLInputElement>('<input type="email">'), value);
    }
    typeInto(html<HTMLInputElement>('<input type="text" name="coupon">'), 'shopper@example.com');
    typeInto(html<HTMLInputElement>('<input type="search">'), 'shopper@example.com');
    expect(queue()).toEqual([['load', TAG_ID, {}], ['page']]);
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).toBeNull();
  });

  it('the same email typed twice queues one set; a different one queues another', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    await settle();
    const input = html<HTMLInputElement>('<input type="email">');
    typeInto(input, 'one@example.com');
    typeInto(input, 'ONE@example.com ');
    typeInto(input, 'two@example.com');
    expect(named('set')).toEqual([
      ['set', { em: sha256('one@example.com') }],
      ['set', { em: sha256('two@example.com') }],
    ]);
  });

  it('no plain email reaches pintrk, storage, cookies, listeners or DOM events (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.emailAddress(), fc.boolean(), async (email, viaIdentify) => {
        simulateReload();
        localStorage.clear();
        const seen: TrackedEvent[] = [];
        const dom = domEvents();
        const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
        // The email fields are watched from the set-up step after the first event.
        await settle();
        if (viaIdentify) tag.identify({ email });
        else typeInto(html<HTMLInputElement>('<input type="email">'), email);
        const { eventId } = tag.checkout({ orderId: 'O-1', value: 1 });
        const normalized = email.trim().toLowerCase();
        const everything = [JSON.stringify(queue()), JSON.stringify(seen), JSON.stringify(dom), JSON.stringify({ ...localStorage }), document.cookie]
          .join('\n')
          .toLowerCase();
        expect(everything).not.toContain(normalized);
        expect(seen.at(-1)!.eventId).toBe(eventId);
        expect(seen.at(-1)!.match).toEqual({ em: sha256(normalized) });
      }),
      { numRuns: 100 },
    );
  });
});

describe('click ID (epik)', () => {
  const EPIK = 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBkUEdqakh0akdUT1VjVVUmcD0yJm49cnNBQ3F2Q2dOVDBXWWhkWklrUGxBUSZ0PUFBQUFBR1BaY3Bv';

  it('?epik= on the landing URL is kept in the _epik cookie for 365 days (path /, SameSite=Lax) and returned by clickId()', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z'), toFake: ['Date'] });
    setUrl(`/products/boot?utm_source=pinterest&epik=${EPIK}`);
    const written = vi.spyOn(Document.prototype, 'cookie', 'set');
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
    await settle();
    expect(cookies()._epik).toBe(EPIK);
    expect(tag.clickId()).toBe(EPIK);
    const raw = written.mock.calls.map(([value]) => String(value)).find((c) => c.startsWith('_epik='))!;
    expect(raw).toMatch(/;\s*path=\//i);
    expect(raw).toMatch(/;\s*samesite=lax/i);
    expect(raw).not.toMatch(/;\s*secure/i);
    const expires = /;\s*expires=([^;]+)/i.exec(raw)![1]!;
    expect(new Date(expires).getTime()).toBe(new Date('2027-03-01T12:00:00Z').getTime());
    const { eventId } = tag.lead();
    expect(seen.map((e) => e.clickId)).toEqual([EPIK, EPIK]);
    expect(seen[1]!.eventId).toBe(eventId);
  });

  it('without epik on the URL, the _epik cookie from an earlier visit is used', async () => {
    document.cookie = '_epik=fromCookie123; path=/';
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
    await settle();
    expect(tag.clickId()).toBe('fromCookie123');
    // The cookie is read after the page's first event (the page visit); every later event carries it.
    tag.lead();
    expect(seen[1]!.clickId).toBe('fromCookie123');
  });

  it('the URL wins over an older cookie, and replaces it', async () => {
    document.cookie = '_epik=olderValue; path=/';
    setUrl('/?epik=newerValue');
    const tag = createPinterestTag({ tagId: TAG_ID });
    await settle();
    expect(tag.clickId()).toBe('newerValue');
    expect(cookies()._epik).toBe('newerValue');
  });

  it('no epik anywhere: clickId() is undefined, no cookie, no clickId on events', async () => {
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
    await settle();
    expect(tag.clickId()).toBeUndefined();
    expect(document.cookie).toBe('');
    expect('clickId' in seen[0]!).toBe(false);
  });

  for (const bad of ['%3Cscript%3E', 'a%20b', 'x'.repeat(513), 'abc%22%3B', '']) {
    it(`an invalid epik on the URL (${bad.length > 40 ? `${bad.length} characters` : JSON.stringify(bad)}) is ignored: no cookie, no clickId`, async () => {
      setUrl(`/?epik=${bad}`);
      const seen: TrackedEvent[] = [];
      const tag = createPinterestTag({ tagId: TAG_ID, onEvent: (e) => seen.push(e) });
      await settle();
      expect(tag.clickId()).toBeUndefined();
      expect(cookies()._epik).toBeUndefined();
      expect('clickId' in seen[0]!).toBe(false);
    });
  }

  it('an invalid epik on the URL does not hide the valid click ID already in the cookie', async () => {
    document.cookie = '_epik=validOlder123; path=/';
    setUrl('/?epik=%3Cscript%3E');
    const tag = createPinterestTag({ tagId: TAG_ID });
    await settle();
    expect(tag.clickId()).toBe('validOlder123');
    expect(cookies()._epik).toBe('validOlder123');
  });

  it('an invalid value in the _epik cookie is ignored', async () => {
    document.cookie = '_epik=%3Cbad%3E; path=/';
    const tag = createPinterestTag({ tagId: TAG_ID });
    await settle();
    expect(tag.clickId()).toBeUndefined();
  });
});

describe('Limited Data Processing', () => {
  it("{ state: 'CA', country: 'US' }: ['set', {opt_out_type: 'LDP', st, country}] before 'page' and any track; events say ldp", async () => {
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, limitedDataProcessing: { state: 'CA', country: 'US' }, onEvent: (e) => seen.push(e) });
    await settle();
    const { eventId } = tag.addToCart({ product: { id: 'SKU-1' } });
    expect(queue()).toEqual([
      ['load', TAG_ID, {}],
      ['set', { opt_out_type: 'LDP', st: sha256('ca'), country: sha256('us') }],
      ['page'],
      ['track', 'pagevisit', { event_id: seen[0]!.eventId }],
      ['track', 'addtocart', { line_items: [{ product_id: 'SKU-1', product_quantity: 1 }], order_quantity: 1, event_id: eventId }],
    ]);
    expect(seen.map((e) => e.ldp)).toEqual([true, true]);
  });

  it('true: opt_out_type only', async () => {
    const seen: TrackedEvent[] = [];
    createPinterestTag({ tagId: TAG_ID, limitedDataProcessing: true, onEvent: (e) => seen.push(e) });
    await settle();
    expect(queue().slice(0, 3)).toEqual([['load', TAG_ID, {}], ['set', { opt_out_type: 'LDP' }], ['page']]);
    expect(seen[0]!.ldp).toBe(true);
  });

  it('an invalid state is left out with one warning naming it; the rest still applies', async () => {
    const { warn } = quietConsole();
    createPinterestTag({ tagId: TAG_ID, limitedDataProcessing: { state: 'California', country: 'us' } });
    await settle();
    expect(named('set')).toEqual([['set', { opt_out_type: 'LDP', country: sha256('us') }]]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(messages(warn)[0]).toContain('state');
  });

  it('absent or false: no LDP set, and events have no ldp', async () => {
    const seen: TrackedEvent[] = [];
    createPinterestTag({ tagId: TAG_ID, limitedDataProcessing: false, onEvent: (e) => seen.push(e) });
    await settle();
    expect(named('set')).toEqual([]);
    expect('ldp' in seen[0]!).toBe(false);
  });

  it('with the LDP set before page, identify() later still precedes the next track', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false, limitedDataProcessing: { state: 'TX' } });
    await settle();
    tag.identify({ email: 'a@b.co' });
    const { eventId } = tag.custom();
    expect(queue()).toEqual([
      ['load', TAG_ID, {}],
      ['set', { opt_out_type: 'LDP', st: sha256('tx') }],
      ['page'],
      ['set', { em: sha256('a@b.co') }],
      ['track', 'custom', { event_id: eventId }],
    ]);
    expect(tracks()).toHaveLength(1);
  });
});
