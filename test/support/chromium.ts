// Real Chromium against a local server, with Pinterest's hosts answered by the stand-in in
// stand-ins/pinterest-tag/: what a storefront page would send to Pinterest, decoded, and nothing leaving the machine.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page, type Route } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type DecodedBeacon, decodeBeacon } from '../../stand-ins/pinterest-tag/decode';

/** The Tag ID the fixture pages use. */
export const TAG_ID = '2612345678901';

export const CORE_URL = 'https://s.pinimg.com/ct/core.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAND_IN = join(ROOT, 'stand-ins/pinterest-tag');

/** The flags verified with Debian's Chromium (TOOLCHAIN.md §3). Never `--user-data-dir`: launch() makes a temporary profile. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `CHROME_PATH`, else Debian's `/usr/bin/chromium`; throws with the install command when neither exists. */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (existsSync(path)) return path;
  throw new Error(
    `Chromium not found at ${path}. The browser tests need it: install Debian's package with ` +
      '`apt-get install chromium` (as root), or set CHROME_PATH to a Chromium or Chrome binary.',
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

// --- the local server ----------------------------------------------------------------------------------------

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.css': 'text/css',
  '.gif': 'image/gif',
};

/** URL prefix -> folder of the repository. */
const MOUNTS: Array<[string, string]> = [
  ['/dist/', 'dist'],
  ['/fixtures/', 'test/browser/fixtures'],
  ['/examples/', 'examples'],
  ['/node_modules/js-cookie/', 'node_modules/js-cookie'],
  ['/node_modules/uuid/', 'node_modules/uuid'],
];

/** A transparent 1×1 GIF, the body of every `/v3/` reply. */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export interface Served {
  body: string | Buffer;
  type?: string;
  status?: number;
  headers?: Record<string, string>;
}

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Answers `path` (exact, without the query) with `response` instead of a file. */
  define(path: string, response: Served): void;
  /** Adds headers to the reply for `path` (a file or a defined page), e.g. a Content-Security-Policy. */
  headers(path: string, headers: Record<string, string>): void;
  /** Requests to the server's own `/v3/` (the stand-in served from this origin sends its beacons here). */
  beacons: DecodedBeacon[];
  close(): Promise<void>;
}

/**
 * Serves the repository's `dist/`, the fixtures, `examples/`, js-cookie and uuid, and the stand-in tag at
 * `/ct/core.js` and `/ct/lib/*` (so a page can load it from this origin, as a local demo would), on 127.0.0.1
 * and a free port. Files are read on each request, with `Cache-Control: no-store`. POST is answered like GET.
 */
export async function startServer(): Promise<LocalServer> {
  const defined = new Map<string, Served>();
  const extraHeaders = new Map<string, Record<string, string>>();
  const beacons: DecodedBeacon[] = [];

  const fileFor = (path: string): string | undefined => {
    if (path === '/ct/core.js') return join(STAND_IN, 'core.js');
    if (/^\/ct\/lib\/[\w.-]+\.js$/.test(path)) return join(STAND_IN, 'lib.js');
    for (const [prefix, folder] of MOUNTS) {
      if (!path.startsWith(prefix)) continue;
      const base = join(ROOT, folder);
      const file = normalize(join(base, decodeURIComponent(path.slice(prefix.length))));
      if (file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile()) return file;
    }
    return undefined;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    let body = '';
    for await (const chunk of request) body += chunk;
    const send = (served: Served): void => {
      response.writeHead(served.status ?? 200, {
        'Content-Type': served.type ?? 'text/plain',
        'Cache-Control': 'no-store',
        ...served.headers,
        ...extraHeaders.get(url.pathname),
      });
      response.end(served.body);
    };
    if (url.pathname === '/v3/') {
      beacons.push(request.method === 'POST' ? decodeBeacon(url.href, body) : decodeBeacon(url.href));
      return send(request.method === 'POST' ? { body: '', type: 'text/html' } : { body: PIXEL, type: 'image/gif' });
    }
    const page = defined.get(url.pathname);
    if (page) return send({ type: TYPES['.html'], ...page });
    const file = fileFor(url.pathname);
    if (!file) return send({ status: 404, body: 'Not found' });
    send({ body: readFileSync(file), type: TYPES[extname(file)] ?? 'application/octet-stream' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    define: (path, response) => void defined.set(path, response),
    headers: (path, headers) => void extraHeaders.set(path, headers),
    beacons,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- one browser context per test ----------------------------------------------------------------------------

/** How `https://s.pinimg.com/ct/core.js` answers: the stand-in, an ad blocker, a 404, or the stand-in after a delay. */
export type CoreMode = 'ok' | 'blocked' | 'missing' | { delayMs: number };

export interface SessionOptions {
  core?: CoreMode;
}

export interface Beacon extends DecodedBeacon {
  /** When the request reached the route (ms since epoch). */
  receivedAt: number;
}

export interface ConsoleEntry {
  type: string;
  text: string;
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to Pinterest's `/v3/`, decoded, in the order they were made. */
  beacons: Beacon[];
  /** Requests for `core.js`, answered or not. */
  coreRequests: string[];
  /** Requests for the library `core.js` injects (`/ct/lib/main.<hash>.js`). */
  libRequests: string[];
  /** Other requests to Pinterest's hosts (none expected from the stand-in). */
  otherPinterestRequests: string[];
  /** Requests to anywhere else off this machine, all aborted. */
  blocked: string[];
  console: ConsoleEntry[];
  pageErrors: Error[];
  /** Opens `path` on the local server. */
  goto(path: string): Promise<void>;
  /**
   * Waits until at least `count` beacons arrived and then no new one for `quietMs`, and returns them all, so a test
   * can assert an exact count. Throws after `timeoutMs` with what did arrive.
   */
  waitForBeacons(count: number, options?: { quietMs?: number; timeoutMs?: number }): Promise<Beacon[]>;
  /** Waits `ms` and returns the beacons: for asserting that nothing more is sent. */
  settle(ms?: number): Promise<Beacon[]>;
  /** Every "Pinterest Tag Error"/"Pinterest Tag Warning" console message and every page error, as text. */
  problems(): string[];
  /** Throws when `problems()` is not empty. */
  assertNoTagProblems(): void;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function openSession(browser: Browser, server: LocalServer, options: SessionOptions = {}): Promise<Session> {
  const core = options.core ?? 'ok';
  const context = await browser.newContext();
  const beacons: Beacon[] = [];
  const coreRequests: string[] = [];
  const libRequests: string[] = [];
  const otherPinterestRequests: string[] = [];
  const blocked: string[] = [];
  const messages: ConsoleEntry[] = [];
  const pageErrors: Error[] = [];
  const standIn = (name: string) => readFileSync(join(STAND_IN, name), 'utf8');

  await context.route('**/*', async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (LOOPBACK.has(url.hostname)) return route.continue();
    if (url.href === CORE_URL) {
      coreRequests.push(url.href);
      if (core === 'blocked') return route.abort('blockedbyclient');
      if (core === 'missing') return route.fulfill({ status: 404, contentType: 'text/html', body: 'Not found' });
      if (typeof core === 'object') await sleep(core.delayMs);
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: standIn('core.js') });
    }
    if (url.hostname === 's.pinimg.com' && url.pathname.startsWith('/ct/lib/')) {
      libRequests.push(url.href);
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: standIn('lib.js') });
    }
    if (url.hostname === 'ct.pinterest.com' && url.pathname === '/v3/') {
      const post = request.method() === 'POST';
      beacons.push({ ...decodeBeacon(url.href, post ? (request.postData() ?? '') : undefined), receivedAt: Date.now() });
      return post ? route.fulfill({ status: 200, contentType: 'text/html', body: '' }) : route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL });
    }
    if (/(^|\.)(pinterest\.com|pinimg\.com)$/.test(url.hostname)) {
      otherPinterestRequests.push(url.href);
      return route.fulfill({ status: 404, body: '' });
    }
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });

  const page = await context.newPage();
  page.on('console', (message) => messages.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => pageErrors.push(error));

  const problems = (): string[] => [
    ...messages.filter((m) => /Pinterest Tag (Error|Warning)/.test(m.text)).map((m) => `console.${m.type}: ${m.text}`),
    ...pageErrors.map((e) => `page error: ${e.stack ?? e.message}`),
  ];

  return {
    context,
    page,
    beacons,
    coreRequests,
    libRequests,
    otherPinterestRequests,
    blocked,
    console: messages,
    pageErrors,
    async goto(path) {
      await page.goto(server.origin + path, { waitUntil: 'load' });
    },
    async waitForBeacons(count, { quietMs = 400, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      let seen = -1;
      let since = Date.now();
      for (;;) {
        if (beacons.length !== seen) {
          seen = beacons.length;
          since = Date.now();
        }
        if (seen >= count && Date.now() - since >= quietMs) return beacons.slice();
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} Pinterest request(s), got ${seen}: ${JSON.stringify(beacons.map((b) => b.event))}`);
        }
        await sleep(25);
      }
    },
    async settle(ms = 600) {
      await sleep(ms);
      return beacons.slice();
    },
    problems,
    assertNoTagProblems() {
      const found = problems();
      if (found.length) throw new Error(`Pinterest Tag problems on the page:\n${found.join('\n')}`);
    },
    close: () => context.close(),
  };
}

// --- vitest wiring -------------------------------------------------------------------------------------------

export interface Chromium {
  readonly browser: Browser;
  readonly server: LocalServer;
  /** A fresh browser context (no cookies, no storage) with Pinterest's hosts routed; closed after the test. */
  open(options?: SessionOptions): Promise<Session>;
}

/** One Chromium and one local server for the test file; one context per `open()`, closed after each test. */
export function useChromium(): Chromium {
  let browser: Browser | undefined;
  let server: LocalServer | undefined;
  const sessions: Session[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      return browser!;
    },
    get server() {
      return server!;
    },
    async open(options) {
      const session = await openSession(browser!, server!, options);
      sessions.push(session);
      return session;
    },
  };
}
