// @vitest-environment jsdom
// The whole round trip in one process: the browser SDK tracks every action (jsdom), its released events are
// JSON round-tripped as the relay beacon would carry them, and the server entry turns each into its Conversions
// API twin: same event ID, the API's name for the tag's event, and a body Pinterest's schema accepts.
import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from '../../src/common/types';
import { createPinterestTag } from '../../src/index';
import { checkoutEventId, toConversionEvent } from '../../src/server';
import { validateRequest } from '../../stand-ins/conversions-api/fake-capi';

describe('browser event -> Conversions API twin', () => {
  it('gives every action of a real tag instance a valid twin with the same event ID', async () => {
    history.replaceState(null, '', '/products/boots?epik=dj0yJnU9b2JDcFFH');
    const released: TrackedEvent[] = [];
    const tag = createPinterestTag({
      tagId: '2612345678901',
      currency: 'USD',
      customer: { email: 'jane@example.com', phone: '+1 555 010 9999', firstName: 'Jane', lastName: 'Doe', zip: '94103', country: 'US', externalId: 7 },
      limitedDataProcessing: { state: 'CA', country: 'US' },
      onEvent: (event) => released.push(event),
    });
    // The automatic page visit is sent in a microtask after the instance is made.
    await Promise.resolve();
    const results = [
      tag.viewCategory({ category: 'Boots' }),
      tag.search({ query: 'boots' }),
      tag.addToCart({ product: { id: 'SKU-1', price: 25, quantity: 2, variant: 'Red' } }),
      tag.checkout({ orderId: 'A-77', items: [{ id: 'SKU-1', price: 25, quantity: 2 }], promoCode: 'SPRING' }),
      tag.signup({ leadType: 'newsletter' }),
      tag.lead(),
      tag.watchVideo({ videoTitle: 'Lacing' }),
      tag.custom({ value: 3 }),
    ];
    expect(results.map((result) => result.status)).toStrictEqual(Array(8).fill('sent'));
    // The automatic page visit comes first.
    expect(released.map((event) => event.event)).toStrictEqual([
      'pagevisit',
      'viewcategory',
      'search',
      'addtocart',
      'checkout',
      'signup',
      'lead',
      'watchvideo',
      'custom',
    ]);

    const twins = released.map((event) => {
      const result = toConversionEvent(JSON.parse(JSON.stringify(event)), { clientIp: '2001:db8::7', userAgent: navigator.userAgent });
      if (!result.ok) throw new Error(result.errors.join('; '));
      return result.event;
    });
    expect(validateRequest({ data: twins }), JSON.stringify(validateRequest.errors)).toBe(true);
    expect(twins.map((twin) => twin.event_name)).toStrictEqual([
      'page_visit',
      'view_category',
      'search',
      'add_to_cart',
      'checkout',
      'signup',
      'lead',
      'watch_video',
      'custom',
    ]);
    expect(twins.map((twin) => twin.event_id)).toStrictEqual(released.map((event) => event.eventId));
    expect(twins[4]!.event_id).toBe(checkoutEventId('A-77'));
    expect(twins[4]!.custom_data).toStrictEqual({
      value: '50',
      currency: 'USD',
      order_id: 'A-77',
      num_items: 2,
      content_ids: ['SKU-1'],
      contents: [{ id: 'SKU-1', item_price: '25', quantity: 2 }],
      opt_out_type: 'LDP',
    });
    for (const twin of twins) {
      expect(Object.keys(twin.user_data).sort()).toStrictEqual([
        'click_id',
        'client_ip_address',
        'client_user_agent',
        'country',
        'em',
        'external_id',
        'fn',
        'ln',
        'ph',
        'zp',
      ]);
      expect(twin.user_data.click_id).toBe('dj0yJnU9b2JDcFFH');
      expect(twin.event_source_url).toBe('http://localhost:3000/products/boots?epik=dj0yJnU9b2JDcFFH');
      expect(twin.custom_data?.opt_out_type).toBe('LDP');
    }
  });
});
