// The README's example server, as written: the first code block of its "Server-side events and deduplication"
// section, run from the built dist/server.mjs (its import rewritten to that file), with Pinterest's address pointed
// at the fake by a preloaded fetch. It must keep answering through a 401 from the Conversions API, bodies that are
// not JSON and unknown paths, and exit within its shutdown deadline when the API hangs.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCapi, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';
import { tracked, UA, until } from '../support/http';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/server.mjs', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/', import.meta.url));
const ORIGIN = 'https://shop.example.com';
const SECRET = 'shpss_readme_secret_0123456789';

/** The README's server: the first ```js block of the section, with its package import pointed at dist/. */
function readmeServer(): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## Server-side events and deduplication'));
  const block = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block?.includes('createServer')) throw new Error('the README has no server block under "Server-side events and deduplication"');
  return block.replace("'storefront-pinterest-tag/server'", JSON.stringify(pathToFileURL(DIST).href));
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let child: ChildProcess | undefined;
let fake: FakeCapi | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await fake?.close();
  child = undefined;
  fake = undefined;
});

/** Starts the README's server against `fake` with `token`; resolves with its URL and a view of its output. */
async function start(token: string): Promise<{ url: string; output: () => string; exited: Promise<number | null> }> {
  if (!existsSync(DIST)) throw new Error('dist/server.mjs is missing: run `npm run build` first');
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = `${ARTIFACTS}readme-server.mjs`;
  const preload = `${ARTIFACTS}readme-preload.mjs`;
  writeFileSync(server, readmeServer());
  // Pinterest's address, and only it, goes to the fake; nothing leaves the machine.
  writeFileSync(
    preload,
    "const real = globalThis.fetch;\nglobalThis.fetch = (url, init) => real(String(url).replace('https://api.pinterest.com', process.env.FAKE_CAPI), init);\n",
  );
  const port = await freePort();
  let output = '';
  child = spawn(process.execPath, ['--import', pathToFileURL(preload).href, server], {
    env: { ...process.env, PORT: String(port), FAKE_CAPI: fake?.url, AD_ACCOUNT_ID: '549755885175', CAPI_TOKEN: token, SHOPIFY_CLIENT_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await until(
    async () =>
      (await fetch(url)
        .then((response) => response.status)
        .catch(() => 0)) === 404,
    10_000,
    `the README server to listen: ${output}`,
  );
  return { url, output: () => output, exited };
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, 'User-Agent': UA, ...headers } });

describe('the README’s example server, as written', () => {
  it('keeps answering through a 401 from the Conversions API, bodies that are not JSON, forged webhooks and unknown paths', async () => {
    fake = await startFakeCapi({ token: 'the-real-token' });
    const { url, output } = await start('a-revoked-token');
    expect((await post(`${url}/pinterest-relay`, JSON.stringify(tracked()))).status).toBe(202);
    // The batch goes out within a second, and Pinterest says 401.
    await until(() => fake?.requests.some((request) => request.outcome === 401) ?? false, 5000, 'the 401');
    expect((await post(`${url}/pinterest-relay`, '{not json')).status).toBe(400);
    expect((await post(`${url}/pinterest-relay`, JSON.stringify(tracked()), { Origin: 'https://evil.example' })).status).toBe(403);
    const notJson = '{"id": 1001,';
    const signed = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Hmac-Sha256': createHmac('sha256', SECRET).update(notJson).digest('base64'),
    };
    expect((await fetch(`${url}/webhooks/orders`, { method: 'POST', body: notJson, headers: signed })).status).toBe(400);
    expect((await fetch(`${url}/webhooks/orders`, { method: 'POST', body: notJson, headers: { ...signed, 'X-Shopify-Hmac-Sha256': 'forged' } })).status).toBe(
      401,
    );
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/pinterest-relay/../../etc/passwd`, { method: 'POST', body: '{}' })).status).toBe(404);
    const stats = (await (await fetch(`${url}/pinterest-stats`)).json()) as {
      relay: { requests: Record<string, number>; queue: { failures: Record<string, number> } };
    };
    expect(stats.relay.requests).toMatchObject({ accepted: 1, invalid: 1, forbidden: 1 });
    expect(stats.relay.queue.failures).toStrictEqual({ unauthorized: 1 });
    // Still up, and it said why, without the token.
    expect((await post(`${url}/pinterest-relay`, JSON.stringify(tracked()))).status).toBe(202);
    expect(output()).toContain('HTTP 401, Pinterest code 2: Authentication failed.');
    expect(output()).not.toContain('a-revoked-token');
  }, 30_000);

  it('exits within its 8-second deadline on SIGTERM while the API hangs, saying what it could not send', async () => {
    fake = await startFakeCapi({ token: 'the-real-token', faults: { rate: 1, kinds: ['hold'] } });
    const { url, output, exited } = await start('the-real-token');
    expect((await post(`${url}/pinterest-relay`, JSON.stringify(tracked()))).status).toBe(202);
    const started = performance.now();
    child?.kill('SIGTERM');
    // From the moment the server handles the signal the relay takes nothing it could lose. A beacon that arrives
    // before that moment (the signal is handled on the server's next turn, a request may come first) is taken, and
    // counted as not sent; the first one after it is refused, or finds the server closed.
    let accepted = 1;
    let late: Response | undefined;
    for (let tries = 0; tries < 50; tries++) {
      late = await post(`${url}/pinterest-relay`, JSON.stringify(tracked())).catch(() => undefined);
      if (late?.status !== 202) break;
      accepted++;
    }
    if (late) expect(late.status).toBe(503);
    expect(await exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(output()).toContain(`${accepted} Conversions API events not sent`);
    fake.release();
  }, 30_000);
});
