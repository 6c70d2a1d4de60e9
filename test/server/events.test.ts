import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENTS } from '../../src/common/catalog';
import { buildEventData } from '../../src/common/event-data';
import * as ids from '../../src/common/event-id';
import { hashCustomer, hashMatchValue } from '../../src/common/match-keys';
import { sha256 } from '../../src/common/sha256';
import type { ActionInputs, ActionName, Customer, TrackedEvent } from '../../src/common/types';
import type { ConversionEvent, ConversionResult, ServerAction } from '../../src/server';
import { checkoutEventId, toConversionEvent } from '../../src/server';
import { MAX_EVENT_AGE_MS } from '../../src/server/conversion-event';
import { nodeSha256 } from '../../src/server/node-sha256';
import { validateRequest } from '../../stand-ins/conversions-api/fake-capi';
import { email } from '../fuzz/support';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0, 250);
const BROWSER = { clientIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)', now: NOW };
const URL_ = 'https://shop.example/products/boots?color=red';

/** One realistic input per action, using every field the action takes. */
const INPUTS: { [A in ActionName]: ActionInputs[A] } = {
  pageVisit: {
    product: { id: 'SKU-1', name: 'Parker Boots', price: 99.99, category: 'Shoes', brand: 'Parker', variant: 'Red', variantId: 'SKU-1-R' },
    pageName: 'Boots',
    currency: 'USD',
  },
  viewCategory: { category: 'Shoes', pageName: 'Shoes' },
  search: { query: 'red boots' },
  addToCart: {
    items: [
      { id: 'SKU-1', price: '9.50', quantity: 2 },
      { id: 42, price: 1, name: 'Socks' },
    ],
    currency: 'eur',
  },
  checkout: {
    orderId: 'A-1001',
    items: [
      { id: 'SKU-1', price: 48, quantity: 1, variant: 'Blue' },
      { id: 'SKU-2', price: 34, quantity: 2 },
    ],
    currency: 'USD',
    promoCode: 'SPRING',
  },
  signup: { leadType: 'newsletter' },
  lead: { leadType: 'quote' },
  watchVideo: { videoTitle: 'How to lace boots' },
  custom: { orderId: 'C-1', value: 5, currency: 'GBP' },
  initiateCheckout: { items: [{ id: 'SKU-1', price: 48, quantity: 1 }], currency: 'USD', promoCode: 'SPRING' },
  addToWishlist: { product: { id: 'SKU-2', price: 34, name: 'Scarf' }, currency: 'USD' },
  addPaymentInfo: { value: 82, currency: 'USD', promoCode: 'SPRING' },
  viewContent: { product: { id: 'SKU-3', name: 'Lookbook', category: 'Guides' }, pageName: 'Lookbook' },
  subscribe: { value: 9.99, currency: 'USD' },
  contact: { leadType: 'chat' },
  startTrial: { value: 0, currency: 'USD' },
  submitApplication: { leadType: 'wholesale' },
  schedule: { leadType: 'fitting' },
  findLocation: {},
  customizeProduct: { product: { id: 'SKU-4', price: 120, variant: 'Engraved' }, currency: 'USD' },
};

const CUSTOMER: Required<Customer> = {
  email: ' Jane.Doe@Example.COM ',
  phone: '+1 (555) 010-9999',
  firstName: 'Jane',
  lastName: 'Doe',
  gender: 'female',
  dateOfBirth: '1990-05-17',
  city: 'San Francisco',
  state: 'CA',
  zip: '94103-1234',
  country: 'US',
  externalId: 'cust-77',
};
const KEYS = {
  email: 'em',
  phone: 'ph',
  firstName: 'fn',
  lastName: 'ln',
  gender: 'ge',
  dateOfBirth: 'db',
  city: 'ct',
  state: 'st',
  zip: 'zp',
  country: 'country',
  externalId: 'external_id',
} as const;

const ACTIONS = Object.keys(INPUTS) as ActionName[];

function expectOk(result: ConversionResult): ConversionEvent {
  if (!result.ok) throw new Error(`expected an event, got errors: ${result.errors.join('; ')}`);
  return result.event;
}

function expectValid(...events: ConversionEvent[]): void {
  const ok = validateRequest({ data: events });
  expect(validateRequest.errors ?? [], JSON.stringify(validateRequest.errors)).toStrictEqual([]);
  expect(ok).toBe(true);
}

/** What the browser relays for an action: built by the browser's own code, JSON round-tripped like a beacon. */
function relayed(action: ActionName, extra: Partial<TrackedEvent> = {}): TrackedEvent {
  const data = buildEventData(action, INPUTS[action], undefined, (message) => {
    throw new Error(message);
  })!;
  const eventId = action === 'checkout' ? checkoutEventId(data.order_id as string) : ids.randomEventId();
  const tracked: TrackedEvent = {
    event: EVENTS[action].tag,
    apiEvent: EVENTS[action].api,
    eventId,
    data: { ...data, event_id: eventId },
    time: NOW - 1500,
    url: URL_,
    ...extra,
  };
  return JSON.parse(JSON.stringify(tracked)) as TrackedEvent;
}

describe('toConversionEvent: every event validates against Pinterest’s request schema', () => {
  it.each(ACTIONS)('%s from a server action, with each match key alone and all together', (action) => {
    const events: ConversionEvent[] = [];
    for (const [field, key] of Object.entries(KEYS)) {
      const event = expectOk(
        toConversionEvent({ action, data: INPUTS[action], customer: { [field]: CUSTOMER[field as keyof Customer] } } as ServerAction, BROWSER),
      );
      expect(event.user_data[key]).toStrictEqual([hashMatchValue(key, CUSTOMER[field as keyof Customer])]);
      events.push(event);
    }
    const all = expectOk(toConversionEvent({ action, data: INPUTS[action], customer: CUSTOMER } as ServerAction, {}));
    expect(Object.keys(all.user_data).sort()).toStrictEqual(Object.values(KEYS).sort());
    for (const key of Object.values(KEYS)) expect(all.user_data[key]).toStrictEqual([expect.stringMatching(/^[a-f0-9]{64}$/)]);
    events.push(all);
    expectValid(...events);
  });

  it.each(ACTIONS)('%s relayed from the browser, with every match key, click ID and LDP', (action) => {
    const match = Object.fromEntries(Object.entries(KEYS).map(([field, key]) => [key, hashMatchValue(key, CUSTOMER[field as keyof Customer])]));
    const tracked = relayed(action, { match, clickId: 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBk', ldp: true });
    const event = expectOk(toConversionEvent(tracked, BROWSER));
    expect(event.event_name).toBe(tracked.apiEvent);
    expect(event.event_id).toBe(tracked.eventId);
    expect(event.user_data).toStrictEqual({
      ...Object.fromEntries(Object.entries(match).map(([key, hash]) => [key, [hash]])),
      client_ip_address: '203.0.113.7',
      client_user_agent: 'Mozilla/5.0 (test)',
      click_id: 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBk',
    });
    expect(event.custom_data?.opt_out_type).toBe('LDP');
    expectValid(event);
  });
});

describe('toConversionEvent: the mapping (SPEC §8)', () => {
  it('names each event as the Conversions API does: addtocart <-> add_to_cart', () => {
    const names = Object.fromEntries(ACTIONS.map((action) => [relayed(action).event, expectOk(toConversionEvent(relayed(action), BROWSER)).event_name]));
    expect(names).toStrictEqual({
      pagevisit: 'page_visit',
      viewcategory: 'view_category',
      search: 'search',
      addtocart: 'add_to_cart',
      checkout: 'checkout',
      signup: 'signup',
      lead: 'lead',
      watchvideo: 'watch_video',
      custom: 'custom',
      initiatecheckout: 'initiate_checkout',
      addtowishlist: 'add_to_wishlist',
      addpaymentinfo: 'add_payment_info',
      viewcontent: 'view_content',
      subscribe: 'subscribe',
      contact: 'contact',
      starttrial: 'start_trial',
      submitapplication: 'submit_application',
      schedule: 'schedule',
      findlocation: 'find_location',
      customizeproduct: 'customize_product',
    });
    for (const action of ACTIONS) {
      expect(expectOk(toConversionEvent({ action, data: INPUTS[action] } as ServerAction, BROWSER)).event_name).toBe(names[EVENTS[action].tag]);
    }
  });

  it('builds a checkout exactly: strings for value and item_price, seconds, the order’s event ID, tag-only fields dropped', () => {
    const event = expectOk(
      toConversionEvent(
        { action: 'checkout', data: INPUTS.checkout, customer: { email: CUSTOMER.email }, url: 'https://shop.example/thank-you', time: NOW - 60_000 },
        BROWSER,
      ),
    );
    expect(event).toStrictEqual({
      event_name: 'checkout',
      action_source: 'web',
      event_time: Math.floor((NOW - 60_000) / 1000),
      event_id: checkoutEventId('A-1001'),
      event_source_url: 'https://shop.example/thank-you',
      user_data: { em: [hashMatchValue('em', CUSTOMER.email)], client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (test)' },
      custom_data: {
        value: '116',
        currency: 'USD',
        order_id: 'A-1001',
        num_items: 3,
        content_ids: ['SKU-1', 'SKU-2'],
        contents: [
          { id: 'SKU-1', item_price: '48', quantity: 1 },
          { id: 'SKU-2', item_price: '34', quantity: 2 },
        ],
      },
    });
    expect(typeof event.custom_data?.value).toBe('string');
  });

  it('maps a product page’s line item with name, category and brand, and drops page_name and the variant', () => {
    const event = expectOk(toConversionEvent(relayed('pageVisit'), BROWSER));
    // No value: the browser sums item prices into a value only for add to cart, checkout and custom.
    expect(event.custom_data).toStrictEqual({
      content_ids: ['SKU-1'],
      contents: [{ id: 'SKU-1', item_price: '99.99', quantity: 1, item_name: 'Parker Boots', item_category: 'Shoes', item_brand: 'Parker' }],
    });
    expect(event.event_time).toBe(Math.floor((NOW - 1500) / 1000));
    expect(event.event_source_url).toBe(URL_);
  });

  it('maps an add to cart with a numeric-string price and a numeric ID to strings', () => {
    const event = expectOk(toConversionEvent({ action: 'addToCart', data: INPUTS.addToCart }, BROWSER));
    expect(event.custom_data).toStrictEqual({
      value: '20',
      currency: 'EUR',
      num_items: 3,
      content_ids: ['SKU-1', '42'],
      contents: [
        { id: 'SKU-1', item_price: '9.5', quantity: 2 },
        { id: '42', item_price: '1', quantity: 1, item_name: 'Socks' },
      ],
    });
  });

  it('maps a category page to content_category and a search to search_string', () => {
    expect(expectOk(toConversionEvent(relayed('viewCategory'), BROWSER)).custom_data).toStrictEqual({ content_category: 'Shoes' });
    expect(expectOk(toConversionEvent(relayed('search'), BROWSER)).custom_data).toStrictEqual({ search_string: 'red boots' });
  });

  it('leaves out custom_data for events whose fields are all tag-only (lead_type, video_title)', () => {
    for (const action of ['signup', 'lead', 'watchVideo'] as const) {
      const event = expectOk(toConversionEvent(relayed(action), BROWSER));
      expect(event.custom_data).toBeUndefined();
      expect(Object.keys(relayed(action).data)).toContain(action === 'watchVideo' ? 'video_title' : 'lead_type');
    }
  });

  it('drops tag-only and unknown fields that the Conversions API would refuse (SPEC §11.4)', () => {
    const tracked = relayed('custom');
    tracked.data = {
      ...tracked.data,
      promo_code: 'X',
      property: 'Athleta',
      lead_type: 'a',
      video_title: 'b',
      page_name: 'c',
      category_name: 'd',
      line_items: [{ product_id: '1', product_variant: 'Red', product_variant_id: '1-R' }],
    };
    const event = expectOk(toConversionEvent(tracked, BROWSER));
    expect(event.custom_data).toStrictEqual({ value: '5', currency: 'GBP', order_id: 'C-1', content_ids: ['1'], contents: [{ id: '1' }] });
    expectValid(event);
  });

  it('gives a checkout the event ID of its order, the browser’s own function, and keeps an ID it is given', async () => {
    expect(checkoutEventId).toBe(ids.checkoutEventId);
    // The other shared helpers the server entry exports are the browser's functions too, not copies.
    const server = await import('../../src/server');
    const normalize = await import('../../src/common/match-keys');
    const hash = await import('../../src/common/sha256');
    expect(server.hashMatchValue).toBe(normalize.hashMatchValue);
    expect(server.normalizeMatchValue).toBe(normalize.normalizeMatchValue);
    expect(server.hashCustomer).toBe(normalize.hashCustomer);
    expect(server.sha256).toBe(hash.sha256);
    expect(expectOk(toConversionEvent({ action: 'checkout', data: { orderId: 1001 } }, BROWSER)).event_id).toBe(ids.checkoutEventId('1001'));
    expect(expectOk(toConversionEvent({ action: 'checkout', data: { orderId: 1001 }, eventId: 'given-1' }, BROWSER)).event_id).toBe('given-1');
    expect(expectOk(toConversionEvent({ action: 'lead', data: { eventId: 'from-data' } }, BROWSER)).event_id).toBe('from-data');
    const random = expectOk(toConversionEvent({ action: 'lead' }, BROWSER)).event_id;
    expect(random).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes the click ID from the event first, then from the context', () => {
    expect(expectOk(toConversionEvent(relayed('lead', { clickId: 'from-event' }), { ...BROWSER, clickId: 'from-cookie' })).user_data.click_id).toBe(
      'from-event',
    );
    expect(expectOk(toConversionEvent(relayed('lead'), { ...BROWSER, clickId: 'from-cookie' })).user_data.click_id).toBe('from-cookie');
    const bad = toConversionEvent(relayed('lead'), { ...BROWSER, clickId: 'not a click id' });
    expect(bad).toStrictEqual({
      ok: true,
      event: expect.not.objectContaining({ user_data: expect.objectContaining({ click_id: expect.anything() }) }),
      warnings: ['context.clickId is not a Pinterest click ID; it was left out'],
    });
  });

  it('sends event_time in seconds, and takes a browser clock a little ahead as now', () => {
    expect(expectOk(toConversionEvent(relayed('lead', { time: NOW - 1 }), BROWSER)).event_time).toBe(Math.floor(NOW / 1000));
    expect(expectOk(toConversionEvent(relayed('lead', { time: NOW + 120_000 }), BROWSER)).event_time).toBe(Math.floor(NOW / 1000));
    expect(expectOk(toConversionEvent({ action: 'lead', time: new Date(NOW - 3_000_000) }, BROWSER)).event_time).toBe(Math.floor((NOW - 3_000_000) / 1000));
  });

  it('warns, by field name only, about customer fields it cannot use', () => {
    const result = toConversionEvent({ action: 'lead', customer: { email: 'jane@example.com', phone: 'call me' } }, BROWSER);
    expect(result).toStrictEqual({
      ok: true,
      event: expect.objectContaining({ event_name: 'lead' }),
      warnings: ['customer.phone is not valid for this field, and was left out'],
    });
  });
});

describe('toConversionEvent: events Pinterest would refuse are reported, not built', () => {
  const errorsOf = (input: unknown, context = BROWSER): string[] => {
    const result = toConversionEvent(input as TrackedEvent, context);
    if (result.ok) throw new Error('expected errors');
    return result.errors;
  };

  it('refuses an event with no email and no IP address + user agent pair', () => {
    const needs = ['user_data needs a hashed email (em), or both the client IP address and user agent'];
    expect(errorsOf(relayed('lead'), { now: NOW } as typeof BROWSER)).toStrictEqual(needs);
    expect(errorsOf(relayed('lead'), { clientIp: '203.0.113.7', now: NOW } as typeof BROWSER)).toStrictEqual(needs);
    expect(errorsOf({ action: 'lead', customer: { phone: '+15550109999' } }, { userAgent: 'UA', now: NOW } as typeof BROWSER)).toStrictEqual(needs);
    // Either one suffices.
    expect(toConversionEvent(relayed('lead', { match: { em: hashMatchValue('em', 'a@b.co') } }), { now: NOW }).ok).toBe(true);
  });

  it('refuses unknown events and actions, and an apiEvent that does not belong to the event', () => {
    const tags = Object.values(EVENTS).map((row) => row.tag);
    expect(errorsOf({ ...relayed('lead'), event: 'add_to_cart' })).toStrictEqual([`event must be a Pinterest tag event name: ${tags.join(', ')}`]);
    expect(errorsOf({ ...relayed('lead'), event: 'toString' })[0]).toMatch(/^event must be/);
    expect(errorsOf({ ...relayed('lead'), apiEvent: 'signup' })).toStrictEqual(["apiEvent must be 'lead' for 'lead'"]);
    expect(errorsOf({ action: 'purchase' })).toStrictEqual([`action must be one of ${Object.keys(EVENTS).join(', ')}`]);
  });

  it('refuses bad data, naming each field and never its value', () => {
    const tracked = relayed('checkout');
    tracked.data = {
      ...tracked.data,
      value: 'lots',
      currency: 'dollars',
      order_quantity: 1.5,
      line_items: [{ product_id: {}, product_price: -1, product_quantity: 0, product_name: [] }, 'x'],
    };
    expect(errorsOf(tracked)).toStrictEqual([
      'data.value must be a number of 0 or more',
      'data.currency must be an ISO-4217 code',
      'data.order_quantity must be a whole number of 1 or more',
      'data.line_items[0].product_id must be a string',
      'data.line_items[0].product_price must be a number of 0 or more',
      'data.line_items[0].product_quantity must be a whole number of 1 or more',
      'data.line_items[0].product_name must be a string',
      'data.line_items[1] must be an object',
    ]);
    expect(errorsOf({ action: 'checkout', data: { items: [] } })).toStrictEqual(['data.orderId must be given for this event, not undefined']);
    expect(errorsOf({ action: 'search', data: { query: '' } })).toStrictEqual(['data.query must be given for this event, not ""']);
    expect(errorsOf({ ...relayed('lead'), data: [] })).toStrictEqual(['data must be an object']);
  });

  it('refuses an event time more than 7 days ago, or in the future', () => {
    expect(errorsOf(relayed('lead', { time: NOW - MAX_EVENT_AGE_MS - 1 }))).toStrictEqual([
      'time is more than 7 days ago: the Conversions API refuses such events',
    ]);
    expect(toConversionEvent(relayed('lead', { time: NOW - MAX_EVENT_AGE_MS + 1000 }), BROWSER).ok).toBe(true);
    expect(errorsOf(relayed('lead', { time: NOW + 3_600_000 }))).toStrictEqual(['time is in the future']);
    expect(errorsOf({ ...relayed('lead'), time: '2026-11-29' })).toStrictEqual(['time must be a time in milliseconds']);
  });

  it('refuses plain personal data in match, an event_id in data that differs, and a bad URL or event ID', () => {
    expect(errorsOf(relayed('lead', { match: { em: 'jane@example.com' } }))).toStrictEqual(['match.em must be a SHA-256 hex string']);
    expect(errorsOf({ ...relayed('lead'), data: { event_id: 'other' } })).toStrictEqual(['data.event_id must equal eventId']);
    expect(errorsOf(relayed('lead', { url: 'javascript:alert(1)' }))).toStrictEqual(['url must be an http or https URL']);
    expect(errorsOf({ ...relayed('lead'), url: undefined })).toStrictEqual(['url must be an http or https URL']);
    expect(errorsOf({ ...relayed('lead'), eventId: '', data: {} })).toStrictEqual(['eventId must be a non-empty string of printable characters']);
    expect(errorsOf(relayed('lead', { clickId: 'has spaces' }))).toStrictEqual(['clickId must be a Pinterest click ID (URL-safe text)']);
    expect(errorsOf({ action: 'lead', eventId: 'a', data: { eventId: 'b' } })).toStrictEqual(['eventId and data.eventId differ']);
    expect(errorsOf(relayed('lead'), { ...BROWSER, clientIp: 'localhost' })).toStrictEqual([
      'context.clientIp must be an IPv4 or IPv6 address',
      'user_data needs a hashed email (em), or both the client IP address and user agent',
    ]);
  });

  it('never throws, and every event it builds from arbitrary input validates against the schema', () => {
    const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true, withTypedArray: true });
    const trackedish = fc.record(
      {
        event: fc.constantFrom(...Object.values(EVENTS).map((row) => row.tag), 'x'),
        eventId: fc.oneof(fc.uuid(), fc.string()),
        data: fc.dictionary(
          fc.constantFrom('value', 'currency', 'order_id', 'order_quantity', 'search_query', 'line_items', 'promo_code', 'event_id'),
          anything,
        ),
        time: fc.oneof(fc.integer({ min: NOW - 9 * 864e5, max: NOW + 864e5 }), anything),
        url: fc.oneof(fc.webUrl(), anything),
        match: fc.dictionary(fc.constantFrom('em', 'ph', 'zz'), fc.oneof(fc.stringMatching(/^[a-f0-9]{64}$/), anything)),
        clickId: anything,
        ldp: anything,
      },
      { requiredKeys: [] },
    );
    const actionish = fc.record(
      {
        action: fc.constantFrom(...ACTIONS, 'x'),
        data: fc.oneof(fc.constantFrom(...Object.values(INPUTS)), anything),
        customer: anything,
        time: anything,
        url: anything,
      },
      { requiredKeys: ['action'] },
    );
    fc.assert(
      fc.property(fc.oneof(trackedish, actionish, anything), (input) => {
        const result = toConversionEvent(input as TrackedEvent, BROWSER);
        if (result.ok) expectValid(result.event);
        else expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toConversionEvent: hashing, consent and Pinterest’s number limits', () => {
  const errorsOf = (input: unknown, context = BROWSER): string[] => {
    const result = toConversionEvent(input as TrackedEvent, context);
    if (result.ok) throw new Error('expected errors');
    return result.errors;
  };

  it('hashes with node:crypto exactly as the browser’s plain-JavaScript SHA-256, on random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 80 }), email), (text) => {
        expect(nodeSha256(text)).toBe(sha256(text));
      }),
      { numRuns: 2000 },
    );
    // Lone surrogates are U+FFFD for both, as TextEncoder makes them.
    for (const odd of ['\ud800', 'a\udc00b', '\ud83d']) expect(nodeSha256(odd)).toBe(sha256(odd));
    // And a whole customer hashes to the browser's keys, whatever the values (plain, odd, or already hashed).
    const values = fc.oneof(
      fc.string({ maxLength: 40 }),
      email,
      fc.constantFrom(' Jane ', 'US', 'f', 'Female', '1990-05-17', '+1 (555) 010-9999', 'São Paulo', 'a'.repeat(64), ` ${'AB'.repeat(32)} `),
    );
    fc.assert(
      fc.property(
        fc.record(
          {
            email: values,
            phone: values,
            firstName: values,
            lastName: values,
            gender: values,
            dateOfBirth: values,
            city: values,
            state: values,
            zip: values,
            country: values,
            externalId: values,
          },
          { requiredKeys: [] },
        ),
        (customer) => {
          const result = toConversionEvent({ action: 'lead', customer }, BROWSER);
          const sent = result.ok ? result.event.user_data : {};
          const browser = hashCustomer(customer);
          const keys = Object.entries(sent).filter(([key]) => !['client_ip_address', 'client_user_agent', 'click_id'].includes(key));
          expect(Object.fromEntries(keys.map(([key, value]) => [key, (value as string[])[0]]))).toStrictEqual(browser);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('sends no match keys and no click ID when ad user data is denied, only the IP address and user agent', () => {
    const match = { em: hashMatchValue('em', 'jane@example.com'), ph: hashMatchValue('ph', '+15550109999') };
    const relayedEvent = expectOk(
      toConversionEvent(relayed('lead', { match, clickId: 'dj0yJnU9b2JDcFFH', adUserData: 'denied', ldp: true }), { ...BROWSER, clickId: 'from-cookie' }),
    );
    expect(relayedEvent.user_data).toStrictEqual({ client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (test)' });
    expect(relayedEvent.custom_data?.opt_out_type).toBe('LDP');
    const action = expectOk(
      toConversionEvent(
        { action: 'checkout', data: { orderId: '77' }, customer: CUSTOMER, clickId: 'dj0yJnU9', adUserData: 'denied' },
        { ...BROWSER, clickId: 'from-cookie' },
      ),
    );
    expect(action.user_data).toStrictEqual({ client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (test)' });
    expectValid(relayedEvent, action);
    // Without the IP address and user agent nothing identifies the event: Pinterest would refuse it.
    expect(toConversionEvent(relayed('lead', { match, adUserData: 'denied' }), { now: NOW }).ok).toBe(false);
    const odd = toConversionEvent({ ...relayed('lead'), adUserData: 'granted' } as unknown as TrackedEvent, BROWSER);
    expect(odd).toStrictEqual({ ok: false, errors: ["adUserData must be 'denied' when given"] });
  });

  it('keeps whole numbers within int64, amounts finite and plain, texts and URLs within bounds', () => {
    const tracked = relayed('checkout');
    tracked.data = { ...tracked.data, order_quantity: 2 ** 60, line_items: [{ product_id: 'A', product_quantity: 2 ** 53, product_price: 1e300 }] };
    expect(errorsOf(tracked)).toStrictEqual([
      'data.order_quantity must be a whole number of 1 or more',
      'data.line_items[0].product_price must be a number of 0 or more',
      'data.line_items[0].product_quantity must be a whole number of 1 or more',
    ]);
    const tiny = relayed('custom');
    tiny.data = { ...tiny.data, value: 1e-7, line_items: [{ product_id: 'A', product_price: 19.99 }] };
    expect(expectOk(toConversionEvent(tiny, BROWSER)).custom_data).toMatchObject({ value: '0', contents: [{ id: 'A', item_price: '19.99' }] });
    const long = relayed('search');
    long.data = { ...long.data, search_query: 'x'.repeat(5000) };
    expect(expectOk(toConversionEvent(long, BROWSER)).custom_data?.search_string).toHaveLength(500);
    expect(errorsOf(relayed('lead', { url: `https://shop.example/?q=${'x'.repeat(5000)}` }))).toStrictEqual(['url must be at most 4096 characters']);
    const many = relayed('addToCart');
    many.data = { ...many.data, line_items: Array.from({ length: 501 }, (_, i) => ({ product_id: `P${i}` })) };
    expect(errorsOf(many)).toStrictEqual(['data.line_items must hold at most 500 items']);
  });
});
