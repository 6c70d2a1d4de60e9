import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, actionOfApi, actionOfTag, EVENTS, isAction } from '../../src/common/catalog';
import { buildEventData, MAX_ITEMS } from '../../src/common/event-data';
import { explain } from '../../src/common/messages';
import type { ActionName } from '../../src/common/types';
import { toCurrency, toNumber, toText } from '../../src/common/values';

/** Runs buildEventData and collects every report as its sentence, so each test can assert the data and the messages. */
function build(action: ActionName, input: unknown, currency: string | null = 'USD') {
  const reports: string[] = [];
  // null stands for "no default currency": undefined would select this helper's own default.
  const data = buildEventData(action, input, currency ?? undefined, (code, field, got) => reports.push(explain(code, field, got)));
  return { data, reports };
}

const PRICE = 'must be a number of 0 or more, such as 19.99';
const QUANTITY = 'must be a whole number from 1 to 1,000,000';
const ID = "must be your catalog's product ID, such as id: 'SKU-1'";
const ITEM = "must be an object such as { id: 'SKU-1', price: 10 }";

describe('event names', () => {
  // Pinterest's "Conversion event types" table (https://developers.pinterest.com/docs/conversions/event/, "Name
  // in API / Name in Tag", the tag names lower-cased), copied by hand so that a change to the table in src
  // cannot also change the expectation. App-only events (app_install, app_open) have no tag name.
  const PINTEREST: [ActionName, string, string][] = [
    ['pageVisit', 'pagevisit', 'page_visit'],
    ['viewCategory', 'viewcategory', 'view_category'],
    ['search', 'search', 'search'],
    ['addToCart', 'addtocart', 'add_to_cart'],
    ['checkout', 'checkout', 'checkout'],
    ['signup', 'signup', 'signup'],
    ['lead', 'lead', 'lead'],
    ['watchVideo', 'watchvideo', 'watch_video'],
    ['custom', 'custom', 'custom'],
    ['initiateCheckout', 'initiatecheckout', 'initiate_checkout'],
    ['addToWishlist', 'addtowishlist', 'add_to_wishlist'],
    ['addPaymentInfo', 'addpaymentinfo', 'add_payment_info'],
    ['viewContent', 'viewcontent', 'view_content'],
    ['subscribe', 'subscribe', 'subscribe'],
    ['contact', 'contact', 'contact'],
    ['startTrial', 'starttrial', 'start_trial'],
    ['submitApplication', 'submitapplication', 'submit_application'],
    ['schedule', 'schedule', 'schedule'],
    ['findLocation', 'findlocation', 'find_location'],
    ['customizeProduct', 'customizeproduct', 'customize_product'],
  ];

  it("lists every event of Pinterest's table, the nine of the first tag first", () => {
    expect(ACTIONS).toStrictEqual(PINTEREST.map(([action]) => action));
  });

  it.each(PINTEREST)('%s is tag %s and Conversions API %s', (action, tag, api) => {
    expect(EVENTS[action].tag).toBe(tag);
    expect(EVENTS[action].api).toBe(api);
    expect(actionOfTag(tag)).toBe(action);
    expect(actionOfApi(api)).toBe(action);
  });

  it('finds no action for names that are not events, inherited ones included', () => {
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'add_to_cart', 'AddToCart', '', undefined]) {
      expect(isAction(name)).toBe(false);
      expect(actionOfTag(name)).toBeUndefined();
    }
    expect(actionOfApi('addtocart')).toBeUndefined();
  });

  it('never gives the tag an underscore name, which the tag counts as non-standard (SPEC §3.1)', () => {
    for (const action of ACTIONS) expect(EVENTS[action].tag).toMatch(/^[a-z]+$/);
  });
});

describe('toNumber', () => {
  it.each([
    [19.99, 19.99],
    [0, 0],
    ['9.50', 9.5],
    [' 2 ', 2],
    ['.5', 0.5],
    ['5.', 5],
    ['-1', -1],
    ['007', 7],
  ])('reads %j as %d', (input, expected) => {
    expect(toNumber(input)).toBe(expected);
  });

  it('passes a non-finite number through for the caller to reject', () => {
    expect(toNumber(Infinity)).toBe(Infinity);
    expect(toNumber(NaN)).toBeNaN();
  });

  // Wrapped one per row: it.each would spread a bare [] into no arguments at all.
  it.each(['', ' ', 'abc', '1e3', '0x10', 'Infinity', '1,000', '$5', '5 5', null, undefined, true, false, {}, []].map((input) => [input]))(
    'gives NaN for %j',
    (input) => {
      expect(toNumber(input)).toBeNaN();
    },
  );

  // Only numbers and numeric strings count (its own JSDoc): an array or object that happens to stringify as a
  // number is a caller mistake (price: [9.5]), not a price.
  it.each([[[3]], [['9.5']], [{ toString: (): string => '7' }]])('gives NaN for the non-string %j that stringifies as a number', (input) => {
    expect(toNumber(input)).toBeNaN();
  });
});

describe('toText', () => {
  it.each([
    ['  Red Boots ', 'Red Boots'],
    ['', ''],
    ['   ', ''],
    [1001, '1001'],
    [0, '0'],
    [-2.5, '-2.5'],
    [null, ''],
    [undefined, ''],
  ])('reads %j as %j', (input, expected) => {
    expect(toText(input)).toBe(expected);
  });

  it.each([NaN, Infinity, -Infinity, {}, [], ['a'], true, false, () => 'x'].map((input) => [input]))('refuses %s', (input) => {
    expect(toText(input)).toBeUndefined();
  });

  // Its contract is `undefined` for anything else; a BigInt order ID (64-bit platform IDs) must not throw.
  it('refuses a BigInt and a Symbol without throwing', () => {
    expect(toText(10n)).toBeUndefined();
    expect(toText(Symbol('x'))).toBeUndefined();
  });
});

describe('toCurrency', () => {
  it.each([
    ['usd', 'USD'],
    ['USD', 'USD'],
    [' eur ', 'EUR'],
    ['jpy', 'JPY'],
    ['Gbp', 'GBP'],
  ])('reads %j as %j', (input, expected) => {
    expect(toCurrency(input)).toBe(expected);
  });

  // Every code of Pinterest's Currency enum (SPEC §3.2) except its UNK placeholder, which is not ISO-4217.
  it('accepts every ISO-4217 code of the Pinterest currency enum', () => {
    const codes = 'USD GBP CAD EUR AUD NZD SEK ILS CHF HKD JPY SGD KRW NOK DKK PLN RON HUF CZK BRL MXN ARS CLP COP INR TRY'.split(' ');
    expect(codes.map((code) => toCurrency(code.toLowerCase()))).toStrictEqual(codes);
    expect(toCurrency('UNK')).toBeUndefined();
  });

  it.each(['XYZ', 'ABC', 'US', 'USDD', 'US D', 'U$D', '', '123', 'usdollar', null, undefined, 840, {}, ['USD']].map((input) => [input]))(
    'refuses %j',
    (input) => {
      expect(toCurrency(input)).toBeUndefined();
    },
  );

  // Browsers before 2021 have no Intl.DisplayNames: then the shape is all that is checked.
  it("checks Pinterest's own currencies without Intl.DisplayNames, whose first use is slow on phones", async () => {
    const intl = Intl as unknown as { DisplayNames: unknown };
    const original = intl.DisplayNames;
    const made = vi.fn();
    intl.DisplayNames = class {
      constructor() {
        made();
      }
      of(code: string): string {
        return code === 'XYZ' ? code : 'a currency';
      }
    };
    try {
      vi.resetModules();
      const { toCurrency: fresh } = await import('../../src/common/values');
      expect(['usd', 'EUR', ' gbp ', 'JPY', 'TRY'].map(fresh)).toEqual(['USD', 'EUR', 'GBP', 'JPY', 'TRY']);
      expect(made).not.toHaveBeenCalled();
      expect(fresh('VND')).toBe('VND');
      expect(fresh('XYZ')).toBeUndefined();
      expect(made).toHaveBeenCalledTimes(1);
    } finally {
      intl.DisplayNames = original;
    }
  });

  it('falls back to three letters when Intl.DisplayNames is missing', async () => {
    const intl = Intl as unknown as { DisplayNames: unknown };
    const original = intl.DisplayNames;
    intl.DisplayNames = undefined;
    try {
      // A fresh copy of the module, as on a page of a browser without Intl.DisplayNames (it caches its instance).
      vi.resetModules();
      const { toCurrency: fresh } = await import('../../src/common/values');
      expect(fresh('xyz')).toBe('XYZ');
      expect(fresh('usd')).toBe('USD');
      expect(fresh('US')).toBeUndefined();
      expect(fresh('12A')).toBeUndefined();
    } finally {
      intl.DisplayNames = original;
    }
  });
});

describe('buildEventData: pageVisit', () => {
  it('gives empty event data for no data', () => {
    expect(build('pageVisit', undefined)).toStrictEqual({ data: {}, reports: [] });
    expect(build('pageVisit', null)).toStrictEqual({ data: {}, reports: [] });
    expect(build('pageVisit', {})).toStrictEqual({ data: {}, reports: [] });
  });

  it('sends page_name, trimmed', () => {
    expect(build('pageVisit', { pageName: '  Home ' })).toStrictEqual({ data: { page_name: 'Home' }, reports: [] });
  });

  // A product page (Pinterest's Shopify pixel sends product views as PageVisit with line items, SPEC §8.1):
  // line items, but no value, currency or order_quantity, which are only computed for carts and orders.
  it('sends a viewed product as a line item without value, currency or order_quantity', () => {
    expect(build('pageVisit', { product: { id: 42, name: 'Parker Boots', price: '99.99' } })).toStrictEqual({
      data: { line_items: [{ product_id: '42', product_name: 'Parker Boots', product_price: 99.99, product_quantity: 1 }] },
      reports: [],
    });
  });

  it('sends a given value with the default currency', () => {
    expect(build('pageVisit', { value: 5 }, 'EUR')).toStrictEqual({ data: { value: 5, currency: 'EUR' }, reports: [] });
  });
});

describe('buildEventData: viewCategory', () => {
  it('sends the category alone as the one line item', () => {
    expect(build('viewCategory', { category: ' Shoes ' })).toStrictEqual({ data: { line_items: [{ product_category: 'Shoes' }] }, reports: [] });
  });

  it("gives items the page's category unless they have their own", () => {
    const { data, reports } = build('viewCategory', { category: 'Shoes', items: [{ id: 1, category: 'Boots' }, { id: 'SKU-2' }] });
    expect(reports).toStrictEqual([]);
    expect(data).toStrictEqual({
      line_items: [
        { product_id: '1', product_category: 'Boots', product_quantity: 1 },
        { product_id: 'SKU-2', product_category: 'Shoes', product_quantity: 1 },
      ],
    });
  });

  it('turns a numeric category into text', () => {
    expect(build('viewCategory', { category: 7 }).data).toStrictEqual({ line_items: [{ product_category: '7' }] });
  });

  it('gives empty event data for no data', () => {
    expect(build('viewCategory', undefined)).toStrictEqual({ data: {}, reports: [] });
  });
});

describe('buildEventData: search', () => {
  it('sends search_query, trimmed', () => {
    expect(build('search', { query: '  red boots ' })).toStrictEqual({ data: { search_query: 'red boots' }, reports: [] });
  });

  it('takes a numeric query as text', () => {
    expect(build('search', { query: 42 })).toStrictEqual({ data: { search_query: '42' }, reports: [] });
  });

  it.each([
    [undefined, 'query must be given for this event, not undefined'],
    [{}, 'query must be given for this event, not undefined'],
    [{ query: '' }, 'query must be given for this event, not ""'],
    [{ query: '   ' }, 'query must be given for this event, not "   "'],
    [{ query: null }, 'query must be given for this event, not null'],
    [{ query: { text: 'boots' } }, 'query must be a string, not an object'],
    [{ query: ['boots'] }, 'query must be a string, not an array'],
  ])('refuses %j with one report', (input, message) => {
    expect(build('search', input)).toStrictEqual({ data: undefined, reports: [message] });
  });
});

describe('buildEventData: addToCart', () => {
  it('matches the documented example', () => {
    expect(build('addToCart', { product: { id: 42, price: '9.50', quantity: 2 } })).toStrictEqual({
      data: { line_items: [{ product_id: '42', product_price: 9.5, product_quantity: 2 }], order_quantity: 2, value: 19, currency: 'USD' },
      reports: [],
    });
  });

  it('maps every line item field to its Pinterest key (SPEC §3.2), trimmed', () => {
    const item = {
      id: ' 1414 ',
      name: ' Parker Boots ',
      price: 99.99,
      quantity: 2,
      category: 'Shoes',
      brand: 'Parker',
      variant: 'Red',
      variantId: '1414-34832',
    };
    expect(build('addToCart', { items: [item] }).data).toStrictEqual({
      line_items: [
        {
          product_id: '1414',
          product_name: 'Parker Boots',
          product_price: 99.99,
          product_quantity: 2,
          product_category: 'Shoes',
          product_brand: 'Parker',
          product_variant: 'Red',
          product_variant_id: '1414-34832',
        },
      ],
      order_quantity: 2,
      value: 199.98,
      currency: 'USD',
    });
  });

  it("reads an item's own fields only, whatever its prototype: a plain object, none, a class's, another object", () => {
    class Item {
      price = 5;
      constructor(public id: string) {}
      get brand(): string {
        return 'Inherited';
      }
    }
    const bare = Object.assign(Object.create(null), { id: 'C', price: 5 });
    const inheriting = Object.assign(Object.create({ brand: 'Inherited', quantity: 9 }), { id: 'D', price: 5 });
    const line = (id: string) => ({ product_id: id, product_price: 5, product_quantity: 1 });
    expect(build('addToCart', { items: [{ id: 'A', price: 5 }, new Item('B'), bare, inheriting] })).toStrictEqual({
      data: { line_items: ['A', 'B', 'C', 'D'].map(line), order_quantity: 4, value: 20, currency: 'USD' },
      reports: [],
    });
  });

  it('leaves empty optional item fields out', () => {
    expect(build('addToCart', { items: [{ id: 'A', name: '', brand: '  ', variant: null, price: 1 }] }).data).toStrictEqual({
      line_items: [{ product_id: 'A', product_price: 1, product_quantity: 1 }],
      order_quantity: 1,
      value: 1,
      currency: 'USD',
    });
  });

  it('coerces numeric strings and keeps types exact: string id, number price, integer quantity', () => {
    const { data } = build('addToCart', { items: [{ id: 7, price: ' 12.5 ', quantity: '3' }] });
    expect(data).toStrictEqual({
      line_items: [{ product_id: '7', product_price: 12.5, product_quantity: 3 }],
      order_quantity: 3,
      value: 37.5,
      currency: 'USD',
    });
    const line = (data!.line_items as Record<string, unknown>[])[0]!;
    expect(typeof line.product_id).toBe('string');
    expect(typeof line.product_price).toBe('number');
    expect(Number.isInteger(line.product_quantity)).toBe(true);
  });

  it('keeps a given value and currency over the computed ones', () => {
    expect(build('addToCart', { items: [{ id: 1, price: 5 }], value: '3', currency: 'eur' }).data).toStrictEqual({
      line_items: [{ product_id: '1', product_price: 5, product_quantity: 1 }],
      order_quantity: 1,
      value: 3,
      currency: 'EUR',
    });
  });

  it('accepts a value of 0 (a free sample is still an add to cart)', () => {
    expect(build('addToCart', { items: [{ id: 1, price: 0 }] }).data).toStrictEqual({
      line_items: [{ product_id: '1', product_price: 0, product_quantity: 1 }],
      order_quantity: 1,
      value: 0,
      currency: 'USD',
    });
  });

  it('sends a value without currency when there is no currency at all', () => {
    expect(build('addToCart', { items: [{ id: 1, price: 5 }] }, null).data).toStrictEqual({
      line_items: [{ product_id: '1', product_price: 5, product_quantity: 1 }],
      order_quantity: 1,
      value: 5,
    });
  });

  // A cart with an unpriced item has no knowable total: no value (and so no currency) rather than a wrong one.
  it('computes no value when an item has no price', () => {
    expect(
      build('addToCart', {
        items: [
          { id: 1, quantity: 2 },
          { id: 2, price: 0.2 },
        ],
      }),
    ).toStrictEqual({
      data: {
        line_items: [
          { product_id: '1', product_quantity: 2 },
          { product_id: '2', product_price: 0.2, product_quantity: 1 },
        ],
        order_quantity: 3,
      },
      reports: [],
    });
  });

  it('sends items over product when both are given', () => {
    expect(build('addToCart', { items: [{ id: 'A', price: 1 }], product: { id: 'B', price: 2 } }).data).toStrictEqual({
      line_items: [{ product_id: 'A', product_price: 1, product_quantity: 1 }],
      order_quantity: 1,
      value: 1,
      currency: 'USD',
    });
  });

  it('sends only value and currency for an empty cart with a value', () => {
    expect(build('addToCart', { items: [], value: 3 })).toStrictEqual({ data: { value: 3, currency: 'USD' }, reports: [] });
  });
});

describe('buildEventData: checkout', () => {
  // Pinterest's own EventData example (SPEC §3.2).
  it("reproduces Pinterest's checkout example", () => {
    const items = [
      { id: '11', name: 'Pillows (Set of 2)', price: 48, quantity: 1 },
      { id: '22', name: 'Sheets', price: 68, quantity: 1 },
    ];
    expect(build('checkout', { orderId: 'A-1', items })).toStrictEqual({
      data: {
        order_id: 'A-1',
        line_items: [
          { product_name: 'Pillows (Set of 2)', product_id: '11', product_price: 48, product_quantity: 1 },
          { product_name: 'Sheets', product_id: '22', product_price: 68, product_quantity: 1 },
        ],
        order_quantity: 2,
        value: 116,
        currency: 'USD',
      },
      reports: [],
    });
  });

  it('sends a numeric order ID as a string, with promo_code', () => {
    expect(
      build(
        'checkout',
        {
          orderId: 1001,
          promoCode: ' SPRING ',
          items: [
            { id: 1, price: 5, quantity: 3 },
            { id: 'b', price: '2.5' },
          ],
        },
        'CAD',
      ).data,
    ).toStrictEqual({
      order_id: '1001',
      promo_code: 'SPRING',
      line_items: [
        { product_id: '1', product_price: 5, product_quantity: 3 },
        { product_id: 'b', product_price: 2.5, product_quantity: 1 },
      ],
      order_quantity: 4,
      value: 17.5,
      currency: 'CAD',
    });
  });

  it('accepts order ID 0, which is a real ID and not a missing one', () => {
    expect(build('checkout', { orderId: 0 })).toStrictEqual({ data: { order_id: '0' }, reports: [] });
  });

  it.each([
    [undefined, 'orderId must be given for this event, not undefined'],
    [{ items: [{ id: 1, price: 5 }] }, 'orderId must be given for this event, not undefined'],
    [{ orderId: '  ' }, 'orderId must be given for this event, not "  "'],
    [{ orderId: null, value: 5 }, 'orderId must be given for this event, not null'],
    [{ orderId: {} }, 'orderId must be a string, not an object'],
    [{ orderId: NaN }, 'orderId must be a string, not NaN'],
  ])('refuses %j with one report', (input, message) => {
    expect(build('checkout', input)).toStrictEqual({ data: undefined, reports: [message] });
  });

  it('refuses a BigInt order ID with a report instead of throwing', () => {
    expect(build('checkout', { orderId: 10n })).toStrictEqual({ data: undefined, reports: ['orderId must be a string, not 10'] });
  });
});

describe('buildEventData: signup, lead, watchVideo, custom', () => {
  it('sends lead_type for signup and lead', () => {
    expect(build('signup', { leadType: ' Newsletter ' })).toStrictEqual({ data: { lead_type: 'Newsletter' }, reports: [] });
    expect(build('lead', { leadType: 'Wholesale' })).toStrictEqual({ data: { lead_type: 'Wholesale' }, reports: [] });
    expect(build('signup', undefined)).toStrictEqual({ data: {}, reports: [] });
    expect(build('lead', undefined)).toStrictEqual({ data: {}, reports: [] });
  });

  it('sends a given value with its currency for a lead', () => {
    expect(build('lead', { leadType: 'Quote', value: '250', currency: 'gbp' })).toStrictEqual({
      data: { lead_type: 'Quote', value: 250, currency: 'GBP' },
      reports: [],
    });
  });

  it('sends video_title for watchVideo', () => {
    expect(build('watchVideo', { videoTitle: ' How to lace boots ' })).toStrictEqual({ data: { video_title: 'How to lace boots' }, reports: [] });
    expect(build('watchVideo', undefined)).toStrictEqual({ data: {}, reports: [] });
  });

  // value and order_quantity are computed only for addToCart, checkout and custom.
  it.each<ActionName>(['pageVisit', 'viewCategory', 'signup', 'lead', 'watchVideo'])('%s sends items without computing value or order_quantity', (action) => {
    expect(build(action, { items: [{ id: 1, price: 5, quantity: 2 }] })).toStrictEqual({
      data: { line_items: [{ product_id: '1', product_price: 5, product_quantity: 2 }] },
      reports: [],
    });
  });

  // The events whose items are bought or picked, not just shown (`totals` in the event table).
  const TOTALS: ActionName[] = ['addToCart', 'checkout', 'custom', 'initiateCheckout', 'addToWishlist', 'addPaymentInfo', 'customizeProduct'];

  it('computes totals for exactly the events whose items are bought or picked', () => {
    expect(ACTIONS.filter((action) => 'totals' in EVENTS[action])).toStrictEqual(TOTALS);
  });

  it.each(TOTALS)('%s computes value and order_quantity from items', (action) => {
    const takesOrder = (EVENTS[action].fields as readonly string[]).includes('orderId');
    expect(build(action, { ...(takesOrder && { orderId: 'X' }), items: [{ id: 1, price: 5, quantity: 2 }] }).data).toStrictEqual({
      ...(takesOrder && { order_id: 'X' }),
      line_items: [{ product_id: '1', product_price: 5, product_quantity: 2 }],
      order_quantity: 2,
      value: 10,
      currency: 'USD',
    });
  });

  it("maps each event's own text fields to Pinterest's names", () => {
    expect(build('checkout', { orderId: 'o', promoCode: 'p' }).data).toStrictEqual({ order_id: 'o', promo_code: 'p' });
    expect(build('search', { query: 'q' }).data).toStrictEqual({ search_query: 'q' });
    expect(build('lead', { leadType: 'l' }).data).toStrictEqual({ lead_type: 'l' });
    expect(build('watchVideo', { videoTitle: 'v' }).data).toStrictEqual({ video_title: 'v' });
    expect(build('pageVisit', { pageName: 'n' }).data).toStrictEqual({ page_name: 'n' });
  });

  it("reports a field the event does not take, with the field it expected for Pinterest's own spelling, and leaves it out", () => {
    expect(build('custom', { eventId: 'abc', email: 'jane@example.com', foo: 1 })).toStrictEqual({
      data: {},
      reports: ['email is not a field of this event, and was left out', 'foo is not a field of this event, and was left out'],
    });
    const { data, reports } = build('addToCart', { product_id: 'SKU-1', value: 5 });
    expect(data).toStrictEqual({ value: 5, currency: 'USD' });
    expect(reports).toStrictEqual(['product_id (use product: { id } or items: [{ id }]) is not a field of this event, and was left out']);
    expect(build('search', { query: 'boots', order_id: '1' }).reports).toStrictEqual(['order_id (use orderId) is not a field of this event, and was left out']);
  });
});

describe('buildEventData: currency', () => {
  it('sends no currency when there is no value', () => {
    expect(build('addToCart', { currency: 'EUR' })).toStrictEqual({ data: {}, reports: [] });
    expect(build('addToCart', { items: [{ id: 1 }] }, 'USD').data).toStrictEqual({ line_items: [{ product_id: '1', product_quantity: 1 }], order_quantity: 1 });
  });

  it.each([
    ['XYZ', `currency must be an ISO-4217 code such as 'USD', not "XYZ"`],
    ['US', `currency must be an ISO-4217 code such as 'USD', not "US"`],
    ['dollars', `currency must be an ISO-4217 code such as 'USD', not "dollars"`],
    [840, `currency must be an ISO-4217 code such as 'USD', not 840`],
  ])('refuses currency %j, even without a value', (currency, message) => {
    expect(build('addToCart', { items: [{ id: 1, price: 5 }], currency })).toStrictEqual({ data: undefined, reports: [message] });
    expect(build('pageVisit', { currency })).toStrictEqual({ data: undefined, reports: [message] });
  });
});

describe('buildEventData: rejection', () => {
  it.each<[string, unknown, string]>([
    ['NaN price', { items: [{ id: 1, price: NaN }] }, `items[0].price ${PRICE}, not NaN`],
    ['negative price', { items: [{ id: 1, price: -1 }] }, `items[0].price ${PRICE}, not -1`],
    ['negative price string', { items: [{ id: 1, price: '-0.01' }] }, `items[0].price ${PRICE}, not "-0.01"`],
    ['infinite price', { items: [{ id: 1, price: Infinity }] }, `items[0].price ${PRICE}, not Infinity`],
    ['empty price', { items: [{ id: 1, price: '' }] }, `items[0].price ${PRICE}, not ""`],
    ['text price', { items: [{ id: 1, price: '$5' }] }, `items[0].price ${PRICE}, not "$5"`],
    ['object price', { items: [{ id: 1, price: { amount: 5 } }] }, `items[0].price ${PRICE}, not an object`],
    ['fractional quantity', { items: [{ id: 1, quantity: 1.5 }] }, `items[0].quantity ${QUANTITY}, not 1.5`],
    ['fractional quantity string', { items: [{ id: 1, quantity: '2.5' }] }, `items[0].quantity ${QUANTITY}, not "2.5"`],
    ['zero quantity', { items: [{ id: 1, quantity: 0 }] }, `items[0].quantity ${QUANTITY}, not 0`],
    ['negative quantity', { items: [{ id: 1, quantity: -2 }] }, `items[0].quantity ${QUANTITY}, not -2`],
    ['infinite quantity', { items: [{ id: 1, quantity: Infinity }] }, `items[0].quantity ${QUANTITY}, not Infinity`],
    ['boolean quantity', { items: [{ id: 1, quantity: true }] }, `items[0].quantity ${QUANTITY}, not true`],
    ['item without id', { items: [{ id: 1 }, { name: 'Boots', price: 5 }] }, `items[1].id ${ID}, not undefined`],
    ['blank id', { items: [{ id: '  ', price: 5 }] }, `items[0].id ${ID}, not "  "`],
    ['product without id', { product: { price: 5 } }, `product.id ${ID}, not undefined`],
    ['object name', { items: [{ id: 1, name: { en: 'Boots' } }] }, 'items[0].name must be a string, not an object'],
    ['boolean brand', { items: [{ id: 1, brand: true }] }, 'items[0].brand must be a string, not true'],
    ['array variant', { items: [{ id: 1, variant: ['Red'] }] }, 'items[0].variant must be a string, not an array'],
    ['object variantId', { items: [{ id: 1, variantId: {} }] }, 'items[0].variantId must be a string, not an object'],
    ['object category on an item', { items: [{ id: 1, category: {} }] }, 'items[0].category must be a string, not an object'],
    ['items as an object', { items: { 0: { id: 1 } } }, 'items must be an array of { id, price, quantity }, not an object'],
    ['items as a string', { items: 'SKU-1' }, 'items must be an array of { id, price, quantity }, not "SKU-1"'],
    ['items as a number', { items: 3 }, 'items must be an array of { id, price, quantity }, not 3'],
    ['negative value', { value: -3 }, `value ${PRICE}, not -3`],
    ['NaN value', { value: NaN }, `value ${PRICE}, not NaN`],
    ['infinite value', { value: Infinity }, `value ${PRICE}, not Infinity`],
    ['formatted value', { value: '1,000' }, `value ${PRICE}, not "1,000"`],
    ['data as a string', 'SKU-1', 'data must be an object, not "SKU-1"'],
    ['data as an array', [{ id: 1 }], 'data must be an object, not an array'],
    ['data as a number', 5, 'data must be an object, not 5'],
  ])('refuses a %s with one report naming the field', (_label, input, message) => {
    expect(build('addToCart', input)).toStrictEqual({ data: undefined, reports: [message] });
  });

  it.each([
    ['object category', 'viewCategory', { category: {} }, 'category must be a string, not an object'],
    ['object promo code', 'checkout', { orderId: '1', promoCode: { code: 'X' } }, 'promoCode must be a string, not an object'],
    ['boolean page name', 'pageVisit', { pageName: false }, 'pageName must be a string, not false'],
  ] as const)('refuses a %s for %s with one report naming the field', (_label, action, input, message) => {
    expect(build(action, input)).toStrictEqual({ data: undefined, reports: [message] });
  });

  it('reports every problem, once each, in field order', () => {
    const input = { currency: 'XYZ', items: [{ id: 1, price: NaN }, { id: 2, price: 5, quantity: 0 }, { name: 'no id' }] };
    expect(build('checkout', input)).toStrictEqual({
      data: undefined,
      reports: [
        'orderId must be given for this event, not undefined',
        `items[0].price ${PRICE}, not NaN`,
        `items[1].quantity ${QUANTITY}, not 0`,
        `items[2].id ${ID}, not undefined`,
        `currency must be an ISO-4217 code such as 'USD', not "XYZ"`,
      ],
    });
  });

  it('cuts a long bad value in the message', () => {
    const { reports } = build('addToCart', { items: [{ id: 1, price: 'x'.repeat(100) }] });
    expect(reports).toStrictEqual([`items[0].price ${PRICE}, not "${'x'.repeat(40)}"`]);
  });

  // One bad id is one problem: "must be a string" and "must be your catalog's product ID" for the same field
  // would be two console warnings for one mistake.
  it.each([
    ['an object', {}],
    ['NaN', NaN],
    ['true', true],
    ['an array', ['SKU-1']],
  ])('reports a bad id (%s) once', (_label, id) => {
    const { data, reports } = build('addToCart', { items: [{ id, price: 5 }] });
    expect(data).toBeUndefined();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^items\[0\]\.id must be /);
  });

  // An item that is not an object is one problem; that it then has no id is the same problem again.
  it.each([[null], ['SKU-1'], [42]])('reports an item %j that is not an object once', (item) => {
    const { data, reports } = build('addToCart', { items: [{ id: 1, price: 5 }, item] });
    expect(data).toBeUndefined();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(new RegExp(`^items\\[1\\] ${ITEM.replace(/[{}]/g, '\\$&')}, not `));
  });

  it('reports a product that is not an object by its name, product', () => {
    const { data, reports } = build('addToCart', { product: 'SKU-1' });
    expect(data).toBeUndefined();
    expect(reports[0]).toBe(`product ${ITEM}, not "SKU-1"`);
  });

  // toNumber (and toCurrency) must not read [9.5] or { toString } as a value: they are caller mistakes, as
  // toText already holds for text fields.
  it.each<[string, unknown, string]>([
    ['array price', { items: [{ id: 1, price: [9.5] }] }, `items[0].price ${PRICE}, not an array`],
    ['array quantity', { items: [{ id: 1, price: 1, quantity: [2] }] }, `items[0].quantity ${QUANTITY}, not an array`],
    ['array value', { value: ['5'] }, `value ${PRICE}, not an array`],
    ['object price that stringifies as a number', { items: [{ id: 1, price: { toString: () => '7' } }] }, `items[0].price ${PRICE}, not an object`],
    ['array currency', { value: 5, currency: ['usd'] }, `currency must be an ISO-4217 code such as 'USD', not an array`],
  ])('refuses an %s', (_label, input, message) => {
    expect(build('addToCart', input)).toStrictEqual({ data: undefined, reports: [message] });
  });

  // Array.prototype.map skips holes: a sparse items array must not become an "empty" cart worth 0.
  it('refuses a sparse items array instead of sending holes', () => {
    const { data, reports } = build('addToCart', { items: new Array(3) });
    expect(data).toBeUndefined();
    expect(reports.some((message) => message.startsWith('items[0]'))).toBe(true);
  });
});

describe('buildEventData: edge cases', () => {
  // Prices are summed in binary floating point; the SDK rounds the noise away (0.1 + 0.2 = 0.30000000000000004).
  it.each([
    [[0.1, 0.2], 0.3],
    [[0.7, 0.1], 0.8],
    [[1.1, 1.1, 1.1], 3.3],
    [[19.99, 19.99, 19.99], 59.97],
    [['0.1', '0.2'], 0.3],
  ])('sums prices %j to exactly %d', (prices, expected) => {
    const items = prices.map((price, index) => ({ id: index + 1, price }));
    expect(build('addToCart', { items }).data!.value).toBe(expected);
  });

  it('multiplies a price by its quantity without noise', () => {
    expect(build('addToCart', { product: { id: 1, price: 19.99, quantity: 3 } }).data!.value).toBe(59.97);
    expect(build('addToCart', { product: { id: 1, price: 1.005, quantity: 1000 } }).data!.value).toBe(1005);
  });

  it('handles a 500-item cart, the most one event takes, with exact sums, quickly', () => {
    // Prices in whole cents, so the expected total is exact integer arithmetic.
    const items = Array.from({ length: MAX_ITEMS }, (_, i) => ({ id: `SKU-${i}`, price: ((i % 100) + 100) / 100, quantity: (i % 3) + 1 }));
    const cents = items.reduce((total, item) => total + Math.round(item.price * 100) * item.quantity, 0);
    const quantity = items.reduce((total, item) => total + item.quantity, 0);
    const started = performance.now();
    const { data, reports } = build('checkout', { orderId: 'BIG', items });
    const elapsed = performance.now() - started;
    expect(reports).toStrictEqual([]);
    expect((data!.line_items as unknown[]).length).toBe(500);
    expect((data!.line_items as unknown[])[499]).toStrictEqual({ product_id: 'SKU-499', product_price: 1.99, product_quantity: 2 });
    expect(data!.order_quantity).toBe(quantity);
    expect(data!.order_quantity).toBe(999);
    expect(data!.value).toBe(cents / 100);
    expect(elapsed).toBeLessThan(500);
  });

  it('refuses a cart of more than 500 items, or a sparse array that claims to be one, at once and with one report', () => {
    const big = Array.from({ length: MAX_ITEMS + 1 }, (_, i) => ({ id: i }));
    expect(build('addToCart', { items: big })).toStrictEqual({ data: undefined, reports: ['items must hold at most 500 line items, not 501'] });
    const started = performance.now();
    const sparse: unknown[] = [];
    sparse.length = 2 ** 32 - 1;
    expect(build('checkout', { orderId: '1', items: sparse }).reports).toStrictEqual([
      'items must hold at most 500 line items, not a number that is not shown',
    ]);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('stops at a cyclic item: it reads only the fields it knows', () => {
    const item: Record<string, unknown> = { id: 1, price: 2 };
    item.self = item;
    expect(build('addToCart', { items: [item] }).data).toStrictEqual({
      line_items: [{ product_id: '1', product_price: 2, product_quantity: 1 }],
      order_quantity: 1,
      value: 2,
      currency: 'USD',
    });
    item.name = item;
    expect(build('addToCart', { items: [item] })).toStrictEqual({ data: undefined, reports: ['items[0].name must be a string, not an object'] });
  });

  it('stops at an items array that contains itself', () => {
    const items: unknown[] = [{ id: 1, price: 1 }];
    items.push(items);
    const { data, reports } = build('addToCart', { items });
    expect(data).toBeUndefined();
    expect(reports.length).toBeGreaterThan(0);
    for (const message of reports) expect(message).toMatch(/^items\[1\]/);
  });

  // A throwing getter is not a value buildEventData can report; tag.ts runs every call inside safely(), which
  // keeps it from reaching the storefront. Pinned so that a change here is a decision, not an accident.
  it("lets a throwing getter's own error through", () => {
    const item = {
      id: 1,
      get price(): number {
        throw new Error('boom');
      },
    };
    expect(() => build('addToCart', { items: [item] })).toThrow('boom');
  });

  it('does not change its input', () => {
    const input = { orderId: ' 1 ', items: [{ id: 1, price: '5', quantity: '2' }], currency: 'usd' };
    const copy = structuredClone(input);
    build('checkout', input);
    expect(input).toStrictEqual(copy);
  });
});

describe('buildEventData: properties', () => {
  const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant({}), fc.constant([]));
  const item = fc.record(
    {
      id: fc.oneof(fc.string(), fc.integer(), junk),
      price: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('9.99', '0', '12'), junk),
      quantity: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom('2', '1'), junk),
      name: fc.oneof(fc.string(), junk),
    },
    { requiredKeys: [] },
  );
  const input = fc.oneof(
    junk,
    fc.record(
      {
        items: fc.oneof(fc.array(item, { maxLength: 5 }), junk),
        product: item,
        value: fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), junk),
        currency: fc.oneof(fc.constantFrom('usd', 'EUR', 'XYZ'), junk),
        orderId: fc.oneof(fc.string(), fc.integer(), junk),
        query: fc.oneof(fc.string(), junk),
        category: fc.oneof(fc.string(), junk),
      },
      { requiredKeys: [] },
    ),
  );

  it('either reports and returns undefined, or returns well-typed event data reporting only fields it left out', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTIONS), input, (action, given) => {
        const { data, reports } = build(action, given);
        // A field the event does not take is reported and left out; every other report means nothing is built.
        const fatal = reports.filter((report) => !report.includes('is not a field of this event'));
        expect(data === undefined).toBe(fatal.length > 0);
        if (!data) return;
        const lines = (data.line_items ?? []) as Record<string, unknown>[];
        for (const line of lines) {
          if ('product_id' in line) expect(line.product_id).toMatch(/\S/);
          if ('product_price' in line) expect(Number.isFinite(line.product_price) && (line.product_price as number) >= 0).toBe(true);
          if ('product_quantity' in line) expect(Number.isInteger(line.product_quantity) && (line.product_quantity as number) >= 1).toBe(true);
        }
        if ('order_quantity' in data) expect(data.order_quantity).toBe(lines.reduce((total, line) => total + (line.product_quantity as number), 0));
        if ('value' in data) expect(Number.isFinite(data.value) && (data.value as number) >= 0).toBe(true);
        if ('currency' in data) {
          expect(data.currency).toMatch(/^[A-Z]{3}$/);
          expect('value' in data).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
