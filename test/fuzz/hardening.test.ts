// Fuzzing the two hardening properties of issue 10: every scan of outside text costs time linear in its size
// (bounded time per input byte, whatever the bytes), and nothing set on a polluted Object.prototype becomes an
// option of the SDK.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashEmailsIn, hashEmailsInUrl } from '../../src/common/emails';
import { buildEventData } from '../../src/common/event-data';
import { eventIdFor } from '../../src/common/event-id';
import { hashMatchValue } from '../../src/common/match-keys';
import { toCurrency, toNumber } from '../../src/common/values';
import { createPinterestTag } from '../../src/index';
import { CORE_JS, recordPageListeners, resetPage, settle, TAG_ID } from '../support/page';
import { params, tally, timeout } from './support';

recordPageListeners();

/** Characters that make backtracking patterns slow around addresses, URLs and numbers. */
const HOSTILE_CHARS = ['a', '@', '.', '%', '2', '5', '4', '0', '/', '?', '=', '&', '#', ' ', '-', '1', 'é'];

/** A long text: a short random pattern of hostile characters repeated to `size` characters. */
const longText = fc
  .tuple(fc.array(fc.constantFrom(...HOSTILE_CHARS), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 65_536 }))
  .map(([pattern, size]) =>
    pattern
      .join('')
      .repeat(Math.ceil(size / pattern.length))
      .slice(0, size),
  );

describe('fuzz: linear time on any input', () => {
  it(
    'every scan of outside text stays within a bounded time per input byte',
    () => {
      const cases = tally('hardening: time per input byte');
      const started = Date.now();
      let worst = 0;
      fc.assert(
        fc.property(longText, (text) => {
          cases.count();
          const t0 = performance.now();
          hashEmailsIn(text);
          hashEmailsInUrl(`https://shop.example/${text}`);
          buildEventData('checkout', { orderId: text, promoCode: text, items: [{ id: text, name: text, price: text }] }, 'USD', () => {});
          eventIdFor('lead', text);
          toNumber(text);
          toCurrency(text);
          hashMatchValue('em', text);
          const elapsed = performance.now() - t0;
          worst = Math.max(worst, (elapsed * 1000) / text.length);
          // 5 µs a byte (text made of addresses costs a SHA-256 each 5 bytes: about 1.3 µs a byte here) with 20 ms to
          // spare for a pause of the runtime; a backtracking scan of 64 KB takes seconds, some 100 µs a byte.
          expect(elapsed).toBeLessThan(20 + (text.length * 5) / 1000);
        }),
        params(60),
      );
      cases.report(started);
      process.stdout.write(`fuzz: hardening: worst ${worst.toFixed(3)} µs per input byte\n`);
    },
    timeout(60, 200),
  );
});

describe('fuzz: no option from the prototype', () => {
  const OPTIONS = [
    'scriptUrl',
    'relay',
    'nonce',
    'debug',
    'consent',
    'currency',
    'customer',
    'onEvent',
    'limitedDataProcessing',
    'spa',
    'enhancedMatch',
    'autoPageVisit',
  ];
  const polluting = fc.oneof(
    fc.constantFrom('https://evil.example/x.js', 'data:text/javascript,1', '//evil.example/x', 'denied', 'pending', 'EUR', 'n0nce'),
    fc.constantFrom(true, false, 0, 1),
    fc.constant({ email: 'victim@example.com', state: 'CA' }),
  );
  afterEach(() => {
    for (const key of OPTIONS) Reflect.deleteProperty(Object.prototype, key);
    Reflect.deleteProperty(navigator, 'sendBeacon');
  });

  it(
    'whatever a polluted Object.prototype holds, the SDK loads only core.js, sends nowhere else, and acts as with no option',
    async () => {
      const cases = tally('hardening: no option from the prototype');
      const started = Date.now();
      for (const level of ['warn', 'error', 'info'] as const) vi.spyOn(console, level).mockImplementation(() => {});
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...OPTIONS), polluting, { minKeys: 1 }), async (pollution) => {
          cases.count();
          resetPage();
          const relayed: string[] = [];
          Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (url: string) => (relayed.push(url), true) });
          for (const [key, value] of Object.entries(pollution)) Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
          let scripts: string[][] = [];
          let commands: string[] = [];
          let status = '';
          try {
            const tag = createPinterestTag({ tagId: TAG_ID });
            await settle();
            status = tag.lead().status;
            scripts = Array.from(document.scripts, (script) => [script.src, script.nonce]);
            commands = (window.pintrk?.queue ?? []).map((command) => String((command as unknown[])[0]));
          } finally {
            for (const key of Object.keys(pollution)) Reflect.deleteProperty(Object.prototype, key);
          }
          // As a store that gave only its Tag ID: granted, the default core.js without a nonce, no relay, no LDP or
          // customer `set`, no debug panel.
          expect(scripts).toEqual([[CORE_JS, '']]);
          expect(relayed).toEqual([]);
          expect(commands).toEqual(['load', 'page', 'track', 'track']);
          expect(status).toBe('sent');
        }),
        params(100),
      );
      cases.report(started);
    },
    timeout(100, 50),
  );
});
