import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENTS } from '../../src/common/catalog';
import { hashMatchValue } from '../../src/common/match-keys';
import type { TrackedEvent } from '../../src/common/types';
import type { RelayHandler, RelayOptions, RelayRequest } from '../../src/server';
import { checkoutEventId, createConversionsClient, createRelayHandler, requestContext } from '../../src/server';
import { type FakeCapi, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';

const SHOP = 'https://shop.example';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0';
const EM = hashMatchValue('em', 'jane@example.com');

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
  vi.restoreAllMocks();
});

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server: Server = createServer(handler);
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A fake Conversions API, a client for it, and the relay on a real node:http server at `${url}/pinterest-relay`. */
async function setup(options: Partial<RelayOptions> = {}, fakeOptions = {}) {
  const fake: FakeCapi = await startFakeCapi(fakeOptions);
  closers.push(() => fake.close());
  const client = createConversionsClient({ adAccountId: '549755885175', accessToken: 'test-token', endpoint: fake.url, backoffMs: 1 });
  const relay = createRelayHandler(client, { allowedOrigins: [SHOP], ...options });
  // Every send finishes before its fake closes.
  closers.push(() => relay.flush().then(() => undefined));
  const url = await listen((req, res) => {
    if (req.url === '/pinterest-relay') void relay(req, res);
    else res.writeHead(404).end();
  });
  return { fake, relay, url: `${url}/pinterest-relay` };
}

let counter = 0;
function tracked(extra: Partial<TrackedEvent> = {}): TrackedEvent {
  const eventId = `evt-${++counter}`;
  return {
    event: 'addtocart',
    apiEvent: 'add_to_cart',
    eventId,
    data: { value: 19, currency: 'USD', line_items: [{ product_id: 'SKU-1', product_price: 9.5, product_quantity: 2 }], order_quantity: 2, event_id: eventId },
    time: Date.now(),
    url: `${SHOP}/products/1`,
    ...extra,
  };
}

/** A beacon as the browser sends it: JSON as text/plain from the storefront's origin. */
function beacon(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: SHOP, 'User-Agent': UA, ...headers },
  });
}

describe('createRelayHandler on node:http', () => {
  it('answers 202 and sends the event’s twin with the shopper’s IP address, user agent and _epik cookie', async () => {
    const { fake, relay, url } = await setup();
    const event = tracked({ match: { em: EM } });
    const response = await beacon(url, event, { Cookie: 'theme=dark; _epik=dj0yJnU9b2JDcFFH' });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    await relay.flush();
    expect(fake.events).toStrictEqual([
      {
        event_name: 'add_to_cart',
        action_source: 'web',
        event_time: Math.floor(event.time / 1000),
        event_id: event.eventId,
        event_source_url: `${SHOP}/products/1`,
        user_data: { em: [EM], client_ip_address: '127.0.0.1', client_user_agent: UA, click_id: 'dj0yJnU9b2JDcFFH' },
        custom_data: { value: '19', currency: 'USD', num_items: 2, content_ids: ['SKU-1'], contents: [{ id: 'SKU-1', item_price: '9.5', quantity: 2 }] },
      },
    ]);
  });

  it('rejects an oversized body with 413, by Content-Length or while streaming, and sends nothing', async () => {
    const { fake, relay, url } = await setup({ maxBodyBytes: 1024 });
    const big = tracked({ url: `${SHOP}/?q=${'x'.repeat(2000)}` });
    expect((await beacon(url, big)).status).toBe(413);
    // Chunked, so no Content-Length: the limit applies while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: SHOP, 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(400));
      req.end();
    });
    expect(status).toBe(413);
    await relay.flush();
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects a foreign origin with 403, and takes the Referer when there is no Origin', async () => {
    const { fake, relay, url } = await setup();
    expect((await beacon(url, tracked(), { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await beacon(url, tracked(), { Origin: 'null' })).status).toBe(403);
    expect((await beacon(url, tracked(), { Origin: '', Referer: 'https://evil.example/shop.example' })).status).toBe(403);
    expect((await beacon(url, tracked(), { Origin: '' })).status).toBe(403);
    expect((await beacon(url, tracked({ match: { em: EM } }), { Origin: '', Referer: `${SHOP}/cart` })).status).toBe(202);
    await relay.flush();
    expect(fake.events).toHaveLength(1);
  });

  it('rejects a flood from one IP address with 429 and Retry-After, while another address gets through', async () => {
    const { fake, relay, url } = await setup({ rateLimit: { perMinute: 60, burst: 5 }, trustProxy: true });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await beacon(url, tracked(), { 'X-Forwarded-For': '198.51.100.1' })).status);
    expect(statuses).toStrictEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    const limited = await beacon(url, tracked(), { 'X-Forwarded-For': '198.51.100.1' });
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await beacon(url, tracked(), { 'X-Forwarded-For': '198.51.100.2' })).status).toBe(202);
    await relay.flush();
    expect(fake.events).toHaveLength(6);
  });

  it('limits 60 requests a minute per address by default', async () => {
    let now = 1_800_000_000_000;
    const { url } = await setup({ now: () => now });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await beacon(url, tracked({ time: now }))).status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(60);
    expect(statuses.at(-1)).toBe(429);
    now += 1000;
    expect((await beacon(url, tracked({ time: now }))).status).toBe(202);
  });

  it('rejects an invalid event with 400 and the reasons; nothing is sent', async () => {
    const { fake, relay, url } = await setup();
    const cases: [unknown, string[]][] = [
      ['{not json', ['the body must be a JSON TrackedEvent']],
      [
        { ...tracked(), event: 'purchase' },
        [
          `event must be a Pinterest tag event name: ${Object.values(EVENTS)
            .map((row) => row.tag)
            .join(', ')}`,
        ],
      ],
      [tracked({ match: { em: 'jane@example.com' } }), ['match.em must be a SHA-256 hex string']],
      [tracked({ time: Date.now() - 8 * 864e5 }), ['time is more than 7 days ago: the Conversions API refuses such events']],
      [{ ...tracked(), data: { ...tracked().data, promo_code: 5 } }, ['data.event_id must equal eventId']],
      [{ action: 'checkout', data: { orderId: '1' } }, ['the body must be a TrackedEvent']],
      [[tracked()], ['the event must be an object: a TrackedEvent or { action, data }']],
    ];
    for (const [body, errors] of cases) {
      const response = await beacon(url, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toStrictEqual({ errors });
    }
    // Without a user agent and with no email, Pinterest would refuse the event (SPEC §7.2).
    const noAgent = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(tracked()),
      headers: { 'Content-Type': 'text/plain', Origin: SHOP, 'User-Agent': '' },
    });
    expect(noAgent.status).toBe(400);
    await relay.flush();
    expect(fake.requests).toHaveLength(0);
  });

  it('drops a repeated event ID within the window (204), and takes it again after', async () => {
    let now = 1_800_000_000_000;
    const { fake, relay, url } = await setup({ dedupWindowMs: 60_000, now: () => now });
    const event = tracked({ time: now });
    expect((await beacon(url, event)).status).toBe(202);
    expect((await beacon(url, event)).status).toBe(204);
    expect((await beacon(url, { ...event, time: now + 5 })).status).toBe(204);
    now += 61_000;
    expect((await beacon(url, event)).status).toBe(202);
    await relay.flush();
    // The fake keeps its own clock: both copies are fresh. Batched by default: one request.
    expect(fake.arrivals(event.eventId)).toBe(2);
    expect(fake.requests).toHaveLength(1);
  });

  it('answers only POST (405), preflights for allowed origins, and wants text/plain or JSON (415)', async () => {
    const { url } = await setup();
    const get = await fetch(url, { headers: { Origin: SHOP } });
    expect([get.status, get.headers.get('allow')]).toStrictEqual([405, 'POST, OPTIONS']);
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST' } });
    expect([preflight.status, preflight.headers.get('access-control-allow-origin'), preflight.headers.get('access-control-allow-methods')]).toStrictEqual([
      204,
      SHOP,
      'POST',
    ]);
    expect((await fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await beacon(url, tracked(), { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await beacon(url, tracked({ match: { em: EM } }), { 'Content-Type': 'application/json' })).status).toBe(202);
  });

  it('answers 204 for events the server sends itself (ignore) and does not send them', async () => {
    const { fake, relay, url } = await setup({ ignore: ['checkout'] });
    const orderId = '1001';
    const eventId = checkoutEventId(orderId);
    const checkout = tracked({ event: 'checkout', apiEvent: 'checkout', eventId, data: { order_id: orderId, value: 5, currency: 'USD', event_id: eventId } });
    expect((await beacon(url, checkout)).status).toBe(204);
    expect((await beacon(url, tracked())).status).toBe(202);
    await relay.flush();
    expect(fake.events.map((event) => event.event_name)).toStrictEqual(['add_to_cart']);
  });

  it('reads the client address from X-Forwarded-For only with trustProxy: the one the trusted proxies saw, never the client’s own', async () => {
    // The client wrote 203.0.113.9 itself; the one proxy in front (trustProxy: 1) added 10.0.0.2, the address it saw.
    const forwarded = { 'X-Forwarded-For': '203.0.113.9, 10.0.0.2' };
    const ips: unknown[] = [];
    for (const trustProxy of [false, true, 1, 2] as const) {
      const { fake, relay, url } = await setup({ trustProxy });
      await beacon(url, tracked(), forwarded);
      await relay.flush();
      ips.push((fake.events[0]?.user_data as Record<string, unknown> | undefined)?.client_ip_address);
    }
    // Two proxies: the address the outer one saw.
    expect(ips).toStrictEqual(['127.0.0.1', '10.0.0.2', '10.0.0.2', '203.0.113.9']);
  });

  it('collects events into batches when asked', async () => {
    const { fake, relay, url } = await setup({ batch: { maxEvents: 3, maxDelayMs: 50 } });
    for (let i = 0; i < 5; i++) expect((await beacon(url, tracked())).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fake.requests.map((r) => r.events)).toStrictEqual([3, 2]);
    await relay.flush();
    expect(fake.events).toHaveLength(5);
  });

  it('reports a failed send once, without personal data, and keeps answering', async () => {
    const warnings: unknown[][] = [];
    vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args));
    const other: unknown[][] = [];
    for (const method of ['log', 'info', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void other.push(args));
    const { relay, url } = await setup({}, { token: 'not-the-clients-token' });
    const event = tracked({ match: { em: EM }, clickId: 'dj0yJnU9b2JDcFFH' });
    expect((await beacon(url, event)).status).toBe(202);
    await relay.flush();
    expect(warnings).toStrictEqual([
      ['[pinterest-relay] Pinterest Conversions API request failed: HTTP 401, Pinterest code 2: Authentication failed. (not retried)'],
    ]);
    expect(other).toStrictEqual([]);
  });
});

describe('createRelayHandler, Express-style', () => {
  /** What express.json() / express.text() leave on the request before the route runs. */
  async function expressLike(relay: RelayHandler, parse: 'json' | 'text' | 'json-parser-skipped') {
    return listen(async (req, res) => {
      const withBody = req as RelayRequest;
      if (parse === 'json-parser-skipped')
        withBody.body = {}; // body-parser 1.x: {} for a type it does not parse, stream unread
      else {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const text = Buffer.concat(chunks).toString();
        withBody.body = parse === 'json' ? JSON.parse(text) : text;
      }
      await relay(withBody, res);
    });
  }

  it.each(['json', 'text', 'json-parser-skipped'] as const)('takes a body already read by a %s body parser', async (parse) => {
    const { fake, relay } = await setup();
    const url = await expressLike(relay, parse);
    const event = tracked();
    const response = await beacon(url, event, { 'Content-Type': parse === 'json' ? 'application/json' : 'text/plain' });
    expect(response.status).toBe(202);
    await relay.flush();
    expect(fake.events.map((e) => e.event_id)).toStrictEqual([event.eventId]);
  });

  it('works with a plain request object holding a parsed body, and applies the size cap to it', async () => {
    const { fake, relay } = await setup({ maxBodyBytes: 2048 });
    const call = async (body: unknown) => {
      const res = {
        statusCode: 0,
        headers: {} as Record<string, string>,
        headersSent: false,
        setHeader(name: string, value: string) {
          this.headers[name.toLowerCase()] = value;
        },
        end() {
          this.headersSent = true;
        },
      };
      const req = {
        method: 'POST',
        headers: { origin: SHOP, 'content-type': 'application/json', 'user-agent': UA },
        socket: { remoteAddress: '::ffff:192.0.2.44' },
        body,
      };
      await relay(req as unknown as RelayRequest, res as unknown as ServerResponse);
      return res.statusCode;
    };
    expect(await call(tracked())).toBe(202);
    expect(await call(tracked({ url: `${SHOP}/?q=${'x'.repeat(3000)}` }))).toBe(413);
    expect(await call(Buffer.from(JSON.stringify(tracked())))).toBe(202);
    await relay.flush();
    expect(fake.events.map((event) => (event.user_data as Record<string, unknown>).client_ip_address)).toStrictEqual(['192.0.2.44', '192.0.2.44']);
  });
});

describe('requestContext', () => {
  const req = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
    ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

  it('reads the address, user agent and _epik cookie as the relay does', () => {
    expect(requestContext(req('::ffff:203.0.113.7', { 'user-agent': UA, cookie: 'a=1; _epik=dj0y%3D' }))).toStrictEqual({
      clientIp: '203.0.113.7',
      userAgent: UA,
      clickId: 'dj0y=',
    });
    expect(requestContext(req('2001:db8::1'))).toStrictEqual({ clientIp: '2001:db8::1' });
    expect(requestContext(req(undefined, { cookie: '_epik=%E0%A4%A' }))).toStrictEqual({});
  });

  it('takes X-Forwarded-For only with trustProxy, counting hops from the right, without ports, and only a real address', () => {
    const behind = (xff: string, trustProxy: boolean | number) => requestContext(req('10.0.0.1', { 'x-forwarded-for': xff }), { trustProxy }).clientIp;
    expect(behind('203.0.113.9', false)).toBe('10.0.0.1');
    expect(behind('198.51.100.66, 203.0.113.9:4711', true)).toBe('203.0.113.9');
    expect(behind('198.51.100.66, [2001:db8::9]:443', 1)).toBe('2001:db8::9');
    expect(behind('198.51.100.66, 203.0.113.9, 10.0.0.5', 2)).toBe('203.0.113.9');
    // Fewer hops than proxies: the leftmost address they wrote.
    expect(behind('203.0.113.9', 5)).toBe('203.0.113.9');
    // Whatever the client put first is never taken.
    expect(behind('1.2.3.4, 5.6.7.8, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(behind('not-an-ip', true)).toBeUndefined();
    expect(() => requestContext(req('10.0.0.1'), { trustProxy: -1 })).toThrow(TypeError);
  });
});

describe('createRelayHandler: options', () => {
  it('throws at setup for a missing client, no allowed origins, or an origin that is not one', () => {
    const client = createConversionsClient({ adAccountId: '1', accessToken: 't' });
    expect(() => createRelayHandler(client, {} as RelayOptions)).toThrow(new TypeError("allowedOrigins must list your storefront's origins"));
    expect(() => createRelayHandler(client, { allowedOrigins: ['shop.example'] })).toThrow(
      new TypeError('allowedOrigins: "shop.example" is not an origin such as https://shop.example'),
    );
    expect(() => createRelayHandler({} as typeof client, { allowedOrigins: [SHOP] })).toThrow(
      new TypeError('createRelayHandler needs a client from createConversionsClient or a queue from createMemoryQueue / createRedisQueue'),
    );
    expect(() => createRelayHandler(client, { allowedOrigins: [SHOP], rateLimit: { perMinute: 0 } })).toThrow(
      new TypeError('rateLimit.perMinute must be a number above 0'),
    );
    expect(() => createRelayHandler(client, { allowedOrigins: [SHOP], maxBodyBytes: -1 })).toThrow(new TypeError('maxBodyBytes must be a number above 0'));
  });

  it('survives an onError that throws, and sends without a rate limit when told', async () => {
    const failing = { send: () => Promise.reject(new Error('down')) };
    const onError = vi.fn(() => {
      throw new Error('broken callback');
    });
    // One request per event, so that each failure is its own.
    const relay = createRelayHandler(failing, { allowedOrigins: [SHOP], rateLimit: false, onError, batch: { maxEvents: 1 } });
    const url = await listen((req, res) => void relay(req, res));
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await beacon(url, tracked())).status);
    await relay.flush();
    expect(statuses).toStrictEqual(Array(70).fill(202));
    expect(onError).toHaveBeenCalledTimes(70);
    expect(onError).toHaveBeenCalledWith(new Error('down'));
  });
});
