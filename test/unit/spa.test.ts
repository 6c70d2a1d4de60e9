// SPA page visits: one pagevisit, with a fresh ID, per route change; never the same URL twice in a row, never a
// second one for the first URL, never a second load.
import { describe, expect, it } from 'vitest';
import { createPinterestTag } from '../../src/index';
import { settle } from '../support/page';

const queue = (): unknown[][] => (window as unknown as { pintrk: { queue: unknown[][] } }).pintrk.queue;
const visits = (): Array<{ event_id: string }> =>
  queue()
    .filter((c) => c[1] === 'pagevisit')
    .map((c) => c[2] as { event_id: string });

describe('spa: true', () => {
  it('sends one pagevisit per route change through pushState, replaceState and popstate', async () => {
    history.replaceState(null, '', '/');
    createPinterestTag({ tagId: '2612345678901', spa: true });
    await settle();
    expect(visits()).toHaveLength(1);
    history.pushState(null, '', '/category/shoes');
    history.pushState(null, '', '/products/1');
    history.replaceState(null, '', '/products/2');
    expect(visits()).toHaveLength(4);
    history.replaceState(null, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    // replaceState back to '/' counted; the popstate that follows finds the same URL and does not.
    expect(visits()).toHaveLength(5);
    expect(new Set(visits().map((v) => v.event_id)).size).toBe(5);
    expect(queue().filter((c) => c[0] === 'load')).toHaveLength(1);
    expect(queue().filter((c) => c[0] === 'page')).toHaveLength(1);
  });

  it('ignores the same URL twice in a row, fragment changes, and replaceState that keeps the path', async () => {
    history.replaceState(null, '', '/products/1');
    createPinterestTag({ tagId: '2612345678901', spa: true });
    await settle();
    history.pushState(null, '', '/products/1');
    history.pushState(null, '', '/products/1#reviews');
    history.replaceState(null, '', '/products/1?variant=red');
    history.replaceState({ scroll: 10 }, '');
    expect(visits()).toHaveLength(1);
    history.pushState(null, '', '/products/1?variant=blue');
    expect(visits()).toHaveLength(2);
  });

  it('follows popstate (back and forward)', async () => {
    history.replaceState(null, '', '/a');
    createPinterestTag({ tagId: '2612345678901', spa: true });
    await settle();
    history.pushState(null, '', '/b');
    // jsdom does not navigate on back(): set the URL as the browser would, then fire popstate.
    history.replaceState(null, '', '/a');
    const before = visits().length;
    history.pushState(null, '', '/c');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(visits().length).toBe(before + 1);
  });

  it('is off by default: route changes send nothing', async () => {
    createPinterestTag({ tagId: '2612345678901' });
    await settle();
    history.pushState(null, '', '/elsewhere');
    expect(visits()).toHaveLength(1);
  });

  it('keeps the router working even if the page visit fails', async () => {
    createPinterestTag({
      tagId: '2612345678901',
      spa: true,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await settle();
    expect(() => history.pushState({ id: 1 }, '', '/next')).not.toThrow();
    expect(location.pathname).toBe('/next');
    expect(history.state).toEqual({ id: 1 });
  });
});
