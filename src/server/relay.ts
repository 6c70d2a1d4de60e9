// The merchant's endpoint for the browser's `relay` option: each released TrackedEvent (hashed data only),
// checked, enriched with the shopper's IP address and user agent, and sent on as its Conversions API twin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { actionOfApi, EVENTS } from '../common/catalog';
import type { TagEventName, TrackedEvent } from '../common/types';
import type { ConversionsClient } from './client';
import { toConversionEvent } from './conversion-event';
import { createRateLimiter, createSeenWindow } from './limits';
import type { ConversionContext, ConversionEvent } from './conversion-types';

/**
 * Options of `createRelayHandler`; only `allowedOrigins` is required.
 *
 * @example
 * const options: RelayOptions = { allowedOrigins: ['https://shop.example'], trustProxy: 1, ignore: ['checkout'] };
 */
export interface RelayOptions {
  /** The storefront origins allowed to post events, e.g. `['https://shop.example']`. Required. */
  allowedOrigins: readonly string[];
  /**
   * Read the shopper's IP address from `X-Forwarded-For`: `true` takes its first address, a number `n` the
   * address `n` proxies back (1: the last one). Only behind proxies you control. Defaults to `false`.
   */
  trustProxy?: boolean | number;
  /** Larger bodies get 413. Defaults to `16384` bytes. */
  maxBodyBytes?: number;
  /** Requests per minute per IP address, with bursts up to `burst` (defaults to `perMinute`); `false` for none. Defaults to `{ perMinute: 60 }`. */
  rateLimit?: { perMinute: number; burst?: number } | false;
  /** An event ID seen again within this window is not sent twice. Defaults to `3600000` ms (one hour). */
  dedupWindowMs?: number;
  /** Tag events your server sends itself, e.g. `['checkout']`: answered 204 and not sent. Defaults to none. */
  ignore?: readonly TagEventName[];
  /** Collect events and send up to `maxEvents` (default 100) per request, waiting at most `maxDelayMs` (default 1000). Defaults to one request per event. */
  batch?: { maxEvents?: number; maxDelayMs?: number };
  /** Called when sending fails or the handler breaks. Defaults to one `console.warn` with the error message (no personal data). */
  onError?: (error: Error) => void;
  /** The clock. Defaults to `Date.now`. */
  now?: () => number;
}

/**
 * A request: node:http's, or a framework's that may already hold the parsed `body` (Express, Fastify's raw…).
 *
 * @example
 * app.post('/pinterest-relay', express.text({ type: ['text/plain', 'application/json'] }), (req: RelayRequest, res) => relay(req, res));
 */
export type RelayRequest = IncomingMessage & { body?: unknown };

/**
 * The relay endpoint made by `createRelayHandler`: a `(req, res)` handler with a `flush()` for shutdown.
 *
 * @example
 * process.once('SIGTERM', () => relay.flush().then(() => process.exit(0)));
 */
export interface RelayHandler {
  /** Handles one request; resolves once the answer is written (sending goes on in the background). */
  (req: RelayRequest, res: ServerResponse): Promise<void>;
  /** Sends any collected events and waits for every send in flight: call it before the process exits. */
  flush(): Promise<void>;
}

const BODY_TYPES = new Set(['text/plain', 'application/json']);

/** The shopper's address: the socket's, or with `trustProxy` the one `X-Forwarded-For` names. */
function clientIp(req: IncomingMessage, trustProxy: boolean | number): string | undefined {
  let ip = req.socket?.remoteAddress;
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && forwarded) {
    const hops = String(forwarded)
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    ip = hops[trustProxy === true ? 0 : Math.max(0, hops.length - trustProxy)] ?? ip;
  }
  // Some proxies add a port ("203.0.113.7:4711", "[2001:db8::1]:443"); a dual-stack socket maps IPv4 into IPv6.
  ip = ip?.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
  return ip && isIP(ip) ? ip : undefined;
}

/**
 * What a request tells about the shopper's browser, for `toConversionEvent`: the IP address (with `trustProxy`,
 * from `X-Forwarded-For`, as in `RelayOptions`), the user agent and the `_epik` click ID cookie. For your own
 * routes, such as the one that places an order, so they describe the shopper as the relay does.
 *
 * @example
 * const result = toConversionEvent({ action: 'checkout', data: order }, { ...requestContext(req), currency: 'USD' });
 */
export function requestContext(req: IncomingMessage, options: { trustProxy?: boolean | number } = {}): ConversionContext {
  const context: ConversionContext = {};
  const ip = clientIp(req, options.trustProxy ?? false);
  const userAgent = req.headers['user-agent']?.slice(0, 4096);
  const clickId = cookieClickId(req);
  if (ip) context.clientIp = ip;
  if (userAgent) context.userAgent = userAgent;
  if (clickId) context.clickId = clickId;
  return context;
}

/** The origin of the page that posted: `Origin`, or else `Referer`'s. */
function requestOrigin(req: RelayRequest): string | undefined {
  const { origin, referer } = req.headers;
  if (origin) return origin;
  try {
    return referer ? new URL(referer).origin : undefined;
  } catch {
    // A malformed Referer is as good as none.
    return undefined;
  }
}

/** The `_epik` cookie, for events that carry no click ID. */
function cookieClickId(req: IncomingMessage): string | undefined {
  const match = /(?:^|;\s*)_epik=([^;]*)/.exec(req.headers.cookie ?? '');
  try {
    return match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    // Not valid percent-encoding: no click ID.
    return undefined;
  }
}

/** The raw body, or `undefined` once it is over `limit` bytes (the rest is drained and dropped). */
function readBody(req: RelayRequest, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.resume();
        resolve(undefined);
      }
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The body as the framework left it: a string or bytes, an already parsed object, or nothing yet (read from
 * the stream). An empty object with the stream unread is what a JSON body parser leaves for a `text/plain`
 * beacon, so the stream is read then too.
 */
async function bodyOf(req: RelayRequest, limit: number): Promise<{ tooLarge: true } | { text: string } | { parsed: unknown }> {
  const { body } = req;
  const unread = typeof req.on === 'function' && req.readableEnded === false;
  if (body === undefined || (unread && body && typeof body === 'object' && !Buffer.isBuffer(body) && !Object.keys(body).length)) {
    const bytes = await readBody(req, limit);
    return bytes ? { text: bytes.toString('utf8') } : { tooLarge: true };
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    return size > limit ? { tooLarge: true } : { text: Buffer.from(body).toString('utf8') };
  }
  return Buffer.byteLength(JSON.stringify(body) ?? '') > limit ? { tooLarge: true } : { parsed: body };
}

/**
 * Creates the handler for the endpoint named in the browser's `relay` option. For each POSTed `TrackedEvent` it
 * checks the origin, the rate per IP address, the body's type and size and the event itself, drops an event
 * ID it has already seen, answers at once (202, or 204 when nothing is sent), then sends the event's
 * Conversions API twin with the shopper's IP address and user agent. It logs no personal data.
 *
 * | answer | when |
 * |---|---|
 * | 202 | accepted, being sent |
 * | 204 | a repeated event ID, or an event in `ignore`: not sent |
 * | 400 | not JSON, or not an event that can be sent (`{ errors }` says why) |
 * | 403 | `Origin` / `Referer` not in `allowedOrigins` |
 * | 405 | not POST |
 * | 413 | body over `maxBodyBytes` |
 * | 415 | not `text/plain` or `application/json` |
 * | 429 | over the rate limit (`Retry-After` says when to retry) |
 *
 * @example
 * import { createServer } from 'node:http';
 * const client = createConversionsClient({ adAccountId: '549755885175', accessToken: process.env.CAPI_TOKEN! });
 * const relay = createRelayHandler(client, { allowedOrigins: ['https://shop.example'] });
 * createServer((req, res) => (req.url === '/pinterest-relay' ? relay(req, res) : res.writeHead(404).end())).listen(3000);
 * // Express: app.post('/pinterest-relay', relay)
 */
export function createRelayHandler(client: ConversionsClient, options: RelayOptions): RelayHandler {
  const { trustProxy = false, maxBodyBytes = 16_384, rateLimit = { perMinute: 60 }, dedupWindowMs = 3_600_000, ignore = [], batch, now = Date.now } = options ?? ({} as RelayOptions);
  if (typeof client?.send !== 'function') throw new TypeError('createRelayHandler needs a client from createConversionsClient');
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
  for (const [name, value] of Object.entries({ maxBodyBytes, dedupWindowMs, 'rateLimit.perMinute': rateLimit ? rateLimit.perMinute : 1 })) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${name} must be a number above 0`);
  }
  const report = options.onError ?? ((error: Error) => console.warn(`[pinterest-relay] ${error.message}`));
  const onError = (error: unknown): void => {
    try {
      report(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error callback must not become an unhandled rejection that stops the server.
    }
  };
  const limited = rateLimit ? createRateLimiter(rateLimit.perMinute, rateLimit.burst ?? rateLimit.perMinute) : () => 0;
  const seen = createSeenWindow(dedupWindowMs);
  const maxEvents = batch ? (batch.maxEvents ?? 100) : 1;
  const maxDelayMs = batch?.maxDelayMs ?? 1000;

  let pending: ConversionEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Set<Promise<void>>();
  const sendPending = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const events = pending;
    pending = [];
    const sending: Promise<void> = client
      .send(events)
      .then(() => undefined, onError)
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };
  const forward = (event: ConversionEvent): void => {
    pending.push(event);
    if (pending.length >= maxEvents) sendPending();
    else timer ??= setTimeout(sendPending, maxDelayMs);
  };

  const handler = async (req: RelayRequest, res: ServerResponse): Promise<void> => {
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
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
        return answer(permitted ? 204 : 403, undefined, { ...cors, 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' });
      }
      if (req.method !== 'POST') return answer(405, { error: 'POST only' }, { Allow: 'POST, OPTIONS' });
      if (!permitted) return answer(403, { error: 'origin not allowed' });
      const context = requestContext(req, { trustProxy });
      const wait = limited(context.clientIp ?? 'unknown', now());
      if (wait) return answer(429, { error: 'too many requests' }, { ...cors, 'Retry-After': String(Math.ceil(wait / 1000)) });
      const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!BODY_TYPES.has(type)) return answer(415, { error: 'send text/plain or application/json' }, cors);
      const tooLarge = { error: `body over ${maxBodyBytes} bytes` };
      if (Number(req.headers['content-length']) > maxBodyBytes) return answer(413, tooLarge, { ...cors, Connection: 'close' });

      const body = await bodyOf(req, maxBodyBytes);
      if ('tooLarge' in body) return answer(413, tooLarge, { ...cors, Connection: 'close' });
      let tracked: unknown;
      try {
        tracked = 'parsed' in body ? body.parsed : JSON.parse(body.text);
      } catch {
        return answer(400, { errors: ['the body must be a JSON TrackedEvent'] }, cors);
      }
      // Only relayed TrackedEvents: the `{ action }` form is for the server's own code.
      if (tracked && typeof tracked === 'object' && 'action' in tracked) return answer(400, { errors: ['the body must be a TrackedEvent'] }, cors);
      const result = toConversionEvent(tracked as TrackedEvent, { ...context, now: now() });
      if (!result.ok) return answer(400, { errors: result.errors }, cors);
      const { event } = result;
      if (ignore.includes(EVENTS[actionOfApi(event.event_name)!].tag) || seen(event.event_id, now())) return answer(204, undefined, cors);
      answer(202, undefined, cors);
      forward(event);
    } catch (error) {
      answer(500, { error: 'relay failed' });
      onError(error);
    }
  };
  return Object.assign(handler, {
    async flush(): Promise<void> {
      sendPending();
      await Promise.all(inFlight);
    },
  });
}
