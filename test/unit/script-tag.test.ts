// The script-tag build's complete SDK (src/script-tag.ts): options from the <script>'s data attributes, replay of the calls the page
// queued with the official pre-load snippet, the live `window.pinterestTag` command function, and idempotence.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { checkoutEventId } from '../../src/common/event-id';
import type { TrackedEvent, TrackResult } from '../../src/common/types';
import { hostileValues } from '../support/hostile';
import { CORE_JS, messages, named, queue, quietConsole, scriptsWithSrc, sha256, TAG_ID, tracks, UUID_V4 } from '../support/page';

type CommandFunction = ((name: unknown, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; live?: boolean };
const pinterestTag = (): CommandFunction => (window as unknown as { pinterestTag: CommandFunction }).pinterestTag;

/** The pre-load snippet from DESIGN.md, run as page script. */
const SNIPPET = 'window.pinterestTag = window.pinterestTag || function () { (pinterestTag.q = pinterestTag.q || []).push(arguments) };';
const runSnippet = (): void => (0, eval)(SNIPPET);

/** A `<script src=…pinterest-tag.min.js>` with these attributes, in the page. */
function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  script.setAttribute('src', 'https://cdn.example.com/storefront-pinterest-tag/pinterest-tag.min.js');
  document.head.appendChild(script);
  return script;
}

/** Runs the IIFE entry as the browser would run `script`: fresh module instances, `script` as currentScript. */
async function runEntry(script: HTMLScriptElement | null): Promise<void> {
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  try {
    vi.resetModules();
    await import('../../src/script-tag');
  } finally {
    delete (document as unknown as Record<string, unknown>).currentScript;
  }
}

describe('script tag entry', () => {
  it('reads data-* options, replays the queued calls in order, and queues exactly what the calls mean (a queued identify is in load)', async () => {
    runSnippet();
    const page = pinterestTag();
    page('addToCart', { product: { id: 'SKU-1', price: 10, quantity: 2 } });
    page('identify', { email: ' Jane@Example.com' });
    page('checkout', { orderId: '1001', value: 20 });
    expect(page.q).toHaveLength(3);
    const script = scriptTag({ 'data-tag-id': TAG_ID, 'data-currency': 'EUR', 'data-auto-page-visit': 'false', nonce: 'abc123' });
    await runEntry(script);

    const addToCart = tracks('addtocart')[0]![2] as { event_id: string };
    expect(addToCart.event_id).toMatch(UUID_V4);
    // Setup calls queued before the script loaded (identify, setConsent, onEvent) apply before anything is sent.
    expect(queue()).toEqual([
      ['load', TAG_ID, { em: sha256('jane@example.com') }],
      ['page'],
      [
        'track',
        'addtocart',
        {
          line_items: [{ product_id: 'SKU-1', product_price: 10, product_quantity: 2 }],
          order_quantity: 2,
          value: 20,
          currency: 'EUR',
          event_id: addToCart.event_id,
        },
      ],
      ['track', 'checkout', { order_id: '1001', value: 20, currency: 'EUR', event_id: checkoutEventId('1001') }],
    ]);
    const core = scriptsWithSrc();
    expect(core).toHaveLength(1);
    expect(core[0]!.async).toBe(true);
    expect(core[0]!.nonce).toBe('abc123');
  });

  it('makes window.pinterestTag the live command function, which returns TrackResults', async () => {
    runSnippet();
    const snippet = pinterestTag();
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    const live = pinterestTag();
    expect(live).not.toBe(snippet);
    expect(typeof live).toBe('function');
    expect(live.live).toBe(true);
    const result = live('lead', { leadType: 'quote' }) as TrackResult;
    expect(result).toEqual({ event: 'lead', apiEvent: 'lead', eventId: expect.stringMatching(UUID_V4), status: 'sent' });
    expect(queue().at(-1)).toEqual(['track', 'lead', { lead_type: 'quote', event_id: result.eventId }]);
    const seen: TrackedEvent[] = [];
    const off = live('onEvent', (e: TrackedEvent) => seen.push(e));
    expect(typeof off).toBe('function');
    const search = live('search', { query: 'boots' }) as TrackResult;
    expect(seen.map((e) => e.eventId)).toEqual([search.eventId]);
    expect(live('clickId')).toBeUndefined();
    expect((live('checkout', { orderId: 'X-1' }) as TrackResult).eventId).toBe(checkoutEventId('X-1'));
    expect((live('checkout', { orderId: 'X-1' }) as TrackResult).status).toBe('duplicate');
  });

  it('works without the snippet too, and sends the automatic page visit once by default', async () => {
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID }));
    expect(queue()).toEqual([['load', TAG_ID, {}], ['page'], ['track', 'pagevisit', { event_id: expect.stringMatching(UUID_V4) }]]);
    expect(pinterestTag().live).toBe(true);
  });

  it('an unknown command gets one warning naming it, returns undefined and sends nothing', async () => {
    const { warn } = quietConsole();
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    const before = queue().slice();
    expect(pinterestTag()('purchase', { value: 1 })).toBeUndefined();
    expect(pinterestTag()('toString')).toBeUndefined();
    expect(queue()).toEqual(before);
    expect(messages(warn)).toHaveLength(2);
    expect(messages(warn)[0]).toContain('"purchase"');
    expect(messages(warn)[1]).toContain('"toString"');
  });

  it('an unknown command queued before the script loads warns, and the later queued calls still run', async () => {
    const { warn } = quietConsole();
    runSnippet();
    pinterestTag()('track', 'addtocart');
    pinterestTag()('lead');
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    expect(messages(warn)).toHaveLength(1);
    expect(messages(warn)[0]).toContain('"track"');
    expect(tracks().map((c) => c[1])).toEqual(['lead']);
  });

  it('a second run of the script (the same script twice on the page) does nothing twice', async () => {
    runSnippet();
    pinterestTag()('signup');
    const attributes = { 'data-tag-id': TAG_ID };
    await runEntry(scriptTag(attributes));
    const live = pinterestTag();
    const after = queue().slice();
    expect(named('load')).toHaveLength(1);
    expect(tracks('pagevisit')).toHaveLength(1);
    expect(tracks('signup')).toHaveLength(1);

    await runEntry(scriptTag(attributes));
    expect(pinterestTag()).toBe(live);
    expect(queue()).toEqual(after);
    expect(scriptsWithSrc()).toHaveLength(1);
    // And the live function still works, once per call.
    live('lead');
    expect(tracks('lead')).toHaveLength(1);
  });

  it('data-consent="pending" loads nothing until pinterestTag("setConsent", "granted")', async () => {
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-consent': 'pending' }));
    expect((pinterestTag()('addToCart', { product: { id: 'A' } }) as TrackResult).status).toBe('pending');
    expect('pintrk' in window).toBe(false);
    expect(scriptsWithSrc()).toHaveLength(0);
    pinterestTag()('setConsent', 'granted');
    expect(queue().map((c) => (c[0] === 'track' ? c[1] : c[0]))).toEqual(['load', 'page', 'pagevisit', 'addtocart']);
  });

  it('data-customer-*, data-ldp-*, data-script-url and data-nonce reach the tag', async () => {
    const hashed = sha256('ln-value');
    await runEntry(
      scriptTag({
        'data-tag-id': TAG_ID,
        'data-auto-page-visit': 'false',
        'data-customer-email': 'Known@Shop.example',
        'data-customer-last-name-sha256': hashed,
        'data-ldp-state': 'CA',
        'data-ldp-country': 'US',
        'data-script-url': 'https://cdn.example.com/pin/core.js',
        'data-nonce': 'n0nce',
      }),
    );
    expect(queue()).toEqual([
      ['load', TAG_ID, { em: sha256('known@shop.example'), ln: hashed }],
      ['set', { opt_out_type: 'LDP', st: sha256('ca'), country: sha256('us') }],
      ['page'],
    ]);
    const core = scriptsWithSrc('https://cdn.example.com/pin/core.js');
    expect(core).toHaveLength(1);
    expect(core[0]!.nonce).toBe('n0nce');
    expect(scriptsWithSrc(CORE_JS)).toHaveLength(0);
  });

  it('no data-tag-id: one console.error, and an inert live function', async () => {
    const { error } = quietConsole();
    runSnippet();
    pinterestTag()('addToCart', { product: { id: 'A' } });
    await runEntry(scriptTag({ 'data-currency': 'USD' }));
    expect(error).toHaveBeenCalledTimes(1);
    expect(messages(error)[0]).toContain('tagId');
    expect((pinterestTag()('lead') as TrackResult).status).toBe('inactive');
    expect('pintrk' in window).toBe(false);
    expect(scriptsWithSrc()).toHaveLength(0);
  });

  it('no currentScript at all (e.g. run as a module): one console.error, nothing injected, no throw', async () => {
    const { error } = quietConsole();
    await runEntry(null);
    expect(error).toHaveBeenCalledTimes(1);
    expect(typeof pinterestTag()).toBe('function');
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });
});

describe('calls queued before the script ran take effect before the automatic page visit', () => {
  it("a queued setConsent('denied') means core.js is never loaded and nothing is sent", async () => {
    runSnippet();
    pinterestTag()('setConsent', 'denied');
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID }));
    expect(scriptsWithSrc()).toHaveLength(0);
    expect(tracks()).toEqual([]);
    expect(named('load')).toEqual([]);
  });

  it('a queued onEvent listener receives the automatic page visit', async () => {
    runSnippet();
    const seen: TrackedEvent[] = [];
    pinterestTag()('onEvent', (e: TrackedEvent) => seen.push(e));
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID }));
    expect(tracks('pagevisit')).toHaveLength(1);
    expect(seen.map((e) => e.event)).toEqual(['pagevisit']);
  });

  it('a queued identify() is given to the tag before the automatic page visit', async () => {
    runSnippet();
    pinterestTag()('identify', { email: 'known@shop.example' });
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID }));
    const em = sha256('known@shop.example');
    const visit = queue().findIndex((c) => c[0] === 'track' && c[1] === 'pagevisit');
    const given = queue().findIndex((c) => (c[0] === 'load' && (c[2] as { em?: string }).em === em) || (c[0] === 'set' && (c[1] as { em?: string }).em === em));
    expect(given).toBeGreaterThanOrEqual(0);
    expect(given).toBeLessThan(visit);
  });
});

describe('the command function never throws', () => {
  it('given arbitrary names and arguments', async () => {
    quietConsole();
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    const live = pinterestTag();
    const anything = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withBoxedValues: true });
    const name = fc.oneof(
      fc.constantFrom(
        'pageVisit',
        'addToCart',
        'checkout',
        'search',
        'identify',
        'setConsent',
        'onEvent',
        'clickId',
        'constructor',
        '__proto__',
        'hasOwnProperty',
      ),
      anything,
    );
    fc.assert(
      fc.property(name, anything, (command, arg) => {
        live(command, arg);
      }),
      { numRuns: 300 },
    );
  });

  it('given a command name whose string conversion throws, or a null-prototype object', async () => {
    quietConsole();
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    const live = pinterestTag();
    const names: Array<[string, unknown]> = [
      ['a null-prototype object', Object.create(null)],
      [
        'an object whose toString throws',
        {
          toString() {
            throw new Error('toString boom');
          },
        },
      ],
    ];
    const failures: string[] = [];
    for (const [label, name] of names) {
      try {
        live(name, {});
      } catch (e) {
        failures.push(`${label}: ${e instanceof Error ? e.message : Object.prototype.toString.call(e)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a queued call with such a name does not stop the replay of the calls after it', async () => {
    quietConsole();
    runSnippet();
    pinterestTag()(Object.create(null));
    pinterestTag()('lead', { leadType: 'after' });
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    expect(tracks('lead')).toEqual([['track', 'lead', { lead_type: 'after', event_id: expect.stringMatching(UUID_V4) }]]);
  });

  it.each(hostileValues())('a queued setup call whose argument is %s cannot stop the SDK from starting', async (_label, hostile) => {
    quietConsole();
    runSnippet();
    pinterestTag()('identify', hostile);
    pinterestTag()('setConsent', hostile);
    pinterestTag()('onEvent', hostile);
    pinterestTag()('lead', { leadType: 'after' });
    await runEntry(scriptTag({ 'data-tag-id': TAG_ID, 'data-auto-page-visit': 'false' }));
    expect(pinterestTag().live).toBe(true);
    expect(queue()[0]).toEqual(['load', TAG_ID, {}]);
    expect(tracks('lead')).toEqual([['track', 'lead', { lead_type: 'after', event_id: expect.stringMatching(UUID_V4) }]]);
  });
});

describe('the first stage finds the second next to itself', () => {
  it('resolves a file beside the script’s URL as the URL parser does, query and fragment dropped', async () => {
    const { besideScript } = await import('../../src/beside-script');
    const part = fc.stringMatching(/^[\w.%~-]{0,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom('https://cdn.example.com', 'http://127.0.0.1:8080', 'https://shop.example'),
        fc.array(part, { maxLength: 4 }),
        fc.option(fc.stringMatching(/^[\w=&/?.-]{0,16}$/), { nil: undefined }),
        fc.option(fc.stringMatching(/^[\w=&/?#.-]{0,16}$/), { nil: undefined }),
        (origin, folders, query, fragment) => {
          // `script.src` reads back resolved, as the URL parser writes it (no `.` or `..` segments).
          const src = new URL(
            `${origin}/${[...folders, 'pinterest-tag.min.js'].join('/')}${query === undefined ? '' : `?${query}`}${fragment === undefined ? '' : `#${fragment}`}`,
          ).href;
          expect(besideScript(src, 'pinterest-tag-full.min.js')).toBe(new URL('pinterest-tag-full.min.js', src).href);
        },
      ),
    );
    expect(besideScript('https://cdn.example.com/a/pinterest-tag.min.js?v=1/2#x/y', 'f.js')).toBe('https://cdn.example.com/a/f.js');
  });
});
