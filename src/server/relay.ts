// The merchant's endpoint for the browser's `relay` option: each released TrackedEvent (hashed data only),
// checked, enriched with the shopper's IP address and user agent, and queued for its Conversions API twin.
// The endpoint is public and unauthenticated (any page script can post to it), so it holds its ground: bounded
// bodies read within a time limit, a rate limit per address (IPv6 per /64) that floods cannot reset, a bounded
// backlog that answers 503 when full, crawlers dropped, checkouts left to the order webhook, value caps.
import type { ServerResponse } from 'node:http';
import { actionOfApi, EVENTS } from '../common/catalog';
import type { TagEventName, TrackedEvent } from '../common/types';
import { own } from '../common/values';
import { isBot } from './bots';
import type { ConversionsClient } from './client';
import { toConversionEvent } from './conversion-event';
import { type DeliveryQueue, type FlushResult, isDeliveryQueue, type QueueStats } from './delivery-queue';
import { createRateLimiter } from './limits';
import { createMemoryQueue } from './memory-queue';
import { DEFAULT_WEB_WINDOW_MS } from './pinterest-limits';
import { type RelayRequest, readBody } from './request-body';
import { checkTrustProxy, rateLimitKey, requestContext, requestOrigin, type TrustProxy } from './request-context';
import { Counts, type EventStats } from './stats';

export type { RelayRequest };

/**
 * The body cap. A 500-item cart (the most the browser SDK sends, `MAX_ITEMS`) whose items have 64-character IDs
 * and variant IDs, 200-character names, 100-character categories and 50-character brands and variants, with every
 * match key and a 1 KB page URL, is about 350 KB as a relayed TrackedEvent; 512 KiB holds it with room to spare.
 * Such an event is larger than a beacon carries, so the browser sends it with `fetch`. The test suite builds this
 * cart and posts it.
 */
export const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

/**
 * Options of `createRelayHandler`; only `allowedOrigins` is required.
 *
 * @example
 * const options: RelayOptions = { allowedOrigins: ['https://shop.example'], trustProxy: 1, maxValue: { checkout: 5000 } };
 */
export interface RelayOptions {
  /** The storefront origins allowed to post events, e.g. `['https://shop.example']`. Required. */
  allowedOrigins: readonly string[];
  /**
   * Read the shopper's IP address from `X-Forwarded-For`, written by the proxies you run: the number of them
   * (`true` is one). The address the nearest of them saw is taken, never one the client wrote. Only behind proxies
   * you control. Defaults to `false`: the socket's address.
   */
  trustProxy?: TrustProxy;
  /** Larger bodies get 413. Defaults to `524288` bytes (512 KiB: a 500-item cart fits, see `DEFAULT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
  /** A body not whole within this time gets 408 and the connection is closed. Defaults to `5000` ms. */
  bodyTimeoutMs?: number;
  /** Requests per minute per IP address (IPv6: per /64), with bursts up to `burst` (defaults to `perMinute`); `false` for none. Defaults to `{ perMinute: 60 }`. */
  rateLimit?: { perMinute: number; burst?: number } | false;
  /**
   * Send the browser's checkouts too. Defaults to `false`: a checkout is left to the order webhook or your server,
   * which know the order exists (a forged checkout could otherwise claim an order's event ID before the order is
   * placed). The relay still notes each checkout it sees, so the webhook knows the thank-you page fired.
   */
  relayCheckouts?: boolean;
  /** Tag events your server sends itself, e.g. `['lead']`: answered 204 and not sent. Defaults to none. */
  ignore?: readonly TagEventName[];
  /** The largest `value` taken per event, e.g. `{ addtocart: 5000 }`; an event over it gets 400. Defaults to none. */
  maxValue?: Partial<Record<TagEventName, number>>;
  /** More user agents to drop as bots, beside the obvious ones (Pinterest's crawler included); `false` keeps bots. Defaults to none. */
  bots?: RegExp | false;
  /** With a client (not a queue): requests of up to `maxEvents` (default 1000), at most `maxDelayMs` (default 1000) apart. */
  batch?: { maxEvents?: number; maxDelayMs?: number };
  /** With a client: an event ID seen again within this window is not sent twice. Defaults to `3600000` ms (one hour). */
  dedupWindowMs?: number;
  /** With a client: a relayed event is sent at most this long after it happened. Defaults to 55 minutes (Pinterest's window is one hour). */
  webWindowMs?: number;
  /** Called when sending fails, Pinterest refuses events, or the handler breaks. Defaults to one `console.warn` with the error message (no personal data). */
  onError?: (error: Error) => void;
  /** The clock. Defaults to `Date.now`. */
  now?: () => number;
}

/**
 * What happened to requests: `accepted` (202), `duplicate`, `ignored`, `late` and `bot` (204), `invalid` (400),
 * `forbidden` (403), `method` (405), `timeout` (408), `too_large` (413), `unsupported` (415), `rate_limited`
 * (429), `unavailable` (503), `error` (500), `preflight` (OPTIONS).
 *
 * @example
 * const outcome: RelayRequestOutcome = 'rate_limited';
 */
export type RelayRequestOutcome =
  | 'accepted'
  | 'duplicate'
  | 'ignored'
  | 'late'
  | 'bot'
  | 'invalid'
  | 'forbidden'
  | 'method'
  | 'timeout'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'unavailable'
  | 'error'
  | 'preflight';

/**
 * The relay's counts: requests by outcome; the events it took in by name and outcome (`queued`, `duplicate`,
 * `late`, `ignored`, `invalid`, `refused`); and its queue's own counts (`sent`, `failed` by reason, `late`) and depth.
 *
 * @example
 * const { requests, events, queue } = await relay.stats();
 */
export interface RelayStats extends EventStats {
  requests: Partial<Record<RelayRequestOutcome, number>>;
  queue: QueueStats;
}

/**
 * The relay endpoint made by `createRelayHandler`: a `(req, res)` handler, with `flush()` for shutdown and
 * `stats()`.
 *
 * @example
 * process.once('SIGTERM', async () => {
 *   const { unsent } = await relay.flush({ timeoutMs: 8000 });
 *   process.exit(unsent.length ? 1 : 0);
 * });
 */
export interface RelayHandler {
  /** Handles one request; resolves once the answer is written (sending goes on in the background). */
  (req: RelayRequest, res: ServerResponse): Promise<void>;
  /**
   * From now on answers 503 (new events would be lost), sends what is queued and waits at most `timeoutMs`
   * (default 10000) for it; resolves with what could not be sent. Call it before the process exits.
   */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /** Counts and queue depth. */
  stats(): Promise<RelayStats>;
}

const BODY_TYPES = new Set(['text/plain', 'application/json']);

/**
 * Creates the handler for the endpoint named in the browser's `relay` option. For each POSTed `TrackedEvent` it
 * checks the origin, the rate per IP address, the user agent (obvious bots are dropped), the body's type and size
 * and the event itself, answers at once, and queues the event's Conversions API twin with the shopper's IP address
 * and user agent. Give it a client (events wait in this process: `createMemoryQueue`) or a queue
 * (`createRedisQueue`, durable, for several processes). It logs no personal data.
 *
 * The endpoint is unauthenticated by nature: a page script, or anyone, can post an event to it. It sends only what
 * the browser's tag could send itself, never a checkout unless `relayCheckouts` (the order webhook sends those).
 *
 * | answer | when |
 * |---|---|
 * | 202 | accepted, being sent |
 * | 204 | a repeated event ID, a checkout, an event in `ignore`, an event past the web window, or a bot: not sent |
 * | 400 | not JSON, or not an event that can be sent (`{ errors }` says why) |
 * | 403 | `Origin` / `Referer` not in `allowedOrigins` |
 * | 405 | not POST |
 * | 408 | the body did not arrive within `bodyTimeoutMs` |
 * | 413 | body over `maxBodyBytes` |
 * | 415 | not `text/plain` or `application/json` |
 * | 429 | over the rate limit (`Retry-After` says when to retry) |
 * | 500 | the body was consumed by an earlier middleware, or the handler broke |
 * | 503 | the queue is full or shutting down (`Retry-After`) |
 *
 * @example
 * import { createServer } from 'node:http';
 * const client = createConversionsClient({ adAccountId: '549755885175', accessToken: process.env.CAPI_TOKEN! });
 * const relay = createRelayHandler(client, { allowedOrigins: ['https://shop.example'] });
 * createServer((req, res) => (req.url === '/pinterest-relay' ? relay(req, res) : res.writeHead(404).end())).listen(3000);
 * // Express: app.post('/pinterest-relay', relay)
 */
export function createRelayHandler(target: ConversionsClient | DeliveryQueue, options: RelayOptions): RelayHandler {
  const {
    maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
    bodyTimeoutMs = 5000,
    rateLimit = { perMinute: 60 },
    ignore = [],
    relayCheckouts = false,
    maxValue = {},
    bots,
    now = Date.now,
  } = options ?? ({} as RelayOptions);
  const trustProxy = checkTrustProxy(options?.trustProxy ?? false);
  if (!isDeliveryQueue(target) && typeof (target as ConversionsClient)?.send !== 'function') {
    throw new TypeError('createRelayHandler needs a client from createConversionsClient or a queue from createMemoryQueue / createRedisQueue');
  }
  if (!Array.isArray(options?.allowedOrigins) || !options.allowedOrigins.length) throw new TypeError("allowedOrigins must list your storefront's origins");
  const allowed = new Set(
    options.allowedOrigins.map((origin) => {
      try {
        return new URL(origin).origin;
      } catch {
        throw new TypeError(`allowedOrigins: "${origin}" is not an origin such as https://shop.example`);
      }
    }),
  );
  for (const [name, value] of Object.entries({ maxBodyBytes, bodyTimeoutMs, 'rateLimit.perMinute': rateLimit ? rateLimit.perMinute : 1 })) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${name} must be a number above 0`);
  }
  if (bots !== undefined && bots !== false && !(bots instanceof RegExp)) throw new TypeError('bots must be a RegExp or false');
  const report = options.onError ?? ((error: Error) => console.warn(`[pinterest-relay] ${error.message}`));
  const onError = (error: unknown): void => {
    try {
      report(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error callback must not become an unhandled rejection that stops the server.
    }
  };
  const queue: DeliveryQueue = isDeliveryQueue(target)
    ? target
    : createMemoryQueue(target, {
        onError,
        now,
        ...(options.batch ? { batch: options.batch } : {}),
        ...(options.dedupWindowMs !== undefined ? { dedupWindowMs: options.dedupWindowMs } : {}),
        webWindowMs: options.webWindowMs ?? DEFAULT_WEB_WINDOW_MS,
      });
  const limited = rateLimit ? createRateLimiter(rateLimit.perMinute, rateLimit.burst ?? rateLimit.perMinute) : () => 0;
  const requests: Partial<Record<RelayRequestOutcome, number>> = {};
  const counts = new Counts();
  let closing = false;

  const handler = async (req: RelayRequest, res: ServerResponse): Promise<void> => {
    const answer = (outcome: RelayRequestOutcome, status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      requests[outcome] = (requests[outcome] ?? 0) + 1;
      if (res.headersSent) return;
      res.statusCode = status;
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      if (body === undefined) res.end();
      else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(body));
      }
    };
    try {
      const origin = requestOrigin(req);
      const permitted = !!origin && allowed.has(origin);
      const cors: Record<string, string> = permitted ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
      if (req.method === 'OPTIONS') {
        const preflight = {
          ...cors,
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '86400',
        };
        return permitted ? answer('preflight', 204, undefined, preflight) : answer('forbidden', 403, undefined, preflight);
      }
      if (req.method !== 'POST') return answer('method', 405, { error: 'POST only' }, { Allow: 'POST, OPTIONS' });
      if (!permitted) return answer('forbidden', 403, { error: 'origin not allowed' });
      if (closing) return answer('unavailable', 503, { error: 'shutting down' }, { ...cors, 'Retry-After': '10' });
      const context = requestContext(req, { trustProxy });
      // Crawlers render pages and fire their events: not shoppers, not conversions.
      if (bots !== false && isBot(context.userAgent, bots)) return answer('bot', 204, undefined, cors);
      const wait = limited(rateLimitKey(context.clientIp), now());
      if (wait) return answer('rate_limited', 429, { error: 'too many requests' }, { ...cors, 'Retry-After': String(Math.ceil(wait / 1000)) });
      const type = String(req.headers['content-type'] ?? '')
        .slice(0, 200)
        .split(';')[0]
        ?.trim()
        .toLowerCase();
      if (!BODY_TYPES.has(type ?? '')) return answer('unsupported', 415, { error: 'send text/plain or application/json' }, cors);
      const tooLarge = { error: `body over ${maxBodyBytes} bytes` };
      if (Number(req.headers['content-length']) > maxBodyBytes) return answer('too_large', 413, tooLarge, { ...cors, Connection: 'close' });

      const body = await readBody(req, maxBodyBytes, bodyTimeoutMs);
      if ('tooLarge' in body) return answer('too_large', 413, tooLarge, { ...cors, Connection: 'close' });
      if ('timeout' in body) return answer('timeout', 408, { error: `body not received within ${bodyTimeoutMs} ms` }, { ...cors, Connection: 'close' });
      if ('consumed' in body) {
        const message = 'the request body was read before the relay and not kept: mount the relay before body parsers, or keep the parsed body in req.body';
        onError(new Error(message));
        return answer('error', 500, { error: message }, cors);
      }
      if ('unreadable' in body) return answer('invalid', 400, { errors: ['the body could not be read'] }, cors);
      let tracked: unknown;
      try {
        tracked = 'parsed' in body ? body.parsed : JSON.parse(body.bytes.toString('utf8'));
      } catch {
        return answer('invalid', 400, { errors: ['the body must be a JSON TrackedEvent'] }, cors);
      }
      // Only relayed TrackedEvents: the `{ action }` form is for the server's own code.
      if (tracked && typeof tracked === 'object' && 'action' in tracked) return answer('invalid', 400, { errors: ['the body must be a TrackedEvent'] }, cors);
      const result = toConversionEvent(tracked as TrackedEvent, { ...context, now: now() });
      if (!result.ok) {
        counts.add('(unknown)', 'invalid');
        return answer('invalid', 400, { errors: result.errors }, cors);
      }
      const { event } = result;
      const action = actionOfApi(event.event_name);
      const tag = action ? EVENTS[action].tag : ('' as TagEventName);
      const cap = own(maxValue, tag);
      if (typeof cap === 'number' && Number(event.custom_data?.value ?? 0) > cap) {
        counts.add(event.event_name, 'invalid');
        return answer('invalid', 400, { errors: [`data.value is over this store's cap for ${tag}`] }, cors);
      }
      if (event.event_name === EVENTS.checkout.api) {
        // The order webhook sends the order's checkout; it needs to know the thank-you page sent one too.
        await queue.noteBrowserCopy(event.event_id);
        if (!relayCheckouts) {
          counts.add(event.event_name, 'ignored');
          return answer('ignored', 204, undefined, cors);
        }
      }
      if (ignore.includes(tag)) {
        counts.add(event.event_name, 'ignored');
        return answer('ignored', 204, undefined, cors);
      }
      const [outcome] = await queue.enqueue([{ event, copy: 'browser' }]);
      counts.add(event.event_name, outcome === 'full' || outcome === 'closed' ? 'refused' : (outcome ?? 'refused'));
      if (outcome === 'queued') return answer('accepted', 202, undefined, cors);
      if (outcome === 'duplicate') return answer('duplicate', 204, undefined, cors);
      if (outcome === 'late') return answer('late', 204, undefined, cors);
      return answer(
        'unavailable',
        503,
        { error: outcome === 'closed' ? 'shutting down' : 'too busy' },
        { ...cors, 'Retry-After': outcome === 'closed' ? '10' : '5' },
      );
    } catch (error) {
      answer('error', 500, { error: 'relay failed' });
      onError(error);
    }
  };
  return Object.assign(handler, {
    flush(flushOptions?: { timeoutMs?: number }): Promise<FlushResult> {
      closing = true;
      return queue.flush(flushOptions);
    },
    async stats(): Promise<RelayStats> {
      return { ...counts.snapshot(), requests: { ...requests }, queue: await queue.stats() };
    },
  });
}
