// Consent (DESIGN rule 6): pending loads and writes nothing and buffers events in order; granted releases them;
// denied is inert; a later denial tells the tag and clears what the SDK stored.
import { describe, expect, it, vi } from 'vitest';
import type { TrackedEvent } from '../../src/common/types';
import { MAX_PENDING } from '../../src/consent';
import { checkoutEventId, createPinterestTag } from '../../src/index';
import { MATCH_STORAGE_KEY } from '../../src/match-store';
import {
  cookies,
  domEvents,
  html,
  messages,
  queue,
  quietConsole,
  settle,
  setUrl,
  sha256,
  simulateReload,
  storageSnapshot,
  TAG_ID,
  tracks,
  typeInto,
  UUID_V4,
} from '../support/page';

/** Spies on every way the SDK could write to the browser's storage. */
function watchWrites() {
  return {
    setItem: vi.spyOn(Storage.prototype, 'setItem'),
    cookie: vi.spyOn(Document.prototype, 'cookie', 'set'),
  };
}

describe("consent: 'pending'", () => {
  it('loads nothing, writes no cookie or storage, sends nothing, and events return pending', async () => {
    quietConsole();
    setUrl('/?epik=dj0yJnU9b2JDcFFH');
    const writes = watchWrites();
    const listener = vi.fn();
    const dom = domEvents();
    const tag = createPinterestTag({
      tagId: TAG_ID,
      consent: 'pending',
      customer: { email: 'known@shop.example', phone: '+1 555 010 9999' },
      limitedDataProcessing: { state: 'CA', country: 'US' },
      onEvent: listener,
    });
    const input = html<HTMLInputElement>('<input type="email" name="email">');
    typeInto(input, 'typed@shop.example');
    tag.identify({ firstName: 'Jane' });
    const results = [tag.addToCart({ product: { id: 'SKU-1', price: 10 } }), tag.checkout({ orderId: 'P-1', value: 10 }), tag.search({ query: 'boots' })];
    for (const r of results) expect(r.status).toBe('pending');
    expect(results[0]!.eventId).toMatch(UUID_V4);
    expect(results[1]!.eventId).toBe(checkoutEventId('P-1'));
    expect('pintrk' in window).toBe(false);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(writes.setItem).not.toHaveBeenCalled();
    expect(writes.cookie).not.toHaveBeenCalled();
    expect(document.cookie).toBe('');
    expect(storageSnapshot(localStorage)).toEqual({});
    expect(storageSnapshot(sessionStorage)).toEqual({});
    expect(listener).not.toHaveBeenCalled();
    expect(dom).toHaveLength(0);
    // What it knows while waiting is still available to the page.
    expect(tag.clickId()).toBe('dj0yJnU9b2JDcFFH');
  });

  it("setConsent('granted') loads the tag, then releases the buffered events in order; listeners fire only then", async () => {
    setUrl('/?epik=dj0yJnU9b2JDcFFH');
    const writes = watchWrites();
    const seen: TrackedEvent[] = [];
    const dom = domEvents();
    const tag = createPinterestTag({
      tagId: TAG_ID,
      consent: 'pending',
      scriptUrl: 'https://cdn.example.com/core.js',
      nonce: 'n0nce',
      customer: { phone: '+1 (555) 010-9999' },
      limitedDataProcessing: { state: 'CA', country: 'US' },
      onEvent: (e) => seen.push(e),
    });
    await settle();
    typeInto(html<HTMLInputElement>('<input type="email">'), ' Typed@Shop.Example ');
    const a = tag.addToCart({ product: { id: 'SKU-1', price: 10 } });
    const b = tag.checkout({ orderId: 'P-2', value: 10 });
    const c = tag.lead();
    expect(seen).toHaveLength(0);
    expect(writes.setItem).not.toHaveBeenCalled();

    tag.setConsent('granted');
    const em = sha256('typed@shop.example');
    const ph = sha256('15550109999');
    const pagevisit = seen[0]!;
    expect(queue()).toEqual([
      ['load', TAG_ID, { ph, em }],
      ['set', { opt_out_type: 'LDP', st: sha256('ca'), country: sha256('us') }],
      ['page'],
      ['track', 'pagevisit', { event_id: pagevisit.eventId }],
      [
        'track',
        'addtocart',
        { line_items: [{ product_id: 'SKU-1', product_price: 10, product_quantity: 1 }], order_quantity: 1, value: 10, event_id: a.eventId },
      ],
      ['track', 'checkout', { order_id: 'P-2', value: 10, event_id: b.eventId }],
      ['track', 'lead', { event_id: c.eventId }],
    ]);
    const scripts = document.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.src).toBe('https://cdn.example.com/core.js');
    expect(scripts[0]!.nonce).toBe('n0nce');
    expect(seen.map((e) => e.event)).toEqual(['pagevisit', 'addtocart', 'checkout', 'lead']);
    expect(seen.map((e) => e.eventId)).toEqual([pagevisit.eventId, a.eventId, b.eventId, c.eventId]);
    expect(dom.map((e) => e.eventId)).toEqual(seen.map((e) => e.eventId));
    for (const event of seen) {
      expect(event.match).toEqual({ ph, em });
      expect(event.ldp).toBe(true);
      expect(event.clickId).toBe('dj0yJnU9b2JDcFFH');
    }
    // Only now does anything reach cookies and storage (the spies see writes when they happen).
    expect(cookies()._epik).toBe('dj0yJnU9b2JDcFFH');
    expect(writes.cookie).toHaveBeenCalled();
    expect(writes.setItem).toHaveBeenCalled();
    expect(JSON.parse(localStorage.getItem(MATCH_STORAGE_KEY)!).match).toEqual({ ph, em });
    // Granting again changes nothing.
    const length = queue().length;
    tag.setConsent('granted');
    expect(queue()).toHaveLength(length);
  });

  it('the same order checked out twice while pending is sent once on grant', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'pending', autoPageVisit: false });
    await settle();
    const first = tag.checkout({ orderId: 'P-3', value: 5 });
    const second = tag.checkout({ orderId: 'P-3', value: 5 });
    expect(first.status).toBe('pending');
    expect(second.eventId).toBe(first.eventId);
    tag.setConsent('granted');
    expect(tracks('checkout')).toEqual([['track', 'checkout', { order_id: 'P-3', value: 5, event_id: first.eventId }]]);
    expect(tag.checkout({ orderId: 'P-3', value: 5 }).status).toBe('duplicate');
  });

  it('a checkout already sent on an earlier page is a duplicate while pending too', async () => {
    createPinterestTag({ tagId: TAG_ID, autoPageVisit: false }).checkout({ orderId: 'P-4' });
    await settle();
    simulateReload();
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'pending', autoPageVisit: false });
    await settle();
    expect(tag.checkout({ orderId: 'P-4' }).status).toBe('duplicate');
    tag.setConsent('granted');
    expect(tracks('checkout')).toHaveLength(0);
  });

  it(`buffers at most MAX_PENDING (${MAX_PENDING}) events, keeps the first ones, and warns once`, async () => {
    const { warn } = quietConsole();
    const listener = vi.fn();
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'pending', autoPageVisit: false, onEvent: listener });
    await settle();
    const results = Array.from({ length: MAX_PENDING + 50 }, (_, i) => tag.custom({ value: i }));
    expect(results.map((r) => r.status)).toEqual([...Array(MAX_PENDING).fill('pending'), ...Array(50).fill('dropped')]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(messages(warn)[0]).toContain('consent-full');
    tag.setConsent('granted');
    const sent = tracks();
    expect(sent).toHaveLength(MAX_PENDING);
    expect(sent.map((c) => (c[2] as { event_id: string }).event_id)).toEqual(results.slice(0, MAX_PENDING).map((r) => r.eventId));
    expect(sent.map((c) => (c[2] as { value: number }).value)).toEqual(Array.from({ length: MAX_PENDING }, (_, i) => i));
    expect(listener).toHaveBeenCalledTimes(MAX_PENDING);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("setConsent('denied') drops the buffer: nothing is loaded, sent or stored, then or later", async () => {
    setUrl('/?epik=abc123');
    const listener = vi.fn();
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'pending', customer: { email: 'a@b.co' }, onEvent: listener });
    await settle();
    tag.addToCart({ product: { id: 'SKU-1' } });
    tag.setConsent('denied');
    expect(tag.lead().status).toBe('denied');
    tag.identify({ email: 'c@d.co' });
    typeInto(html<HTMLInputElement>('<input type="email">'), 'e@f.co');
    expect('pintrk' in window).toBe(false);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.cookie).toBe('');
    expect(storageSnapshot(localStorage)).toEqual({});
    expect(listener).not.toHaveBeenCalled();
    expect(tag.clickId()).toBeUndefined();
  });

  it('an unclear consent option counts as pending, with one warning naming the option', async () => {
    const { warn } = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'yes' as never });
    await settle();
    expect(tag.lead().status).toBe('pending');
    expect('pintrk' in window).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(messages(warn)[0]).toContain('consent');
  });
});

describe("consent: 'denied'", () => {
  it('is inert: no script, no pintrk, no cookie, no storage, no listener, whatever the page does', async () => {
    setUrl('/?epik=abc123');
    const writes = watchWrites();
    const listener = vi.fn();
    const dom = domEvents();
    const tag = createPinterestTag({
      tagId: TAG_ID,
      consent: 'denied',
      spa: true,
      customer: { email: 'known@shop.example' },
      limitedDataProcessing: true,
      onEvent: listener,
    });
    const results = [tag.pageVisit(), tag.addToCart({ product: { id: 'SKU-1' } }), tag.checkout({ orderId: 'D-1' }), tag.signup()];
    for (const r of results) expect(r.status).toBe('denied');
    expect(results[2]!.eventId).toBe(checkoutEventId('D-1'));
    tag.identify({ email: 'x@y.co' });
    typeInto(html<HTMLInputElement>('<input type="email">'), 'typed@shop.example');
    history.pushState({}, '', '/next');
    tag.setConsent('denied');
    expect('pintrk' in window).toBe(false);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(writes.setItem).not.toHaveBeenCalled();
    expect(writes.cookie).not.toHaveBeenCalled();
    expect(document.cookie).toBe('');
    expect(storageSnapshot(localStorage)).toEqual({});
    expect(storageSnapshot(sessionStorage)).toEqual({});
    expect(listener).not.toHaveBeenCalled();
    expect(dom).toHaveLength(0);
    expect(tag.clickId()).toBeUndefined();
  });
});

describe("consent: 'denied', then granted", () => {
  it('learns then what it did not read while denied: the click ID on the landing URL and the customer option', async () => {
    setUrl('/?epik=landing123');
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'denied', customer: { email: 'jane@example.com' }, onEvent: (e) => seen.push(e) });
    await settle();
    expect(tag.clickId()).toBeUndefined();
    expect(cookies()).toEqual({});
    tag.setConsent('granted');
    expect(tag.clickId()).toBe('landing123');
    expect(cookies()._epik).toBe('landing123');
    expect(queue()[0]).toEqual(['load', TAG_ID, { em: sha256('jane@example.com') }]);
    tag.lead();
    expect(seen.at(-1)).toMatchObject({ event: 'lead', clickId: 'landing123', match: { em: sha256('jane@example.com') } });
  });
});

describe('denial after the tag loaded', () => {
  it("queues pintrk('setconsent', false), removes the remembered match and the _epik cookie, and sends nothing more", async () => {
    setUrl('/?epik=dj0yJnU9b2JDcFFH');
    const listener = vi.fn();
    const tag = createPinterestTag({ tagId: TAG_ID, customer: { email: 'known@shop.example' }, onEvent: listener });
    await settle();
    expect(cookies()._epik).toBe('dj0yJnU9b2JDcFFH');
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).not.toBeNull();
    const before = queue().length;

    tag.setConsent('denied');
    expect(queue().slice(before)).toEqual([['setconsent', false]]);
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).toBeNull();
    expect(cookies()._epik).toBeUndefined();
    expect(document.cookie).not.toContain('_epik');
    expect(tag.clickId()).toBeUndefined();

    const after = queue().length;
    listener.mockClear();
    expect(tag.addToCart({ product: { id: 'SKU-1' } }).status).toBe('denied');
    tag.identify({ email: 'later@shop.example' });
    typeInto(html<HTMLInputElement>('<input type="email">'), 'typed@shop.example');
    expect(queue()).toHaveLength(after);
    expect(listener).not.toHaveBeenCalled();
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).toBeNull();
    expect(document.cookie).not.toContain('_epik');
  });

  it('the next page, still with consent pending, does not load the remembered match that was removed', async () => {
    createPinterestTag({ tagId: TAG_ID, customer: { email: 'known@shop.example' } }).setConsent('denied');
    await settle();
    simulateReload();
    createPinterestTag({ tagId: TAG_ID, consent: 'pending' }).setConsent('granted');
    await settle();
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
  });

  it("a value other than 'granted' or 'denied' gets one warning naming setConsent and changes nothing", async () => {
    const { warn } = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, consent: 'pending', autoPageVisit: false });
    await settle();
    for (const bad of ['yes', true, 'GRANTED', null, 0]) {
      warn.mockClear();
      tag.setConsent(bad as never);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(messages(warn)[0]).toContain('setConsent');
    }
    expect(tag.lead().status).toBe('pending');
    expect('pintrk' in window).toBe(false);
  });
});
