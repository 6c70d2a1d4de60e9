// A hostile page in a real browser (issue 10): a prototype-pollution bug elsewhere on the page must not steer what
// the SDK loads, where it sends, or what its events hold.
import { describe, expect, it } from 'vitest';
import { TAG_ID, useChromium } from '../support/chromium';
import { command, trackedEvents, UUID_V4, waitForLive } from './helpers';

const chromium = useChromium();

describe('a page with a polluted Object.prototype', () => {
  it('loads only the store’s core.js, relays nowhere, and sends the events the store asked for, whole', async () => {
    const session = await chromium.open();
    const requested: string[] = [];
    session.page.on('request', (request) => requested.push(request.url()));
    await session.goto('/fixtures/polluted.html');
    await waitForLive(session.page);
    const result = await command(session.page, 'addToCart', { product: { id: 'SKU-1', price: 5 } });
    const beacons = await session.waitForBeacons(3);
    // Only the page, the SDK's two files, and Pinterest's (stand-in) tag: nothing from evil.example.
    expect(requested.filter((url) => url.includes('evil.example'))).toEqual([]);
    expect(session.blocked).toEqual([]);
    expect(session.coreRequests).toEqual(['https://s.pinimg.com/ct/core.js']);
    expect(beacons.map((beacon) => beacon.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(beacons[2]!.ed).toEqual({
      line_items: [{ product_id: 'SKU-1', product_price: 5, product_quantity: 1 }],
      order_quantity: 1,
      value: 5,
      event_id: result!.eventId,
    });
    // No customer came from the prototype: no match keys at all.
    for (const beacon of beacons) expect(beacon.pd).toEqual({});
    // The DOM event works in a real browser under a polluted `value` (jsdom's own CustomEvent does not).
    const events = await trackedEvents(session.page);
    expect(events.map((event) => [event.event, event.eventId])).toEqual([
      ['pagevisit', expect.stringMatching(UUID_V4)],
      ['addtocart', result!.eventId],
    ]);
    const nonces = await session.page.evaluate(() => Array.from(document.scripts, (script) => script.nonce).filter(Boolean));
    expect(nonces).toEqual([]);
    expect(await session.page.evaluate(() => document.querySelector('pinterest-tag-debug'))).toBeNull();
    expect(session.pageErrors).toEqual([]);
    expect(result!.status).toBe('sent');
    expect(TAG_ID).toBe(beacons[0]!.tid);
  });
});
