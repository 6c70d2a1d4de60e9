// Every storefront action, as Pinterest receives it: the standard event name, event data of the right types
// (SPEC §3.2) and the same event_id the SDK returned. No Pinterest Tag error or warning on the console.
import { describe, expect, it } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import type { ActionName } from '../../src/common/types';
import { TAG_ID, useChromium } from '../support/chromium';
import { command, INIT_PARAMS, LIBRARY_HASH, TRACK_PARAMS, UUID_V4, waitForLive } from './helpers';

const chromium = useChromium();

interface Case {
  action: ActionName;
  event: string;
  apiEvent: string;
  input: Record<string, unknown>;
  /** The event data Pinterest must receive, without `event_id`. */
  ed: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    action: 'pageVisit',
    event: 'pagevisit',
    apiEvent: 'page_visit',
    input: { pageName: 'Parker Boots', product: { id: 'SKU-1', name: 'Parker Boots', price: '99.99', category: 'Shoes' }, value: '99.99' },
    ed: {
      page_name: 'Parker Boots',
      line_items: [{ product_id: 'SKU-1', product_name: 'Parker Boots', product_category: 'Shoes', product_price: 99.99, product_quantity: 1 }],
      value: 99.99,
      currency: 'USD',
    },
  },
  {
    action: 'viewCategory',
    event: 'viewcategory',
    apiEvent: 'view_category',
    input: {
      category: 'Shoes',
      items: [
        { id: 'SKU-1', price: 99.99 },
        { id: 'SKU-2', price: '49.50' },
      ],
      value: 149.49,
      currency: 'eur',
    },
    ed: {
      line_items: [
        { product_id: 'SKU-1', product_category: 'Shoes', product_price: 99.99, product_quantity: 1 },
        { product_id: 'SKU-2', product_category: 'Shoes', product_price: 49.5, product_quantity: 1 },
      ],
      value: 149.49,
      currency: 'EUR',
    },
  },
  {
    action: 'search',
    event: 'search',
    apiEvent: 'search',
    input: { query: ' parker boots ', items: [{ id: 'SKU-1', price: 99.99 }], value: 99.99 },
    ed: { search_query: 'parker boots', line_items: [{ product_id: 'SKU-1', product_price: 99.99, product_quantity: 1 }], value: 99.99, currency: 'USD' },
  },
  {
    action: 'addToCart',
    event: 'addtocart',
    apiEvent: 'add_to_cart',
    input: { product: { id: 1414, name: 'Parker Boots', price: '99.99', quantity: 2, brand: 'Parker', variant: 'Red', variantId: '1414-34832' } },
    ed: {
      line_items: [
        {
          product_id: '1414',
          product_name: 'Parker Boots',
          product_brand: 'Parker',
          product_variant: 'Red',
          product_variant_id: '1414-34832',
          product_price: 99.99,
          product_quantity: 2,
        },
      ],
      order_quantity: 2,
      value: 199.98,
      currency: 'USD',
    },
  },
  {
    action: 'checkout',
    event: 'checkout',
    apiEvent: 'checkout',
    input: {
      orderId: 'ORD-1001',
      promoCode: 'SPRING',
      items: [
        { id: '11', name: 'Pillows (Set of 2)', price: 48, quantity: 1 },
        { id: '12', name: 'Throw blanket', price: '34', quantity: '2' },
      ],
    },
    ed: {
      order_id: 'ORD-1001',
      promo_code: 'SPRING',
      line_items: [
        { product_id: '11', product_name: 'Pillows (Set of 2)', product_price: 48, product_quantity: 1 },
        { product_id: '12', product_name: 'Throw blanket', product_price: 34, product_quantity: 2 },
      ],
      order_quantity: 3,
      value: 116,
      currency: 'USD',
    },
  },
  {
    action: 'signup',
    event: 'signup',
    apiEvent: 'signup',
    input: { leadType: 'account', value: 10 },
    ed: { lead_type: 'account', value: 10, currency: 'USD' },
  },
  {
    action: 'lead',
    event: 'lead',
    apiEvent: 'lead',
    input: { leadType: 'newsletter', value: '5.00', currency: 'GBP' },
    ed: { lead_type: 'newsletter', value: 5, currency: 'GBP' },
  },
  {
    action: 'watchVideo',
    event: 'watchvideo',
    apiEvent: 'watch_video',
    input: { videoTitle: 'How to lace boots', value: 0 },
    ed: { video_title: 'How to lace boots', value: 0, currency: 'USD' },
  },
  {
    action: 'custom',
    event: 'custom',
    apiEvent: 'custom',
    input: { orderId: 'Q-7', items: [{ id: 'SKU-3', price: '15', quantity: 3, category: 'Socks' }] },
    ed: {
      order_id: 'Q-7',
      line_items: [{ product_id: 'SKU-3', product_category: 'Socks', product_price: 15, product_quantity: 3 }],
      order_quantity: 3,
      value: 45,
      currency: 'USD',
    },
  },
];

describe('storefront actions', () => {
  for (const { action, event, apiEvent, input, ed } of CASES) {
    it(`${action}: one '${event}' request with typed event data and the returned event_id`, async () => {
      const session = await chromium.open();
      await session.goto('/fixtures/actions.html');
      await waitForLive(session.page);
      const [init] = await session.waitForBeacons(1);
      expect(init).toMatchObject({ event: 'init', tid: TAG_ID, pd: {}, params: INIT_PARAMS });

      const result = await command(session.page, action, input);
      const expectedId = action === 'checkout' ? checkoutEventId('ORD-1001') : expect.stringMatching(UUID_V4);
      expect(result).toEqual({ event, apiEvent, eventId: expectedId, status: 'sent' });

      const beacons = await session.waitForBeacons(2);
      expect(beacons).toHaveLength(2);
      const beacon = beacons[1]!;
      expect(beacon.params).toEqual(TRACK_PARAMS);
      expect(beacon.method).toBe('GET');
      expect(beacon.event).toBe(event);
      expect(beacon.tid).toBe(TAG_ID);
      expect(beacon.ed).toEqual({ ...ed, event_id: result!.eventId });
      expect(typeof beacon.ed!.value).toBe('number');
      if ('order_quantity' in ed) expect(Number.isInteger(beacon.ed!.order_quantity)).toBe(true);
      for (const item of (beacon.ed!.line_items ?? []) as Array<Record<string, unknown>>) {
        expect(typeof item.product_id).toBe('string');
        expect(typeof item.product_price).toBe('number');
        expect(Number.isInteger(item.product_quantity)).toBe(true);
      }
      expect(beacon.ad).toMatchObject({ loc: `${chromium.server.origin}/fixtures/actions.html`, mh: expect.stringMatching(LIBRARY_HASH) });
      expect(beacon.cb).toBeGreaterThanOrEqual(init!.cb);
      session.assertNoTagProblems();
    });
  }

  it('a cart too large for a GET URL goes as a POST form with the same fields', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/actions.html');
    await waitForLive(session.page);
    await session.waitForBeacons(1);
    const items = Array.from({ length: 30 }, (_, i) => ({ id: `SKU-${i}`, name: `Product number ${i}`, price: 10, quantity: 1 }));
    const result = await command(session.page, 'addToCart', { items });
    const beacons = await session.waitForBeacons(2);
    const beacon = beacons[1]!;
    expect(beacon.method).toBe('POST');
    expect(beacon.url).toBe('https://ct.pinterest.com/v3/');
    expect(beacon.params).toEqual(TRACK_PARAMS);
    expect(beacon.event).toBe('addtocart');
    expect(beacon.ed).toMatchObject({ order_quantity: 30, value: 300, currency: 'USD', event_id: result!.eventId });
    expect(beacon.ed!.line_items).toHaveLength(30);
    session.assertNoTagProblems();
  });
});
