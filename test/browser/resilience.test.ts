// core.js blocked, missing or slow, and a strict Content-Security-Policy: the storefront keeps working, every call
// still returns an ID and reaches listeners (DESIGN rules 7 and 8).
import { describe, expect, it } from 'vitest';
import { type CoreMode, TAG_ID, useChromium } from '../support/chromium';
import { command, trackedEvents, UUID_V4, waitForLive } from './helpers';

const chromium = useChromium();

const CART = { product: { id: 'SKU-1', name: 'Parker Boots', price: '99.99', quantity: 1 } };

describe('core.js unavailable', () => {
  for (const [name, core] of [
    ['blocked by an ad blocker (request aborted)', 'blocked'],
    ['answering 404', 'missing'],
  ] as Array<[string, CoreMode]>) {
    it(`core.js ${name}: no page error, calls return IDs, listeners fire, nothing sent`, async () => {
      const session = await chromium.open({ core });
      await session.goto('/fixtures/storefront.html');
      await waitForLive(session.page);
      await session.page.evaluate(() => {
        const global = window as unknown as { listened: string[]; pinterestTag: (name: string, arg: unknown) => unknown };
        global.listened = [];
        global.pinterestTag('onEvent', (event: { eventId: string }) => global.listened.push(event.eventId));
      });
      const result = await command(session.page, 'addToCart', CART);
      expect(await session.page.evaluate(() => (window as unknown as { listened: string[] }).listened)).toEqual([result!.eventId]);
      // `blocked`, not `sent`: the tag will not send it; listeners and the relay have it, for the server's twin.
      expect(result).toEqual({ event: 'addtocart', apiEvent: 'add_to_cart', eventId: expect.stringMatching(UUID_V4), status: 'blocked' });
      const events = await trackedEvents(session.page);
      expect(events.map((e) => e.event)).toEqual(['pagevisit', 'addtocart']);
      expect(events[1]!.eventId).toBe(result!.eventId);
      expect(events[0]!.eventId).toMatch(UUID_V4);
      const more = await command(session.page, 'checkout', { orderId: 'A-1', items: [{ id: 'SKU-1', price: 5 }] });
      expect(more!.status).toBe('blocked');
      expect(await session.settle()).toEqual([]);
      expect(session.coreRequests).toEqual(['https://s.pinimg.com/ct/core.js']);
      expect(session.libRequests).toEqual([]);
      expect(session.pageErrors).toEqual([]);
      session.assertNoTagProblems();
    });
  }

  it('core.js slow (2 s): calls made meanwhile are sent in order once it arrives', async () => {
    const session = await chromium.open({ core: { delayMs: 2000 } });
    const started = Date.now();
    await session.page.goto(`${chromium.server.origin}/fixtures/storefront.html`, { waitUntil: 'domcontentloaded' });
    await waitForLive(session.page);
    const result = await command(session.page, 'addToCart', CART);
    expect(result!.status).toBe('sent');
    expect((await trackedEvents(session.page)).map((e) => e.event)).toEqual(['pagevisit', 'addtocart']);
    expect(session.beacons).toEqual([]);
    const beacons = await session.waitForBeacons(3);
    expect(beacons[0]!.receivedAt - started).toBeGreaterThanOrEqual(2000);
    expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
    expect(beacons[2]!.ed).toMatchObject({ event_id: result!.eventId, value: 99.99, order_quantity: 1 });
    expect(beacons.every((b) => b.tid === TAG_ID)).toBe(true);
    expect(session.pageErrors).toEqual([]);
    session.assertNoTagProblems();
  });
});

describe('strict Content-Security-Policy with a nonce', () => {
  const policy = "default-src 'self'; script-src 'nonce-r4nd0mN0nce' https://s.pinimg.com; img-src https://ct.pinterest.com; connect-src 'self'";

  for (const [name, path, header] of [
    ['in a <meta> tag', '/fixtures/csp-meta.html', undefined],
    ['in a response header', '/fixtures/csp-header.html', policy],
    [
      "in a header with 'strict-dynamic' (no host allowlist)",
      '/fixtures/csp-header.html',
      "script-src 'nonce-r4nd0mN0nce' 'strict-dynamic'; img-src https://ct.pinterest.com; object-src 'none'; base-uri 'none'",
    ],
  ] as Array<[string, string, string | undefined]>) {
    it(`CSP ${name}: core.js gets the script's nonce, no violation, events sent`, async () => {
      if (header) chromium.server.headers(path, { 'Content-Security-Policy': header });
      const session = await chromium.open();
      await session.goto(path);
      await waitForLive(session.page);
      const result = await command(session.page, 'addToCart', CART);
      const beacons = await session.waitForBeacons(3);
      expect(beacons.map((b) => b.event)).toEqual(['init', 'pagevisit', 'addtocart']);
      expect(beacons[2]!.ed).toMatchObject({ event_id: result!.eventId });
      const core = await session.page.evaluate(() => {
        const script = Array.from(document.scripts).find((s) => s.src === 'https://s.pinimg.com/ct/core.js');
        return script && { nonce: script.nonce, async: script.async };
      });
      expect(core).toEqual({ nonce: 'r4nd0mN0nce', async: true });
      expect(await session.page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
      expect(session.console.filter((m) => /Content Security Policy/i.test(m.text))).toEqual([]);
      session.assertNoTagProblems();
    });
  }
});
