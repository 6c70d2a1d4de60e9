// A storefront's own server with both halves of deduplication (node:http, no framework):
//
//   GET  /                  examples/theme/ (the demo store's pages: their SDK script tag relays its events here)
//   GET  /dist/             the built SDK
//   GET  /pinterest/        the local stand-in of Pinterest's core.js that the theme pages load (stand-ins/pinterest-tag/)
//   POST /pinterest-relay   each event the browser released -> its Conversions API twin (createRelayHandler)
//   POST /api/checkout      an order placed -> the server's own Conversions API checkout, event ID checkoutEventId(orderId)
//
// The browser's checkout carries the same ID (the SDK derives it from the order ID too), so Pinterest counts
// the order once. The relay ignores checkouts: this server sends those itself, from the order it knows.
//
//   npm run build
//   AD_ACCOUNT_ID=549755885175 CAPI_TOKEN=… node examples/server-dedup/server.mjs
//
// Environment: AD_ACCOUNT_ID and CAPI_TOKEN (without them: a dry run that sends nothing), CAPI_ENDPOINT (default
// https://api.pinterest.com), CAPI_TEST=1 (Pinterest's ?test=true), PORT (default 8080; 0 for any free port),
// HOST (default 127.0.0.1), ALLOWED_ORIGINS (comma-separated, besides this server's own), TRUST_PROXY=1 behind
// a proxy you run. It prints event names and IDs only: never a token or personal data.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConversionsClient, createRelayHandler, requestContext, toConversionEvent } from '../../dist/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const ROOTS = [
  ['/dist/', join(REPO, 'dist')],
  ['/pinterest/', join(REPO, 'stand-ins/pinterest-tag')],
  ['/', join(REPO, 'examples/theme')],
];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.svg': 'image/svg+xml' };
const CURRENCY = 'USD';

const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '127.0.0.1';
const trustProxy = env.TRUST_PROXY === '1';
const dryRun = !env.AD_ACCOUNT_ID || !env.CAPI_TOKEN;

/** Without credentials: a stand-in for fetch that answers as Pinterest would and sends nothing anywhere. */
async function dryRunFetch(_url, init) {
  const { data } = JSON.parse(init.body);
  const events = data.map(() => ({ status: 'processed', error_message: null, warning_message: null }));
  return new Response(JSON.stringify({ num_events_received: data.length, num_events_processed: data.length, events }), { status: 200 });
}

const client = createConversionsClient({
  adAccountId: env.AD_ACCOUNT_ID ?? '0',
  accessToken: env.CAPI_TOKEN ?? 'dry-run',
  endpoint: env.CAPI_ENDPOINT || undefined,
  test: env.CAPI_TEST === '1',
  fetch: dryRun ? dryRunFetch : undefined,
});

/** The client, printing what each send did: names and IDs only. */
const logged = {
  async send(events) {
    const names = events.map((event) => `${event.event_name} ${event.event_id}`).join(', ');
    try {
      const { results } = await client.send(events);
      const failed = results.filter((result) => result.status !== 'processed');
      console.log(`  ${dryRun ? 'dry run, not sent' : 'sent'}: ${names}${failed.length ? ` (${failed.length} failed: ${failed[0].error})` : ''}`);
      return { results };
    } catch (error) {
      console.warn(`  not sent: ${names}: ${error.message}`);
      throw error;
    }
  },
};

/** Orders already sent from this process: a reloaded thank-you page posts its order again. */
const sentOrders = new Set();

const json = (res, status, body) => res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

async function readJson(req, limit = 16_384) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > limit) throw new Error('too large');
  }
  return JSON.parse(text);
}

/**
 * An order was placed: send its Conversions API checkout. A real store does this where it creates the order,
 * with the order it stored; this demo store numbers its orders in the browser, so the thank-you page posts it:
 * `{ orderId, items, value?, currency?, eventId?, email? }`, `eventId` being what the page's
 * `pinterestTag('checkout', …)` returned.
 */
async function checkout(req, res) {
  let order;
  try {
    order = await readJson(req);
  } catch {
    return json(res, 400, { errors: ['the body must be JSON: { orderId, items, value?, currency?, eventId?, email? }'] });
  }
  const data = { orderId: order?.orderId, items: order?.items, value: order?.value, currency: order?.currency ?? CURRENCY };
  const result = toConversionEvent(
    { action: 'checkout', data, customer: order?.email ? { email: order.email } : undefined, url: req.headers.referer },
    requestContext(req, { trustProxy }),
  );
  if (!result.ok) return json(res, 400, { errors: result.errors });
  const { event_id: eventId } = result.event;
  // The server derives the ID itself (checkoutEventId(orderId)); the browser's should be the same one.
  if (order?.eventId != null && order.eventId !== eventId) {
    console.warn(`  checkout ${eventId}: the page's checkout had event ID ${JSON.stringify(String(order.eventId).slice(0, 64))}, so Pinterest cannot deduplicate the two`);
  }
  if (sentOrders.has(eventId)) return json(res, 200, { eventId, sent: false });
  sentOrders.add(eventId);
  logged.send([result.event]).catch(() => sentOrders.delete(eventId));
  json(res, 202, { eventId, sent: true });
}

/** A transparent 1x1 GIF, as ct.pinterest.com answers a beacon. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

async function serveFile(req, res) {
  let pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  // The theme's demo plumbing, which examples/serve.mjs implements in full: the stand-in's library build, its
  // beacons (answered, not kept) and the demo panel's beacon log (empty here: this server logs what it sends).
  if (/^\/pinterest\/lib\/main\.\w+\.js$/.test(pathname)) pathname = '/pinterest/lib.js';
  if (pathname.startsWith('/v3/')) return res.writeHead(200, { 'Content-Type': 'image/gif' }).end(GIF);
  if (pathname === '/__beacons') return json(res, 200, []);
  const [prefix, root] = ROOTS.find(([prefix]) => pathname.startsWith(prefix));
  let file = resolve(root, '.' + pathname.slice(prefix.length - 1));
  if (file !== root && !file.startsWith(root + sep)) return json(res, 404, { error: 'not found' });
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) file = join(file, 'index.html');
  if (!(await stat(file).catch(() => null))?.isFile()) return json(res, 404, { error: 'not found' });
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  createReadStream(file).pipe(res.writeHead(200, { 'Content-Type': type, ...(extname(file) === '.html' ? { 'Cache-Control': 'no-store' } : {}) }));
}

let relay;
const server = createServer((req, res) => {
  const path = req.url.split('?')[0];
  const route =
    path === '/pinterest-relay'
      ? relay(req, res)
      : path === '/api/checkout' && req.method === 'POST'
        ? checkout(req, res)
        : req.method === 'GET' || path.startsWith('/v3/')
          ? serveFile(req, res)
          : json(res, 405, { error: 'method not allowed' });
  Promise.resolve(route).catch((error) => {
    console.warn(`  ${req.method} ${path} failed: ${error.message}`);
    if (!res.headersSent) json(res, 500, { error: 'server error' });
  });
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const url = `http://${host}:${actual}`;
  const allowedOrigins = [url, `http://localhost:${actual}`, `http://127.0.0.1:${actual}`, ...(env.ALLOWED_ORIGINS ?? '').split(',').filter(Boolean)];
  relay = createRelayHandler(logged, { allowedOrigins, trustProxy, ignore: ['checkout'] });
  console.log(`Storefront with Conversions API deduplication: ${url}/`);
  console.log(dryRun ? '  dry run: set AD_ACCOUNT_ID and CAPI_TOKEN to send to Pinterest' : `  sending to ${env.CAPI_ENDPOINT || 'https://api.pinterest.com'} for ad account ${env.AD_ACCOUNT_ID}${env.CAPI_TEST === '1' ? ' (test mode)' : ''}`);
});

const stop = () => relay.flush().finally(() => server.close(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
