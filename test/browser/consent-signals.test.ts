// Consent from where stores keep it (`data-consent-from`), in real Chromium with the script tag as shipped: for each
// signal, nothing of Pinterest is requested and nothing is stored before consent; the grant sends the held events in
// order; a denial after load stops the tag; GPC gives LDP beacons. The IAB TCF CMP is the IAB Tech Lab's own
// (@iabtechlabtcf/stub, then @iabtechlabtcf/cmpapi, bundled for the page here), with TC strings from their encoder.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Session, useChromium } from '../support/chromium';
import { ACCEPT_ALL, tcString } from '../support/consent';
import { command, INIT_PARAMS, sha256, trackedEvents, waitForLive } from './helpers';

const chromium = useChromium();
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EPIK = 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBkUEdqakh0akdUT1VjVVUmcD0yJm49cnNBQ3F2Q2dOVDBXWWhkWklrUGxBUSZ0PUFBQUFBR1BaY3Bv';

/** The IAB's CMP API library, bundled for a page: `window.TCF.CmpApi`. */
async function cmpBundle(): Promise<string> {
  const bundle = await rollup({
    input: 'tcf-entry',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === 'tcf-entry' ? id : null),
        load: (id) => (id === 'tcf-entry' ? "export { CmpApi } from '@iabtechlabtcf/cmpapi';" : null),
      },
      resolve({ browser: true, rootDir: ROOT }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({ format: 'iife', name: 'TCF' });
  await bundle.close();
  return output[0].code;
}

beforeAll(async () => {
  chromium.server.define('/tcf/stub.js', { body: readFileSync(`${ROOT}node_modules/@iabtechlabtcf/stub/lib/stub.js`, 'utf8'), type: 'text/javascript' });
  chromium.server.define('/tcf/cmp.js', { body: await cmpBundle(), type: 'text/javascript' });
});

/** Nothing requested from Pinterest, no cookie, no storage. */
async function expectNothingOfPinterest(session: Session): Promise<void> {
  expect(await session.settle()).toEqual([]);
  expect(session.coreRequests).toEqual([]);
  expect(session.libRequests).toEqual([]);
  expect(session.otherPinterestRequests).toEqual([]);
  expect(await session.context.cookies()).toEqual([]);
  expect(await session.page.evaluate(() => [Object.keys(localStorage), Object.keys(sessionStorage), 'pintrk' in window])).toEqual([[], [], false]);
  expect(await trackedEvents(session.page)).toEqual([]);
}

/** The consent signals' decision, as the debug data has it. */
const decision = (session: Session) =>
  session.page.evaluate(
    () => (window as unknown as Record<symbol, { consent?: { decision: string } }>)[Symbol.for('storefront-pinterest-tag')]?.consent?.decision,
  );

describe('data-consent-from="gcm"', () => {
  it('nothing before the update; the update sends the held events in order; a denial after load stops the tag', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-gcm.html?epik=${EPIK}`);
    await waitForLive(session.page);
    const cart = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20, quantity: 2 } });
    expect(cart!.status).toBe('pending');
    await expectNothingOfPinterest(session);
    // Past the default's wait_for_update (500 ms) the default denial still holds: no choice yet.
    expect(await decision(session)).toBe('pending');

    await session.page.evaluate(() =>
      (window as unknown as { gtag: (...a: unknown[]) => void }).gtag('consent', 'update', {
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
      }),
    );
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(beacons[0]!.params).toEqual(INIT_PARAMS);
    expect(beacons[2]!.ed!.event_id).toBe(cart!.eventId);
    expect(beacons.every((b) => b.pd!.em === sha256('jane@shop.example') && b.pd!.epik === EPIK)).toBe(true);
    expect((await trackedEvents(session.page)).map((e) => e.eventId)).toEqual([beacons[1]!.ed!.event_id, cart!.eventId]);
    expect((await session.context.cookies()).map((c) => c.name)).toContain('_epik');

    await session.page.evaluate(() => (window as unknown as { gtag: (...a: unknown[]) => void }).gtag('consent', 'update', { ad_storage: 'denied' }));
    const after = await command(session.page, 'lead', {});
    expect(after!.status).toBe('denied');
    expect((await session.settle()).map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(await session.context.cookies()).toEqual([]);
    expect(await session.page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    session.assertNoTagProblems();
  });

  it('ad_user_data denied: beacons and released events carry no match keys and no click ID', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-gcm.html?epik=${EPIK}`);
    await waitForLive(session.page);
    await session.page.evaluate(() =>
      (window as unknown as { gtag: (...a: unknown[]) => void }).gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'denied' }),
    );
    await command(session.page, 'identify', { email: 'other@shop.example' });
    await command(session.page, 'lead', { leadType: 'newsletter' });
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'lead']);
    for (const beacon of beacons) expect(Object.keys(beacon.pd ?? {}).filter((key) => key !== 'epik')).toEqual([]);
    const released = await trackedEvents(session.page);
    expect(released.map((e) => [e.adUserData, e.match, e.clickId])).toEqual([
      ['denied', undefined, undefined],
      ['denied', undefined, undefined],
    ]);
    session.assertNoTagProblems();
  });
});

describe('data-consent-from="tcf"', () => {
  it("nothing before the CMP's answer; the user's acceptance sends the held events in order; a withdrawal stops the tag", async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-tcf.html?epik=${EPIK}`);
    await waitForLive(session.page);
    const cart = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20 } });
    expect(cart!.status).toBe('pending');
    // The CMP's stub arrives after the SDK, then the CMP, which shows its banner.
    await session.page.addScriptTag({ url: '/tcf/stub.js' });
    await session.page.addScriptTag({ url: '/tcf/cmp.js' });
    await session.page.evaluate(() => {
      const cmp = new (window as unknown as { TCF: { CmpApi: new (...a: unknown[]) => { update(s: string | null, ui?: boolean): void } } }).TCF.CmpApi(
        10,
        1,
        false,
      );
      (window as unknown as { cmp: unknown }).cmp = cmp;
      cmp.update('', true);
    });
    await expectNothingOfPinterest(session);
    expect(await decision(session)).toBe('pending');

    const accepted = tcString(ACCEPT_ALL);
    await session.page.evaluate((tc) => (window as unknown as { cmp: { update(s: string, ui: boolean): void } }).cmp.update(tc, false), accepted);
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(beacons[2]!.ed!.event_id).toBe(cart!.eventId);

    const withdrawn = tcString({ purposes: [1, 7] });
    await session.page.evaluate((tc) => (window as unknown as { cmp: { update(s: string, ui: boolean): void } }).cmp.update(tc, false), withdrawn);
    expect(await decision(session)).toBe('denied');
    expect((await command(session.page, 'lead', {}))!.status).toBe('denied');
    expect((await session.settle()).map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(await session.context.cookies()).toEqual([]);
    session.assertNoTagProblems();
  });
});

describe('data-consent-from="gpc"', () => {
  it("GPC on: LDP beacons from the first one (opt_out_type LDP, with the shopper's hashed state and country)", async () => {
    const session = await chromium.open();
    // Chromium has no Global Privacy Control setting: the page sees navigator.globalPrivacyControl as a browser that
    // sends Sec-GPC would have it (https://privacycg.github.io/gpc-spec/), defined before any script runs.
    await session.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true }));
    await session.goto('/fixtures/consent-gpc.html');
    await waitForLive(session.page);
    await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20 } });
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    for (const beacon of beacons) expect(beacon.pd).toMatchObject({ opt_out_type: 'LDP', st: sha256('ca'), country: sha256('us') });
    expect((await trackedEvents(session.page)).every((e) => e.ldp === true)).toBe(true);
    session.assertNoTagProblems();
  });

  it('GPC on with data-gpc="deny": nothing of Pinterest requested, no cookie, no storage', async () => {
    const fixture = readFileSync(`${ROOT}test/browser/fixtures/consent-gpc.html`, 'utf8').replace(
      'data-consent-from="gpc"',
      'data-consent-from="gpc" data-gpc="deny"',
    );
    chromium.server.define('/gpc-deny.html', { body: fixture });
    const session = await chromium.open();
    await session.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true }));
    await session.goto(`/gpc-deny.html?epik=${EPIK}`);
    await waitForLive(session.page);
    expect((await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20 } }))!.status).not.toBe('sent');
    await expectNothingOfPinterest(session);
    expect(await decision(session)).toBe('denied');
    session.assertNoTagProblems();
  });

  it('GPC off: the same beacons without LDP', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/consent-gpc.html');
    await waitForLive(session.page);
    const beacons = await session.waitForBeacons(2);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit']);
    for (const beacon of beacons) expect(beacon.pd).toEqual({ st: sha256('ca'), country: sha256('us') });
    session.assertNoTagProblems();
  });
});

describe('data-consent-from="shopify"', () => {
  it("nothing while the banner shows; the shopper's choice sends the held events in order; a sale-of-data opt-out is LDP; a withdrawal stops the tag", async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-shopify.html?epik=${EPIK}`);
    await waitForLive(session.page);
    const cart = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20 } });
    expect(cart!.status).toBe('pending');
    await expectNothingOfPinterest(session);
    expect(await decision(session)).toBe('pending');

    await session.page.evaluate(() => (window as unknown as { choose: (m: boolean, s: boolean) => void }).choose(true, false));
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(beacons.every((b) => b.pd!.opt_out_type === 'LDP')).toBe(true);
    expect(beacons[2]!.ed!.event_id).toBe(cart!.eventId);

    await session.page.evaluate(() => (window as unknown as { choose: (m: boolean, s: boolean) => void }).choose(false, false));
    expect((await command(session.page, 'lead', {}))!.status).toBe('denied');
    expect((await session.settle()).map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(await session.context.cookies()).toEqual([]);
    session.assertNoTagProblems();
  });
});

describe('the npm build (ESM)', () => {
  it('loads the resolver and the signals as lazy chunks, and follows them', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/consent-esm.html');
    await session.page.waitForFunction(() => 'addToCartResult' in window);
    expect(await session.page.evaluate(() => (window as unknown as { addToCartResult: { status: string } }).addToCartResult.status)).toBe('pending');
    await expectNothingOfPinterest(session);
    await session.page.evaluate(() =>
      (window as unknown as { gtag: (...a: unknown[]) => void }).gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted' }),
    );
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(await decision(session)).toBe('granted');
    session.assertNoTagProblems();
  });
});
