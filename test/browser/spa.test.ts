// `data-spa`: one pagevisit per history route change, never a second load or init (SPEC §11.1).
import { describe, expect, it } from 'vitest';
import { useChromium } from '../support/chromium';
import { TRACK_PARAMS, trackedEvents, UUID_V4, waitForLive } from './helpers';

const chromium = useChromium();

describe('single-page storefront', () => {
  it('pushState, replaceState to a new path and back/forward each send one pagevisit; a hash or same-path replace none', async () => {
    const session = await chromium.open();
    const origin = chromium.server.origin;
    await session.goto('/fixtures/spa.html');
    await waitForLive(session.page);
    await session.waitForBeacons(2);
    const go = (script: string) => session.page.evaluate(script);

    await go("history.pushState({}, '', '/shop/boots')");
    await session.waitForBeacons(3);
    await go("location.hash = 'reviews'");
    await go("history.replaceState({ tab: 2 }, '', '/shop/boots?tab=2')");
    expect(await session.settle()).toHaveLength(3);
    await go("history.replaceState({}, '', '/shop/socks')");
    await session.waitForBeacons(4);
    // The history is now spa.html, /shop/boots (its hash entry replaced twice, last by /shop/socks).
    await session.page.goBack();
    await session.waitForBeacons(5);
    await session.page.goBack();
    const beacons = await session.waitForBeacons(6);

    expect(beacons.map((b) => [b.event, b.ad!.loc])).toEqual([
      ['init', `${origin}/fixtures/spa.html`],
      ['pagevisit', `${origin}/fixtures/spa.html`],
      ['pagevisit', `${origin}/shop/boots`],
      ['pagevisit', `${origin}/shop/socks`],
      ['pagevisit', `${origin}/shop/boots`],
      ['pagevisit', `${origin}/fixtures/spa.html`],
    ]);
    for (const beacon of beacons.slice(1)) {
      expect(beacon.params).toEqual(TRACK_PARAMS);
      expect(beacon.ed).toEqual({ event_id: expect.stringMatching(UUID_V4) });
    }
    const ids = beacons.slice(1).map((b) => b.ed!.event_id);
    expect(new Set(ids).size).toBe(5);
    expect((await trackedEvents(session.page)).map((e) => e.eventId)).toEqual(ids);
    expect(session.coreRequests).toHaveLength(1);
    session.assertNoTagProblems();
  });
});
