// The demo storefront's server: static files, a local stand-in of Pinterest's core.js, a beacon log, and the two
// endpoints the theme pages post to (here they only record: examples/server-dedup/ sends to the Conversions API).
//
//   npm run demo                    # build, then serve on a free port
//   PORT=8080 node examples/serve.mjs
//
//   /                 examples/theme/       the script-tag storefront
//   /spa/             examples/spa/         the single-page storefront (unknown paths get its index.html)
//   /dist/            dist/                 the built SDK
//   /node_modules/js-cookie/, /node_modules/uuid/   the ESM build's dependencies (the SPA's import map)
//   /pinterest/       stand-ins/pinterest-tag/        a stand-in of Pinterest's core.js that sends its
//                                                    beacons back here instead of to ct.pinterest.com;
//                                                    /pinterest/lib/main.<hash>.js (what core.js loads) is lib.js
//   /v3/              records each beacon, answers with a 1x1 gif (POST: the tag's form for long URLs)
//   /__beacons        the beacons received, as JSON (?since=<ms> for the newer ones); DELETE clears them
//   POST /pinterest-relay   the events the SDK relays (data-relay), recorded; GET /__relayed lists them, DELETE clears
//   POST /api/checkout      the thank-you page's order: answered 204 and logged, nothing sent
//
// Tests import startDemoServer(); it only listens on its own when this file is run directly.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..');

/** URL prefix -> folder. The first prefix that matches wins, so the longer ones come first. */
const ROOTS = [
  ['/spa/', join(HERE, 'spa')],
  ['/dist/', join(REPO, 'dist')],
  ['/node_modules/js-cookie/', join(REPO, 'node_modules/js-cookie')],
  ['/node_modules/uuid/', join(REPO, 'node_modules/uuid')],
  ['/pinterest/', join(REPO, 'stand-ins/pinterest-tag')],
  ['/', join(HERE, 'theme')],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** A transparent 1x1 GIF: what ct.pinterest.com answers a beacon with. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** Past this many, the oldest beacons (and relayed events) are dropped: the demo can run for hours. */
const MAX_BEACONS = 1000;

/** Largest body of a relayed event or an order, as examples/server-dedup/ allows. */
const MAX_JSON_BODY = 16_384;

/** Largest POST body read from the tag's form (a long cart); anything bigger is refused. */
const MAX_BODY = 1 << 20;

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

function parseJson(text) {
  if (text == null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // Not JSON: kept as sent, so the panel shows what really arrived.
  }
}

/**
 * A beacon's parameters, decoded: `ed`, `pd`, `ad` and `ov` are JSON in the script tag's requests. The
 * `<noscript>` form sends them bracketed (`ed[value]=10`); those are gathered into an object too.
 */
export function decodeBeacon(params) {
  const beacon = { event: params.get('event') ?? undefined, tid: params.get('tid') ?? undefined };
  for (const key of ['ed', 'pd', 'ad', 'ov']) {
    let value = parseJson(params.get(key) ?? undefined);
    for (const [name, raw] of params) {
      const match = name.match(new RegExp(`^${key}\\[([^\\]]+)\\]$`));
      if (match) (value = value && typeof value === 'object' ? value : {})[match[1]] = raw;
    }
    if (value !== undefined) beacon[key] = value;
  }
  for (const key of ['cb', 'noscript']) if (params.has(key)) beacon[key] = params.get(key);
  return beacon;
}

function send(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

function sendJson(res, status, value) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** A request body as text, or `undefined` when it is longer than `limit` bytes. */
async function readBody(req, limit) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `path` inside `root`, with symlinks followed, or `undefined` when it is not inside (or does not exist). */
async function inside(root, path) {
  try {
    const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
    return realPath === realRoot || realPath.startsWith(realRoot + sep) ? realPath : undefined;
  } catch {
    return undefined; // Missing file or folder: a 404.
  }
}

/** The file a URL path names under the served roots: `undefined` for none (404). */
async function findFile(pathname) {
  const [prefix, root] = ROOTS.find(([p]) => pathname.startsWith(p));
  let rest = pathname.slice(prefix.length);
  // core.js loads Pinterest's library as lib/main.<build hash>.js next to itself; the stand-in has one, lib.js.
  if (prefix === '/pinterest/' && /^lib\/main\.[\w-]+\.js$/.test(rest)) rest = 'lib.js';
  // resolve() removes `..`; the check after it (and `inside`, after symlinks) keeps the path under root.
  const candidate = resolve(root, `.${sep}${rest}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  let file = await inside(root, candidate);
  if (file && (await stat(file)).isDirectory()) file = await inside(root, join(file, 'index.html'));
  // The SPA's routes are paths too (/spa/product/KC-1001): a path with no file extension gets its index.html.
  if (!file && prefix === '/spa/' && !extname(rest)) file = await inside(root, join(root, 'index.html'));
  return file;
}

/**
 * Starts the demo server on 127.0.0.1.
 *
 * @param {{ port?: number, log?: (line: string) => void }} [options] `port` 0 (the default) takes a free one.
 * @returns {Promise<{ url: string, close: () => Promise<void>, beacons: object[], relayed: object[] }>} `url`
 *   ends with `/`; `beacons` is the live list of beacons received and `relayed` of the events the SDK relayed
 *   (each `TrackedEvent` as posted, with `receivedAt`), oldest first.
 *
 * @example
 * const demo = await startDemoServer();
 * await fetch(demo.url + 'spa/');
 * await demo.close();
 */
export async function startDemoServer({ port = 0, log } = {}) {
  const beacons = [];
  const relayed = [];
  let nextId = 1;

  const record = (params, method) => {
    const beacon = { id: nextId++, time: Date.now(), method, ...decodeBeacon(params) };
    beacons.push(beacon);
    if (beacons.length > MAX_BEACONS) beacons.splice(0, beacons.length - MAX_BEACONS);
    log?.(
      `beacon ${beacon.event ?? '?'}${beacon.ed?.event_id ? ` event_id=${beacon.ed.event_id}` : ''}${beacon.pd?.em ? ` em=${String(beacon.pd.em).slice(0, 12)}…` : ''}`,
    );
  };

  const handle = async (req, res) => {
    let url;
    let pathname;
    try {
      url = new URL(req.url, 'http://localhost');
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
    }
    if (pathname.includes('\0')) return send(res, 400, 'text/plain; charset=utf-8', 'Bad request\n');
    const method = req.method;

    if (pathname === '/v3' || pathname.startsWith('/v3/')) {
      if (method === 'POST') {
        // Over 2048 characters the tag posts a form to the same URL instead of loading an image (SPEC §3).
        const chunks = [];
        let size = 0;
        for await (const chunk of req) {
          size += chunk.length;
          if (size > MAX_BODY) return send(res, 413, 'text/plain; charset=utf-8', 'Too large\n');
          chunks.push(chunk);
        }
        const params = new URLSearchParams(url.search);
        for (const [key, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params.set(key, value);
        record(params, 'POST');
        return send(res, 200, 'text/html; charset=utf-8', '<!doctype html><title>ok</title>');
      }
      if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { allow: 'GET, HEAD, POST' });
      record(url.searchParams, method);
      return send(res, 200, 'image/gif', method === 'HEAD' ? undefined : GIF);
    }
    // What the SDK's relay posts (sendBeacon: a text/plain body holding the TrackedEvent's JSON). A storefront's
    // own server sends each one to the Conversions API; this demo keeps them for /__relayed.
    if (pathname === '/pinterest-relay') {
      if (method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { allow: 'POST' });
      const body = await readBody(req, MAX_JSON_BODY);
      if (body === undefined) return send(res, 413, 'text/plain; charset=utf-8', 'Too large\n');
      const event = parseJson(body);
      if (!event || typeof event !== 'object' || Array.isArray(event)) return send(res, 400, 'text/plain; charset=utf-8', 'Expected a JSON object\n');
      relayed.push({ ...event, receivedAt: Date.now() });
      if (relayed.length > MAX_BEACONS) relayed.splice(0, relayed.length - MAX_BEACONS);
      log?.(`relayed ${event.event ?? '?'} ${event.eventId ?? ''}`);
      return send(res, 204, 'text/plain; charset=utf-8');
    }
    if (pathname === '/__relayed') {
      if (method === 'DELETE') {
        relayed.length = 0;
        return send(res, 204, 'text/plain; charset=utf-8');
      }
      return sendJson(res, 200, relayed);
    }
    // The thank-you page posts its order here, for a server that sends the order's Conversions API checkout
    // (examples/server-dedup/ does). This one has nothing to send it to.
    if (pathname === '/api/checkout') {
      if (method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { allow: 'POST' });
      const order = parseJson(await readBody(req, MAX_JSON_BODY));
      log?.(`order ${order?.orderId ?? '?'} posted${order?.eventId ? ` event_id=${order.eventId}` : ''}`);
      return send(res, 204, 'text/plain; charset=utf-8');
    }
    if (pathname === '/__beacons') {
      if (method === 'DELETE') {
        beacons.length = 0;
        return send(res, 204, 'text/plain; charset=utf-8');
      }
      const since = Number(url.searchParams.get('since')) || 0;
      return sendJson(
        res,
        200,
        beacons.filter((b) => b.time >= since),
      );
    }

    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { allow: 'GET, HEAD' });
    if (pathname === '/spa') return send(res, 301, 'text/plain; charset=utf-8', '', { location: `/spa/${url.search}` });
    const file = await findFile(pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${pathname}\n`);
    const { size } = await stat(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size, ...SECURITY_HEADERS });
    if (method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      log?.(`error serving ${req.url}: ${error}`);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Server error\n');
      else res.destroy();
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', done);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const close = () =>
    new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
  return { url, close, beacons, relayed };
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(await realpath(process.argv[1]).catch(() => process.argv[1])).href;

if (runDirectly) {
  const port = Number(process.env.PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, not "${process.env.PORT}"`);
    process.exit(1);
  }
  const demo = await startDemoServer({ port, log: (line) => console.log(`  ${line}`) });
  const missing = async (path, hint) => {
    if (!(await inside(REPO, join(REPO, path)))) console.warn(`  (no ${path}: ${hint})`);
  };
  await missing('dist/pinterest-tag.min.js', 'run `npm run build` first');
  await missing('stand-ins/pinterest-tag/core.js', 'core.js will 404; the SDK still reports every event, with no beacons');
  console.log(`\nDemo storefront: ${demo.url} (theme) and ${demo.url}spa/ (SPA)`);
  console.log(`Beacons received: ${demo.url}__beacons, events relayed: ${demo.url}__relayed\nCtrl+C to stop.\n`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
