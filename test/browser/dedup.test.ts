// Deduplication end to end (issue 5): a shopper on the theme pages served by examples/server-dedup/server.mjs,
// which sends the Conversions API twins to the fake Conversions API. Each tag beacon and its Conversions API event
// must carry the same event ID and the matching names, so that Pinterest counts each action once.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { actionOfTag, EVENTS } from '../../src/common/catalog';
import { checkoutEventId } from '../../src/server';
import { type FakeCapi, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';
import type { DecodedBeacon } from '../../stand-ins/pinterest-tag/decode';
import { launchChromium } from '../support/chromium';
import { openWatchedPage, sha256, type WatchedPage, waitForLive } from './helpers';

const SERVER = fileURLToPath(new URL('../../examples/server-dedup/server.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/server.mjs', import.meta.url));
const TOKEN = 'dedup-token';
const AD_ACCOUNT_ID = '549755885175';
const EMAIL = 'Jane.Doe@Example.COM';

/** The names each side uses for the actions of this journey (DESIGN "Public browser API"). */
const NAMES = { pagevisit: 'page_visit', addtocart: 'add_to_cart', checkout: 'checkout' } as const;

/** The mug as the Conversions API's `custom_data.contents[]` names it. */
const MUG_CONTENT = {
  id: 'KC-1001',
  item_price: '28',
  quantity: 1,
  item_name: 'Speckled Stoneware Mug',
  item_category: 'Mugs & Cups',
  item_brand: 'Kiln & Co.',
};

let fake: FakeCapi;
let child: ChildProcess;
let origin: string;
let output = '';
let browser: Browser;
let watched: WatchedPage | undefined;

beforeAll(async () => {
  if (!existsSync(DIST)) throw new Error('dist/server.mjs is missing: run `npm run build` first');
  fake = await startFakeCapi({ token: TOKEN });
  child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CAPI_ENDPOINT: fake.url, AD_ACCOUNT_ID, CAPI_TOKEN: TOKEN, CAPI_TEST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
    const take = (chunk: Buffer): void => {
      output += chunk;
      const match = /deduplication: (http:\/\/\S+?)\/\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  browser = await launchChromium();
});
afterEach(async () => {
  await watched?.close();
  watched = undefined;
});
afterAll(async () => {
  await browser?.close();
  child?.kill();
  await fake?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tracked = (beacons: DecodedBeacon[]) => beacons.filter((b) => b.event !== 'init');
const capiEvent = (eventId: string) => fake.events.find((e) => e.event_id === eventId) as Record<string, unknown> | undefined;

async function visit(w: WatchedPage, path: string): Promise<void> {
  const before = w.beacons.length;
  await w.page.goto(origin + path, { waitUntil: 'load' });
  await waitForLive(w.page);
  await w.until(`the page visit of ${path}`, () => w.beacons.slice(before).some((b) => b.event === 'pagevisit'));
}

/** Waits for the beacon and the Conversions API event with `eventId`. */
async function bothArrived(w: WatchedPage, eventId: string): Promise<void> {
  await w.until(`the beacon with event_id ${eventId}`, () => w.beacons.some((b) => b.ed?.event_id === eventId));
  await w.until(`the Conversions API event ${eventId}`, () => fake.arrivals(eventId) > 0);
}

describe('examples/server-dedup in Chromium', () => {
  it('add to cart and checkout: each beacon and its Conversions API event share the event ID; a reload adds neither', async () => {
    const w = (watched = await openWatchedPage(browser));
    const userAgent = await w.page.evaluate(() => navigator.userAgent);

    // Add to cart: the tag's beacon, and the relay's add_to_cart with the same ID.
    await visit(w, '/product.html?id=KC-1001');
    await w.page.locator('#add').click();
    await w.until('the addtocart event', () => w.events.some((e) => e.event === 'addtocart'));
    const addToCart = w.events.find((e) => e.event === 'addtocart')!;
    await bothArrived(w, addToCart.eventId);
    const cartBeacon = w.beacons.find((b) => b.ed?.event_id === addToCart.eventId)!;
    expect(cartBeacon.event).toBe('addtocart');
    expect(cartBeacon.ed).toEqual({
      line_items: [
        {
          product_id: 'KC-1001',
          product_name: 'Speckled Stoneware Mug',
          product_category: 'Mugs & Cups',
          product_brand: 'Kiln & Co.',
          product_price: 28,
          product_quantity: 1,
        },
      ],
      order_quantity: 1,
      value: 28,
      currency: 'USD',
      event_id: addToCart.eventId,
    });
    expect(fake.arrivals(addToCart.eventId)).toBe(1);
    expect(capiEvent(addToCart.eventId)).toEqual({
      event_name: 'add_to_cart',
      action_source: 'web',
      event_time: Math.floor(addToCart.time / 1000),
      event_id: addToCart.eventId,
      event_source_url: `${origin}/product.html?id=KC-1001`,
      user_data: { client_ip_address: '127.0.0.1', client_user_agent: userAgent },
      custom_data: { value: '28', currency: 'USD', num_items: 1, content_ids: ['KC-1001'], contents: [MUG_CONTENT] },
    });

    // Checkout: the thank-you page's beacon, and the server's own checkout, both checkoutEventId(orderId).
    await visit(w, '/checkout.html');
    for (const [field, value] of [
      ['#email', EMAIL],
      ['#first', 'Jane'],
      ['#last', 'Doe'],
      ['#address', '1 Clay St'],
      ['#city', 'Portland'],
      ['#zip', '97201'],
    ]) {
      await w.page.locator(field!).fill(value!);
    }
    const orderAnswer = w.page.waitForResponse((response) => response.url() === `${origin}/api/checkout`);
    await w.page.locator('#place').click();
    await w.page.waitForURL(`${origin}/thank-you.html?order=1001`);
    const checkoutId = checkoutEventId('1001');
    expect(await (await orderAnswer).json()).toEqual({ eventId: checkoutId, sent: true });
    await bothArrived(w, checkoutId);
    const checkoutBeacon = w.beacons.find((b) => b.ed?.event_id === checkoutId)!;
    expect([checkoutBeacon.event, checkoutBeacon.ed?.order_id, checkoutBeacon.ed?.value, checkoutBeacon.pd?.em]).toEqual([
      'checkout',
      '1001',
      28,
      sha256('jane.doe@example.com'),
    ]);
    expect(w.events.find((e) => e.event === 'checkout')?.eventId).toBe(checkoutId);
    expect(capiEvent(checkoutId)).toEqual({
      event_name: 'checkout',
      action_source: 'web',
      event_time: expect.any(Number),
      event_id: checkoutId,
      event_source_url: `${origin}/thank-you.html?order=1001`,
      user_data: { client_ip_address: '127.0.0.1', client_user_agent: userAgent },
      custom_data: { value: '28', currency: 'USD', order_id: '1001', num_items: 1, content_ids: ['KC-1001'], contents: [MUG_CONTENT] },
    });

    // Every beacon has its Conversions API twin and the other way round, with the names of the table.
    await w.until('every page visit’s twin', () => tracked(w.beacons).every((b) => fake.arrivals(b.ed!.event_id as string) > 0));
    await sleep(500);
    const beaconPairs = tracked(w.beacons).map((b) => `${NAMES[b.event as keyof typeof NAMES]} ${b.ed!.event_id}`);
    const capiPairs = fake.events.map((e) => `${e.event_name} ${e.event_id}`);
    expect(capiPairs.sort()).toEqual(beaconPairs.sort());
    expect(tracked(w.beacons).map((b) => b.event)).toEqual(['pagevisit', 'addtocart', 'pagevisit', 'pagevisit', 'checkout']);
    // The table above is the SDK's, and each event the browser reported named its twin the same way.
    for (const [tag, api] of Object.entries(NAMES)) expect(EVENTS[actionOfTag(tag)!].api).toBe(api);
    expect(w.events.map((e) => [e.event, e.apiEvent])).toEqual(w.events.map((e) => [e.event, NAMES[e.event as keyof typeof NAMES]]));
    expect(fake.events.every((e) => fake.arrivals(e.event_id as string) === 1)).toBe(true);

    // Reloaded: the order is posted again and not sent again; only the new page visit goes out, on both sides.
    const beacons = w.beacons.length;
    const capiEvents = fake.events.length;
    const againAnswer = w.page.waitForResponse((response) => response.url() === `${origin}/api/checkout`);
    await w.page.reload({ waitUntil: 'load' });
    await waitForLive(w.page);
    expect(await (await againAnswer).json()).toEqual({ eventId: checkoutId, sent: false });
    await w.until('the reload’s page visit', () => w.beacons.slice(beacons).some((b) => b.event === 'pagevisit'));
    const visitId = w.beacons.slice(beacons).find((b) => b.event === 'pagevisit')!.ed!.event_id as string;
    await w.until('the reload’s page_visit twin', () => fake.arrivals(visitId) > 0);
    await sleep(1000);
    expect(w.beacons.slice(beacons).map((b) => b.event)).toEqual(['init', 'pagevisit']);
    expect(fake.events.slice(capiEvents).map((e) => [e.event_name, e.event_id])).toEqual([['page_visit', visitId]]);
    expect(fake.arrivals(checkoutId)).toBe(1);
    expect(w.beacons.filter((b) => b.event === 'checkout')).toHaveLength(1);
    expect(fake.events.filter((e) => e.event_name === 'checkout')).toHaveLength(1);

    expect(fake.requests.every((r) => r.outcome === 200 && !r.test)).toBe(true);
    expect(output).not.toMatch(/not sent|failed|cannot deduplicate/);
    expect(output).not.toContain(TOKEN);
    expect(w.problems()).toEqual([]);
  });
});
