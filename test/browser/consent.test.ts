// Consent (DESIGN rule 6): pending loads nothing and writes nothing until granted; denied sends nothing, ever.
import { describe, expect, it } from 'vitest';
import { useChromium } from '../support/chromium';
import { command, INIT_PARAMS, TRACK_PARAMS, trackedEvents, waitForLive } from './helpers';

const chromium = useChromium();

const EPIK = 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBkUEdqakh0akdUT1VjVVUmcD0yJm49cnNBQ3F2Q2dOVDBXWWhkWklrUGxBUSZ0PUFBQUFBR1BaY3Bv';
const storage = (session: { page: import('playwright-core').Page }) =>
  session.page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));

describe('consent', () => {
  it('pending: nothing loaded, sent or stored; on grant the held events are sent in order', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-pending.html?epik=${EPIK}`);
    await waitForLive(session.page);
    const cart = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20, quantity: 3 } });
    expect(cart!.status).toBe('pending');
    expect(await session.settle()).toEqual([]);
    expect(session.coreRequests).toEqual([]);
    expect(await session.context.cookies()).toEqual([]);
    expect(await storage(session)).toEqual({ local: [], session: [] });
    expect(await trackedEvents(session.page)).toEqual([]);

    await command(session.page, 'setConsent', 'granted');
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(beacons[0]!.params).toEqual(INIT_PARAMS);
    expect(beacons[2]!.params).toEqual(TRACK_PARAMS);
    expect(beacons[2]!.ed).toEqual({
      line_items: [{ product_id: 'SKU-1', product_price: 20, product_quantity: 3 }],
      order_quantity: 3,
      value: 60,
      currency: 'USD',
      event_id: cart!.eventId,
    });
    expect(beacons.every((b) => b.pd!.epik === EPIK)).toBe(true);
    expect((await trackedEvents(session.page)).map((e) => e.eventId)).toEqual([beacons[1]!.ed!.event_id, cart!.eventId]);
    expect(session.coreRequests).toHaveLength(1);
    session.assertNoTagProblems();
  });

  it('pending then denied: the held events are dropped, nothing loaded, no cookie', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-pending.html?epik=${EPIK}`);
    await waitForLive(session.page);
    await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20 } });
    await command(session.page, 'setConsent', 'denied');
    const later = await command(session.page, 'lead', { leadType: 'newsletter' });
    expect(later!.status).toBe('denied');
    expect(await session.settle()).toEqual([]);
    expect(session.coreRequests).toEqual([]);
    expect(await session.context.cookies()).toEqual([]);
    expect(await storage(session)).toEqual({ local: [], session: [] });
    expect(await trackedEvents(session.page)).toEqual([]);
    session.assertNoTagProblems();
  });

  it('denied: zero requests and zero cookies, even on a landing URL with ?epik=', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/consent-denied.html?epik=${EPIK}`);
    await waitForLive(session.page);
    const result = await command(session.page, 'checkout', { orderId: '2002', items: [{ id: 'SKU-1', price: 20 }] });
    expect(result!.status).toBe('denied');
    expect(await command(session.page, 'clickId')).toBeUndefined();
    expect(await session.settle()).toEqual([]);
    expect(session.coreRequests).toEqual([]);
    expect(session.libRequests).toEqual([]);
    expect(await session.context.cookies()).toEqual([]);
    expect(await storage(session)).toEqual({ local: [], session: [] });
    expect(await session.page.evaluate(() => 'pintrk' in window)).toBe(false);
    session.assertNoTagProblems();
  });

  it('granted then denied: setconsent false reaches the tag, nothing more is sent, the click-ID cookie goes', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/storefront.html?epik=${EPIK}`);
    await waitForLive(session.page);
    await session.waitForBeacons(2);
    expect((await session.context.cookies()).map((c) => c.name)).toContain('_epik');
    await command(session.page, 'setConsent', 'denied');
    const after = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 20 } });
    expect(after!.status).toBe('denied');
    expect((await session.settle()).map((b) => b.event)).toEqual(['init', 'pagevisit']);
    expect(await session.context.cookies()).toEqual([]);
    // The library's own state: consent withdrawn, so even a direct pintrk call sends nothing.
    await session.page.evaluate(() => (window as unknown as { pintrk: (...a: unknown[]) => void }).pintrk('track', 'lead', {}));
    expect((await session.settle()).map((b) => b.event)).toEqual(['init', 'pagevisit']);
    session.assertNoTagProblems();
  });
});
