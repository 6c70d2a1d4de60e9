// The stand-in for Pinterest's tag (stand-ins/pinterest-tag/) behaves as SPEC §1.2, §2, §3, §4 and §9.1 describe:
// what the rest of the suite proves about the SDK is only as good as this.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBeacon } from '../../stand-ins/pinterest-tag/decode';
import { type Session, TAG_ID, useChromium } from '../support/chromium';
import { INIT_PARAMS, sha256, TRACK_PARAMS } from './helpers';

const chromium = useChromium();

type Pintrk = ((...args: unknown[]) => void) & { queue: unknown[]; version?: string; tagId?: string; partnerData?: Record<string, unknown>; mh?: string };

/** Opens the page with only the base-code stub and waits for the library to take over the queue. */
async function openStub(): Promise<Session> {
  const session = await chromium.open();
  await session.goto('/fixtures/pintrk-stub.html');
  await session.page.waitForFunction(() => (window as unknown as { pintrk: Pintrk }).pintrk.queue.push !== Array.prototype.push);
  return session;
}

const pintrk = (session: Session, ...args: unknown[]) => session.page.evaluate((args) => (window as unknown as { pintrk: Pintrk }).pintrk(...args), args);

const errors = (session: Session) => session.console.filter((m) => /^Pinterest Tag (Error|Warning): /.test(m.text)).map((m) => `${m.type}: ${m.text}`);

describe('stand-in Pinterest tag', () => {
  it('replays the queue in order (arrays and arguments objects), sets version, then runs calls at once', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/pintrk-queue.html');
    const [init, checkout] = await session.waitForBeacons(2);
    const state = await session.page.evaluate(() => {
      const tag = (window as unknown as { pintrk: Pintrk }).pintrk;
      return { version: tag.version, tagId: tag.tagId, queued: tag.queue.length, live: tag.queue.push !== Array.prototype.push, mh: tag.mh };
    });
    expect(state).toEqual({ version: '3.0', tagId: TAG_ID, queued: 0, live: true, mh: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(init).toMatchObject({ event: 'init', params: INIT_PARAMS, tid: TAG_ID, pd: { em: sha256('shopper@example.com') } });
    expect(checkout).toMatchObject({ event: 'checkout', params: TRACK_PARAMS, ed: { value: 116, order_quantity: 2, currency: 'USD', event_id: 'order-1' } });
    await pintrk(session, 'track', 'lead');
    const [, , lead] = await session.waitForBeacons(3);
    expect(lead!.params).toEqual(['event', 'tid', 'pd', 'ad', 'cb']);
    expect(lead!.ad).toEqual({
      loc: `${chromium.server.origin}/fixtures/pintrk-queue.html`,
      ref: '',
      if: false,
      sh: expect.any(Number),
      sw: expect.any(Number),
      mh: state.mh,
    });
    expect(errors(session)).toEqual([]);
  });

  it("encodes requests as Pinterest's own captured URLs: JSON through encodeURIComponent, in the documented order", async () => {
    const session = await openStub();
    await pintrk(session, 'load', 'abc123', { em: 'f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a' });
    await pintrk(session, 'track', 'checkout', {
      value: 116,
      order_quantity: 2,
      currency: 'USD',
      line_items: [{ product_name: 'Pillows (Set of 2)', product_id: '11', product_price: 48, product_quantity: 1 }],
    });
    await session.waitForBeacons(1);
    const urls: string[] = [];
    session.page.on('request', (r) => urls.push(r.url()));
    await pintrk(session, 'page');
    await session.waitForBeacons(2);
    const trackUrl = await session.page.evaluate(
      () =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .find((n) => n.includes('event=checkout'))!,
    );
    // [OMNI]'s capture of the real tag, up to the parts that depend on the page (SPEC §9.1).
    expect(trackUrl).toMatch(
      /^https:\/\/ct\.pinterest\.com\/v3\/\?event=checkout&ed=%7B%22value%22%3A116%2C%22order_quantity%22%3A2%2C%22currency%22%3A%22USD%22%2C%22line_items%22%3A%5B%7B%22product_name%22%3A%22Pillows%20\(Set%20of%202\)%22%2C%22product_id%22%3A%2211%22%2C%22product_price%22%3A48%2C%22product_quantity%22%3A1%7D%5D%7D&tid=abc123&pd=%7B%22em%22%3A%22f660ab912ec121d1b1e928a0bb4bc61b15f5ad44d5efdc4e1c92a25e99b8e44a%22%7D&ad=%7B%22loc%22%3A%22http%3A%2F%2F127\.0\.0\.1%3A\d+%2Ffixtures%2Fpintrk-stub\.html%22%2C%22ref%22%3A%22%22%2C%22if%22%3Afalse%2C%22sh%22%3A\d+%2C%22sw%22%3A\d+%2C%22mh%22%3A%22[0-9a-f]{8}%22%7D&cb=\d{13}$/,
    );
    const initUrl = urls.find((u) => u.includes('event=init'))!;
    expect(initUrl).toMatch(
      /^https:\/\/ct\.pinterest\.com\/v3\/\?tid=abc123&pd=%7B%22em%22%3A%22f660[0-9a-f]{60}%22%7D&event=init&ad=%7B%22loc%22.*&cb=\d{13}$/,
    );
    expect(decodeBeacon(initUrl)).toMatchObject({ event: 'init', tid: 'abc123', params: INIT_PARAMS });
    expect(errors(session)).toEqual([]);
  });

  it('logs the real console texts: unsupported command, load twice (new id wins), non-standard name, bad value and quantity', async () => {
    const session = await openStub();
    await pintrk(session, 'debug', true);
    await pintrk(session, 'load', '111');
    await pintrk(session, ' Load ', 222);
    await pintrk(session, 'track', 'add_to_cart', { value: 'ten', order_quantity: 1.5 });
    const [beacon] = await session.waitForBeacons(1);
    expect(errors(session)).toEqual([
      "error: Pinterest Tag Error: 'debug' is not a supported pintrk command. Expected one of [load,page,set,track,setConsent]",
      "error: Pinterest Tag Error: 'load' command was called multiple times. Previously for tag id '111', now for tag id '222'.",
      "warning: Pinterest Tag Warning: 'add_to_cart' is not a standard event name. You may use it to build audiences, but conversion reporting will not be available. Standard event names are: [pagevisit,viewcategory,search,addtocart,checkout,watchvideo,signup,lead,custom,externalmeasurement,initiatecheckout,addtowishlist,addpaymentinfo,viewcontent,subscribe,contact,starttrial,submitapplication,schedule,findlocation,customizeproduct]",
      "error: Pinterest Tag Error: Expected 'value' to be a number, but found 'ten'",
      "error: Pinterest Tag Error: Expected 'order_quantity' to be an integer, but found '1.5'",
    ]);
    // Problems are reported, not repaired: the request still goes, with the new tag id and the case kept.
    expect(beacon).toMatchObject({ event: 'add_to_cart', tid: '222', ed: { value: 'ten', order_quantity: 1.5 } });
    expect(() => session.assertNoTagProblems()).toThrow(/Pinterest Tag Error: 'debug' is not a supported pintrk command/);
  });

  it('page and track before load: the real messages, nothing sent, the callback told why', async () => {
    const session = await openStub();
    await pintrk(session, 'page');
    const callback = await session.page.evaluate(
      () =>
        new Promise((resolve) => {
          (window as unknown as { pintrk: Pintrk }).pintrk('track', 'checkout', { value: 1 }, (ok: boolean, why?: string) => resolve([ok, why]));
        }),
    );
    expect(callback).toEqual([false, 'The Pinterest Tag ID is missing.']);
    expect(await session.settle()).toEqual([]);
    expect(errors(session)).toEqual([
      "error: Pinterest Tag Error: 'page' command was called without first calling the 'load' command. Forthcoming Pinterest tag events may fail.",
      "error: Pinterest Tag Error: 'load' command was not called before 'track'. Did you install the base code?",
    ]);
  });

  it('hashes match keys like the tag (trim, lower-case, SHA-256; 64/40/32 hex passed through) and emails inside event data', async () => {
    const session = await openStub();
    const md5 = createHash('md5').update('jane@example.com').digest('hex').toUpperCase();
    const sha1 = createHash('sha1').update('jane@example.com').digest('hex');
    await pintrk(session, 'load', TAG_ID, { em: ' Jane@Example.com ', np: 'tests' });
    await pintrk(session, 'set', { fn: 'Jane', ph: 15550109999, country: 'US', external_id: md5, zp: sha1, tm: 'none' });
    await pintrk(session, 'track', 'signup', { lead_type: 'mail me at jane@example.com', note: 'Jane@Example.com', value: '0' });
    const [signup] = await session.waitForBeacons(1);
    expect(signup!.pd).toEqual({
      em: sha256('jane@example.com'),
      np: 'tests',
      fn: sha256('jane'),
      ph: sha256('15550109999'),
      country: sha256('us'),
      external_id: md5.toLowerCase(),
      zp: sha1,
      tm: 'none',
    });
    // The whole string is hashed when an email appears in it; the real pattern is case-sensitive before the TLD.
    expect(signup!.ed).toEqual({ lead_type: sha256('mail me at jane@example.com'), note: 'Jane@Example.com', value: 0 });
    expect(errors(session)).toEqual([]);
  });

  it('setconsent: only true, 1, "1" and "true" mean consent; false stops sending and expires the first-party cookies', async () => {
    const session = await openStub();
    await session.page.evaluate(() => {
      for (const name of ['_epik', '_derived_epik', '_pin_unauth']) document.cookie = `${name}=v-${name}; path=/`;
    });
    await pintrk(session, 'load', TAG_ID);
    const accepted: unknown[] = [];
    for (const value of [true, 1, '1', ' TRUE ', false, 0, 'yes', 'false', null]) {
      await pintrk(session, 'setconsent', value);
      const ok = await session.page.evaluate(
        () =>
          new Promise((resolve) =>
            (window as unknown as { pintrk: Pintrk }).pintrk('track', 'lead', {}, (sent: boolean, why?: string) => resolve(sent || why)),
          ),
      );
      accepted.push([value, ok]);
    }
    expect(accepted).toEqual([
      [true, true],
      [1, true],
      ['1', true],
      [' TRUE ', true],
      [false, 'No consent'],
      [0, 'No consent'],
      ['yes', 'No consent'],
      ['false', 'No consent'],
      [null, 'No consent'],
    ]);
    // The first request read the cookies into pd; after setconsent(false) they are gone.
    expect(session.beacons[0]!.pd).toEqual({ epik: 'v-_epik', pin_unauth: 'v-_pin_unauth', derived_epik: 'v-_derived_epik' });
    expect(await session.settle()).toHaveLength(4);
    expect(await session.context.cookies()).toEqual([]);
    await pintrk(session, 'setConsent', true);
    await pintrk(session, 'page');
    expect(await session.waitForBeacons(5)).toHaveLength(5);
    expect(errors(session)).toEqual([]);
  });

  it('a URL of 2048 characters or more goes as a POST form into a hidden iframe', async () => {
    const session = await openStub();
    await pintrk(session, 'load', TAG_ID);
    await pintrk(session, 'track', 'custom', { note: 'x'.repeat(3000) });
    const [beacon] = await session.waitForBeacons(1);
    // No options on load, so no partner data and no pd.
    expect(beacon).toMatchObject({
      method: 'POST',
      url: 'https://ct.pinterest.com/v3/',
      event: 'custom',
      params: ['event', 'ed', 'tid', 'ad', 'cb'],
      ed: { note: 'x'.repeat(3000) },
    });
    await expect.poll(() => session.page.evaluate(() => document.forms.length)).toBe(0);
  });
});
