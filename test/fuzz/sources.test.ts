// Fuzzing the GA4 event source (src/sources/ga4.ts) through the data layer it reads: arbitrary sequences of pushes
// (GA4-shaped objects with malformed and hostile fields, gtag calls, anything at all), before and after the source
// starts. Properties: no push throws, nothing reaches the page's error handlers or console.error; every event the
// tag got is whole and in Pinterest's shape; and no shopper's email put anywhere in the layer leaves plain (not in
// the tag's queue, the listeners, the DOM event, the relay, cookies or storage).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPinterestTag } from '../../src/index';
import { ga4Source } from '../../src/sources/ga4';
import { recordPageListeners, resetPage } from '../support/page';
import { arm, cookieText, email, leaks, mostly, name, params, problemsOf, storageText, tally, timeout, wild } from './support';

recordPageListeners();

const out = { relayed: [] as string[], listened: [] as string[], dom: [] as string[], errors: [] as string[] };

beforeAll(() => {
  document.defaultView!.addEventListener('error', (event) => out.errors.push(String((event as ErrorEvent).error ?? (event as ErrorEvent).message)));
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_url: string, body: unknown) => (out.relayed.push(String(body)), true) });
});
afterAll(() => void Reflect.deleteProperty(navigator, 'sendBeacon'));

const GA4_NAMES = [
  'view_item',
  'view_item_list',
  'search',
  'add_to_cart',
  'add_to_wishlist',
  'begin_checkout',
  'add_payment_info',
  'purchase',
  'sign_up',
  'generate_lead',
];
const OTHER_NAMES = ['view_cart', 'remove_from_cart', 'page_view', 'gtm.js', 'contact', 'custom', 'checkout', '__proto__', 'constructor'];

/** One case: the emails of a shopper, and pushes that put them anywhere text goes. */
const caseOf = fc.array(email, { minLength: 1, maxLength: 3 }).chain((emails) => {
  const shopperText = fc.oneof(
    fc.constantFrom(...emails),
    fc.constantFrom(...emails).map((address) => `gift for ${address}, thanks`),
    name,
    fc.string({ maxLength: 20 }),
  );
  const item = fc.record(
    {
      item_id: mostly(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), shopperText)),
      item_name: mostly(shopperText),
      price: mostly(fc.oneof(fc.double(), fc.string({ maxLength: 8 }), fc.integer({ min: 0, max: 500 }))),
      quantity: mostly(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.string({ maxLength: 3 }))),
      item_category: mostly(shopperText),
      item_brand: mostly(shopperText),
      item_variant: mostly(shopperText),
    },
    { requiredKeys: [] },
  );
  const ecommerce = fc.record(
    {
      currency: mostly(fc.constantFrom('USD', 'eur', 'XYZ', '')),
      value: mostly(fc.oneof(fc.double(), fc.integer({ min: 0, max: 1000 }))),
      transaction_id: mostly(fc.oneof(fc.string({ maxLength: 12 }), shopperText, fc.constant('gid://shopify/Order/1001'))),
      coupon: mostly(shopperText),
      item_list_name: mostly(shopperText),
      items: mostly(fc.array(mostly(item), { maxLength: 4 })),
    },
    { requiredKeys: [] },
  );
  const eventName = mostly(fc.oneof(fc.constantFrom(...GA4_NAMES, ...OTHER_NAMES), fc.string({ maxLength: 12 })));
  const push = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record(
        {
          event: eventName,
          ecommerce: fc.oneof(fc.constant(null), mostly(ecommerce)),
          search_term: mostly(shopperText),
          lead_source: mostly(shopperText),
          user_email: fc.constantFrom(...emails),
        },
        { requiredKeys: [] },
      ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constant('event'), eventName, mostly(fc.oneof(ecommerce, fc.record({ search_term: shopperText }))))
        .map((args) => ({ gtag: args })),
    },
    { weight: 1, arbitrary: wild },
  );
  return fc.record({ emails: fc.constant(emails), before: fc.array(push, { maxLength: 6 }), after: fc.array(push, { maxLength: 10 }) });
});

/** Pushes one generated entry as the page would: an object with dataLayer.push, a gtag call as its arguments object. */
function pushEntry(layer: unknown[], entry: unknown): void {
  // Told apart before arming: the generated case is plain data, an armed hostile value may throw on any look.
  const isGtag = !!entry && typeof entry === 'object' && Object.getPrototypeOf(entry) === Object.prototype && Array.isArray((entry as { gtag?: unknown }).gtag);
  const armed = arm(entry);
  if (isGtag) {
    (function (..._args: unknown[]) {
      // The arguments object, as gtag.js pushes it.
      layer.push(arguments);
    })(...(armed as { gtag: unknown[] }).gtag);
  } else layer.push(armed);
}

describe('fuzz: the GA4 source over arbitrary data layers', () => {
  const runs = 150;
  it(
    'never throws, sends only whole events, and lets no email out plain',
    () => {
      const counter = tally('ga4 data layer');
      const started = Date.now();
      fc.assert(
        fc.property(caseOf, ({ emails, before, after }) => {
          counter.count();
          resetPage();
          for (const list of Object.values(out)) list.length = 0;
          const error = vi.spyOn(console, 'error').mockImplementation(() => {});
          for (const level of ['warn', 'info', 'log'] as const) vi.spyOn(console, level).mockImplementation(() => {});
          addEventListener('pinterest-tag:event', (event) => out.dom.push(JSON.stringify((event as CustomEvent).detail)));
          const layer: unknown[] = [];
          (window as unknown as { dataLayer: unknown[] }).dataLayer = layer;
          for (const entry of before) pushEntry(layer, entry);
          const pinterest = createPinterestTag({
            tagId: '2612345678901',
            currency: 'USD',
            relay: 'http://localhost/relay',
            onEvent: (event) => out.listened.push(JSON.stringify(event)),
          });
          const stop = ga4Source(pinterest);
          for (const entry of after) expect(() => pushEntry(layer, entry)).not.toThrow();
          stop();
          const queue = ((window as unknown as { pintrk?: { queue?: unknown[][] } }).pintrk?.queue ?? []).filter((command) => command[0] === 'track');
          for (const command of queue) expect(problemsOf(command), JSON.stringify(command)).toEqual([]);
          const everything = [JSON.stringify(queue), ...out.relayed, ...out.listened, ...out.dom, cookieText(), storageText()].join('\n');
          expect(leaks(everything, emails)).toEqual([]);
          expect(out.errors).toEqual([]);
          expect(error).not.toHaveBeenCalled();
          vi.restoreAllMocks();
        }),
        params(runs),
      );
      counter.report(started);
    },
    timeout(runs, 30),
  );
});
