// A storefront's own server with both halves of deduplication (node:http, no framework), in either mode:
//
//   in memory (default)   one process: the relay and the order endpoint queue events in memory, and send them
//   Redis (REDIS_URL set)  the same endpoints store events in Redis (BullMQ); delivery workers send them: one in
//                          this process (unless WORKERS=0) and any number started with `node worker.mjs`
//
//   GET  /                  examples/theme/ (the demo store's pages: their SDK script tag relays its events here)
//   GET  /dist/             the built SDK
//   GET  /pinterest/        the local stand-in of Pinterest's core.js that the theme pages load (stand-ins/pinterest-tag/)
//   POST /pinterest-relay   each event the browser released -> its Conversions API twin (createRelayHandler)
//   POST /api/checkout      an order placed -> the server's own Conversions API checkout, event ID checkoutEventId(orderId)
//   POST /webhooks/orders   Shopify order webhooks (with SHOPIFY_CLIENT_SECRET set): the authoritative checkout
//   GET  /pinterest-stats   counts and queue depth as JSON (relay, order endpoint, webhooks, worker)
//
// The browser's checkout carries the same ID (the SDK derives it from the order ID too), so Pinterest counts the
// order once. The relay does not send checkouts: this server sends them itself, from the order it knows.
//
//   npm run build
//   AD_ACCOUNT_ID=549755885175 CAPI_TOKEN=… node examples/server-dedup/server.mjs
//   REDIS_URL=redis://127.0.0.1:6379 AD_ACCOUNT_ID=… CAPI_TOKEN=… node examples/server-dedup/server.mjs
//
// Environment: AD_ACCOUNT_ID and CAPI_TOKEN (without them: a dry run that sends nothing), CAPI_ENDPOINT (default
// https://api.pinterest.com), CAPI_TEST=1 (Pinterest's ?test=true), PORT (default 8080; 0 for any free port),
// HOST (default 127.0.0.1), ALLOWED_ORIGINS (comma-separated, besides this server's own), TRUST_PROXY (the number of
// proxies you run in front), REDIS_URL and QUEUE_NAME (Redis mode), WORKERS=0 (Redis mode: no worker in this
// process), SHOPIFY_CLIENT_SECRET (the order webhook). It prints event names and IDs only: never a token or
// personal data.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDeliveryWorker,
  createMemoryQueue,
  createOrderWebhookHandler,
  createRedisQueue,
  createRelayHandler,
  requestContext,
  toConversionEvent,
} from '../../dist/server.mjs';
import { makeClient } from './client.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const ROOTS = [
  ['/dist/', join(REPO, 'dist')],
  ['/pinterest/', join(REPO, 'stand-ins/pinterest-tag')],
  ['/', join(REPO, 'examples/theme')],
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};
const CURRENCY = 'USD';

const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const trustProxy = env.TRUST_PROXY ? Number(env.TRUST_PROXY) : false;
const redisMode = !!env.REDIS_URL;

const { client, dryRun } = makeClient();

// One queue for every producer, so that the order's checkout knows whether the browser sent it too.
const queue = redisMode ? createRedisQueue({ connection: env.REDIS_URL, name: env.QUEUE_NAME }) : createMemoryQueue(client, { batch: { maxDelayMs: 200 } });
const worker =
  redisMode && env.WORKERS !== '0' ? createDeliveryWorker({ client, connection: env.REDIS_URL, name: env.QUEUE_NAME, maxDelayMs: 100 }) : undefined;
const webhooks = env.SHOPIFY_CLIENT_SECRET
  ? createOrderWebhookHandler(queue, { platform: 'shopify', secret: env.SHOPIFY_CLIENT_SECRET, currency: CURRENCY })
  : undefined;

const json = (res, status, body, headers = {}) =>
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));

async function readJson(req, limit = 65_536) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > limit) throw new Error('too large');
  }
  return JSON.parse(text);
}

/** At most `perMinute` orders a minute per client address: the order endpoint is public too. */
function orderRateLimit(perMinute = 20) {
  const seen = new Map();
  return (key) => {
    const now = Date.now();
    const recent = (seen.get(key) ?? []).filter((at) => now - at < 60_000);
    if (seen.size > 10_000) seen.clear();
    const allowed = recent.length < perMinute;
    if (allowed) recent.push(now);
    seen.set(key, recent);
    return allowed;
  };
}
const orderAllowed = orderRateLimit();
const orderStats = { accepted: 0, duplicate: 0, refused: 0 };

/**
 * An order was placed: queue its Conversions API checkout. A real store does this where it creates the order (or
 * takes it from the platform's order webhook, /webhooks/orders); this demo store numbers its orders in the browser,
 * so the thank-you page posts it: `{ orderId, items, value?, currency?, eventId?, email? }`, `eventId` being what
 * the page's `pinterestTag('checkout', …)` returned. Only this store's own pages may post (origin), and not often.
 */
async function checkout(req, res, allowedOrigins) {
  const origin = req.headers.origin ?? (req.headers.referer ? new URL(req.headers.referer).origin : undefined);
  if (!origin || !allowedOrigins.includes(origin)) return json(res, 403, { error: 'origin not allowed' });
  const context = requestContext(req, { trustProxy });
  if (!orderAllowed(context.clientIp ?? 'unknown')) return json(res, 429, { error: 'too many orders' }, { 'Retry-After': '60' });
  let order;
  try {
    order = await readJson(req);
  } catch {
    return json(res, 400, { errors: ['the body must be JSON: { orderId, items, value?, currency?, eventId?, email? }'] });
  }
  const data = { orderId: order?.orderId, items: order?.items, value: order?.value, currency: order?.currency ?? CURRENCY };
  const result = toConversionEvent(
    { action: 'checkout', data, customer: order?.email ? { email: order.email } : undefined, url: req.headers.referer },
    context,
  );
  if (!result.ok) return json(res, 400, { errors: result.errors });
  const { event_id: eventId } = result.event;
  // The server derives the ID itself (checkoutEventId(orderId)); the browser's should be the same one.
  if (order?.eventId != null && order.eventId !== eventId) {
    console.warn(
      `  checkout ${eventId}: the page's checkout had event ID ${JSON.stringify(String(order.eventId).slice(0, 64))}, so Pinterest cannot deduplicate the two`,
    );
  }
  // An order is the store's own: not a copy of a browser event, so Pinterest's full age limit applies if the
  // relay never saw its thank-you page.
  const [outcome] = await queue.enqueue([{ event: result.event, copy: 'order' }]);
  if (outcome === 'queued') {
    orderStats.accepted++;
    return json(res, 202, { eventId, sent: true });
  }
  if (outcome === 'duplicate') {
    orderStats.duplicate++;
    return json(res, 200, { eventId, sent: false });
  }
  orderStats.refused++;
  return json(res, 503, { eventId, sent: false }, { 'Retry-After': '5' });
}

/** A transparent 1x1 GIF, as ct.pinterest.com answers a beacon. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

async function serveFile(req, res) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return json(res, 400, { error: 'bad path' });
  }
  // The theme's demo plumbing, which examples/serve.mjs implements in full: the stand-in's library build, its
  // beacons (answered, not kept) and the demo panel's beacon log (empty here: this server logs what it sends).
  if (/^\/pinterest\/lib\/main\.\w+\.js$/.test(pathname)) pathname = '/pinterest/lib.js';
  if (pathname.startsWith('/v3/')) return res.writeHead(200, { 'Content-Type': 'image/gif' }).end(GIF);
  if (pathname === '/__beacons') return json(res, 200, []);
  const [prefix, root] = ROOTS.find(([prefix]) => pathname.startsWith(prefix));
  let file = resolve(root, `.${pathname.slice(prefix.length - 1)}`);
  if (file !== root && !file.startsWith(root + sep)) return json(res, 404, { error: 'not found' });
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) file = join(file, 'index.html');
  if (!(await stat(file).catch(() => null))?.isFile()) return json(res, 404, { error: 'not found' });
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  createReadStream(file).pipe(res.writeHead(200, { 'Content-Type': type, ...(extname(file) === '.html' ? { 'Cache-Control': 'no-store' } : {}) }));
}

let relay;
let allowedOrigins = [];
const server = createServer((req, res) => {
  const path = req.url.split('?')[0];
  let route;
  if (path === '/pinterest-relay') route = relay(req, res);
  else if (path === '/api/checkout' && req.method === 'POST') route = checkout(req, res, allowedOrigins);
  else if (path === '/webhooks/orders' && webhooks) route = webhooks(req, res);
  else if (path === '/pinterest-stats' && req.method === 'GET') {
    // Counts only, no personal data; still, put it behind your admin's access control in production.
    route = Promise.all([relay.stats(), webhooks?.stats(), worker?.stats()]).then(([relayStats, webhookStats, workerStats]) =>
      json(res, 200, {
        mode: redisMode ? 'redis' : 'memory',
        relay: relayStats,
        orders: orderStats,
        webhooks: webhookStats,
        worker: workerStats,
        client: client.stats?.(),
      }),
    );
  } else if (req.method === 'GET' || path.startsWith('/v3/')) route = serveFile(req, res);
  else route = json(res, 404, { error: 'not found' });
  Promise.resolve(route).catch((error) => {
    console.warn(`  ${req.method} ${path} failed: ${error.message}`);
    if (!res.headersSent) json(res, 500, { error: 'server error' });
  });
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const url = `http://${host}:${actual}`;
  allowedOrigins = [url, `http://localhost:${actual}`, `http://127.0.0.1:${actual}`, ...(env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean)];
  relay = createRelayHandler(queue, { allowedOrigins, trustProxy });
  console.log(`Storefront with Conversions API deduplication: ${url}/`);
  console.log(
    `  ${redisMode ? `Redis mode (${env.REDIS_URL.replace(/\/\/[^@]*@/, '//…@')}), ${worker ? 'with a delivery worker here' : 'no worker here: run worker.mjs'}` : 'in-memory mode'}`,
  );
  console.log(
    dryRun
      ? '  dry run: set AD_ACCOUNT_ID and CAPI_TOKEN to send to Pinterest'
      : `  sending to ${env.CAPI_ENDPOINT || 'https://api.pinterest.com'} for ad account ${env.AD_ACCOUNT_ID}${env.CAPI_TEST === '1' ? ' (test mode)' : ''}`,
  );
});

// Shutdown: stop taking events (the relay answers 503), send or store what is held, give up after 8 seconds and
// say what could not be sent; in Redis mode nothing is lost: the queue keeps it for the next worker.
async function stop() {
  server.close();
  const { unsent } = await (relay?.flush({ timeoutMs: 8000 }) ?? queue.flush({ timeoutMs: 8000 }));
  if (unsent.length) console.warn(`  not sent at shutdown: ${unsent.map((event) => `${event.event_name} ${event.event_id}`).join(', ')}`);
  await worker?.close();
  if (redisMode) await queue.close();
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
