// The shipped script, dist/pinterest-tag.min.js, run by jsdom as a theme would run it: from a <script> with
// data attributes, after the official pre-load snippet queued calls.
import { readFileSync } from 'node:fs';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';

const code = readFileSync(new URL('../../dist/pinterest-tag.min.js', import.meta.url), 'utf8');
const SNIPPET = 'window.pinterestTag = window.pinterestTag || function () { (pinterestTag.q = pinterestTag.q || []).push(arguments) };';

interface Page {
  window: Window & { pintrk?: { queue: unknown[][]; version: string }; pinterestTag?: (...args: unknown[]) => any };
  warnings: string[];
  errors: string[];
}

function page(attributes: string, before = '', copies = 1): Page {
  const warnings: string[] = [];
  const errors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('warn', (message: string) => warnings.push(message));
  virtualConsole.on('error', (message: string) => errors.push(message));
  virtualConsole.on('jsdomError', (error: Error) => errors.push(String(error)));
  const script = `<script ${attributes}>${code.replace(/<\/script/g, '<\\/script')}</script>`;
  const dom = new JSDOM(`<!doctype html><html><head><script>${SNIPPET}${before}</script>${script.repeat(copies)}</head><body></body></html>`, {
    url: 'https://shop.example.com/products/1?utm_source=pin',
    runScripts: 'dangerously',
    virtualConsole,
  });
  return { window: dom.window as unknown as Page['window'], warnings, errors };
}

const commands = (p: Page) => p.window.pintrk!.queue.map((c) => (c[0] === 'track' ? `track:${c[1]}` : String(c[0])));

describe('dist/pinterest-tag.min.js', () => {
  it('starts from its data attributes: one core.js, load, page and pagevisit', () => {
    const p = page('data-tag-id="2612345678901" data-currency="EUR" nonce="abc123"');
    const scripts = p.window.document.querySelectorAll('script[src]');
    expect(scripts).toHaveLength(1);
    expect((scripts[0] as HTMLScriptElement).src).toBe('https://s.pinimg.com/ct/core.js');
    expect((scripts[0] as HTMLScriptElement).async).toBe(true);
    expect((scripts[0] as HTMLScriptElement).nonce).toBe('abc123');
    expect(p.window.pintrk!.version).toBe('3.0');
    expect(commands(p)).toEqual(['load', 'page', 'track:pagevisit']);
    expect(p.window.pintrk!.queue[0]).toEqual(['load', '2612345678901', {}]);
    expect(p.errors).toEqual([]);
  });

  it('replays calls queued before it loaded, in order, then answers live', () => {
    const queued = `pinterestTag('viewCategory', { category: 'Shoes' }); pinterestTag('addToCart', { product: { id: 'SKU-1', price: 20 } });`;
    const p = page('data-tag-id="2612345678901" data-currency="EUR" data-auto-page-visit="false"', queued);
    expect(commands(p)).toEqual(['load', 'page', 'track:viewcategory', 'track:addtocart']);
    expect(p.window.pintrk!.queue[3]![2]).toMatchObject({ value: 20, currency: 'EUR', order_quantity: 1, line_items: [{ product_id: 'SKU-1', product_price: 20, product_quantity: 1 }] });
    const result = p.window.pinterestTag!('checkout', { orderId: '1001', items: [{ id: 'SKU-1', price: 20 }] });
    expect(result).toMatchObject({ event: 'checkout', apiEvent: 'checkout', status: 'sent' });
    expect(p.window.pintrk!.queue.at(-1)![2]).toMatchObject({ order_id: '1001', event_id: result.eventId });
  });

  it('does nothing twice when the script is on the page twice', () => {
    const p = page('data-tag-id="2612345678901"', '', 2);
    expect(p.window.document.querySelectorAll('script[src]')).toHaveLength(1);
    expect(commands(p)).toEqual(['load', 'page', 'track:pagevisit']);
  });

  it('warns about an unknown command and about a missing Tag ID, and throws nothing', () => {
    const p = page('data-tag-id="2612345678901" data-auto-page-visit="false"', `pinterestTag('addToKart', {});`);
    expect(p.warnings.join('\n')).toMatch(/pinterestTag\("addToKart"\) is not a command/);
    const none = page('data-currency="USD"');
    expect(none.errors.join('\n')).toMatch(/tagId must be your Pinterest Tag ID/);
    expect(none.window.pintrk).toBeUndefined();
    expect(none.window.pinterestTag!('addToCart', { product: { id: 1 } })).toMatchObject({ status: 'inactive' });
  });

  it('loads the debug panel next to itself only in debug mode', () => {
    const quiet = page('data-tag-id="2612345678901"');
    expect(quiet.window.document.querySelector('script[src*="pinterest-tag-debug"]')).toBeNull();
    const debug = page('data-tag-id="2612345678901" data-debug');
    // An inline script has no src of its own, so the panel's URL is resolved against the page.
    expect(debug.window.document.querySelector('script[src*="pinterest-tag-debug"]')?.getAttribute('src')).toBe(
      'https://shop.example.com/products/pinterest-tag-debug.min.js',
    );
  });
});
