// What follows the shopper: a checkout counted once however often the thank-you page loads, enhanced match from a
// form they fill in, and the click ID from a Pinterest ad (SPEC §4, §5, §6, §11.2).
import { describe, expect, it } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import { TAG_ID, useChromium } from '../support/chromium';
import { command, sha256, TRACK_PARAMS, trackedEvents, waitForLive } from './helpers';

const chromium = useChromium();

const EPIK = 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBkUEdqakh0akdUT1VjVVUmcD0yJm49cnNBQ3F2Q2dOVDBXWWhkWklrUGxBUSZ0PUFBQUFBR1BaY3Bv';
const TYPED_EMAIL = '  Jane.Doe@Example.COM ';
const EMAIL_HASH = sha256('jane.doe@example.com');

describe('thank-you page', () => {
  it('reloaded: the checkout is sent once, with the event ID derived from the order', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/thank-you.html');
    const first = await session.waitForBeacons(3);
    expect(first.map((b) => b.event)).toEqual(['init', 'pagevisit', 'checkout']);
    const checkout = first[2]!;
    expect(checkout.params).toEqual(TRACK_PARAMS);
    expect(checkout.ed).toEqual({
      order_id: '1001',
      line_items: [
        { product_id: '11', product_name: 'Pillows (Set of 2)', product_price: 48, product_quantity: 1 },
        { product_id: '12', product_name: 'Throw blanket', product_price: 34, product_quantity: 2 },
      ],
      order_quantity: 3,
      value: 116,
      currency: 'USD',
      event_id: checkoutEventId('1001'),
    });

    await session.page.reload({ waitUntil: 'load' });
    await waitForLive(session.page);
    const again = await command(session.page, 'checkout', { orderId: '1001', items: [{ id: '11', price: 48 }] });
    expect(again).toEqual({ event: 'checkout', apiEvent: 'checkout', eventId: checkoutEventId('1001'), status: 'duplicate' });
    const all = await session.waitForBeacons(5);
    expect(all.map((b) => b.event)).toEqual(['init', 'pagevisit', 'checkout', 'init', 'pagevisit']);
    expect(await trackedEvents(session.page)).toEqual([expect.objectContaining({ event: 'pagevisit' })]);
    session.assertNoTagProblems();
  });
});

describe('enhanced match from a real form', () => {
  it('an email typed into a form: the event sent on submit carries pd.em = sha256 of the normalized email', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/signup.html');
    await waitForLive(session.page);
    await session.waitForBeacons(2);
    await session.page.locator('input[name=email]').pressSequentially(TYPED_EMAIL);
    await session.page.locator('button[type=submit]').click();
    const beacons = await session.waitForBeacons(3);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'lead']);
    expect(beacons[0]!.pd).toEqual({});
    expect(beacons[2]!.pd).toEqual({ em: EMAIL_HASH });
    const leadResult = await session.page.evaluate(() => (window as unknown as { leadResult: { eventId: string } }).leadResult);
    expect(beacons[2]!.ed).toEqual({ lead_type: 'newsletter', event_id: leadResult.eventId });
    const events = await trackedEvents(session.page);
    expect(events.at(-1)!.match).toEqual({ em: EMAIL_HASH });
    // The plain address never reaches Pinterest, a listener or storage.
    const everything = JSON.stringify([beacons, events, await session.page.evaluate(() => ({ ...localStorage }))]);
    expect(everything.toLowerCase()).not.toContain('jane.doe');
    session.assertNoTagProblems();
  });

  it('an email posted with a plain form: from the first page visit on, the next page gives the tag pd.em', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/account.html');
    await waitForLive(session.page);
    await session.waitForBeacons(2);
    await session.page.locator('input[name=customer_email]').pressSequentially(TYPED_EMAIL);
    await session.page.locator('input[name=password]').pressSequentially('hunter2hunter2');
    await Promise.all([session.page.waitForURL('**/fixtures/welcome.html'), session.page.locator('button[type=submit]').click()]);
    await waitForLive(session.page);
    const beacons = await session.waitForBeacons(4);
    expect(beacons.map((b) => [b.event, b.ad!.loc])).toEqual([
      ['init', `${chromium.server.origin}/fixtures/account.html`],
      ['pagevisit', `${chromium.server.origin}/fixtures/account.html`],
      ['init', `${chromium.server.origin}/fixtures/welcome.html`],
      ['pagevisit', `${chromium.server.origin}/fixtures/welcome.html`],
    ]);
    expect(beacons[0]!.pd).toEqual({});
    // Storage is read after the page's first event (README, "What the first page visit carries"): the remembered
    // em is `set` right after the page visit, and Pinterest's tag sends it with every later event.
    expect(beacons[2]!.pd).toEqual({});
    expect(beacons[3]!.pd).toEqual({});
    await session.page.evaluate(() => (window as unknown as { pinterestTag: (name: string, arg: unknown) => unknown }).pinterestTag('lead', {}));
    const later = await session.waitForBeacons(5);
    expect([later[4]!.event, later[4]!.pd]).toEqual(['lead', { em: EMAIL_HASH }]);
    expect(JSON.stringify(beacons).toLowerCase()).not.toContain('jane.doe');
    session.assertNoTagProblems();
  });
});

describe('click ID', () => {
  it('a landing URL with ?epik=: _epik cookie set, pd.epik sent, TrackedEvent.clickId, kept on the next page', async () => {
    const session = await chromium.open();
    await session.goto(`/fixtures/storefront.html?utm_source=pinterest&epik=${EPIK}`);
    await waitForLive(session.page);
    const landing = await session.waitForBeacons(2);
    expect(landing.map((b) => [b.event, b.pd])).toEqual([
      ['init', { epik: EPIK }],
      ['pagevisit', { epik: EPIK }],
    ]);
    const cookie = (await session.context.cookies()).find((c) => c.name === '_epik');
    expect(cookie).toMatchObject({ value: EPIK, path: '/', sameSite: 'Lax' });
    // About a year, as Pinterest's tag keeps it (SPEC §6).
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(364 * 864e5);
    expect(await command(session.page, 'clickId')).toBe(EPIK);
    const result = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 10 } });
    const events = await trackedEvents(session.page);
    expect(events.map((e) => [e.event, e.clickId])).toEqual([
      ['pagevisit', EPIK],
      ['addtocart', EPIK],
    ]);
    expect(events[1]!.eventId).toBe(result!.eventId);

    // The next page has no ?epik=: the cookie carries it.
    await session.goto('/fixtures/storefront.html');
    await waitForLive(session.page);
    const all = await session.waitForBeacons(5);
    expect(all.slice(3).map((b) => [b.event, b.pd!.epik])).toEqual([
      ['init', EPIK],
      ['pagevisit', EPIK],
    ]);
    expect(await command(session.page, 'clickId')).toBe(EPIK);
    expect((await trackedEvents(session.page)).map((e) => e.clickId)).toEqual([EPIK]);
    expect(all.every((b) => b.tid === TAG_ID)).toBe(true);
    session.assertNoTagProblems();
  });
});
