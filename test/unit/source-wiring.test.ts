// How event sources attach: the instance's page-visit hooks (src/host.ts, tag.ts), the script tag's
// `data-sources` and `pinterestTag('source', name, options)` (script-tag.ts), the side files' protocol
// (src/sources/side-file.ts), and the debug-mode double-count check (src/sources/shared.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { install as attachDebugPanel } from '../../src/debug/panel';
import { createPinterestTag } from '../../src/index';
import { ga4Source } from '../../src/sources/ga4';
import { SOURCE_HOLD_MS } from '../../src/sources/names';
import { HOST, type TagHost } from '../../src/tag-host';
import { messages, quietConsole, settle, setUrl, TAG_ID, tracks } from '../support/page';
import { GA4_ADD_TO_CART, GA4_VIEW_ITEM, THEME_PRODUCT_VIEW, themePageView } from '../support/platform-events';
import { sent, themeEvent } from '../support/sources';

const hostOf = (tag: unknown): TagHost => (tag as { [HOST]: TagHost })[HOST];
const PRODUCT = { items: [{ id: 'KC-1001', price: 28 }] };
const LINE = { line_items: [{ product_id: 'KC-1001', product_price: 28, product_quantity: 1 }] };

beforeEach(() => {
  for (const key of ['dataLayer', 'myLayer']) delete (window as unknown as Record<string, unknown>)[key];
});

describe('the instance’s page-visit hooks for sources (TagHost)', () => {
  it('pageVisit(data) before the automatic page visit went: that visit carries data, and no second one goes', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID });
    expect(hostOf(tag).pageVisit(PRODUCT)?.status).toBe('sent');
    await settle();
    expect(sent('pagevisit')).toEqual([LINE]);
  });

  it('holdPageVisits(ms): the automatic page visit waits up to ms for pageVisit(data), then goes without it', async () => {
    vi.useFakeTimers();
    const tag = createPinterestTag({ tagId: TAG_ID });
    hostOf(tag).holdPageVisits(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(tracks('pagevisit')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent('pagevisit')).toEqual([{}]);
    // Too late for this page: no second page visit.
    expect(hostOf(tag).pageVisit(PRODUCT)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(5000);
    expect(tracks('pagevisit')).toHaveLength(1);
  });

  it('sends a held page visit at once with pageVisit(), and as the page is hidden', async () => {
    vi.useFakeTimers();
    const tag = createPinterestTag({ tagId: TAG_ID });
    hostOf(tag).holdPageVisits(1000);
    await vi.advanceTimersByTimeAsync(10);
    expect(hostOf(tag).pageVisit()?.status).toBe('sent');
    expect(sent('pagevisit')).toEqual([{}]);

    setUrl('/next-page');
    const other = createPinterestTag({ tagId: TAG_ID, spa: true });
    hostOf(other).holdPageVisits(1000);
    await vi.advanceTimersByTimeAsync(10);
    dispatchEvent(new Event('pagehide'));
    expect(tracks('pagevisit')).toHaveLength(2);
  });

  it('never sends a page visit the store turned off (autoPageVisit: false)', async () => {
    const tag = createPinterestTag({ tagId: TAG_ID, autoPageVisit: false });
    hostOf(tag).holdPageVisits(1000);
    expect(hostOf(tag).pageVisit(PRODUCT)).toBeUndefined();
    await settle();
    expect(tracks('pagevisit')).toEqual([]);
  });

  it('on an SPA, holds each route’s visit: a route left while held has its visit sent first', async () => {
    vi.useFakeTimers();
    const tag = createPinterestTag({ tagId: TAG_ID, spa: true });
    hostOf(tag).holdPageVisits(1000);
    await vi.advanceTimersByTimeAsync(10);
    history.pushState(null, '', '/products/mug');
    await vi.advanceTimersByTimeAsync(10);
    expect(tracks('pagevisit')).toHaveLength(1);
    hostOf(tag).pageVisit(PRODUCT);
    expect(sent('pagevisit')).toEqual([{}, LINE]);
  });

  it('does not hold page visits for a store that uses no source: the page visit goes in the page’s first task', async () => {
    createPinterestTag({ tagId: TAG_ID });
    await Promise.resolve();
    expect(tracks('pagevisit')).toHaveLength(1);
  });
});

// --- the script tag ----------------------------------------------------------------------------------------------

const SNIPPET = 'window.pinterestTag = window.pinterestTag || function () { (pinterestTag.q = pinterestTag.q || []).push(arguments) };';
type CommandFunction = ((name: unknown, ...args: unknown[]) => unknown) & { q?: unknown[] };
const pinterestTag = (): CommandFunction => (window as unknown as { pinterestTag: CommandFunction }).pinterestTag;
const BASE = 'https://cdn.example.com/storefront-pinterest-tag/';

function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  script.setAttribute('src', `${BASE}pinterest-tag.min.js`);
  document.head.appendChild(script);
  return script;
}

/** Runs a module as the browser runs a script file: fresh module instances, `script` as currentScript. */
async function runFile(path: string, script: HTMLScriptElement | null = null): Promise<void> {
  Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
  try {
    vi.resetModules();
    await import(/* @vite-ignore */ path);
  } finally {
    delete (document as unknown as Record<string, unknown>).currentScript;
  }
}
const runScriptTag = (script: HTMLScriptElement) => runFile('../../src/script-tag', script);
const sourceFiles = (): string[] =>
  Array.from(document.querySelectorAll('script'))
    .map((script) => script.src)
    .filter((src) => src.includes('pinterest-tag-source-'));

describe('the script tag’s event sources', () => {
  it('loads a file next to itself for each known name of data-sources, with the script’s nonce; an unknown name is refused', async () => {
    const console = quietConsole();
    await runScriptTag(scriptTag({ 'data-tag-id': TAG_ID, 'data-sources': 'ga4, Shopify ,https://evil.example/x.js,', nonce: 'n0nce' }));
    expect(sourceFiles()).toEqual([`${BASE}pinterest-tag-source-ga4.min.js`, `${BASE}pinterest-tag-source-shopify.min.js`]);
    expect(
      Array.from(document.querySelectorAll('script[src*="pinterest-tag-source-"]')).every((script) => (script as HTMLScriptElement).nonce === 'n0nce'),
    ).toBe(true);
    expect(messages(console.warn)).toEqual(['[pinterest-tag] not-source source']);
    // A command naming a URL loads nothing either.
    pinterestTag()('source', 'https://evil.example/x.js');
    pinterestTag()('source', 'constructor');
    expect(sourceFiles()).toHaveLength(2);
  });

  it('loads no source file and holds no page visit on a page without sources', async () => {
    await runScriptTag(scriptTag({ 'data-tag-id': TAG_ID }));
    await Promise.resolve();
    expect(sourceFiles()).toEqual([]);
    expect(tracks('pagevisit')).toHaveLength(1);
  });

  it('holds the page visit for the source’s product; the loaded file attaches to the instance and gives it', async () => {
    (window as unknown as { dataLayer: unknown[] }).dataLayer = [{ ecommerce: null }, GA4_VIEW_ITEM];
    await runScriptTag(scriptTag({ 'data-tag-id': TAG_ID, 'data-sources': 'ga4' }));
    await Promise.resolve();
    expect(tracks('pagevisit')).toEqual([]);
    await runFile('../../src/sources/files/ga4');
    expect(tracks('pagevisit')).toHaveLength(1);
    expect((tracks('pagevisit')[0]![2] as { line_items: Array<{ product_id: string }> }).line_items[0]!.product_id).toBe('KC-1001');
  });

  it('passes the options of pinterestTag("source", name, options), queued or live, to the file; new options restart it', async () => {
    const layer: unknown[] = [{ ecommerce: null }, GA4_ADD_TO_CART];
    (window as unknown as { myLayer: unknown[] }).myLayer = layer;
    (0, eval)(SNIPPET);
    pinterestTag()('source', 'ga4', { dataLayer: 'myLayer' });
    await runScriptTag(scriptTag({ 'data-tag-id': TAG_ID }));
    expect(sourceFiles()).toEqual([`${BASE}pinterest-tag-source-ga4.min.js`]);
    await runFile('../../src/sources/files/ga4');
    expect(tracks('addtocart')).toHaveLength(1);
    // The same options again: nothing restarts, nothing is read twice.
    pinterestTag()('source', 'ga4', { dataLayer: 'myLayer' });
    pinterestTag()('source', 'ga4');
    expect(tracks('addtocart')).toHaveLength(1);
    // Another layer: the source moves to it (reading what is in it).
    (window as unknown as { dataLayer: unknown[] }).dataLayer = [{ ecommerce: null }, GA4_ADD_TO_CART];
    pinterestTag()('source', 'ga4', { dataLayer: 'dataLayer' });
    expect(tracks('addtocart')).toHaveLength(2);
    layer.push({ ecommerce: null }, GA4_ADD_TO_CART);
    expect(tracks('addtocart')).toHaveLength(2);
    expect(sourceFiles()).toHaveLength(1);
  });

  it('a source file included before the SDK (defer) records the theme’s first events, and the script tag uses it instead of loading another', async () => {
    await runFile('../../src/sources/files/shopify');
    document.dispatchEvent(themeEvent('shopify:page:view', themePageView('product')));
    document.dispatchEvent(themeEvent('shopify:product:view', THEME_PRODUCT_VIEW));
    expect(tracks()).toEqual([]);
    await runScriptTag(scriptTag({ 'data-tag-id': TAG_ID, 'data-sources': 'shopify' }));
    await settle();
    expect(sourceFiles()).toEqual([]);
    expect((tracks('pagevisit')[0]![2] as { line_items: Array<{ product_id: string }> }).line_items[0]!.product_id).toBe('7808926384363');
    expect(tracks('pagevisit')).toHaveLength(1);
  });

  it('a second copy of a source file does nothing', async () => {
    (window as unknown as { dataLayer: unknown[] }).dataLayer = [{ ecommerce: null }, GA4_ADD_TO_CART];
    await runScriptTag(scriptTag({ 'data-tag-id': TAG_ID, 'data-sources': 'ga4' }));
    await runFile('../../src/sources/files/ga4');
    await runFile('../../src/sources/files/ga4');
    expect(tracks('addtocart')).toHaveLength(1);
  });
});

describe('double counting (debug mode)', () => {
  it('flags an action a source and a direct call both report within 2 s', async () => {
    const console = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, debug: true });
    attachDebugPanel();
    ga4Source(tag);
    (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ ecommerce: null }, GA4_ADD_TO_CART);
    tag.addToCart({ product: { id: 'KC-1001', price: 28 } });
    await settle();
    expect(messages(console.warn)).toContain('[pinterest-tag] addtocart (ga4 source) came from a source and another call within 2 s: Pinterest counts both');
  });

  it('does not flag them more than 2 s apart, nor two reports of the same source', async () => {
    vi.useFakeTimers();
    const console = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID, debug: true });
    attachDebugPanel();
    ga4Source(tag);
    const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer;
    layer.push({ ecommerce: null }, GA4_ADD_TO_CART);
    layer.push({ ecommerce: null }, GA4_ADD_TO_CART);
    await vi.advanceTimersByTimeAsync(2100);
    tag.addToCart({ product: { id: 'KC-1001', price: 28 } });
    await vi.advanceTimersByTimeAsync(10);
    expect(messages(console.warn).filter((line) => line.includes('within 2 s'))).toEqual([]);
  });

  it('costs nothing outside debug mode: no warning, no listener', async () => {
    const console = quietConsole();
    const tag = createPinterestTag({ tagId: TAG_ID });
    const onEvent = vi.spyOn(tag, 'onEvent');
    ga4Source(tag);
    (window as unknown as { dataLayer: unknown[] }).dataLayer.push({ ecommerce: null }, GA4_ADD_TO_CART);
    tag.addToCart({ product: { id: 'KC-1001', price: 28 } });
    await settle();
    expect(onEvent).not.toHaveBeenCalled();
    expect(console.warn).not.toHaveBeenCalled();
    expect(SOURCE_HOLD_MS).toBe(1500);
  });
});
