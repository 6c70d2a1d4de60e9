// @vitest-environment node
// Fuzzing form input on a page running the shipped script with automatic enhanced match: arbitrary forms (field
// tags, types, names, ids, autocomplete, values with and without shoppers' emails) and arbitrary `change`,
// `input` and `submit` events on any element, the document included. Properties: nothing the SDK listens with
// throws into the page; a typed email leaves only as its hash; and a valid email typed into an email field does
// reach the tag, hashed.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createShippedPage, TAG_ID } from '../support/shipped-page';
import { email, leaks, params, tally, timeout } from './support';

const page = createShippedPage();
const { window, document } = page;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A field as themes write them: the SDK looks at type, autocomplete, and a name or id like "email" / "e-mail". */
const field = fc.record({
  tag: fc.constantFrom('input', 'input', 'input', 'textarea', 'select'),
  type: fc.constantFrom('email', 'text', 'tel', 'hidden', 'password', 'search', 'checkbox', ''),
  name: fc.constantFrom('email', 'e-mail', 'customer[email]', 'EMAIL_address', 'q', 'phone', 'note', ''),
  id: fc.constantFrom('email', 'e_mail', 'newsletter', ''),
  autocomplete: fc.constantFrom('email', 'username', 'off', ''),
  value: fc.oneof(
    email,
    email.map((address) => `for ${address.trim()} please`),
    fc.string({ maxLength: 20 }),
    fc.constantFrom('', '  ', 'not-an-email@', '@x.com'),
  ),
});

/** Where an event is dispatched: a field, its form, something that is not a form, or the document itself. */
const event = fc.record({
  type: fc.constantFrom('change', 'change', 'submit', 'input'),
  on: fc.oneof(
    fc.integer({ min: 0, max: 5 }).map((index) => ({ field: index })),
    fc.constantFrom('form', 'div', 'custom element', 'body', 'document'),
  ),
});

describe('fuzz: form input with automatic enhanced match', () => {
  it(
    'throws nothing into the page, and a typed email leaves only as its hash',
    async () => {
      const cases = tally('form input: nothing throws, typed emails leave hashed');
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(
          fc.array(field, { minLength: 1, maxLength: 6 }),
          fc.array(event, { minLength: 1, maxLength: 8 }),
          fc.constantFrom('granted', 'pending'),
          async (fields, events, consent) => {
            cases.count();
            page.reset();
            page.runScript({ 'data-tag-id': TAG_ID, 'data-consent': consent, 'data-relay': '/relay' });
            // The page's email fields are watched from a set-up step after the first event.
            await page.settle();
            window.pinterestTag!('onEvent', page.listener);
            const form = document.createElement('form');
            const elements = fields.map((spec) => {
              const element = document.createElement(spec.tag) as HTMLInputElement;
              if (spec.tag === 'input' && spec.type) element.setAttribute('type', spec.type);
              for (const attribute of ['name', 'id', 'autocomplete'] as const) if (spec[attribute]) element.setAttribute(attribute, spec[attribute]);
              if (spec.tag === 'select') element.innerHTML = '<option></option>';
              else element.value = spec.value;
              form.appendChild(element);
              return element;
            });
            const other = document.createElement('div');
            const custom = document.createElement('shop-newsletter-form');
            document.body.append(form, other, custom);
            const named: Record<string, EventTarget> = { form, div: other, 'custom element': custom, body: document.body, document };
            for (const { type, on } of events) {
              const target = typeof on === 'object' ? (elements[on.field % elements.length] as EventTarget) : named[on]!;
              target.dispatchEvent(new window.Event(type, { bubbles: true, cancelable: true }));
            }
            window.pinterestTag!('addToCart', { product: { id: 'SKU-1', price: 5 } });
            window.pinterestTag!('setConsent', 'granted');
            expect(page.errors.join('\n')).toBe('');
            const typed = fields.map((spec) => spec.value).filter((value) => value.includes('@'));
            expect(leaks(page.everything(), typed)).toEqual([]);
          },
        ),
        params<
          [
            Array<{ tag: string; type: string; name: string; id: string; autocomplete: string; value: string }>,
            Array<{ type: string; on: string | { field: number } }>,
            string,
          ]
        >(300, [
          // Found by this fuzz: a submit event whose target is not a form (a field, a custom element, the document)
          // makes the SDK's capture listener throw "Array.prototype.forEach called on null or undefined".
          [
            [{ tag: 'input', type: 'email', name: 'email', id: '', autocomplete: '', value: 'jane@example.com' }],
            [{ type: 'submit', on: { field: 0 } }],
            'granted',
          ],
          [
            [{ tag: 'input', type: 'email', name: 'email', id: '', autocomplete: '', value: 'jane@example.com' }],
            [{ type: 'submit', on: 'custom element' }],
            'granted',
          ],
        ]),
      );
      cases.report(started);
    },
    timeout(300, 30),
  );

  it(
    'a valid email typed into an email field reaches the tag, hashed',
    async () => {
      const cases = tally('form input: a typed email reaches the tag hashed');
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(
          email,
          fc.constantFrom('type=email', 'autocomplete=email', 'name=email', 'name=e-mail', 'id=email'),
          fc.constantFrom('change', 'submit'),
          async (address, how, via) => {
            cases.count();
            page.reset();
            page.runScript({ 'data-tag-id': TAG_ID });
            await page.settle();
            const [attribute, value] = how.split('=') as [string, string];
            document.body.innerHTML = `<form><input ${attribute}="${value}"></form>`;
            const input = document.querySelector('input')!;
            input.value = address;
            (via === 'change' ? input : document.querySelector('form')!).dispatchEvent(new window.Event(via, { bubbles: true }));
            window.pinterestTag!('addToCart', { product: { id: 'SKU-1', price: 5 } });
            const hash = sha256(address.trim().toLowerCase());
            expect(JSON.stringify(page.queue())).toContain(hash);
            expect(leaks(page.everything(), [address])).toEqual([]);
            expect(page.errors).toEqual([]);
          },
        ),
        params(100),
      );
      cases.report(started);
    },
    timeout(100, 30),
  );
});
