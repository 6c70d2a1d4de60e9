// Debug mode: the command log, the console, and the panel's Tag Helper-style checks.
import { describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../src/common/sha256';
import { install as attachDebugPanel } from '../../src/debug/panel';
import { createPinterestTag } from '../../src/index';
import { command } from '../../src/loader';
import { pageState } from '../../src/page-state';
import { settle } from '../support/page';

const panelText = (): string => document.querySelector('pinterest-tag-debug')?.shadowRoot?.textContent ?? '';

function debugWarnings(run: () => void): string[] {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'info').mockImplementation(() => {});
  run();
  return warn.mock.calls.map((call) => String(call[0])).filter((text) => text.startsWith('[pinterest-tag debug]'));
}

describe('debug mode', () => {
  it('is off by default: no log, no panel, nothing on the console', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    createPinterestTag({ tagId: '2612345678901' }).addToCart({ product: { id: 1, price: 2 } });
    await settle();
    expect(pageState().log).toBeUndefined();
    expect(info).not.toHaveBeenCalled();
  });

  it('logs each event with its ID and data, and every command for the panel', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const tag = createPinterestTag({ tagId: '2612345678901', debug: true, currency: 'USD' });
    await settle();
    const { eventId } = tag.addToCart({ product: { id: 'SKU-1', price: 2 } });
    expect(info).toHaveBeenCalledWith(`[pinterest-tag] addtocart ${eventId}`, expect.objectContaining({ event_id: eventId, value: 2 }));
    expect(pageState().log!.map((entry) => entry.command[0])).toEqual(['load', 'page', 'track', 'track']);
  });

  it('turns on from ?pinterest_tag_debug=1 on the page URL', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    history.replaceState(null, '', '/products/1?pinterest_tag_debug=1');
    createPinterestTag({ tagId: '2612345678901' });
    await settle();
    expect(pageState().log).toBeDefined();
  });

  it('shows every event and its ID in the panel, including those sent before it loaded', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const tag = createPinterestTag({ tagId: '2612345678901', debug: true, currency: 'USD' });
    await settle();
    const first = tag.search({ query: 'boots' });
    attachDebugPanel();
    const second = tag.checkout({ orderId: '1001', items: [{ id: 'SKU-1', price: 20 }] });
    const text = panelText();
    expect(text).toContain('pagevisit');
    expect(text).toContain(first.eventId);
    expect(text).toContain(second.eventId);
    expect(text).toContain('checkout');
  });

  it('shows the calls that sent nothing, with what became of them: duplicate, invalid, dropped', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tag = createPinterestTag({ tagId: '2612345678901', debug: true, consent: 'pending' });
    await settle();
    attachDebugPanel();
    for (let i = 0; i < 101; i++) tag.lead();
    tag.setConsent('granted');
    const first = tag.checkout({ orderId: '77' });
    const again = tag.checkout({ orderId: '77' });
    tag.addToCart({ items: 'SKU-1' as never });
    const text = panelText();
    expect(again.status).toBe('duplicate');
    expect(text).toContain(`checkout (duplicate) ${first.eventId}`);
    expect(text).toContain('addToCart (invalid)');
    expect(text).toContain('lead (dropped)');
    expect(text).toContain('lead (pending)');
  });

  it('starts folded to its header on a phone, so that it does not cover the page', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const width = vi.spyOn(window, 'innerWidth', 'get').mockReturnValue(375);
    createPinterestTag({ tagId: '2612345678901', debug: true });
    await settle();
    attachDebugPanel();
    const panel = document.querySelector('pinterest-tag-debug')!.shadowRoot!.querySelector('.panel')!;
    expect(panel.classList.contains('collapsed')).toBe(true);
    width.mockReturnValue(1280);
  });

  it('prints warnings as sentences in debug mode, the ones given before the debug file arrived too', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tag = createPinterestTag({ tagId: '2612345678901', debug: true, autoPageVisit: false });
    tag.addToCart({ items: [{ id: 'A', price: 'free' }] });
    await settle();
    await vi.waitFor(() => expect(pageState().explain).toBeDefined());
    tag.search({ query: '' });
    expect(warn.mock.calls.map(([text]) => String(text)).filter((text) => text.startsWith('[pinterest-tag] '))).toEqual([
      '[pinterest-tag] addToCart: items[0].price must be a number of 0 or more, such as 19.99, not "free"',
      '[pinterest-tag] search: query must be given for this event, not ""',
    ]);
  });

  it('warns like Tag Helper: missing value, currency or product IDs; reused ID; second page visit; bad em; second tag', async () => {
    const warnings = debugWarnings(() => {
      pageState().log = [];
      attachDebugPanel();
      history.replaceState(null, '', '/shoes');
      command('load', '111', { em: sha256('<user_email_address>') });
      command('set', { em: 'jane@example.com' });
      command('track', 'pagevisit', { event_id: 'a' });
      command('track', 'pagevisit', { event_id: 'b' });
      command('track', 'checkout', { event_id: 'c', order_id: '1' });
      command('track', 'addtocart', { event_id: 'c', value: 3, currency: 'ZZZ', line_items: [{ product_price: 3 }] });
      command('track', 'add_to_cart', { event_id: 'd' });
      command('track', 'lead', {});
      command('load', '222');
    });
    expect(warnings).toEqual([
      "[pinterest-tag debug] em is the hash of a placeholder or an empty value, not of a shopper's email",
      '[pinterest-tag debug] em is not a SHA-256 hash: hash emails before they reach the tag',
      `[pinterest-tag debug] a second page visit for ${location.href}`,
      '[pinterest-tag debug] checkout without value',
      '[pinterest-tag debug] checkout without currency',
      '[pinterest-tag debug] checkout without product IDs (line_items[].product_id)',
      '[pinterest-tag debug] addtocart without product IDs (line_items[].product_id)',
      '[pinterest-tag debug] currency "ZZZ" is not an ISO-4217 code',
      '[pinterest-tag debug] event_id c was already used for checkout: Pinterest will count one of them',
      "[pinterest-tag debug] 'add_to_cart' is not a standard event name: no conversion reporting for it",
      '[pinterest-tag debug] lead without event_id: it cannot be deduplicated with the Conversions API',
      '[pinterest-tag debug] a second Pinterest tag is loaded on this page (111, 222): Pinterest supports one',
    ]);
    expect(panelText()).toContain('a second page visit');
  });

  it('does not flag an SPA coming back to a route it visited before', async () => {
    const warnings = debugWarnings(() => {
      pageState().log = [];
      attachDebugPanel();
      for (const [path, id] of [
        ['/cart', 'a'],
        ['/products/1', 'b'],
        ['/cart', 'c'],
      ]) {
        history.replaceState(null, '', path);
        command('track', 'pagevisit', { event_id: id });
      }
    });
    expect(warnings).toEqual([]);
  });

  it('warns when core.js is on the page twice', async () => {
    document.head.innerHTML = '<script src="https://s.pinimg.com/ct/core.js"></script><script src="https://s.pinimg.com/ct/core.js?v=2"></script>';
    const warnings = debugWarnings(() => attachDebugPanel());
    expect(warnings).toEqual(['[pinterest-tag debug] core.js is on this page 2 times']);
  });

  it('a correct storefront session raises no warning', async () => {
    const warnings = debugWarnings(() => {
      const tag = createPinterestTag({ tagId: '2612345678901', debug: true, currency: 'USD', customer: { email: 'jane@example.com' } });
      attachDebugPanel();
      tag.viewCategory({ category: 'Shoes' });
      tag.addToCart({ product: { id: 'SKU-1', price: 20 } });
      tag.checkout({ orderId: '1001', items: [{ id: 'SKU-1', price: 20 }] });
    });
    expect(warnings).toEqual([]);
  });

  it('never throws into the page, whatever is logged', async () => {
    expect(() => {
      attachDebugPanel();
      command('track', null, null);
      command(undefined as unknown as string);
      command('load', {
        toString: () => {
          throw new Error('boom');
        },
      });
    }).not.toThrow();
  });
});
