// @vitest-environment node
// Fuzzing the shipped script, dist/pinterest-tag.min.js, as a theme runs it: arbitrary data attributes on its
// <script>, arbitrary calls queued by the pre-load snippet before it runs, arbitrary live calls to the command
// function `window.pinterestTag(name, arg)` after, sometimes with a second copy of the script on the page.
// Properties: nothing throws into the page; every event that reaches the tag is whole; and a shopper's email,
// phone or name given in `data-customer-*` or through `pinterestTag('identify', …)` never leaves plain.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../support/page';
import { createShippedPage, TAG_ID } from '../support/shipped-page';
import { arm, email, leaks, mostly, name, params, phone, problemsOf, tally, timeout, wild } from './support';

const page = createShippedPage();
const win = page.window;

// --- inputs --------------------------------------------------------------------------------------------------

const attributeText = fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('', ' ', 'false', 'true', '0', 'no', 'off', '1'));
/** The data attributes the script reads (README, "The command function"), each with a plausible or odd value. */
const attributes = fc.record(
  {
    'data-tag-id': fc.oneof({ weight: 10, arbitrary: fc.constantFrom(TAG_ID, ` ${TAG_ID} `) }, { weight: 1, arbitrary: attributeText }),
    'data-currency': fc.oneof(fc.constantFrom('USD', 'eur', 'XYZ'), attributeText),
    'data-consent': fc.oneof(fc.constantFrom('granted', 'pending', 'denied'), attributeText),
    'data-auto-page-visit': attributeText,
    'data-spa': attributeText,
    'data-enhanced-match': attributeText,
    'data-debug': fc.constantFrom('false', 'off'),
    'data-script-url': fc.oneof(fc.constantFrom('https://s.pinimg.com/ct/core.js', '/ct/core.js', 'http://[bad'), attributeText),
    'data-relay': fc.oneof(fc.constantFrom('/relay', 'https://shop.example/relay'), attributeText),
    'data-ldp': attributeText,
    'data-ldp-state': fc.oneof(fc.constantFrom('CA', 'ny'), attributeText),
    'data-ldp-country': fc.oneof(fc.constantFrom('US', 'usa'), attributeText),
    'data-customer-country': fc.oneof(fc.constantFrom('US', 'de'), attributeText),
    'data-customer-date-of-birth': fc.oneof(fc.constantFrom('1990-05-17', '19900230'), attributeText),
    'data-customer-email-sha256': fc.oneof(fc.constantFrom('0'.repeat(64), 'ABC'), attributeText),
    nonce: attributeText,
  },
  { requiredKeys: [] },
);

const goodItem = fc.record(
  { id: fc.constantFrom('SKU-1', 42), price: fc.constantFrom(19.99, '5'), quantity: fc.constantFrom(1, '2') },
  { requiredKeys: ['id'] },
);
const actionArg = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        items: fc.array(goodItem, { maxLength: 3 }),
        orderId: fc.constantFrom('1001', '1002'),
        query: fc.constantFrom('boots'),
        currency: mostly(fc.constantFrom('USD')),
        value: mostly(fc.constantFrom(10)),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: wild },
);
const COMMANDS = [
  'pageVisit',
  'viewCategory',
  'search',
  'addToCart',
  'checkout',
  'signup',
  'lead',
  'watchVideo',
  'custom',
  'identify',
  'setConsent',
  'onEvent',
  'clickId',
];
/** A command: a known name (or a wrong one, or not a string) and its argument. */
const command = fc.tuple(
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...COMMANDS) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom('addToKart', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'live', 'q'), wild) },
  ),
  fc.oneof({ weight: 2, arbitrary: actionArg }, { weight: 1, arbitrary: fc.constantFrom('granted', 'denied', 'pending', 'listener') }),
);

/** 'listener' stands for a listener that records what it hears. */
const live = (value: unknown): unknown => (value === 'listener' ? page.listener : value);

// --- properties ----------------------------------------------------------------------------------------------

describe('fuzz: the script tag and its command function', () => {
  it(
    'throws nothing into the page whatever its attributes and commands, and every event it sends is whole',
    async () => {
      const cases = tally('script tag: attributes, queued and live commands');
      const started = Date.now();
      const outcomes = new Set<string>();
      await fc.assert(
        fc.asyncProperty(
          attributes,
          fc.array(command, { maxLength: 5 }),
          fc.array(command, { maxLength: 8 }),
          fc.boolean(),
          async (attrs, queued, calls, twice) => {
            cases.count();
            page.reset();
            const thrown: string[] = [];
            const problems: string[] = [];
            try {
              page.snippet();
              for (const [name, arg] of queued) win.pinterestTag!(arm(name), live(arm(arg)));
              page.runScript(attrs);
              if (twice) page.runScript(attrs);
            } catch (error) {
              thrown.push(`start: ${String(error)}`);
            }
            // The end of the script's task, as in a browser: the automatic page visit goes then.
            await new Promise((resolve) => setTimeout(resolve, 0));
            for (const [name, arg] of calls) {
              const before = page.tracks().length;
              let result: unknown;
              try {
                result = win.pinterestTag!(arm(name), live(arm(arg)));
              } catch (error) {
                thrown.push(`${String(name)}: ${String(error)}`);
                continue;
              }
              const added = page.tracks().slice(before);
              if (result && typeof result === 'object' && 'status' in result) {
                const { status, eventId } = result as { status: string; eventId: string };
                outcomes.add(status);
                if (!(STATUSES as readonly string[]).includes(status)) problems.push(`${String(name)}: status ${status}`);
                if (status === 'sent' && (added.length !== 1 || (added[0]![2] as { event_id?: string }).event_id !== eventId))
                  problems.push(`${String(name)}: sent, but ${added.length} track commands with its ID`);
                if (status !== 'sent' && added.length) problems.push(`${String(name)}: ${status}, yet it reached the tag`);
              } else if (added.length && name !== 'setConsent') problems.push(`${String(name)}: no result, yet it reached the tag`);
              // (Granting consent releases the held events: each is checked with the rest below.)
            }
            for (const track of page.tracks()) problems.push(...problemsOf(track));
            expect(thrown).toEqual([]);
            expect(page.errors).toEqual([]);
            expect(problems).toEqual([]);
          },
        ),
        params(150),
      );
      cases.report(started);
      expect([...outcomes], [...outcomes].join()).toEqual(expect.arrayContaining(['inactive', 'invalid', 'pending', 'sent']));
    },
    timeout(150, 40),
  );

  it(
    'a shopper’s email, phone or name in data-customer-* or identify() never leaves plain',
    () => {
      const cases = tally('script tag: no plain personal data leaves');
      const started = Date.now();
      fc.assert(
        fc.property(
          fc.record({ first: email, second: email, tel: phone, tel2: phone, firstName: name, lastName: name, city: name }),
          fc.constantFrom('granted', 'pending'),
          fc.boolean(),
          (pii, consent, queuedIdentify) => {
            cases.count();
            page.reset();
            page.snippet();
            const identify = { email: pii.second, phone: pii.tel2, lastName: pii.lastName };
            if (queuedIdentify) win.pinterestTag!('identify', identify);
            win.pinterestTag!('onEvent', page.listener);
            page.runScript({
              'data-tag-id': TAG_ID,
              'data-currency': 'USD',
              'data-consent': consent,
              'data-relay': '/relay',
              'data-customer-email': pii.first,
              'data-customer-phone': pii.tel,
              'data-customer-first-name': pii.firstName,
              'data-customer-city': pii.city,
            });
            if (!queuedIdentify) win.pinterestTag!('identify', identify);
            win.pinterestTag!('checkout', { orderId: '1001', items: [{ id: 'SKU-1', price: 5 }] });
            win.pinterestTag!('setConsent', 'granted');
            win.pinterestTag!('addToCart', { product: { id: 'SKU-2', price: 1 } });
            // The script did run and hash: the tag has the email identify() gave (queued before the script, it
            // replaces data-customer-email; after, it is `set` on top).
            expect(page.tracks().length).toBeGreaterThan(0);
            expect(JSON.stringify(page.queue())).toContain(createHash('sha256').update(pii.second.trim().toLowerCase()).digest('hex'));
            expect(leaks(page.everything(), Object.values(pii))).toEqual([]);
            expect(page.errors).toEqual([]);
          },
        ),
        params(150),
      );
      cases.report(started);
    },
    timeout(150, 40),
  );
});
