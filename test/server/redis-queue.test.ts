// The Redis queue and its workers in this process, against a real redis-server and the fake Conversions API:
// deduplication across relays, the web window, orders whose thank-you page fired or not, dead letters and
// re-driving, retries through an outage, the shared rate limit, the backlog bound. (The multi-process run, with a
// worker killed mid-batch, is redis-processes.test.ts.)
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversionEvent } from '../../src/server';
import {
  checkoutEventId,
  createConversionsClient,
  createDeliveryWorker,
  createOrderWebhookHandler,
  createRedisQueue,
  createRelayHandler,
  type DeliveryWorkerOptions,
  type RedisQueueOptions,
} from '../../src/server';
import { type FakeCapi, type FakeCapiOptions, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';
import { beacon, closeAll, closers, listen, SHOP, tracked, until } from '../support/http';
import { startRedis, type TestRedis } from '../support/redis';
import { shopifyOrder } from './fixtures/orders';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await redis?.stop();
});
afterEach(closeAll);

let queues = 0;

/** A fake, and a queue and worker factory on a queue name of its own (so tests do not share keys). */
async function setup(fakeOptions: FakeCapiOptions = {}) {
  const fake: FakeCapi = await startFakeCapi(fakeOptions);
  closers.push(() => fake.close());
  const name = `test-${process.pid}-${++queues}`;
  const queue = (options: Partial<RedisQueueOptions> = {}) => {
    const made = createRedisQueue({ connection: redis.url, name, ...options });
    closers.push(() => made.close());
    return made;
  };
  const worker = (options: Partial<DeliveryWorkerOptions> = {}) => {
    const client = createConversionsClient({
      adAccountId: '549755885175',
      accessToken: 'test-token',
      endpoint: fake.url,
      backoffMs: 1,
      maxBackoffMs: 20,
      maxRetries: 1,
    });
    const made = createDeliveryWorker({ client, connection: redis.url, name, maxDelayMs: 20, backoffMs: 50, maxBackoffMs: 200, ...options });
    closers.push(() => made.close());
    return made;
  };
  return { fake, queue, worker, name };
}

/** A Conversions API event made `ageMs` ago. */
const event = (id: string, ageMs = 0, name: ConversionEvent['event_name'] = 'add_to_cart'): ConversionEvent => ({
  event_name: name,
  action_source: 'web',
  event_time: Math.floor((Date.now() - ageMs) / 1000),
  event_id: id,
  user_data: { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (test)' },
});

describe('createRedisQueue + createDeliveryWorker', () => {
  it('sends what two relay processes queue, each event ID once, in requests of several jobs', async () => {
    const { fake, queue, worker } = await setup();
    // Two relays with a queue each, as two processes would have.
    const urls = await Promise.all(
      [queue(), queue()].map((q) => listen((req, res) => void createRelayHandler(q, { allowedOrigins: [SHOP], rateLimit: false })(req, res))),
    );
    const events = Array.from({ length: 60 }, () => tracked());
    // Every event to both relays: the second copy is a duplicate wherever it lands.
    const statuses = await Promise.all(events.flatMap((one) => urls.map((url) => beacon(url, one).then((response) => response.status))));
    expect(statuses.filter((status) => status === 202)).toHaveLength(60);
    expect(statuses.filter((status) => status === 204)).toHaveLength(60);
    const sender = worker();
    await until(() => fake.events.length >= 60, 15_000, 'sixty events');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events.every((one) => fake.arrivals(one.eventId) === 1)).toBe(true);
    expect(fake.events).toHaveLength(60);
    expect(fake.requests.length).toBeLessThan(10);
    expect((await sender.stats()).events.add_to_cart).toStrictEqual({ sent: 60 });
  });

  it('drops browser copies whose web window closed while they waited (late, counted, kept as dead letters), never sends them', async () => {
    const { fake, queue, worker } = await setup();
    const q = queue({ webWindowMs: 2500 });
    const ids = ['late-1', 'late-2', 'late-3'];
    expect(await q.enqueue(ids.map((id) => ({ event: event(id), copy: 'browser' })))).toStrictEqual(['queued', 'queued', 'queued']);
    // Already past the window: not even queued.
    expect(await q.enqueue([{ event: event('late-0', 10_000), copy: 'browser' }])).toStrictEqual(['late']);
    // No worker runs until the window has closed (an outage, a deploy).
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const sender = worker({ webWindowMs: 2500 });
    await until(async () => (await sender.stats()).events.add_to_cart?.late === 3, 10_000, 'three late events');
    expect(fake.events).toHaveLength(0);
    const letters = await sender.failed();
    expect(letters.map((letter) => [letter.item.event.event_id, letter.reason]).sort()).toStrictEqual(ids.map((id) => [id, 'late']));
    expect((await q.stats()).events.add_to_cart).toStrictEqual({ queued: 3, late: 1 });
  });

  it('decides an order’s window when it sends: a checkout the browser sent too is late after the hour, one it did not keeps Pinterest’s 7 days', async () => {
    const { fake, queue, worker } = await setup();
    const q = queue();
    // Two orders from two hours ago, e.g. queued during an outage: the relay saw the first one's thank-you page.
    const seen = checkoutEventId('2001');
    const unseen = checkoutEventId('2002');
    await q.noteBrowserCopy(seen);
    await q.enqueue([
      { event: event(seen, 2 * 3_600_000, 'checkout'), copy: 'order' },
      { event: event(unseen, 2 * 3_600_000, 'checkout'), copy: 'order' },
    ]);
    const sender = worker();
    await until(() => fake.events.length === 1, 10_000, 'the server-only checkout');
    await until(async () => (await sender.stats()).events.checkout?.late === 1, 10_000, 'the late copy');
    expect(fake.events.map((one) => one.event_id)).toStrictEqual([unseen]);
  });

  it('keeps events Pinterest refuses as dead letters with the reason, and sends them again on redrive', async () => {
    let refuse = true;
    const { fake, queue, worker } = await setup({
      eventStatus: (one) => (refuse && one.event_id === 'bad' ? { status: 'failed', error_message: 'Invalid parameters.' } : { status: 'processed' }),
    });
    const q = queue();
    await q.enqueue(['good', 'bad'].map((id) => ({ event: event(id), copy: 'server' as const })));
    const sender = worker();
    await until(async () => (await sender.failed()).length === 1, 10_000, 'a dead letter');
    expect(await sender.failed()).toStrictEqual([
      {
        item: { event: expect.objectContaining({ event_id: 'bad' }), copy: 'server' },
        reason: 'rejected',
        error: 'Invalid parameters.',
        failedAt: expect.any(Number),
      },
    ]);
    expect((await sender.stats()).failures).toStrictEqual({ rejected: 1 });
    refuse = false;
    expect(await sender.redrive()).toBe(1);
    await until(() => fake.arrivals('bad') === 1, 10_000, 'the re-driven event');
    expect(await sender.failed()).toStrictEqual([]);
    expect(fake.arrivals('good')).toBe(1);
  });

  it('retries through an outage longer than the client’s own retries, and sends each event once', async () => {
    const { fake, queue, worker } = await setup({ faults: { script: [503, 503, 503, 503, 503, 503, 503, 503] } });
    const q = queue();
    const ids = Array.from({ length: 20 }, (_, i) => `outage-${i}`);
    await q.enqueue(ids.map((id) => ({ event: event(id), copy: 'server' as const })));
    worker({ maxDelayMs: 50 });
    await until(() => fake.events.length === 20, 15_000, 'twenty events');
    expect(ids.every((id) => fake.arrivals(id) === 1)).toBe(true);
    expect(fake.requests.filter((request) => request.outcome === 503).length).toBe(8);
  });

  it('holds the rate limit for all its workers together', async () => {
    const { fake, queue, worker } = await setup();
    const q = queue();
    // One event per request, and 5 requests per 500 ms for both workers together.
    const rateLimit = { calls: 5, perMs: 500 };
    worker({ batchSize: 1, rateLimit, concurrency: 20 });
    worker({ batchSize: 1, rateLimit, concurrency: 20 });
    await q.enqueue(Array.from({ length: 20 }, (_, i) => ({ event: event(`rate-${i}`), copy: 'server' as const })));
    await until(() => fake.events.length === 20, 15_000, 'twenty events');
    const arrivals = fake.requests.map((request) => request.at);
    for (const at of arrivals) expect(arrivals.filter((other) => other >= at && other < at + 500).length).toBeLessThanOrEqual(5);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeGreaterThanOrEqual(1500);
  });

  it('refuses events past its backlog bound (full) and claims a webhook delivery once', async () => {
    const { queue } = await setup();
    const q = queue({ maxBacklog: 2 });
    expect(await q.enqueue(['a', 'b', 'c'].map((id) => ({ event: event(id), copy: 'server' as const })))).toStrictEqual(['queued', 'queued', 'full']);
    expect(await q.enqueue([{ event: event('a'), copy: 'server' }])).toStrictEqual(['duplicate']);
    expect(await q.claim('shopify:delivery-1', 60_000)).toBe(true);
    expect(await queue().claim('shopify:delivery-1', 60_000)).toBe(false);
    expect((await q.stats()).queue).toMatchObject({ waiting: 1, backlog: 2 });
  });

  it('refuses a replayed webhook delivery whichever process it reaches', async () => {
    const { fake, queue, worker } = await setup();
    worker();
    const secret = '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';
    // Two webhook endpoints, as two processes behind a load balancer.
    const urls = await Promise.all(
      [queue(), queue()].map((q) => listen((req, res) => void createOrderWebhookHandler(q, { platform: 'shopify', secret })(req, res))),
    );
    const body = JSON.stringify(shopifyOrder(3001));
    const headers = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Event-Id': 'event-3001',
      'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body).digest('base64'),
    };
    const answers = await Promise.all(urls.map((url) => fetch(url, { method: 'POST', body, headers }).then((response) => response.status)));
    expect(answers).toStrictEqual([200, 200]);
    await until(() => fake.events.length === 1, 10_000, 'the checkout');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.events.map((one) => one.event_id)).toStrictEqual(['checkout_3001']);
  });

  it('answers 503 when Redis is gone, at once, rather than hold requests', async () => {
    const gone = createRedisQueue({ connection: 'redis://127.0.0.1:1', timeoutMs: 300, onError: () => undefined });
    const relay = createRelayHandler(gone, { allowedOrigins: [SHOP] });
    const url = await listen((req, res) => void relay(req, res));
    const started = performance.now();
    const response = await beacon(url, tracked());
    expect([response.status, response.headers.get('retry-after')]).toStrictEqual([503, '5']);
    expect(performance.now() - started).toBeLessThan(2000);
    await gone.close();
  });
});
