// examples/server-dedup/server.mjs, run as a user would run it (from the built dist/server.mjs), against the fake,
// in both its modes: events queued in memory, and queued in Redis and sent by a delivery worker.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutEventId } from '../../src/server';
import { type FakeCapi, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';
import { startRedis, type TestRedis } from '../support/redis';
import { shopifyOrder } from './fixtures/orders';

const SERVER = fileURLToPath(new URL('../../examples/server-dedup/server.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/server.mjs', import.meta.url));
const UA = 'Mozilla/5.0 (example test)';
const SECRET = 'shpss_example_secret_0123456789';

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe.each(['memory', 'redis'] as const)('examples/server-dedup (%s mode)', (mode) => {
  let fake: FakeCapi;
  let redis: TestRedis | undefined;
  let child: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(DIST)) throw new Error('dist/server.mjs is missing: run `npm run build` first');
    fake = await startFakeCapi({ token: 'example-token' });
    if (mode === 'redis') redis = await startRedis();
    child = spawn(process.execPath, [SERVER], {
      env: {
        ...process.env,
        PORT: '0',
        CAPI_ENDPOINT: fake.url,
        AD_ACCOUNT_ID: '549755885175',
        CAPI_TOKEN: 'example-token',
        SHOPIFY_CLIENT_SECRET: SECRET,
        ...(redis ? { REDIS_URL: redis.url, QUEUE_NAME: 'example' } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 10_000);
      const take = (chunk: Buffer): void => {
        output += chunk;
        const match = /deduplication: (http:\/\/\S+?)\/\s/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      };
      child.stdout?.on('data', take);
      child.stderr?.on('data', take);
      child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
    });
  }, 30_000);

  afterAll(async () => {
    child?.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await fake?.close();
    await redis?.stop();
  });

  it('relays a browser event to the Conversions API with the same event ID', async () => {
    const eventId = `relayed-${mode}`;
    const event = {
      event: 'addtocart',
      apiEvent: 'add_to_cart',
      eventId,
      data: { value: 30, currency: 'USD', event_id: eventId },
      time: Date.now(),
      url: `${url}/product.html?id=mug`,
    };
    const response = await fetch(`${url}/pinterest-relay`, {
      method: 'POST',
      body: JSON.stringify(event),
      headers: { 'Content-Type': 'text/plain', Origin: url, 'User-Agent': UA },
    });
    expect(response.status).toBe(202);
    await until(() => fake.arrivals(eventId) > 0);
    expect(fake.arrivals(eventId)).toBe(1);
    expect(fake.events.find((e) => e.event_id === eventId)).toMatchObject({
      event_name: 'add_to_cart',
      user_data: { client_ip_address: '127.0.0.1', client_user_agent: UA },
    });
    // A checkout from the browser is the server's own business: not relayed.
    const checkout = { ...event, event: 'checkout', apiEvent: 'checkout', eventId: 'c', data: { order_id: '9', event_id: 'c' } };
    expect(
      (
        await fetch(`${url}/pinterest-relay`, {
          method: 'POST',
          body: JSON.stringify(checkout),
          headers: { 'Content-Type': 'text/plain', Origin: url, 'User-Agent': UA },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await fetch(`${url}/pinterest-relay`, {
          method: 'POST',
          body: JSON.stringify(event),
          headers: { 'Content-Type': 'text/plain', Origin: 'https://elsewhere.example' },
        })
      ).status,
    ).toBe(403);
  });

  it('sends the order’s checkout itself with checkoutEventId(orderId), once however often it is posted, and only from its own pages', async () => {
    const orderId = mode === 'memory' ? '1001' : '2001';
    const order = { orderId, items: [{ id: 'mug-ash', name: 'Ash mug', price: 28, quantity: 2, category: 'Mugs & Cups', brand: 'Kiln & Co.' }] };
    const post = (headers: Record<string, string> = {}) =>
      fetch(`${url}/api/checkout`, {
        method: 'POST',
        body: JSON.stringify(order),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': UA,
          Cookie: '_epik=dj0yJnU9b2JDcFFH',
          Referer: `${url}/thank-you.html?order=${orderId}`,
          ...headers,
        },
      });
    const first = await post();
    expect([first.status, await first.json()]).toStrictEqual([202, { eventId: checkoutEventId(orderId), sent: true }]);
    expect(await (await post()).json()).toStrictEqual({ eventId: checkoutEventId(orderId), sent: false });
    await until(() => fake.arrivals(checkoutEventId(orderId)) > 0);
    expect(fake.arrivals(checkoutEventId(orderId))).toBe(1);
    expect(fake.events.find((e) => e.event_id === checkoutEventId(orderId))).toMatchObject({
      event_name: 'checkout',
      event_source_url: `${url}/thank-you.html?order=${orderId}`,
      user_data: { click_id: 'dj0yJnU9b2JDcFFH', client_user_agent: UA },
      custom_data: { value: '56', currency: 'USD', order_id: orderId, num_items: 2, content_ids: ['mug-ash'] },
    });
    // Another site's page cannot place orders here, nor can a request that names no page.
    expect((await post({ Referer: 'https://elsewhere.example/thanks' })).status).toBe(403);
    expect((await fetch(`${url}/api/checkout`, { method: 'POST', body: '{}', headers: { 'User-Agent': UA } })).status).toBe(403);
    expect((await fetch(`${url}/api/checkout`, { method: 'POST', body: '{', headers: { 'User-Agent': UA, Origin: url } })).status).toBe(400);
  });

  it('takes Shopify’s signed order webhook as the checkout, and refuses a forged one', async () => {
    const id = mode === 'memory' ? 5001 : 5002;
    const body = JSON.stringify(shopifyOrder(id));
    const sign = (secret: string) => createHmac('sha256', secret).update(body).digest('base64');
    const deliver = (signature: string) =>
      fetch(`${url}/webhooks/orders`, {
        method: 'POST',
        body,
        headers: {
          'Content-Type': 'application/json',
          'X-Shopify-Topic': 'orders/create',
          'X-Shopify-Event-Id': `e-${id}`,
          'X-Shopify-Hmac-Sha256': signature,
        },
      });
    expect((await deliver(sign('not-the-secret'))).status).toBe(401);
    expect((await deliver(sign(SECRET))).status).toBe(200);
    await until(() => fake.arrivals(`checkout_${id}`) > 0);
    expect(fake.arrivals(`checkout_${id}`)).toBe(1);
  });

  it('shows its counts and queue as JSON', async () => {
    const stats = (await (await fetch(`${url}/pinterest-stats`)).json()) as Record<string, { requests?: Record<string, number> }>;
    expect(stats.mode).toBe(mode);
    expect(stats.relay?.requests).toMatchObject({ accepted: 1, ignored: 1, forbidden: 1 });
    expect(stats.webhooks?.requests).toMatchObject({ accepted: 1, forged: 1 });
  });

  it('serves the theme with the relay switched on, and dist/ at /dist/, and nothing outside them', async () => {
    const thanks = await (await fetch(`${url}/thank-you.html?order=1`)).text();
    expect(thanks).toContain('data-relay="/pinterest-relay"');
    expect(thanks).toContain("fetch('/api/checkout'");
    const script = await fetch(`${url}/dist/pinterest-tag.min.js`);
    expect([script.status, script.headers.get('content-type')]).toStrictEqual([200, 'text/javascript; charset=utf-8']);
    expect((await fetch(`${url}/`)).status).toBe(200);
    expect((await fetch(`${url}/dist/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('prints its URL and what it sent, never the token', () => {
    expect(output).toContain(`sent: add_to_cart relayed-${mode}`);
    expect(output).toContain(`checkout ${checkoutEventId(mode === 'memory' ? '1001' : '2001')}`);
    expect(output).not.toContain('example-token');
  });
});
