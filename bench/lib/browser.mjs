// Chromium for the bench, wired as test/support/chromium.ts wires it for the tests: pages come from a local
// node:http server on 127.0.0.1, Pinterest's hosts are answered by the local stand-in (stand-ins/pinterest-tag/)
// or aborted, and every other request off this machine is aborted and counted. Nothing leaves 127.0.0.1.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAND_IN = `${ROOT}stand-ins/pinterest-tag/`;

export const TAG_ID = '2612345678901';
export const CORE_URL = 'https://s.pinimg.com/ct/core.js';

/** The flags the test suite uses with Debian's Chromium (shared/TOOLCHAIN.md §3). */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A transparent 1×1 GIF, the answer to every beacon. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * Cross-origin isolation, so that `performance.now()` has its fine resolution (5 µs instead of 100 µs) and
 * sub-millisecond main-thread figures mean something. Answers from Pinterest's hosts carry CORP to load under it.
 */
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const CORP = { 'Cross-Origin-Resource-Policy': 'cross-origin' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An inline `<script>` body: `</script` inside the code would end the element early. */
export const inline = (code) => code.replace(/<\/script/gi, '<\\/script');

export async function startBrowser() {
  const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: apt-get install chromium, or set CHROME_PATH`);
  const pages = new Map();
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://127.0.0.1').pathname;
    const html = pages.get(path);
    const headers = { 'Cache-Control': 'no-store', ...ISOLATED };
    if (html !== undefined) return response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    // The SDK's built files, for a page that loads one by <script src> (the second stage, the side files).
    if (/^\/dist\/pinterest-tag[\w-]*\.min\.js$/.test(path)) {
      return response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(readFileSync(`${ROOT}${path.slice(1)}`));
    }
    if (path === '/favicon.ico') return response.writeHead(204, headers).end();
    response.writeHead(404, headers).end('Not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  /** Requests to anywhere but 127.0.0.1 and the Pinterest hosts the stand-in answers: aborted, counted. */
  const aborted = [];
  /** Answered locally in place of Pinterest's hosts. */
  let standIn = 0;

  /**
   * A fresh context and page. `core` says how https://s.pinimg.com/ct/core.js answers: the stand-in, `blocked`
   * (as an ad blocker), `hang` (never), or `empty` (a script that does nothing, leaving `pintrk` to the page).
   */
  async function open({ core = 'stand-in', cpuThrottle = 1 } = {}) {
    const context = await browser.newContext();
    const held = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (LOOPBACK.has(url.hostname)) return route.continue();
      const fulfill = (body, contentType) => {
        standIn++;
        return route.fulfill({ status: 200, contentType, body, headers: CORP });
      };
      if (url.href === CORE_URL) {
        if (core === 'blocked') return route.abort('blockedbyclient');
        if (core === 'hang') return void held.push(route);
        return fulfill(core === 'empty' ? '/* stand-in: nothing */' : readFileSync(`${STAND_IN}core.js`, 'utf8'), 'text/javascript');
      }
      if (url.hostname === 's.pinimg.com' && url.pathname.startsWith('/ct/lib/')) return fulfill(readFileSync(`${STAND_IN}lib.js`, 'utf8'), 'text/javascript');
      if (url.hostname === 'ct.pinterest.com') return fulfill(PIXEL, 'image/gif');
      aborted.push(url.href);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (cpuThrottle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    return {
      page,
      cdp,
      errors,
      /** Serves `html` at a fresh path and opens it; with core.js hanging there is no `load` event to wait for. */
      async load(html) {
        const path = `/p${pages.size}.html`;
        pages.set(path, html);
        await page.goto(origin + path, { waitUntil: core === 'hang' ? 'domcontentloaded' : 'load' });
        pages.delete(path);
      },
      /** Used JS heap after two full garbage collections, in bytes. */
      async heapUsed() {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize;
      },
      async close() {
        await Promise.all(held.splice(0).map((route) => route.abort('timedout').catch(() => {})));
        await context.close();
      },
    };
  }

  return {
    origin,
    version: browser.version(),
    open,
    /** What left (or tried to leave) this machine: always nothing, or the bench says so. */
    traffic: () => ({ abortedOffMachine: aborted.length, abortedUrls: [...new Set(aborted)].slice(0, 10), answeredByStandIn: standIn }),
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
