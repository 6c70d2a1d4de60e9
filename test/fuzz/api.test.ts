// Fuzzing every public call of an instance (createPinterestTag and its methods) in jsdom: arbitrary options and
// arbitrary sequences of calls with well-formed, malformed and hostile arguments (revoked proxies, throwing
// getters, cyclic objects…). Properties: nothing throws into the page; nothing is half-sent (each call's status
// says exactly what reached the tag, listeners and the relay, and every event that reached them is whole); and no
// plain email or phone leaves, whatever door it came in by.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTIONS } from '../../src/common/catalog';
import type { ActionName, PinterestTag, PinterestTagOptions, TrackResult } from '../../src/common/types';
import { checkoutEventId, createPinterestTag } from '../../src/index';
import { recordPageListeners, resetPage, STATUSES } from '../support/page';
import { arm, cookieText, email, Hostile, leaks, mostly, name, params, phone, problemsOf, storageText, tally, timeout, wild } from './support';

recordPageListeners();

const TAG_ID = '2612345678901';

// --- what a page sees ----------------------------------------------------------------------------------------

/** Everything that leaves the SDK in this jsdom page: beacons and fetches to the relay, listener and DOM events. */
const out = { beacons: [] as string[], fetched: [] as string[], listened: [] as string[], dom: [] as string[], errors: [] as string[] };

beforeAll(() => {
  // jsdom reports what a listener throws on its own window, which in vitest is not `globalThis`.
  document.defaultView!.addEventListener('error', (event) => out.errors.push(String((event as ErrorEvent).error ?? (event as ErrorEvent).message)));
  // The relay's transports: recorded, never sent (half the time sendBeacon refuses, so fetch is tried too).
  let flip = false;
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (_url: string, body: unknown) => (out.beacons.push(String(body)), (flip = !flip)),
  });
  vi.stubGlobal(
    'fetch',
    (_url: unknown, init?: { body?: unknown }) => (out.fetched.push(String(init?.body)), Promise.resolve(new Response(null, { status: 202 }))),
  );
});
afterAll(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'sendBeacon');
});

/** A fresh page for one case: no SDK state, no listeners of the last case, a quiet console. */
function freshPage(): void {
  resetPage();
  for (const list of Object.values(out)) list.length = 0;
  for (const level of ['warn', 'error', 'info', 'log'] as const) vi.spyOn(console, level).mockImplementation(() => {});
  addEventListener('pinterest-tag:event', (event) => out.dom.push(JSON.stringify((event as CustomEvent).detail)));
}

type Command = unknown[];
const queue = (): Command[] => (window as unknown as { pintrk?: { queue?: Command[] } }).pintrk?.queue ?? [];
const tracks = (): Command[] => queue().filter((command) => command[0] === 'track');

/** Every window personal data could leave by. */
const everything = (): string => [JSON.stringify(queue()), cookieText(), storageText(), ...out.listened, ...out.dom, ...out.beacons, ...out.fetched].join('\n');

// --- inputs --------------------------------------------------------------------------------------------------

const text = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('', '  ', 'Boots', 'Red', '  Parker  '), fc.string({ unit: 'grapheme', maxLength: 10 }));
const price = fc.oneof(
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.integer({ min: -5, max: 500 }),
  fc.constantFrom('19.99', ' 5 ', '.5', '-1', '1e3', 'abc', ''),
);
const quantity = fc.oneof(fc.integer({ min: -2, max: 50 }), fc.constantFrom('2', ' 3 ', '1.5', '0'));
const sku = fc.oneof(fc.constantFrom('SKU-1', 'SKU-2', ' 42 ', ''), fc.integer({ min: 0, max: 1e6 }), fc.string({ maxLength: 12 }));

const lineItem = fc.record(
  {
    id: mostly(sku),
    name: mostly(text),
    price: mostly(price),
    quantity: mostly(quantity),
    category: mostly(text),
    brand: mostly(text),
    variant: mostly(text),
    variantId: mostly(sku),
  },
  { requiredKeys: [] },
);

/** Line items and inputs an honest theme would send: every value valid, so calls get deep and are sent. */
const goodItem = fc.record(
  {
    id: fc.constantFrom('SKU-1', 'SKU-2', 42),
    name: fc.constantFrom('Parker Boots', 'Sock'),
    price: fc.constantFrom(19.99, '5', 0),
    quantity: fc.constantFrom(1, 2, '3'),
    category: fc.constantFrom('Shoes', ''),
  },
  { requiredKeys: ['id'] },
);
const goodInput = fc.record(
  {
    items: fc.array(goodItem, { minLength: 1, maxLength: 3 }),
    value: fc.constantFrom(10, '12.50'),
    currency: fc.constantFrom('USD', 'eur'),
    // A few order IDs over and over, so that repeated checkouts (status 'duplicate') come up.
    orderId: fc.constantFrom('1001', '1002', ' 1001 '),
    promoCode: fc.constantFrom('SPRING', ''),
    query: fc.constantFrom('boots', ' red '),
    category: fc.constantFrom('Shoes'),
    pageName: fc.constantFrom('Home'),
  },
  { requiredKeys: ['orderId', 'query'] },
);

/** Each field well-formed, malformed or wild. */
const mixedInput = fc.record(
  {
    items: mostly(fc.array(mostly(lineItem), { maxLength: 4 })),
    product: mostly(lineItem),
    value: mostly(price),
    currency: mostly(fc.constantFrom('USD', 'eur', ' GBP ', 'XYZ', 'US', 'usd1')),
    orderId: mostly(fc.oneof(fc.constantFrom('1001', '1002'), sku, fc.uuid())),
    promoCode: mostly(text),
    query: mostly(text),
    leadType: mostly(text),
    videoTitle: mostly(text),
    pageName: mostly(text),
    category: mostly(text),
    eventId: mostly(fc.oneof(fc.uuid(), fc.constantFrom('', ' ', 'evt-1'))),
  },
  { requiredKeys: [] },
);

/** An action's input: well-formed, mixed, or not an input at all. */
const actionInput = fc.oneof({ weight: 3, arbitrary: goodInput }, { weight: 3, arbitrary: mixedInput }, { weight: 1, arbitrary: wild });

const customer = fc.record(
  {
    email: mostly(email),
    phone: mostly(phone),
    firstName: mostly(name),
    lastName: mostly(name),
    country: mostly(fc.constantFrom('US', 'de', 'xx')),
    dateOfBirth: mostly(fc.constantFrom('1990-05-17', '19900230', 'soon')),
    externalId: mostly(fc.oneof(sku, fc.integer())),
  },
  { requiredKeys: [] },
);

const options = fc.record(
  {
    tagId: fc.oneof(
      { weight: 12, arbitrary: fc.constant(TAG_ID) },
      { weight: 1, arbitrary: fc.oneof(fc.constantFrom(' 2612345678901 ', '', 'abc', '123456789012345678901'), fc.integer(), wild) },
    ),
    currency: mostly(fc.constantFrom('USD', 'eur', 'XYZ')),
    consent: mostly(fc.constantFrom('granted', 'pending', 'denied')),
    autoPageVisit: mostly(fc.boolean()),
    spa: mostly(fc.boolean()),
    enhancedMatch: mostly(fc.boolean()),
    customer: mostly(customer),
    debug: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: mostly(fc.boolean()) }),
    scriptUrl: mostly(fc.constantFrom('https://s.pinimg.com/ct/core.js', '/ct/core.js', 'http://[bad', '')),
    nonce: mostly(fc.constantFrom('abc123', '')),
    limitedDataProcessing: mostly(
      fc.oneof(
        fc.boolean(),
        fc.record({ state: mostly(fc.constantFrom('CA', 'ny', 'California')), country: mostly(fc.constantFrom('US', 'usa')) }, { requiredKeys: [] }),
      ),
    ),
    relay: mostly(fc.constantFrom('/relay', 'https://shop.example/relay', '')),
    onEvent: mostly(fc.constant('listener')),
  },
  { requiredKeys: ['tagId'] },
);

type Call =
  | { method: ActionName; input: unknown }
  | { method: 'identify'; input: unknown }
  | { method: 'setConsent'; input: unknown }
  | { method: 'onEvent'; input: unknown }
  | { method: 'clickId' };
const call: fc.Arbitrary<Call> = fc.oneof(
  // Checkouts and adds to cart more often than the rest: they carry the most data and the order guard.
  { weight: 8, arbitrary: fc.record({ method: fc.constantFrom<ActionName>(...ACTIONS, 'checkout', 'checkout', 'addToCart'), input: actionInput }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('identify' as const), input: fc.oneof(customer, wild) }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('setConsent' as const), input: mostly(fc.constantFrom('granted', 'denied', 'pending')) }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('onEvent' as const), input: mostly(fc.constant('listener')) }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constant('clickId' as const) }) },
);

/** 'listener' in a case stands for a listener that records what it hears (the others are wild values). */
const listener = (event: unknown): void => void out.listened.push(JSON.stringify(event));
const live = (value: unknown): unknown => (value === 'listener' ? listener : value);

/** Runs one call, noting what it threw (it must throw nothing). */
function run(tag: PinterestTag, step: Call, thrown: string[]): TrackResult | undefined {
  try {
    if (step.method === 'clickId') return void tag.clickId();
    const input = arm(step.input);
    if (step.method === 'onEvent') return void tag.onEvent(live(input) as never);
    return (tag as unknown as Record<string, (arg: unknown) => TrackResult | undefined>)[step.method]!(input);
  } catch (error) {
    thrown.push(`${step.method}: ${String(error)}`);
    return undefined;
  }
}

function start(given: Record<string, unknown>, thrown: string[]): PinterestTag | undefined {
  try {
    const armed = arm(given);
    if (armed && typeof armed === 'object' && 'onEvent' in armed) (armed as Record<string, unknown>).onEvent = live((armed as Record<string, unknown>).onEvent);
    return createPinterestTag(armed as unknown as PinterestTagOptions);
  } catch (error) {
    thrown.push(`createPinterestTag: ${String(error)}`);
    return undefined;
  }
}

// --- properties ----------------------------------------------------------------------------------------------

describe('fuzz: every public call', () => {
  it(
    'throws nothing into the page, and nothing is half-sent',
    async () => {
      const cases = tally('public calls: nothing throws, nothing half-sent');
      const started = Date.now();
      const outcomes = new Set<string>();
      await fc.assert(
        fc.asyncProperty(options, fc.array(call, { maxLength: 12, size: 'medium' }), async (given, steps) => {
          cases.count();
          freshPage();
          const thrown: string[] = [];
          const tag = start(given, thrown);
          expect(thrown).toEqual([]);
          // The end of the task that created it: the automatic page visit goes then.
          await Promise.resolve();
          const problems: string[] = [];
          const results: TrackResult[] = [];
          for (const step of steps) {
            const before = { tracks: tracks().length, listened: out.listened.length, dom: out.dom.length };
            const result = run(tag!, step, thrown);
            if (!result || step.method === 'identify' || step.method === 'setConsent' || step.method === 'onEvent' || step.method === 'clickId') continue;
            results.push(result);
            outcomes.add(result.status);
            const added = tracks().slice(before.tracks);
            const heard = out.dom.slice(before.dom).map((json) => JSON.parse(json) as { eventId: string; data: unknown });
            if (!(STATUSES as readonly string[]).includes(result.status)) problems.push(`${step.method}: status ${String(result.status)}`);
            if (typeof result.eventId !== 'string') problems.push(`${step.method}: eventId ${String(result.eventId)}`);
            if (result.status === 'sent') {
              // Exactly one whole event, with the call's ID, the same for the tag and for listeners.
              if (added.length !== 1) problems.push(`${step.method}: sent, but ${added.length} track commands`);
              const [command] = added;
              if (!command) continue;
              problems.push(...problemsOf(command).map((p) => `${step.method}: ${p}`));
              const data = command[2] as Record<string, unknown>;
              if (command[1] !== result.event) problems.push(`${step.method}: sent ${String(command[1])}, returned ${result.event}`);
              if (data.event_id !== result.eventId) problems.push(`${step.method}: event_id ${String(data.event_id)} is not the returned ${result.eventId}`);
              if (heard.length !== 1 || heard[0]!.eventId !== result.eventId || JSON.stringify(heard[0]!.data) !== JSON.stringify(data))
                problems.push(`${step.method}: the DOM event differs from what the tag got`);
              // Nothing dropped silently: every item given became a line.
              const input = arm(step.input) as Record<string, unknown> | null;
              const items =
                input && typeof input === 'object' && !Array.isArray(input) && Object.getPrototypeOf(input) === Object.prototype
                  ? (input.items ?? (input.product != null ? [input.product] : undefined))
                  : undefined;
              if (Array.isArray(items) && items.length && (data.line_items as unknown[] | undefined)?.length !== items.length)
                problems.push(`${step.method}: ${items.length} items given, ${(data.line_items as unknown[] | undefined)?.length ?? 0} lines sent`);
              // A checkout's ID comes from its order unless one was given.
              const given = input && typeof input === 'object' ? (input as { eventId?: unknown }).eventId : undefined;
              if (result.event === 'checkout' && !(typeof given === 'string' && given.trim()) && result.eventId !== checkoutEventId(data.order_id as string))
                problems.push('checkout: event ID not derived from order_id');
            } else if (added.length || out.listened.length > before.listened || heard.length) {
              problems.push(`${step.method}: status ${result.status}, yet it reached the tag or a listener`);
            }
          }
          // Consent granted at last: whatever was held comes out whole, in order, with the IDs given back then.
          const held = results.filter((r) => r.status === 'pending').map((r) => r.eventId);
          const before = tracks().length;
          run(tag!, { method: 'setConsent', input: 'granted' }, thrown);
          const released = tracks().slice(before);
          for (const command of released) problems.push(...problemsOf(command).map((p) => `released: ${p}`));
          // (A checkout held twice for one order goes once: the second is a duplicate by then.)
          const releasedIds = released.map((command) => (command[2] as { event_id?: string }).event_id!).filter((id) => held.includes(id));
          const heldOnce = [...new Set(held)];
          if (
            new Set(releasedIds).size !== releasedIds.length ||
            JSON.stringify(releasedIds) !== JSON.stringify(heldOnce.filter((id) => releasedIds.includes(id)))
          ) {
            problems.push(`held events released out of order or twice: held ${held.join()}, released ${releasedIds.join()}`);
          }
          for (const command of tracks()) problems.push(...problemsOf(command).map((p) => `in queue: ${p}`));
          expect(thrown).toEqual([]);
          expect(out.errors).toEqual([]);
          expect(problems).toEqual([]);
        }),
        params<[Record<string, unknown>, Call[]]>(300, [
          // Found by this fuzz: a revoked Proxy given to setConsent() or onEvent() throws into the page (the warning
          // that describes the bad value calls Array.isArray on it outside the SDK's guard).
          [{ tagId: TAG_ID }, [{ method: 'setConsent', input: new Hostile('revoked proxy') }]],
          [{ tagId: TAG_ID }, [{ method: 'onEvent', input: new Hostile('revoked proxy') }]],
          // The rarest outcome among random cases, tried in every run: one order's checkout twice.
          [{ tagId: TAG_ID }, [1, 2].map(() => ({ method: 'checkout', input: { orderId: '1001', items: [{ id: 'A', price: 1 }] } }))],
        ]),
      );
      cases.report(started);
      // The cases reached every outcome, so the checks above were tried on each.
      expect([...outcomes].sort(), [...outcomes].join()).toEqual(expect.arrayContaining(['denied', 'duplicate', 'inactive', 'invalid', 'pending', 'sent']));
    },
    timeout(300, 20),
  );
});

describe('fuzz: no plain personal data leaves', () => {
  /** Where an email may come in as a whole value: every text field of an event and of a line item. */
  const EVENT_TEXT = ['query', 'orderId', 'promoCode', 'leadType', 'videoTitle', 'pageName', 'category'] as const;
  const ITEM_TEXT = ['id', 'name', 'category', 'brand', 'variant', 'variantId'] as const;

  it(
    'an email or phone given as a customer, to identify(), or as any text field of an event, never leaves plain',
    () => {
      const cases = tally('public calls: no plain email or phone leaves');
      const started = Date.now();
      fc.assert(
        fc.property(
          fc.record({ first: email, second: email, inText: email, tel: phone, tel2: phone, firstName: name, lastName: name }),
          fc.constantFrom(...EVENT_TEXT),
          fc.constantFrom(...ITEM_TEXT),
          fc.constantFrom(...ACTIONS),
          fc.constantFrom('granted', 'pending'),
          (pii, field, itemField, action, consent) => {
            cases.count();
            freshPage();
            const tag = createPinterestTag({
              tagId: TAG_ID,
              currency: 'USD',
              consent: consent as 'granted' | 'pending',
              relay: '/relay',
              customer: { email: pii.first, phone: pii.tel, firstName: pii.firstName },
              onEvent: listener,
            });
            tag.identify({ email: pii.second, phone: pii.tel2, lastName: pii.lastName });
            // The email as a whole value of one event field and of one line item field.
            const item = { id: 'SKU-1', price: 5, [itemField]: pii.inText };
            tag[action]({ query: 'boots', orderId: 'A-1', [field]: pii.inText, items: [item] } as never);
            tag.addToCart({ items: [item] });
            tag.setConsent('granted');
            const found = leaks(everything(), Object.values(pii));
            expect(found, `leaked through ${action}.${field} / item.${itemField}`).toEqual([]);
            // And the hash did get through: the tag has the email identify() gave last (with consent pending, it
            // replaced the customer's before the tag loaded).
            expect(JSON.stringify(queue())).toContain(createHash('sha256').update(pii.second.trim().toLowerCase()).digest('hex'));
          },
        ),
        params<
          [
            { first: string; second: string; inText: string; tel: string; tel2: string; firstName: string; lastName: string },
            (typeof EVENT_TEXT)[number],
            (typeof ITEM_TEXT)[number],
            ActionName,
            string,
          ]
        >(300, [
          // Found by this fuzz: a page's `category` goes to every line item's product_category unhashed.
          [
            {
              first: 'a@b.co',
              second: 'c@d.co',
              inText: 'jane.doe@example.com',
              tel: '+44 7700900123',
              tel2: '+44 7700900456',
              firstName: 'Ghijklmnop',
              lastName: 'Qrstuvwxyz',
            },
            'category',
            'name',
            'viewCategory',
            'granted',
          ],
        ]),
      );
      cases.report(started);
    },
    timeout(300, 20),
  );

  it(
    'an email inside a longer text (a gift note, a search, a product name) never leaves plain',
    () => {
      // Pinterest's tag hashes an email found anywhere in a string value (SPEC §3.2); the SDK says no copy of an
      // email in event data goes out plain (src/events.ts). A shopper's email inside a search or a note is the
      // common case: "order for jane@example.com".
      const cases = tally('public calls: no plain email inside text leaves');
      const started = Date.now();
      fc.assert(
        fc.property(
          email,
          fc.constantFrom('gift for ', 'search: ', 'Note - ', ''),
          fc.constantFrom(' please', '!', ' (x2)'),
          fc.constantFrom(...EVENT_TEXT),
          (address, before, after, field) => {
            cases.count();
            freshPage();
            const tag = createPinterestTag({ tagId: TAG_ID, currency: 'USD', relay: '/relay', onEvent: listener });
            const note = before + address.trim() + after;
            tag.custom({ [field]: note, items: [{ id: 'SKU-1', name: note }] } as never);
            tag.search({ query: note });
            expect(leaks(everything(), [address]), `"${note}" in ${field}`).toEqual([]);
          },
        ),
        params(100),
      );
      cases.report(started);
    },
    timeout(100, 20),
  );
});
