// Order webhooks (Shopify, SHOPLINE) as the authoritative checkout: signatures over the raw body, forged, unsigned,
// stale and replayed deliveries refused, the order mapped to the same checkout ID the thank-you page sent, queued
// once whichever of an order's webhooks comes first, and deduplicated against the browser's copy.
import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashMatchValue } from '../../src/common/match-keys';
import {
  checkoutEventId,
  createConversionsClient,
  createMemoryQueue,
  createOrderWebhookHandler,
  createRelayHandler,
  type DeliveryQueue,
  type OrderWebhookOptions,
  type RelayRequest,
  shopifyOrderToCheckout,
  toConversionEvent,
  verifyShopifyWebhook,
  verifyShoplineWebhook,
} from '../../src/server';
import { type FakeCapi, startFakeCapi, validateRequest } from '../../stand-ins/conversions-api/fake-capi';
import { beacon, closeAll, closers, listen, SHOP, tracked } from '../support/http';
import { shopifyOrder, shoplineOrder } from './fixtures/orders';

const SECRET = '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';
afterEach(async () => {
  await closeAll();
  vi.restoreAllMocks();
});

const base64Hmac = (body: string, secret = SECRET): string => createHmac('sha256', secret).update(body).digest('base64');
const hexHmac = (body: string, secret = SECRET): string => createHmac('sha256', secret).update(body).digest('hex');

/** The headers Shopify sends with a delivery (https://shopify.dev/docs/apps/build/webhooks/delivery-structure). */
function shopifyHeaders(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopify-Topic': 'orders/create',
    'X-Shopify-Hmac-Sha256': base64Hmac(body),
    'X-Shopify-Shop-Domain': 'apple.myshopify.com',
    'X-Shopify-API-Version': '2026-04',
    'X-Shopify-Webhook-Id': `b54557e4-bdd9-4b37-8a5f-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    'X-Shopify-Event-Id': `98880550-7158-44d4-b7cd-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    'X-Shopify-Triggered-At': new Date().toISOString(),
    ...extra,
  };
}

/** The headers SHOPLINE sends (https://developer.shopline.com/docsv2/ec20/3cv5d7wpfgr6a8z5/wf8em731s7f8c3ut). */
function shoplineHeaders(body: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopline-Topic': 'orders/create',
    'X-Shopline-Hmac-Sha256': base64Hmac(body),
    'X-Shopline-Shop-Domain': 'shophub.myshopline.com',
    'X-Shopline-Shop-Id': '1610418123456',
    'X-Shopline-Merchant-Id': '2000001234',
    'X-Shopline-API-Version': 'v20250601',
    'X-Shopline-Webhook-Id': `b54557e48a5f${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    ...extra,
  };
}

/** A fake, a memory queue shared by a relay and the webhook handler, on node:http. */
async function setup(options: Partial<OrderWebhookOptions> = {}, queueFor?: (fake: FakeCapi) => DeliveryQueue) {
  const fake = await startFakeCapi();
  closers.push(() => fake.close());
  const client = createConversionsClient({ adAccountId: '549755885175', accessToken: 'test-token', endpoint: fake.url, backoffMs: 1 });
  const queue = queueFor?.(fake) ?? createMemoryQueue(client, { batch: { maxDelayMs: 10 } });
  closers.push(() => queue.flush({ timeoutMs: 500 }).then(() => undefined));
  const webhooks = createOrderWebhookHandler(queue, { platform: 'shopify', secret: SECRET, ...options });
  const relay = createRelayHandler(queue, { allowedOrigins: [SHOP] });
  const url = await listen((req, res) => void (req.url === '/relay' ? relay(req, res) : webhooks(req, res)));
  const deliver = (body: string, headers: Record<string, string>) => fetch(`${url}/webhooks/orders`, { method: 'POST', body, headers });
  return { fake, queue, webhooks, relay, url, deliver };
}

describe('verifyShopifyWebhook / verifyShoplineWebhook', () => {
  const body = JSON.stringify(shopifyOrder());

  it('accepts the HMAC of the raw body with the client secret, and names the topic, the event ID and when it was sent', () => {
    const headers = shopifyHeaders(body);
    const check = verifyShopifyWebhook(body, Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])), SECRET);
    expect(check).toStrictEqual({
      ok: true,
      topic: 'orders/create',
      deliveryId: headers['X-Shopify-Event-Id'],
      shop: 'apple.myshopify.com',
      sentAt: Date.parse(headers['X-Shopify-Triggered-At'] as string),
    });
    // The bytes as sent: a Buffer as well as a string.
    expect(verifyShopifyWebhook(Buffer.from(body), { 'x-shopify-hmac-sha256': base64Hmac(body) }, SECRET).ok).toBe(true);
    // While a secret is rotated, either one.
    expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': base64Hmac(body, 'the-old-secret-1234') }, [SECRET, 'the-old-secret-1234']).ok).toBe(true);
  });

  it('refuses unsigned, forged, re-serialized and stale deliveries', () => {
    expect(verifyShopifyWebhook(body, {}, SECRET)).toStrictEqual({ ok: false, reason: 'unsigned' });
    expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': base64Hmac(body, 'not-the-secret') }, SECRET)).toStrictEqual({ ok: false, reason: 'forged' });
    // One byte changed: the value doubled.
    expect(verifyShopifyWebhook(body.replace('"597.00"', '"5970.0"'), { 'x-shopify-hmac-sha256': base64Hmac(body) }, SECRET)).toStrictEqual({
      ok: false,
      reason: 'forged',
    });
    // The same JSON parsed and stringified again is other bytes: why the raw body is needed.
    const reserialized = JSON.stringify(JSON.parse(body), null, 1);
    expect(verifyShopifyWebhook(reserialized, { 'x-shopify-hmac-sha256': base64Hmac(body) }, SECRET).ok).toBe(false);
    for (const garbage of ['', 'x'.repeat(300), hexHmac(body), `${base64Hmac(body)}x`])
      expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': garbage }, SECRET).ok).toBe(false);
    const old = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
    expect(verifyShopifyWebhook(body, { 'x-shopify-hmac-sha256': base64Hmac(body), 'x-shopify-triggered-at': old }, SECRET)).toStrictEqual({
      ok: false,
      reason: 'stale',
    });
    expect(() => verifyShopifyWebhook(body, {}, '')).toThrow(TypeError);
  });

  it('takes SHOPLINE’s signature in base64 or hex, and its webhook ID as the delivery', () => {
    const shopline = JSON.stringify(shoplineOrder());
    expect(
      verifyShoplineWebhook(
        shopline,
        { 'x-shopline-hmac-sha256': base64Hmac(shopline), 'x-shopline-webhook-id': 'w-1', 'x-shopline-topic': 'orders/paid' },
        SECRET,
      ),
    ).toStrictEqual({ ok: true, topic: 'orders/paid', deliveryId: 'w-1' });
    expect(verifyShoplineWebhook(shopline, { 'x-shopline-hmac-sha256': hexHmac(shopline) }, SECRET).ok).toBe(true);
    expect(verifyShoplineWebhook(shopline, { 'x-shopline-hmac-sha256': hexHmac(shopline, 'not-the-secret') }, SECRET)).toStrictEqual({
      ok: false,
      reason: 'forged',
    });
  });
});

describe('shopifyOrderToCheckout', () => {
  it('maps an order to the thank-you page’s checkout: its event ID, value, currency, items, hashed customer, the shopper’s IP address, user agent and click ID', () => {
    const order = shopifyOrder();
    const { action, context, skip } = shopifyOrderToCheckout(order);
    expect(skip).toBeUndefined();
    const result = toConversionEvent(action, context);
    if (!result.ok) throw new Error(result.errors.join('; '));
    const { event } = result;
    // The browser's checkout for this order, whether it knew the order by number or by Shopify's global ID.
    expect(event.event_id).toBe('checkout_450789469');
    expect(event.event_id).toBe(checkoutEventId('gid://shopify/Order/450789469'));
    expect(event).toMatchObject({
      event_name: 'checkout',
      action_source: 'web',
      event_time: Math.floor(Date.parse(order.processed_at as string) / 1000),
      user_data: {
        em: [hashMatchValue('em', 'bob.norman@mail.example.com')],
        ph: [hashMatchValue('ph', '+557734881234')],
        fn: [hashMatchValue('fn', 'Bob')],
        ln: [hashMatchValue('ln', 'Norman')],
        ct: [hashMatchValue('ct', 'Louisville')],
        st: [hashMatchValue('st', 'KY')],
        zp: [hashMatchValue('zp', '40202')],
        country: [hashMatchValue('country', 'US')],
        external_id: [hashMatchValue('external_id', '207119551')],
        client_ip_address: '203.0.113.7',
        client_user_agent: expect.stringContaining('Chrome/131'),
        click_id: 'dj0yJnU9b2JDcFFHekV4SHJNcmVrbFBk',
      },
      // What the shopper paid in (presentment money), before shipping and tax (Pinterest's value).
      custom_data: {
        value: '550',
        currency: 'EUR',
        order_id: '450789469',
        num_items: 3,
        content_ids: ['632910392', '632910393'],
        contents: [
          { id: '632910392', item_price: '180', quantity: 1, item_name: 'IPod Nano - 8gb' },
          { id: '632910393', item_price: '185', quantity: 2, item_name: 'IPod Nano - 8gb', item_brand: 'Apple' },
        ],
      },
    });
    expect(validateRequest({ data: [event] }), JSON.stringify(validateRequest.errors)).toBe(true);
    // The order status URL holds an access key: never sent.
    expect(JSON.stringify(event)).not.toContain('imasecretipod');
  });

  it('uses the variant or the SKU as the catalog ID when told, and marks test, point-of-sale and draft orders', () => {
    expect(shopifyOrderToCheckout(shopifyOrder(), { itemId: 'variant' }).action.data?.items?.map((item) => item.id)).toStrictEqual(['39072856', '457924702']);
    expect(shopifyOrderToCheckout(shopifyOrder(), { itemId: 'sku' }).action.data?.items?.map((item) => item.id)).toStrictEqual([
      'IPOD2008GREEN',
      'IPOD2008BLACK',
    ]);
    expect(shopifyOrderToCheckout({ ...shopifyOrder(), test: true }).skip).toBe('test');
    expect(shopifyOrderToCheckout({ ...shopifyOrder(), source_name: 'pos' }).skip).toBe('not-web');
    // A click ID the theme kept as a cart attribute wins over the landing page's.
    expect(shopifyOrderToCheckout({ ...shopifyOrder(), note_attributes: [{ name: '_epik', value: 'from-cart' }] }).action.clickId).toBe('from-cart');
  });
});

describe('createOrderWebhookHandler', () => {
  it('queues a genuine delivery’s checkout and sends it once; a replay of it and the order’s other webhook are not sent again', async () => {
    const { fake, deliver, webhooks } = await setup();
    const body = JSON.stringify(shopifyOrder(1001));
    const headers = shopifyHeaders(body);
    expect((await deliver(body, headers)).status).toBe(200);
    // The same delivery again (an attacker's replay, or Shopify's retry): taken already.
    expect((await deliver(body, headers)).status).toBe(200);
    // orders/paid for the same order: its checkout is queued already.
    expect((await deliver(body, shopifyHeaders(body, { 'X-Shopify-Topic': 'orders/paid' }))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.events.map((event) => event.event_id)).toStrictEqual(['checkout_1001']);
    expect((await webhooks.stats()).requests).toStrictEqual({ accepted: 1, replayed: 1, duplicate: 1 });
  });

  it('refuses unsigned and forged deliveries (401), stale ones (400), and sends nothing', async () => {
    const { fake, deliver, webhooks } = await setup();
    const body = JSON.stringify(shopifyOrder(1002));
    const unsigned = shopifyHeaders(body);
    delete unsigned['X-Shopify-Hmac-Sha256'];
    expect((await deliver(body, unsigned)).status).toBe(401);
    expect((await deliver(body, shopifyHeaders(body, { 'X-Shopify-Hmac-Sha256': base64Hmac(body, 'guessed-secret') }))).status).toBe(401);
    const forgedValue = body.replace('"550.00"', '"999.00"');
    expect((await deliver(forgedValue, shopifyHeaders(body))).status).toBe(401);
    expect((await deliver(body, shopifyHeaders(body, { 'X-Shopify-Triggered-At': new Date(Date.now() - 3 * 86_400_000).toISOString() }))).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.events).toHaveLength(0);
    expect((await webhooks.stats()).requests).toStrictEqual({ unsigned: 1, forged: 2, stale: 1 });
  });

  it('ignores other topics and test orders; answers 200 for an order it cannot send, with the reasons', async () => {
    const { fake, deliver, webhooks } = await setup();
    const body = JSON.stringify(shopifyOrder(1003));
    expect((await deliver(body, shopifyHeaders(body, { 'X-Shopify-Topic': 'orders/updated' }))).status).toBe(200);
    const test = JSON.stringify({ ...shopifyOrder(1004), test: true });
    expect((await deliver(test, shopifyHeaders(test))).status).toBe(200);
    // No email, no IP address or user agent: Pinterest would refuse it; the platform must not deliver it again.
    const bare = JSON.stringify({ id: 1005, line_items: [], created_at: new Date().toISOString() });
    const response = await deliver(bare, shopifyHeaders(bare));
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ errors: ['user_data needs a hashed email (em), or both the client IP address and user agent'] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.events).toHaveLength(0);
    expect((await webhooks.stats()).requests).toStrictEqual({ ignored: 2, invalid: 1 });
  });

  it('needs the raw body: a body an earlier JSON parser took gets a clear 500', async () => {
    const onError = vi.fn();
    const fake = await startFakeCapi();
    closers.push(() => fake.close());
    const webhooks = createOrderWebhookHandler(createConversionsClient({ adAccountId: '1', accessToken: 'test-token', endpoint: fake.url }), {
      platform: 'shopify',
      secret: SECRET,
      onError,
    });
    const url = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      (req as RelayRequest).body = JSON.parse(Buffer.concat(chunks).toString());
      await webhooks(req as RelayRequest, res as ServerResponse);
    });
    const body = JSON.stringify(shopifyOrder(1006));
    const response = await fetch(url, { method: 'POST', body, headers: shopifyHeaders(body) });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toContain('express.raw');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('answers 503 when the queue is full, and takes the platform’s next delivery of the same event', async () => {
    let full = true;
    const { fake, deliver } = await setup({}, (made) => {
      const real = createMemoryQueue(createConversionsClient({ adAccountId: '1', accessToken: 'test-token', endpoint: made.url }), {
        batch: { maxDelayMs: 10 },
      });
      return { ...real, enqueue: async (items) => (full ? items.map(() => 'full' as const) : real.enqueue(items)) };
    });
    const body = JSON.stringify(shopifyOrder(1007));
    const headers = shopifyHeaders(body);
    const busy = await deliver(body, headers);
    expect([busy.status, busy.headers.get('retry-after')]).toStrictEqual([503, '60']);
    full = false;
    // Shopify delivers the same event again: not a replay, since it was never queued.
    expect((await deliver(body, headers)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.events.map((event) => event.event_id)).toStrictEqual(['checkout_1007']);
  });

  it('counts a checkout once with the browser: the thank-you page’s beacon is noted, the webhook sends the same event ID', async () => {
    const { fake, deliver, url } = await setup();
    const eventId = checkoutEventId('gid://shopify/Order/1008');
    const page = tracked({
      event: 'checkout',
      apiEvent: 'checkout',
      eventId,
      data: { order_id: 'gid://shopify/Order/1008', value: 550, currency: 'EUR', event_id: eventId },
    });
    expect((await beacon(`${url}/relay`, page)).status).toBe(204);
    const body = JSON.stringify(shopifyOrder(1008));
    expect((await deliver(body, shopifyHeaders(body))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // One Conversions API checkout, with the tag's event ID: Pinterest deduplicates the pair.
    expect(fake.events.map((event) => event.event_id)).toStrictEqual([page.eventId]);
  });

  it('drops an order whose thank-you page fired when its webhook comes after the web window, and sends one whose page never loaded', async () => {
    const { fake, deliver, url } = await setup();
    // Two orders placed two hours ago, their webhooks delayed (an outage). The first one's thank-you page was seen.
    const seenId = checkoutEventId(1009);
    const page = tracked({ event: 'checkout', apiEvent: 'checkout', eventId: seenId, data: { order_id: '1009', event_id: seenId } });
    expect((await beacon(`${url}/relay`, page)).status).toBe(204);
    for (const id of [1009, 1010]) {
      const body = JSON.stringify(shopifyOrder(id, 120));
      expect((await deliver(body, shopifyHeaders(body))).status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Sent now, the seen one would be an offline event Pinterest cannot deduplicate against the tag's: dropped.
    expect(fake.events.map((event) => event.event_id)).toStrictEqual(['checkout_1010']);
  });

  it('takes SHOPLINE’s order webhooks the same way', async () => {
    const { fake, deliver, webhooks } = await setup({ platform: 'shopline' });
    const body = JSON.stringify(shoplineOrder());
    const headers = shoplineHeaders(body);
    expect((await deliver(body, headers)).status).toBe(200);
    expect((await deliver(body, headers)).status).toBe(200);
    expect((await deliver(body, shoplineHeaders(body, { 'X-Shopline-Hmac-Sha256': base64Hmac(body, 'forged-secret-1') }))).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.events).toHaveLength(1);
    expect(fake.events[0]).toMatchObject({
      event_id: 'checkout_21053806474051238712920180',
      user_data: { em: [hashMatchValue('em', 'tom.washington@example.com')], client_ip_address: '157.119.232.35' },
      custom_data: { value: '79', currency: 'USD', num_items: 2, content_ids: ['16057055734236541'] },
    });
    expect((await webhooks.stats()).requests).toStrictEqual({ accepted: 1, replayed: 1, forged: 1 });
  });
});
