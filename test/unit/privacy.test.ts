// "No plain personal data leaves the SDK" (DESIGN rule 3), tried hard: arbitrary emails and phone numbers go in
// through every door (options, identify, event fields, line items, form fields typed by a shopper), and none
// comes out plain through any window (the pintrk queue, cookies, storage, listeners, the DOM event, the relay).
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createPinterestTag, sha256 } from '../../src/index';
import { resetPage } from '../support/page';

/** Emails with the case and spaces shoppers type. */
const email = fc
  .tuple(fc.emailAddress(), fc.boolean(), fc.constantFrom('', ' ', '  '))
  .map(([address, upper, pad]) => pad + (upper ? address.toUpperCase() : address) + pad);
/** Phone numbers in the notations shoppers use; the +44 7 prefix keeps them from colliding with timestamps. */
const phone = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), fc.constantFrom('+44 7', '0044 7', '(+44) 7-'))
  .map(([digits, prefix]) => prefix + digits.join(''));

function everything(): string {
  const win = window as unknown as { pintrk?: { queue: unknown[] } };
  return [JSON.stringify(win.pintrk?.queue ?? []), document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join('\n');
}

function leaks(haystack: string, values: string[]): string[] {
  const lower = haystack.toLowerCase();
  return values.filter((value) => {
    const plain = value.trim().toLowerCase();
    const digits = plain.replace(/\D/g, '').replace(/^0+/, '');
    return (plain.length > 3 && lower.includes(plain)) || (/\d{9}/.test(digits) && lower.includes(digits));
  });
}

describe('no plain personal data leaves the SDK', () => {
  it('for arbitrary emails and phones, through every door and every window', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const beacons: string[] = [];
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_url: string, body: string) => (beacons.push(String(body)), true) });

    fc.assert(
      fc.property(email, email, phone, phone, fc.constantFrom('granted', 'pending'), (first, typed, tel, tel2, consent) => {
        resetPage();
        beacons.length = 0;
        const out: string[] = [];
        const onDomEvent = (event: Event): number => out.push(JSON.stringify((event as CustomEvent).detail));
        addEventListener('pinterest-tag:event', onDomEvent);
        const tag = createPinterestTag({
          tagId: '2612345678901',
          consent: consent as 'granted' | 'pending',
          relay: '/relay',
          customer: { email: first, phone: tel },
          onEvent: (event) => out.push(JSON.stringify(event)),
        });
        tag.identify({ email: typed, phone: tel2, firstName: 'Jane', externalId: first });
        // A shopper types into the page's forms.
        document.body.innerHTML = `<form><input type="email" name="a"><input name="e-mail"><input autocomplete="email" name="b"><input type="tel" name="phone"></form>`;
        const inputs = document.querySelectorAll('input');
        inputs[0]!.value = typed;
        inputs[1]!.value = first;
        inputs[2]!.value = typed.toUpperCase();
        inputs[3]!.value = tel;
        for (const input of inputs) input.dispatchEvent(new Event('change', { bubbles: true }));
        document.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true }));
        // PII where it does not belong: free-text event fields and line items.
        tag.search({ query: typed });
        tag.lead({ leadType: first });
        tag.custom({ items: [{ id: 'SKU-1', name: typed, brand: first }] });
        tag.checkout({ orderId: 'A-1', promoCode: typed, items: [{ id: 'SKU-2', price: 3 }] });
        tag.setConsent('granted');
        tag.pageVisit({ pageName: first });

        removeEventListener('pinterest-tag:event', onDomEvent);
        const found = leaks([everything(), ...out, ...beacons].join('\n'), [first, typed, tel, tel2]);
        expect(found).toEqual([]);
        // And the hashes did get through: the tag was given em for the typed email.
        expect(everything()).toContain(sha256(typed.trim().toLowerCase()));
      }),
      // Each run adds the SDK's document listeners for good (an instance lives as long as its page), so keep
      // the run count moderate: every door and window is still tried with a hundred different shoppers.
      { numRuns: 100 },
    );
  }, 60_000);
});
