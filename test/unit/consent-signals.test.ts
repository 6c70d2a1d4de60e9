// Consent from where stores keep it (`consentFrom`): Google Consent Mode through the real gtag snippet, IAB TCF through
// the IAB Tech Lab's own CMP API and encoder, Global Privacy Control, Shopify's Customer Privacy API in its documented
// shape. Before the signals have spoken nothing is loaded, stored or sent; a grant sends the held events in order; a
// denial after load stops the tag; the most restrictive signal wins.
import { CmpApi } from '@iabtechlabtcf/cmpapi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PinterestTagOptions, TrackedEvent } from '../../src/common/types';
import { createConsentMode } from '../../src/consent-signals/gcm';
import { regionOf, SIGNAL_TIMEOUT_MS, signalNames, stopSignals } from '../../src/consent-signals/resolver';
import { tcfState } from '../../src/consent-signals/tcf';
import { install as attachDebugPanel } from '../../src/debug/panel';
import { createPinterestTag } from '../../src/index';
import { MATCH_STORAGE_KEY } from '../../src/match-store';
import { readScriptOptions } from '../../src/options';
import { pageState } from '../../src/page-state';
import { pageDataLayer, watchDataLayer } from '../../src/sources/datalayer';
import {
  ACCEPT_ALL,
  fakeShopifyPixel,
  fakeShopifyTheme,
  installGtag,
  removeConsentPlaces,
  setGpc,
  TEST_VENDOR_ID,
  tcString,
  wrapLikeTagManager,
} from '../support/consent';
import { cookies, html, messages, queue, quietConsole, setUrl, sha256, storageSnapshot, TAG_ID, tracks, typeInto } from '../support/page';

afterEach(() => {
  stopSignals();
  removeConsentPlaces();
});

const EPIK = 'dj0yJnU9b2JDcFFH';
const LDP_ON = { opt_out_type: 'LDP' };

/** Waits (up to 2 s) until `check` passes: the signal files are dynamic imports, their answers may be asynchronous. */
async function until(check: () => void): Promise<void> {
  await vi.waitFor(check, { timeout: 2000, interval: 5 });
}

/** Lets every pending import, promise and short timer of the consent files run. */
const flush = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A tag following `consentFrom`, with its released events; waits until the resolver has run once. */
async function start(options: Partial<PinterestTagOptions>) {
  const seen: TrackedEvent[] = [];
  const tag = createPinterestTag({ tagId: TAG_ID, currency: 'USD', onEvent: (event) => seen.push(event), ...options });
  await until(() => expect(pageState().consent).toBeDefined());
  return { tag, seen };
}

/** The decision the debug panel shows. */
const decision = (): string | undefined => pageState().consent?.decision;

/** Every pintrk command but `set` (which sends nothing by itself) and the request-making ones. */
const requests = (): unknown[][] => queue().filter((c) => c[0] === 'load' || c[0] === 'page' || c[0] === 'track');

/** Partner data as Pinterest's tag would hold it after the queue so far (`load` options, then each `set`). */
function partnerData(): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, first, second] of queue()) {
    if (name === 'load') Object.assign(data, second);
    if (name === 'set') Object.assign(data, first);
  }
  return data;
}

/** Nothing of Pinterest on the page, nothing written. */
function expectNothingYet(): void {
  expect('pintrk' in window).toBe(false);
  expect(document.querySelectorAll('script[src*="pinimg"]')).toHaveLength(0);
  expect(document.cookie).toBe('');
  expect(storageSnapshot(localStorage)).toEqual({});
}

describe('options', () => {
  it('reads data-consent-from, data-gpc and data-tcf-vendor-id from the script tag', () => {
    const script = html('<script data-tag-id="1" data-consent-from="gcm, tcf,gpc" data-gpc="deny" data-tcf-vendor-id="1001"></script>');
    expect(readScriptOptions(script)).toMatchObject({ consentFrom: 'gcm, tcf,gpc', gpc: 'deny', tcfVendorId: '1001' });
  });

  it('takes the signals as an array or a text, once each; an unknown name gets one warning', () => {
    const { warn } = quietConsole();
    expect(signalNames(['gcm', 'TCF', 'gcm'])).toEqual(['gcm', 'tcf']);
    expect(signalNames('gcm,gpc shopify')).toEqual(['gcm', 'gpc', 'shopify']);
    expect(signalNames(['gmc', 42])).toEqual([]);
    expect(messages(warn)).toEqual(['[pinterest-tag] bad-option option consentFrom', '[pinterest-tag] bad-option option consentFrom']);
  });

  it('an unusable consentFrom is not consent: events wait for setConsent()', async () => {
    quietConsole();
    const { tag } = await start({ consentFrom: ['nothing' as never] });
    expect(tag.addToCart({ product: { id: 'SKU-1', price: 5 } }).status).toBe('pending');
    await flush();
    expectNothingYet();
    tag.setConsent('granted');
    expect(tracks().map((c) => c[1])).toEqual(['pagevisit', 'addtocart']);
  });

  it('the region for Consent Mode comes from the store: limitedDataProcessing, else the customer', () => {
    expect(regionOf({ limitedDataProcessing: { state: 'ca', country: 'us' } })).toEqual(['US-CA', 'US']);
    expect(regionOf({ customer: { country: 'DE' } })).toEqual(['DE']);
    expect(regionOf({ customer: { country: sha256('de') } })).toEqual([]);
    expect(regionOf({})).toEqual([]);
  });
});

describe('Google Consent Mode: the data layer', () => {
  it('reads every entry exactly once and in order: before the SDK, after it, with Tag Manager wrapping push before or after', () => {
    const gtag = installGtag();
    gtag('consent', 'default', { ad_storage: 'denied' });
    const gtmBefore = wrapLikeTagManager();
    gtag('event', 'page_view');
    const seen: unknown[] = [];
    // The data layer reader the GA4 source shares (src/sources/datalayer.ts): gtag's calls as their arguments.
    watchDataLayer(pageDataLayer(), (entry) => seen.push(entry.kind === 'gtag' ? [...entry.args] : entry.data));
    gtag('consent', 'update', { ad_storage: 'granted' });
    const gtmAfter = wrapLikeTagManager();
    gtag('event', 'purchase');
    (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ event: 'custom' });
    // (A copy: the layer itself has its own `push` property, which a deep comparison would count.)
    const layer = [...(window as unknown as { dataLayer: unknown[] }).dataLayer];
    expect(seen).toEqual(
      layer.map((entry) => (Object.prototype.toString.call(entry) === '[object Arguments]' ? [...(entry as ArrayLike<unknown> & Iterable<unknown>)] : entry)),
    );
    expect(seen).toHaveLength(5);
    // Tag Manager, wrapped before or after, still sees everything once.
    expect(gtmBefore).toEqual(layer);
    expect(gtmAfter).toEqual(layer);
  });

  it('applies updates over defaults, key by key, and reads only granted and denied', () => {
    const mode = createConsentMode([]);
    expect(mode.state()).toBeUndefined();
    mode.take(['consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied' }]);
    expect(mode.state()).toMatchObject({ consent: 'pending' });
    mode.take(['consent', 'update', { ad_storage: 'granted', ad_user_data: 'yes' }]);
    expect(mode.state()).toEqual({ consent: 'granted', userData: false, shown: 'ad_storage granted, ad_user_data denied' });
    mode.take(['consent', 'default', { ad_storage: 'denied' }]);
    expect(mode.state()?.consent).toBe('granted');
    mode.take(['consent', 'update', { ad_user_data: 'granted' }]);
    expect(mode.state()).toEqual({ consent: 'granted', shown: 'ad_storage granted, ad_user_data granted' });
    mode.take(['consent', 'update', { ad_storage: 'denied' }]);
    expect(mode.state()?.consent).toBe('denied');
  });

  it('takes ad_user_data as denied when a Consent Mode v1 set-up does not give it', () => {
    const mode = createConsentMode([]);
    mode.take(['consent', 'update', { ad_storage: 'granted' }]);
    expect(mode.state()).toMatchObject({ consent: 'granted', userData: false });
  });

  it('region-scoped defaults: the most specific matching one with the region known, the most restrictive without', () => {
    const defaults = [
      ['consent', 'default', { ad_storage: 'denied', region: ['ES', 'US-CA'] }],
      ['consent', 'default', { ad_storage: 'granted', region: ['US'] }],
      ['consent', 'default', { ad_storage: 'granted' }],
    ];
    const state = (region: string[]) => {
      const mode = createConsentMode(region);
      for (const entry of defaults) mode.take(entry);
      return mode.state()?.consent;
    };
    expect(state(['US-CA', 'US'])).toBe('pending');
    expect(state(['US-NY', 'US'])).toBe('granted');
    expect(state(['ES'])).toBe('pending');
    expect(state(['FR'])).toBe('granted');
    // The browser cannot know the region: every default counts, the most restrictive wins.
    expect(state([])).toBe('pending');
  });
});

describe("consentFrom: ['gcm']", () => {
  it('before consent: nothing loaded, stored or sent; the update granting sends the held events in order', async () => {
    setUrl(`/?epik=${EPIK}`);
    const gtag = installGtag();
    gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' });
    const { tag, seen } = await start({ consentFrom: ['gcm'], customer: { email: 'jane@shop.example' } });
    const cart = tag.addToCart({ product: { id: 'SKU-1', price: 20 } });
    const order = tag.checkout({ orderId: '1001', value: 20 });
    expect([cart.status, order.status]).toEqual(['pending', 'pending']);
    await flush();
    expectNothingYet();
    expect(seen).toEqual([]);
    expect(decision()).toBe('pending');

    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' });
    expect(queue()[0]).toEqual(['load', TAG_ID, { em: sha256('jane@shop.example') }]);
    expect(tracks().map((c) => [c[1], (c[2] as { event_id: string }).event_id])).toEqual([
      ['pagevisit', seen[0]!.eventId],
      ['addtocart', cart.eventId],
      ['checkout', order.eventId],
    ]);
    expect(seen.map((e) => e.clickId)).toEqual([EPIK, EPIK, EPIK]);
    expect(cookies()._epik).toBe(EPIK);
    expect(decision()).toBe('granted');
  });

  it("a grant made before the SDK loaded (an earlier page's choice) counts at once", async () => {
    const gtag = installGtag();
    gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied' });
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    const { tag } = await start({ consentFrom: ['gcm'] });
    expect(tag.lead().status).toBe('sent');
  });

  it('ad_user_data denied: events go without match keys or click ID, to the tag, listeners and the relay', async () => {
    setUrl(`/?epik=${EPIK}`);
    const gtag = installGtag();
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'denied' });
    const { tag, seen } = await start({ consentFrom: ['gcm'], customer: { email: 'jane@shop.example', phone: '+1 555 010 9999' } });
    tag.identify({ firstName: 'Jane' });
    typeInto(html<HTMLInputElement>('<input type="email" name="email">'), 'typed@shop.example');
    tag.addToCart({ product: { id: 'SKU-1', price: 20 } });
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
    expect(queue().filter((c) => c[0] === 'set')).toEqual([]);
    expect(partnerData()).toEqual({});
    expect(seen.map((e) => [e.event, e.adUserData, e.match, e.clickId])).toEqual([
      ['pagevisit', 'denied', undefined, undefined],
      ['addtocart', 'denied', undefined, undefined],
    ]);
  });

  it('ad_user_data denied after load: the match keys the tag has are emptied, later events carry none', async () => {
    const gtag = installGtag();
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    const { tag, seen } = await start({ consentFrom: ['gcm'], customer: { email: 'jane@shop.example' } });
    tag.lead();
    expect(partnerData()).toEqual({ em: sha256('jane@shop.example') });
    gtag('consent', 'update', { ad_user_data: 'denied' });
    expect(queue().at(-1)).toEqual(['set', { em: '' }]);
    tag.lead();
    expect(partnerData()).toEqual({ em: '' });
    expect(seen.at(-1)).toMatchObject({ event: 'lead', adUserData: 'denied' });
    expect(seen.at(-1)!.match).toBeUndefined();
  });

  it('a default with wait_for_update holds events until the update, or until the wait ends and the defaults apply', async () => {
    const gtag = installGtag();
    gtag('consent', 'default', { ad_storage: 'granted', ad_user_data: 'granted', wait_for_update: 200 });
    const { tag } = await start({ consentFrom: ['gcm'] });
    expect(tag.search({ query: 'boots' }).status).toBe('pending');
    expect(decision()).toBe('pending');
    await flush(60);
    expect(requests()).toEqual([]);
    await until(() => expect(decision()).toBe('granted'));
    expect(tracks().map((c) => c[1])).toEqual(['pagevisit', 'search']);
  });

  it('a denial after load sends setconsent false and clears what the SDK stored', async () => {
    setUrl(`/?epik=${EPIK}`);
    const gtag = installGtag();
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    const { tag } = await start({ consentFrom: ['gcm'], customer: { email: 'jane@shop.example' } });
    tag.lead();
    await until(() => expect(localStorage.getItem(MATCH_STORAGE_KEY)).not.toBeNull());
    expect(cookies()._epik).toBe(EPIK);
    gtag('consent', 'update', { ad_storage: 'denied' });
    expect(queue().at(-1)).toEqual(['setconsent', false]);
    expect(localStorage.getItem(MATCH_STORAGE_KEY)).toBeNull();
    expect(cookies()._epik).toBeUndefined();
    const before = queue().length;
    expect(tag.lead().status).toBe('denied');
    expect(queue()).toHaveLength(before);
    expect(decision()).toBe('denied');
  });
});

describe("consentFrom: ['tcf'] (the IAB's CMP API)", () => {
  it('waits for the CMP; consent to purposes 1, 3, 4 and 7 grants, and the held events go in order', async () => {
    const cmp = new CmpApi(10, 1, false);
    const { tag, seen } = await start({ consentFrom: ['tcf'] });
    const cart = tag.addToCart({ product: { id: 'SKU-1', price: 20 } });
    await flush();
    expectNothingYet();
    cmp.update('', true);
    await flush();
    expect(decision()).toBe('pending');
    expectNothingYet();
    cmp.update(tcString(ACCEPT_ALL), false);
    await until(() => expect(decision()).toBe('granted'));
    expect(seen.map((e) => e.eventId)).toEqual([seen[0]!.eventId, cart.eventId]);
    expect(tracks().map((c) => c[1])).toEqual(['pagevisit', 'addtocart']);
  });

  it('without consent to one of the purposes it needs, the tag does not run', async () => {
    const cmp = new CmpApi(10, 1, false);
    cmp.update(tcString({ purposes: [1, 3, 7], vendors: [TEST_VENDOR_ID] }), false);
    const { tag } = await start({ consentFrom: ['tcf'] });
    await until(() => expect(decision()).toBe('denied'));
    expect(pageState().consent!.signals.tcf).toBe('no consent for purposes 4');
    expect(tag.lead().status).toBe('denied');
    expectNothingYet();
  });

  it('gdprApplies false: TCF does not restrict', async () => {
    const cmp = new CmpApi(10, 1, false);
    cmp.update(null);
    const { tag } = await start({ consentFrom: ['tcf'] });
    await until(() => expect(decision()).toBe('granted'));
    expect(tag.lead().status).toBe('sent');
  });

  it('a CMP whose stub appears after the SDK is found; tcfVendorId requires that vendor too', async () => {
    const { tag } = await start({ consentFrom: ['tcf'], tcfVendorId: TEST_VENDOR_ID });
    tag.lead();
    await flush(250);
    const cmp = new CmpApi(10, 1, false);
    cmp.update(tcString({ purposes: [1, 3, 4, 7], vendors: [1002] }), false);
    await until(() => expect(decision()).toBe('denied'));
    expect(pageState().consent!.signals.tcf).toBe(`no consent for vendor ${TEST_VENDOR_ID}`);
    cmp.update(tcString(ACCEPT_ALL), false);
    await until(() => expect(decision()).toBe('granted'));
    expect(tag.lead().status).toBe('sent');
  });

  it('reads TC data as the CMP API specifies it, nothing inherited', () => {
    expect(tcfState(null, false)).toMatchObject({ consent: 'denied' });
    expect(tcfState({ eventStatus: 'tcloaded', cmpStatus: 'error' }, true)).toMatchObject({ consent: 'denied' });
    expect(tcfState({ eventStatus: 'cmpuishown', gdprApplies: true }, true)).toMatchObject({ consent: 'pending' });
    expect(tcfState({ cmpStatus: 'loading' }, true)).toBeUndefined();
    const polluted = Object.create({ 1: true, 3: true, 4: true, 7: true });
    expect(tcfState({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: polluted } }, true)).toMatchObject({ consent: 'denied' });
  });
});

describe("consentFrom: ['gpc']", () => {
  it("GPC on: Limited Data Processing before any event, with the store's state and country; every event says ldp", async () => {
    setGpc(true);
    const { tag, seen } = await start({ consentFrom: ['gpc'], limitedDataProcessing: { state: 'CA', country: 'US' } });
    await until(() => expect(decision()).toBe('granted, Limited Data Processing'));
    tag.lead();
    const commands = queue().map((c) => c[0]);
    expect(commands.indexOf('set')).toBeLessThan(commands.indexOf('page'));
    expect(queue()).toContainEqual(['set', { ...LDP_ON, st: sha256('ca'), country: sha256('us') }]);
    expect(seen.every((e) => e.ldp === true)).toBe(true);
  });

  it('GPC on without a state and country: LDP all the same (Pinterest: leave them out when unknown)', async () => {
    setGpc(true);
    await start({ consentFrom: ['gpc'] });
    await until(() => expect(queue()).toContainEqual(['set', LDP_ON]));
  });

  it("gpc: 'deny' makes GPC a denial; 'ignore' changes nothing; GPC off changes nothing", async () => {
    setGpc(true);
    const { tag } = await start({ consentFrom: ['gpc'], gpc: 'deny' });
    await until(() => expect(decision()).toBe('denied'));
    expect(tag.lead().status).toBe('denied');
    expectNothingYet();
    stopSignals();

    const ignoring = await start({ consentFrom: ['gpc'], gpc: 'ignore' });
    await until(() => expect(decision()).toBe('granted'));
    expect(ignoring.tag.lead().status).toBe('sent');
    expect(queue()).not.toContainEqual(['set', LDP_ON]);
  });

  it('a bad gpc option gets a warning and the default', async () => {
    const { warn } = quietConsole();
    setGpc(true);
    await start({ consentFrom: ['gpc'], gpc: 'maybe' as never });
    await until(() => expect(decision()).toBe('granted, Limited Data Processing'));
    expect(messages(warn)).toEqual(['[pinterest-tag] bad-option option gpc']);
  });
});

describe("consentFrom: ['shopify']", () => {
  it("a theme: pending while the banner shows; the shopper's choice grants, the held events go in order", async () => {
    const shopify = fakeShopifyTheme({ banner: true });
    const { tag, seen } = await start({ consentFrom: ['shopify'] });
    const cart = tag.addToCart({ product: { id: 'SKU-1', price: 20 } });
    await until(() => expect(pageState().consent!.signals.shopify).toBe("waiting for the shopper's choice"));
    expectNothingYet();
    shopify.choose({ marketing: true });
    expect(decision()).toBe('granted');
    expect(seen.map((e) => e.eventId)).toEqual([seen[0]!.eventId, cart.eventId]);
  });

  it('a theme without the API yet: loads it with loadFeatures, as Shopify documents', async () => {
    const shopify = fakeShopifyTheme({ marketing: true }, { loaded: false });
    await start({ consentFrom: ['shopify'] });
    await until(() => expect(decision()).toBe('granted'));
    expect(shopify.calls).toEqual(['loadFeatures consent-tracking-api@0.1']);
  });

  it('a sale-of-data opt-out is LDP; marketing withdrawn after load stops the tag', async () => {
    const shopify = fakeShopifyTheme({ marketing: true, saleOfData: false });
    const { tag } = await start({ consentFrom: ['shopify'] });
    await until(() => expect(decision()).toBe('granted, Limited Data Processing'));
    tag.lead();
    shopify.choose({ marketing: false });
    expect(queue().at(-1)).toEqual(['setconsent', false]);
    expect(tag.lead().status).toBe('denied');
  });

  it('a web pixel: init.customerPrivacy at render, then customerPrivacy.subscribe', async () => {
    const pixel = fakeShopifyPixel({ marketing: false });
    const { tag } = await start({ consentFrom: ['shopify'], shopifyPixel: pixel.api });
    await until(() => expect(decision()).toBe('denied'));
    expect(tag.lead().status).toBe('denied');
    pixel.choose({ marketing: true, saleOfData: false });
    expect(decision()).toBe('granted, Limited Data Processing');
    expect(tag.lead().status).toBe('sent');
  });
});

describe('precedence and live changes', () => {
  it('the most restrictive signal wins, live', async () => {
    setGpc(true);
    const gtag = installGtag();
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'denied' });
    const shopify = fakeShopifyTheme({ banner: true });
    const { tag } = await start({ consentFrom: ['gcm', 'gpc', 'shopify'] });
    await until(() => expect(Object.keys(pageState().consent!.signals)).toEqual(['setConsent', 'gcm', 'gpc', 'shopify']));
    await until(() => expect(pageState().consent!.signals.gpc).toBe('on: Limited Data Processing'));
    expect(decision()).toBe('pending, without match keys, Limited Data Processing');
    shopify.choose({ marketing: true });
    expect(decision()).toBe('granted, without match keys, Limited Data Processing');
    expect(tag.lead().status).toBe('sent');
    gtag('consent', 'update', { ad_storage: 'denied' });
    expect(decision()).toBe('denied, Limited Data Processing');
  });

  it("setConsent() counts as one more signal: a store's grant cannot override a signal's denial; its denial always wins", async () => {
    const gtag = installGtag();
    gtag('consent', 'update', { ad_storage: 'denied' });
    const { tag } = await start({ consentFrom: ['gcm'] });
    await until(() => expect(decision()).toBe('denied'));
    tag.setConsent('granted');
    expect(decision()).toBe('denied');
    expect(tag.lead().status).toBe('denied');
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    expect(decision()).toBe('granted');
    tag.setConsent('denied');
    expect(decision()).toBe('denied');
    expect(queue().at(-1)).toEqual(['setconsent', false]);
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'denied' });
    expect(decision()).toBe('denied, without match keys');
    tag.setConsent('granted');
    expect(decision()).toBe('granted, without match keys');
  });

  it("consent: 'pending' with signals waits for the store's setConsent() too", async () => {
    const gtag = installGtag();
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    const { tag } = await start({ consentFrom: ['gcm'], consent: 'pending' });
    await until(() => expect(pageState().consent!.signals.gcm).toContain('granted'));
    expect(decision()).toBe('pending');
    tag.setConsent('granted');
    expect(decision()).toBe('granted');
  });

  it('a signal silent for the timeout counts as a denial (held events dropped); if it speaks later, its word counts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const seen: TrackedEvent[] = [];
    const tag = createPinterestTag({ tagId: TAG_ID, consentFrom: ['gcm'], onEvent: (event) => seen.push(event) });
    const cart = tag.addToCart({ product: { id: 'SKU-1', price: 20 } });
    await vi.advanceTimersByTimeAsync(SIGNAL_TIMEOUT_MS - 10);
    expect(decision()).toBe('pending');
    await vi.advanceTimersByTimeAsync(20);
    vi.useRealTimers();
    expect(decision()).toBe('denied');
    expect(pageState().consent!.signals.gcm).toContain('no answer');
    installGtag()('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    expect(decision()).toBe('granted');
    expect(tracks().map((c) => c[1])).toEqual([]);
    expect(tag.lead().status).toBe('sent');
    expect(seen.map((e) => e.event)).toEqual(['lead']);
    expect(seen.map((e) => e.eventId)).not.toContain(cart.eventId);
  });

  it('a denial stays a denial when a CMP shows its banner again, until a grant', async () => {
    const cmp = new CmpApi(10, 1, false);
    cmp.update(tcString({ purposes: [1] }), false);
    const { tag } = await start({ consentFrom: ['tcf'] });
    await until(() => expect(decision()).toBe('denied'));
    cmp.update(tcString({ purposes: [1] }), true);
    await flush();
    expect(pageState().consent!.signals.tcf).toBe('the CMP shows its banner');
    expect(decision()).toBe('denied');
    expect(tag.lead().status).toBe('denied');
    cmp.update(tcString(ACCEPT_ALL), false);
    await until(() => expect(decision()).toBe('granted'));
  });
});

describe('debug panel', () => {
  it("shows each signal's current value and the decision, kept current", async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    setGpc(true);
    const gtag = installGtag();
    gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied' });
    await start({ consentFrom: ['gcm', 'gpc'], debug: true });
    attachDebugPanel();
    const text = () => document.querySelector('pinterest-tag-debug')?.shadowRoot?.querySelector('.consent')?.textContent ?? '';
    await until(() => expect(text()).toContain('gpc: on: Limited Data Processing'));
    expect(text()).toContain('consent: pending, Limited Data Processing');
    expect(text()).toContain('gcm: ad_storage denied, ad_user_data denied; no choice yet (default)');
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' });
    expect(text()).toContain('consent: granted, Limited Data Processing');
    expect(text()).toContain('gcm: ad_storage granted, ad_user_data granted');
  });
});
