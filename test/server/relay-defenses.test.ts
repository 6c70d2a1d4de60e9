// The relay is a public, unauthenticated endpoint: these are the ways it holds its ground (issue 10): a bounded
// backlog, batching, rate limits that neither IPv6 address rotation nor floods defeat, the proxy's address rather
// than the client's claim, bodies cut by time, bodies consumed by earlier middleware, shutdown without loss, no
// forged checkouts, no plain emails, per-event failures reported, large carts.
import { request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildEventData } from '../../src/common/event-data';
import { hashMatchValue } from '../../src/common/match-keys';
import { sha256 } from '../../src/common/sha256';
import type { TrackedEvent } from '../../src/common/types';
import {
  type ConversionsClient,
  checkoutEventId,
  createConversionsClient,
  createMemoryQueue,
  createRelayHandler,
  type RelayOptions,
  type RelayRequest,
} from '../../src/server';
import { createRateLimiter } from '../../src/server/limits';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/server/relay';
import { type FakeCapi, type FakeCapiOptions, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';
import { beacon, closeAll, closers, listen, SHOP, tracked, UA, until } from '../support/http';

afterEach(async () => {
  await closeAll();
  vi.restoreAllMocks();
});

const EM = hashMatchValue('em', 'jane@example.com');

/** A fake Conversions API, a client for it, and the relay on node:http at `url`. */
async function setup(options: Partial<RelayOptions> = {}, fakeOptions: FakeCapiOptions = {}, client?: (fake: FakeCapi) => ConversionsClient) {
  const fake = await startFakeCapi(fakeOptions);
  closers.push(() => fake.close());
  const made = client?.(fake) ?? createConversionsClient({ adAccountId: '549755885175', accessToken: 'test-token', endpoint: fake.url, backoffMs: 1 });
  const relay = createRelayHandler(made, { allowedOrigins: [SHOP], ...options });
  closers.push(() => relay.flush({ timeoutMs: 100 }).then(() => undefined));
  const url = await listen((req, res) => void relay(req, res));
  return { fake, relay, url };
}

describe('a relay that cannot be pushed over', () => {
  it('bounds its backlog: when full it answers 503 with Retry-After instead of holding more', async () => {
    const fake = await startFakeCapi({ faults: { rate: 1, kinds: ['hold'] } });
    closers.push(() => fake.close());
    const client = createConversionsClient({ adAccountId: '1', accessToken: 'test-token', endpoint: fake.url });
    const queue = createMemoryQueue(client, { maxBacklog: 3, batch: { maxEvents: 1, maxDelayMs: 0 } });
    const relay = createRelayHandler(queue, { allowedOrigins: [SHOP] });
    closers.push(() => relay.flush({ timeoutMs: 50 }).then(() => fake.release()));
    const url = await listen((req, res) => void relay(req, res));
    const answers: [number, string | null][] = [];
    for (let i = 0; i < 5; i++) {
      const response = await beacon(url, tracked());
      answers.push([response.status, response.headers.get('retry-after')]);
    }
    expect(answers).toStrictEqual([
      [202, null],
      [202, null],
      [202, null],
      [503, '5'],
      [503, '5'],
    ]);
    expect((await relay.stats()).requests).toMatchObject({ accepted: 3, unavailable: 2 });
  });

  it('batches by default: fifty beacons are one request to Pinterest, not fifty', async () => {
    const { fake, relay, url } = await setup({ rateLimit: false });
    for (let i = 0; i < 50; i++) expect((await beacon(url, tracked())).status).toBe(202);
    await relay.flush();
    expect(fake.requests.map((r) => r.events)).toStrictEqual([50]);
  });

  it('rate-limits an IPv6 client by its /64: new addresses in the same network do not get new buckets', async () => {
    const { url } = await setup({ trustProxy: 1, rateLimit: { perMinute: 60, burst: 3 } });
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await beacon(url, tracked(), { 'X-Forwarded-For': `2001:db8:1:2::${i.toString(16)}` })).status);
    expect(statuses).toStrictEqual([202, 202, 202, 429, 429, 429]);
    // Another /64 has its own bucket.
    expect((await beacon(url, tracked(), { 'X-Forwarded-For': '2001:db8:1:3::1' })).status).toBe(202);
  });

  it('cannot be reset by flooding other keys: a limited key stays limited', () => {
    const limited = createRateLimiter(1, 1, 100);
    const now = 1_800_000_000_000;
    expect(limited('attacker', now)).toBe(0);
    expect(limited('attacker', now)).toBeGreaterThan(0);
    // A flood of fresh keys, ten times the table: the attacker's bucket is not forgotten.
    for (let i = 0; i < 1000; i++) limited(`flood-${i}`, now + 1);
    expect(limited('attacker', now + 2)).toBeGreaterThan(0);
    // A full minute later it has refilled, as it would have anyway.
    expect(limited('attacker', now + 61_000)).toBe(0);
  });

  it('cuts a body that arrives too slowly (408) with its own timeout, and closes the connection', async () => {
    const { fake, relay, url } = await setup({ bodyTimeoutMs: 300 });
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: SHOP, 'User-Agent': UA, 'Content-Length': '1000' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // A few bytes, then nothing: a slow-loris client.
      req.write('{"event":');
    });
    expect(status).toBe(408);
    expect(performance.now() - started).toBeLessThan(2000);
    await relay.flush();
    expect(fake.requests).toHaveLength(0);
  });

  it('answers at once, with a clear error, when an earlier middleware read the body and kept nothing', async () => {
    const onError = vi.fn();
    const fake = await startFakeCapi();
    closers.push(() => fake.close());
    const relay = createRelayHandler(createConversionsClient({ adAccountId: '1', accessToken: 'test-token', endpoint: fake.url }), {
      allowedOrigins: [SHOP],
      onError,
    });
    const url = await listen(async (req, res) => {
      // A logging middleware that reads the stream and keeps nothing.
      for await (const _ of req) {
        // drained
      }
      await relay(req as RelayRequest, res);
    });
    const started = performance.now();
    const response = await beacon(url, tracked());
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toContain('mount the relay before body parsers');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('drops obvious bots, Pinterest’s own crawler included, with a counter; a shopper in Pinterest’s app counts', async () => {
    const { fake, relay, url } = await setup();
    const crawlers = [
      'Pinterest/0.2 (+https://www.pinterest.com/bot.html)',
      'Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)',
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'curl/8.5.0',
    ];
    for (const agent of crawlers) expect((await beacon(url, tracked(), { 'User-Agent': agent })).status).toBe(204);
    const app = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]';
    const phone = 'Mozilla/5.0 (Linux; Android 12; CUBOT KingKong 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
    expect((await beacon(url, tracked(), { 'User-Agent': app })).status).toBe(202);
    expect((await beacon(url, tracked(), { 'User-Agent': phone })).status).toBe(202);
    await relay.flush();
    expect(fake.events).toHaveLength(2);
    expect((await relay.stats()).requests).toMatchObject({ bot: 4, accepted: 2 });
  });
});

describe('nothing lost at shutdown', () => {
  it('refuses new beacons (503) once flush() starts, and reports what a hung API kept it from sending by the deadline', async () => {
    const { relay, url } = await setup({}, { faults: { rate: 1, kinds: ['hold'] } });
    const held = tracked();
    expect((await beacon(url, held)).status).toBe(202);
    const started = performance.now();
    const flushing = relay.flush({ timeoutMs: 400 });
    const late = await beacon(url, tracked());
    expect([late.status, late.headers.get('retry-after')]).toStrictEqual([503, '10']);
    const result = await flushing;
    expect(performance.now() - started).toBeLessThan(1500);
    expect(result).toMatchObject({ sent: 0, failed: 0, timedOut: true });
    expect(result.unsent.map((event) => event.event_id)).toStrictEqual([held.eventId]);
    expect((await relay.stats()).queue.events.add_to_cart).toMatchObject({ queued: 1, unsent: 1 });
  });

  it('flushes everything it holds when the API answers', async () => {
    const { fake, relay, url } = await setup();
    for (let i = 0; i < 3; i++) await beacon(url, tracked());
    expect(await relay.flush({ timeoutMs: 5000 })).toStrictEqual({ sent: 3, failed: 0, unsent: [], timedOut: false });
    expect(fake.events).toHaveLength(3);
  });
});

describe('forged conversions are harder', () => {
  const checkout = (orderId: string): TrackedEvent => {
    const eventId = checkoutEventId(orderId);
    return tracked({ event: 'checkout', apiEvent: 'checkout', eventId, data: { order_id: orderId, value: 50, currency: 'USD', event_id: eventId } });
  };

  it('does not send the browser’s checkouts by default (the order webhook does), and sends them when told', async () => {
    const { fake, relay, url } = await setup();
    expect((await beacon(url, checkout('1001'))).status).toBe(204);
    await relay.flush();
    expect(fake.events).toHaveLength(0);
    expect((await relay.stats()).events.checkout).toStrictEqual({ ignored: 1 });
    const small = await setup({ relayCheckouts: true });
    expect((await beacon(small.url, checkout('1002'))).status).toBe(202);
    await small.relay.flush();
    expect(small.fake.events.map((event) => event.event_id)).toStrictEqual(['checkout_1002']);
  });

  it('caps the value per event name when asked', async () => {
    const { fake, relay, url } = await setup({ maxValue: { addtocart: 100 } });
    const big = tracked();
    big.data = { ...big.data, value: 5000 };
    const response = await beacon(url, big);
    expect([response.status, await response.json()]).toStrictEqual([400, { errors: ["data.value is over this store's cap for addtocart"] }]);
    expect((await beacon(url, tracked())).status).toBe(202);
    await relay.flush();
    expect(fake.events).toHaveLength(1);
  });
});

describe('secrets and personal data', () => {
  it('hashes emails in relayed free text and the page URL before sending, as the browser does', async () => {
    const { fake, relay, url } = await setup();
    const event = tracked({ event: 'search', apiEvent: 'search', url: `${SHOP}/search?q=jane%40example.com` });
    event.data = { search_query: 'gift for jane@example.com', event_id: event.eventId };
    const item = tracked();
    item.data = { ...item.data, line_items: [{ product_id: 'SKU-1', product_name: 'Engraved for Jane@Example.com', product_quantity: 1 }] };
    expect((await beacon(url, event)).status).toBe(202);
    expect((await beacon(url, item)).status).toBe(202);
    await relay.flush();
    const sent = JSON.stringify(fake.events);
    expect(sent).not.toMatch(/jane/i);
    expect(fake.events[0]?.custom_data).toStrictEqual({ search_string: `gift for ${sha256('jane@example.com')}` });
    expect(fake.events[0]?.event_source_url).toBe(`${SHOP}/search?q=${sha256('jane@example.com')}`);
  });

  it('reports per-event failures of a 200 answer through onError and stats', async () => {
    const errors: string[] = [];
    const refused = tracked();
    const { relay, url } = await setup(
      { onError: (error) => void errors.push(error.message) },
      { eventStatus: (event) => (event.event_id === refused.eventId ? { status: 'failed', error_message: 'Invalid parameters.' } : { status: 'processed' }) },
    );
    await beacon(url, refused);
    await beacon(url, tracked());
    await relay.flush();
    expect(errors).toStrictEqual(['Pinterest refused 1 of 2 events: Invalid parameters.']);
    const { queue } = await relay.stats();
    expect(queue.events.add_to_cart).toMatchObject({ sent: 1, failed: 1 });
    expect(queue.failures).toStrictEqual({ rejected: 1 });
  });

  it('sends no match keys and no click ID, not even the _epik cookie, when the shopper denied ad user data', async () => {
    const { fake, relay, url } = await setup();
    const denied = tracked({ match: { em: EM }, clickId: 'dj0yJnU9b2JDcFFH', adUserData: 'denied' });
    expect((await beacon(url, denied, { Cookie: '_epik=dj0yJnU9b2JDcFFH' })).status).toBe(202);
    await relay.flush();
    expect(fake.events[0]?.user_data).toStrictEqual({ client_ip_address: '127.0.0.1', client_user_agent: UA });
  });
});

describe('large carts', () => {
  it(`takes a 500-item cart (about 350 KB) under the default body cap of ${DEFAULT_MAX_BODY_BYTES} bytes, and sends all 500 items`, async () => {
    // The most the browser sends (MAX_ITEMS), with long but real field lengths.
    const items = Array.from({ length: 500 }, (_, i) => ({
      id: `SKU-${String(i).padStart(60, '0')}`,
      name: 'N'.repeat(200),
      category: 'C'.repeat(100),
      brand: 'B'.repeat(50),
      variant: 'V'.repeat(50),
      variantId: `VAR-${String(i).padStart(60, '0')}`,
      price: 1234.56,
      quantity: 12,
    }));
    const data = buildEventData('addToCart', { items, currency: 'USD' }, undefined, (code, field) => {
      throw new Error(`${code} ${field}`);
    });
    const keys = ['em', 'ph', 'fn', 'ln', 'ct', 'st', 'zp', 'country', 'external_id'] as const;
    const cart = tracked({
      url: `${SHOP}/cart?${'x'.repeat(1000)}`,
      match: Object.fromEntries(keys.map((key) => [key, sha256(key)])),
      clickId: 'x'.repeat(200),
      ldp: true,
    });
    cart.data = { ...data, event_id: cart.eventId };
    const size = JSON.stringify(cart).length;
    expect(size).toBeGreaterThan(300_000);
    expect(size).toBeLessThan(DEFAULT_MAX_BODY_BYTES);
    const { fake, relay, url } = await setup();
    expect((await beacon(url, cart)).status).toBe(202);
    // Past the cap: 413, never a silent drop.
    const over = tracked();
    over.data = { ...over.data, pad: 'x'.repeat(DEFAULT_MAX_BODY_BYTES) };
    expect((await beacon(url, over)).status).toBe(413);
    await relay.flush();
    expect((fake.events[0]?.custom_data as { contents: unknown[] } | undefined)?.contents).toHaveLength(500);
  });
});

describe('stats', () => {
  it('counts requests by outcome, events by name and outcome, and shows the queue', async () => {
    const { relay, url } = await setup({ rateLimit: { perMinute: 60, burst: 4 } });
    const event = tracked();
    await beacon(url, event);
    await beacon(url, event);
    await beacon(url, 'not json');
    await beacon(url, tracked(), { Origin: 'https://evil.example' });
    await beacon(url, tracked());
    await beacon(url, tracked());
    await until(async () => ((await relay.stats()).queue.events.add_to_cart?.sent ?? 0) === 2, 5000, 'the batch');
    const stats = await relay.stats();
    // The foreign origin is turned away before it costs a token; the sixth request is one too many.
    expect(stats.requests).toStrictEqual({ accepted: 2, duplicate: 1, invalid: 1, forbidden: 1, rate_limited: 1 });
    expect(stats.events).toStrictEqual({ add_to_cart: { queued: 2, duplicate: 1 } });
    expect(stats.queue).toMatchObject({ events: { add_to_cart: { queued: 2, duplicate: 1, sent: 2 } }, failures: {}, queue: { waiting: 0, inFlight: 0 } });
  });
});
