// Order webhooks as the authoritative checkout: Shopify and SHOPLINE call the store's server when an order is
// created or paid. The delivery is verified (an HMAC-SHA256 of the raw body with the app's secret, compared in
// constant time; unsigned, forged, stale and replayed deliveries are refused), the order is mapped to the
// storefront's checkout (order-mapping.ts) with `checkoutEventId(order.id)`, and queued as an `order` copy: sent
// within the web window if the relay saw the thank-you page send the same checkout, else under Pinterest's own age
// limit. A checkout whose thank-you page never loaded is still counted once; one whose page did is deduplicated.
//
// Shopify: https://shopify.dev/docs/apps/build/webhooks/subscribe/https (verify: base64 HMAC-SHA256 of the raw body
// with the app's client secret in `X-Shopify-Hmac-Sha256`), https://shopify.dev/docs/apps/build/webhooks/delivery-structure
// (`X-Shopify-Topic`, `X-Shopify-Webhook-Id`, `X-Shopify-Triggered-At`, `X-Shopify-Event-Id`), and
// https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates ("the same value [of X-Shopify-Event-Id] across
// more than one webhook indicates a duplicate"). Shopify retries a delivery without a 2xx within 5 seconds, for up
// to 48 hours.
// SHOPLINE: https://developer.shopline.com/docsv2/ec20/3cv5d7wpfgr6a8z5/wf8em731s7f8c3ut (`X-Shopline-Topic`,
// `X-Shopline-Hmac-Sha256`, `X-Shopline-Webhook-Id`: "unique ID of the webhook message, remains unchanged when the
// message is resent") and https://developer.shopline.com/doc/3cv5d7wpfgr6a8z5/54ptfynjkucstkwm (HMAC-SHA256 with the
// app secret). Its pages show the signature in base64, some integrations report hex: both are accepted.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ConversionsClient } from './client';
import { toConversionEvent } from './conversion-event';
import { type DeliveryQueue, isDeliveryQueue, type QueueStats } from './delivery-queue';
import { createMemoryQueue } from './memory-queue';
import { type OrderCheckout, type OrderMappingOptions, shopifyOrderToCheckout, shoplineOrderToCheckout } from './order-mapping';
import { MAX_EVENT_AGE_MS } from './pinterest-limits';
import { type RelayRequest, readBody } from './request-body';
import { Counts, type EventStats } from './stats';

/**
 * The platforms whose order webhooks are understood.
 *
 * @example
 * const platform: WebhookPlatform = 'shopify';
 */
export type WebhookPlatform = 'shopify' | 'shopline';

/**
 * The outcome of a signature check: the delivery's topic, its ID (what a replay repeats) and when the platform sent
 * it, when it is genuine; else why not: `unsigned` (no signature), `forged` (a signature that does not match the
 * body), `stale` (older than `maxAgeMs`).
 *
 * @example
 * const check: WebhookCheck = verifyShopifyWebhook(rawBody, req.headers, secret);
 * if (!check.ok) res.writeHead(401).end();
 */
export type WebhookCheck =
  | { ok: true; topic?: string; deliveryId?: string; shop?: string; sentAt?: number }
  | { ok: false; reason: 'unsigned' | 'forged' | 'stale' };

/**
 * Options of the signature checks.
 *
 * @example
 * verifyShopifyWebhook(rawBody, headers, [newSecret, oldSecret], { maxAgeMs: 3_600_000 });
 */
export interface WebhookCheckOptions {
  /** A delivery sent longer ago than this is `stale`. Defaults to `172800000` ms (48 hours, Shopify's retry period). */
  maxAgeMs?: number;
  /** The clock. Defaults to `Date.now()`. */
  now?: number;
}

/** Longest signature header read: a base64 or hex SHA-256 is 44 or 64 characters. */
const MAX_SIGNATURE = 200;
/** 48 hours: Shopify retries a failed delivery for that long. */
const DEFAULT_MAX_AGE_MS = 48 * 3_600_000;

const header = (headers: IncomingHttpHeaders | Record<string, unknown>, name: string): string | undefined => {
  const value = (headers as Record<string, unknown>)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.length <= 1024 ? first.trim() : undefined;
};

/** The 32 bytes a signature header names, base64 (or, with `hex`, hex too); `undefined` if it names none. */
function signatureBytes(value: string, hex: boolean): Buffer | undefined {
  if (value.length > MAX_SIGNATURE) return undefined;
  if (hex && /^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(value)) return undefined;
  return Buffer.from(value, 'base64');
}

/** Whether `signature` is the HMAC-SHA256 of `body` with one of `secrets`, compared in constant time. */
function signedWith(body: Uint8Array | string, signature: Buffer, secrets: readonly string[]): boolean {
  let match = false;
  for (const secret of secrets) {
    const digest = createHmac('sha256', secret).update(body).digest();
    // Every secret is tried, so the time taken does not say which one matched.
    if (digest.length === signature.length && timingSafeEqual(digest, signature)) match = true;
  }
  return match;
}

const secretsOf = (secret: string | readonly string[]): string[] => {
  const list = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : [];
  if (!list.length || !list.every((one) => typeof one === 'string' && one.length >= 8))
    throw new TypeError("secret must be your app's client secret (or a list of them while you rotate it)");
  return list;
};

function verify(
  platform: WebhookPlatform,
  body: Uint8Array | string,
  headers: IncomingHttpHeaders | Record<string, unknown>,
  secret: string | readonly string[],
  options: WebhookCheckOptions,
): WebhookCheck {
  const secrets = secretsOf(secret);
  const prefix = platform === 'shopify' ? 'x-shopify' : 'x-shopline';
  const given = header(headers, `${prefix}-hmac-sha256`);
  if (!given) return { ok: false, reason: 'unsigned' };
  const signature = signatureBytes(given, platform === 'shopline');
  if (!signature || !signedWith(body, signature, secrets)) return { ok: false, reason: 'forged' };
  const check: WebhookCheck = { ok: true };
  const topic = header(headers, `${prefix}-topic`);
  // Shopify: the event's ID is the same for every retry of one event (its own guidance for duplicates); the
  // webhook ID is one delivery's. SHOPLINE: the webhook ID stays the same when a message is resent.
  const deliveryId = (platform === 'shopify' ? header(headers, 'x-shopify-event-id') : undefined) ?? header(headers, `${prefix}-webhook-id`);
  const shop = header(headers, `${prefix}-shop-domain`);
  if (topic) check.topic = topic;
  if (deliveryId) check.deliveryId = deliveryId;
  if (shop) check.shop = shop;
  const triggered = platform === 'shopify' ? header(headers, 'x-shopify-triggered-at') : undefined;
  const sentAt = triggered && triggered.length < 64 ? Date.parse(triggered) : Number.NaN;
  if (!Number.isNaN(sentAt)) {
    check.sentAt = sentAt;
    if ((options.now ?? Date.now()) - sentAt > (options.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return { ok: false, reason: 'stale' };
  }
  return check;
}

/**
 * Checks a Shopify webhook: `X-Shopify-Hmac-Sha256` must be the base64 HMAC-SHA256 of the raw body (the bytes as
 * received, before any JSON parsing) with your app's client secret, compared in constant time; a delivery whose
 * `X-Shopify-Triggered-At` is older than `maxAgeMs` is `stale`. Replays are the handler's to refuse (by
 * `deliveryId`).
 *
 * @example
 * const check = verifyShopifyWebhook(rawBody, req.headers, process.env.SHOPIFY_CLIENT_SECRET!);
 * if (!check.ok) return res.writeHead(401).end();
 */
export function verifyShopifyWebhook(
  rawBody: Uint8Array | string,
  headers: IncomingHttpHeaders | Record<string, unknown>,
  secret: string | readonly string[],
  options: WebhookCheckOptions = {},
): WebhookCheck {
  return verify('shopify', rawBody, headers, secret, options ?? {});
}

/**
 * Checks a SHOPLINE webhook: `X-Shopline-Hmac-Sha256` must be the HMAC-SHA256 of the raw body with your app secret
 * (base64, or hex), compared in constant time.
 *
 * @example
 * const check = verifyShoplineWebhook(rawBody, req.headers, process.env.SHOPLINE_APP_SECRET!);
 */
export function verifyShoplineWebhook(
  rawBody: Uint8Array | string,
  headers: IncomingHttpHeaders | Record<string, unknown>,
  secret: string | readonly string[],
  options: WebhookCheckOptions = {},
): WebhookCheck {
  return verify('shopline', rawBody, headers, secret, options ?? {});
}

/**
 * Options of `createOrderWebhookHandler`; `platform` and `secret` are required.
 *
 * @example
 * const options: OrderWebhookOptions = { platform: 'shopify', secret: process.env.SHOPIFY_CLIENT_SECRET!, currency: 'USD' };
 */
export interface OrderWebhookOptions extends OrderMappingOptions {
  platform: WebhookPlatform;
  /** Your app's client secret (Shopify) or app secret (SHOPLINE); a list while you rotate it. */
  secret: string | readonly string[];
  /** The topics that are a completed order. Defaults to `['orders/create', 'orders/paid']`: the first of the two sends the checkout. */
  topics?: readonly string[];
  /** Deliveries sent longer ago are refused as stale. Defaults to 48 hours (Shopify's retry period). */
  maxAgeMs?: number;
  /** Larger bodies get 413. Defaults to `5242880` bytes (5 MiB). */
  maxBodyBytes?: number;
  /** A body not whole within this time gets 408. Defaults to `10000` ms. */
  bodyTimeoutMs?: number;
  /** ISO-4217 currency for orders that name none. No default. */
  currency?: string;
  /** Called when queueing fails or the handler breaks. Defaults to one `console.warn` with the message (no personal data). */
  onError?: (error: Error) => void;
  /** The clock. Defaults to `Date.now`. */
  now?: () => number;
}

/**
 * What happened to deliveries: `accepted` (queued), `duplicate` (this order's checkout was queued already, e.g.
 * `orders/paid` after `orders/create`), `replayed` (this delivery was taken before), `ignored` (another topic, a
 * test, point-of-sale or draft order), `invalid` (not an order that can be sent), `unsigned`, `forged`, `stale`,
 * `too_large`, `timeout`, `unavailable` (the queue is full: the platform retries), `method`, `error`.
 *
 * @example
 * const outcome: WebhookOutcome = 'replayed';
 */
export type WebhookOutcome =
  | 'accepted'
  | 'duplicate'
  | 'replayed'
  | 'ignored'
  | 'invalid'
  | 'unsigned'
  | 'forged'
  | 'stale'
  | 'too_large'
  | 'timeout'
  | 'unavailable'
  | 'method'
  | 'error';

/**
 * The webhook handler's counts: deliveries by outcome, checkouts by outcome, and its queue's counts and depth.
 *
 * @example
 * const { requests } = await webhooks.stats(); // { accepted: 12, replayed: 1 }
 */
export interface WebhookStats extends EventStats {
  requests: Partial<Record<WebhookOutcome, number>>;
  queue: QueueStats;
}

/**
 * The order webhook endpoint made by `createOrderWebhookHandler`.
 *
 * @example
 * app.post('/webhooks/orders', express.raw({ type: 'application/json' }), (req, res) => webhooks(req, res));
 */
export interface OrderWebhookHandler {
  (req: RelayRequest, res: ServerResponse): Promise<void>;
  stats(): Promise<WebhookStats>;
}

/**
 * Creates the endpoint for a platform's order webhooks (Shopify `orders/create` and `orders/paid`; SHOPLINE the
 * same). It verifies each delivery's signature over the raw body, refuses unsigned (401), forged (401), stale
 * (400) and replayed deliveries (200, not sent again), maps the order to its checkout with
 * `checkoutEventId(order.id)` and queues it; the order's second webhook is a duplicate. Answers 200 within the
 * platform's time limit; 503 when the queue is full, so that the platform delivers again later.
 *
 * Give it the same queue as the relay (`createMemoryQueue(client)` or `createRedisQueue(...)`): the relay notes
 * the thank-you page's checkouts, and an order whose page fired is then sent within Pinterest's web window or not
 * at all, while one whose page never loaded keeps Pinterest's 7 days.
 *
 * @example
 * const queue = createMemoryQueue(client);
 * const webhooks = createOrderWebhookHandler(queue, { platform: 'shopify', secret: process.env.SHOPIFY_CLIENT_SECRET! });
 * // node:http: if (req.url === '/webhooks/orders') return webhooks(req, res);
 */
export function createOrderWebhookHandler(target: ConversionsClient | DeliveryQueue, options: OrderWebhookOptions): OrderWebhookHandler {
  const {
    platform,
    topics = ['orders/create', 'orders/paid'],
    maxAgeMs = DEFAULT_MAX_AGE_MS,
    maxBodyBytes = 5 * 1024 * 1024,
    bodyTimeoutMs = 10_000,
    now = Date.now,
  } = options ?? ({} as OrderWebhookOptions);
  if (platform !== 'shopify' && platform !== 'shopline') throw new TypeError("platform must be 'shopify' or 'shopline'");
  secretsOf(options.secret);
  if (!isDeliveryQueue(target) && typeof (target as ConversionsClient)?.send !== 'function') {
    throw new TypeError('createOrderWebhookHandler needs a client from createConversionsClient or a queue from createMemoryQueue / createRedisQueue');
  }
  for (const [name, value] of Object.entries({ maxAgeMs, maxBodyBytes, bodyTimeoutMs })) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${name} must be a number above 0`);
  }
  const report = options.onError ?? ((error: Error) => console.warn(`[pinterest-webhooks] ${error.message}`));
  const onError = (error: unknown): void => {
    try {
      report(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error callback must not stop the server.
    }
  };
  const queue: DeliveryQueue = isDeliveryQueue(target) ? target : createMemoryQueue(target, { onError, now });
  const toCheckout = platform === 'shopify' ? shopifyOrderToCheckout : shoplineOrderToCheckout;
  const mapping: OrderMappingOptions = { ...(options.itemId ? { itemId: options.itemId } : {}), ...(options.clickId ? { clickId: options.clickId } : {}) };
  // A delivery ID is remembered as long as a delivery may come: its age limit and a day more.
  const replayWindowMs = maxAgeMs + 24 * 3_600_000;
  // An order's checkout is sent once, whichever of its webhooks comes first, as long as Pinterest would take it.
  const orderWindowMs = MAX_EVENT_AGE_MS + 24 * 3_600_000;
  const requests: Partial<Record<WebhookOutcome, number>> = {};
  const counts = new Counts();

  const handler = async (req: RelayRequest, res: ServerResponse): Promise<void> => {
    const answer = (outcome: WebhookOutcome, status: number, body?: unknown): void => {
      requests[outcome] = (requests[outcome] ?? 0) + 1;
      if (res.headersSent) return;
      res.statusCode = status;
      if (body === undefined) res.end();
      else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(body));
      }
    };
    try {
      if (req.method !== 'POST') return answer('method', 405, { error: 'POST only' });
      if (Number(req.headers['content-length']) > maxBodyBytes) return answer('too_large', 413, { error: `body over ${maxBodyBytes} bytes` });
      const body = await readBody(req, maxBodyBytes, bodyTimeoutMs);
      if ('tooLarge' in body) return answer('too_large', 413, { error: `body over ${maxBodyBytes} bytes` });
      if ('timeout' in body) return answer('timeout', 408, { error: `body not received within ${bodyTimeoutMs} ms` });
      if (!('bytes' in body)) {
        // The signature is over the bytes as sent: a parsed body cannot be checked.
        const message =
          'the webhook needs the raw body to check its signature: mount it before JSON body parsers, or use express.raw({ type: "application/json" })';
        onError(new Error(message));
        return answer('error', 500, { error: message });
      }
      const check = verify(platform, body.bytes, req.headers, options.secret, { maxAgeMs, now: now() });
      if (!check.ok) return answer(check.reason, check.reason === 'stale' ? 400 : 401, { error: `${check.reason} delivery` });
      if (check.topic && !topics.includes(check.topic)) return answer('ignored', 200);
      let order: unknown;
      try {
        order = JSON.parse(body.bytes.toString('utf8'));
      } catch {
        return answer('invalid', 400, { error: 'the body is not JSON' });
      }
      const checkout: OrderCheckout = toCheckout(order, mapping);
      // Without the platform's send time (SHOPLINE gives none) the order's own last change bounds the delivery's age.
      if (check.sentAt === undefined) {
        const changed = Math.max(
          ...['updated_at', 'processed_at', 'created_at']
            .map((field) => Date.parse(String((order as Record<string, unknown>)?.[field] ?? '')))
            .filter((ms) => !Number.isNaN(ms)),
        );
        if (Number.isFinite(changed) && now() - changed > maxAgeMs) return answer('stale', 400, { error: 'stale delivery' });
      }
      if (checkout.skip) {
        counts.add('checkout', 'ignored');
        return answer('ignored', 200);
      }
      // A delivery taken before is a replay (or the platform's retry of one that was queued): never sent again.
      const replayKey = check.deliveryId ? `webhook:${platform}:${check.topic ?? ''}:${check.deliveryId}` : undefined;
      if (replayKey && !(await queue.claim(replayKey, replayWindowMs))) return answer('replayed', 200);
      const release = async (): Promise<void> => {
        if (replayKey) await queue.unclaim(replayKey);
      };
      const result = toConversionEvent(checkout.action, { ...checkout.context, now: now(), ...(options.currency ? { currency: options.currency } : {}) });
      if (!result.ok) {
        counts.add('checkout', 'invalid');
        // Answered 200: the platform would deliver the same order again, and it would not get better.
        return answer('invalid', 200, { errors: result.errors });
      }
      const { event } = result;
      const orderKey = `order:${event.event_id}`;
      if (!(await queue.claim(orderKey, orderWindowMs))) {
        counts.add(event.event_name, 'duplicate');
        return answer('duplicate', 200);
      }
      const [outcome] = await queue.enqueue([{ event, copy: 'order' }]);
      counts.add(event.event_name, outcome === 'full' || outcome === 'closed' ? 'refused' : (outcome ?? 'refused'));
      if (outcome === 'full' || outcome === 'closed' || !outcome) {
        // Not queued: the platform delivers again later, and that delivery must not look like a replay.
        await Promise.all([release(), queue.unclaim(orderKey)]);
        res.setHeader('Retry-After', '60');
        return answer('unavailable', 503, { error: 'busy: deliver again later' });
      }
      return answer(outcome === 'queued' ? 'accepted' : 'duplicate', 200);
    } catch (error) {
      answer('error', 500, { error: 'webhook failed' });
      onError(error);
    }
  };
  return Object.assign(handler, {
    async stats(): Promise<WebhookStats> {
      return { ...counts.snapshot(), requests: { ...requests }, queue: await queue.stats() };
    },
  });
}
