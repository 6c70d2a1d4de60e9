// @vitest-environment node
// Fuzzing the relay handler's input: arbitrary bodies (browser-shaped TrackedEvents, the same mutated, plain
// personal data where hashes belong, stale and future times, JSON that is not an event, text that is not JSON,
// bodies a framework already parsed), arbitrary headers (Content-Type, Content-Length, Origin, Referer,
// User-Agent, X-Forwarded-For, Cookie), methods and options. Properties: the handler never throws and answers
// each request exactly once; and the client is only ever given events that Pinterest's request schema and its
// documented rules accept, one per 202.
import { type ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, EVENTS } from '../../src/common/catalog';
import { buildEventData } from '../../src/common/event-data';
import { hashMatchValue } from '../../src/common/match-keys';
import {
  type ConversionEvent,
  type ConversionsClient,
  createRelayHandler,
  type RelayOptions,
  type RelayRequest,
  requestContext,
  toConversionEvent,
} from '../../src/server';
import { isBot } from '../../src/server/bots';
import { parseRetryAfter } from '../../src/server/client';
import { rateLimitKey, requestOrigin } from '../../src/server/request-context';
import { validateRequest } from '../../stand-ins/conversions-api/fake-capi';
import { arm, email, params, tally, timeout, wild } from './support';

const SHOP = 'https://shop.example';
const NOW = Date.UTC(2026, 10, 29, 12);
const DAY = 864e5;
const WEB_WINDOW_MS = 60 * 60e3;
const API_EVENTS: string[] = Object.values(EVENTS).map((row) => row.api);
const HEX = /^[a-f0-9]{64}$/;
const MATCH_KEYS = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country', 'external_id'];

// --- requests ------------------------------------------------------------------------------------------------

/** A TrackedEvent as the browser builds it: the same `buildEventData`, then what the SDK adds. */
const tracked = fc
  .record({
    action: fc.constantFrom(...ACTIONS),
    input: fc.record(
      {
        items: fc.array(
          fc.record(
            {
              id: fc.constantFrom('SKU-1', 42, ' x '),
              price: fc.constantFrom(19.99, '5', 0),
              quantity: fc.constantFrom(1, 3),
              name: fc.constantFrom('Boots', 'jane@example.com'),
              category: fc.constantFrom('Shoes'),
            },
            { requiredKeys: ['id'] },
          ),
          { maxLength: 3 },
        ),
        value: fc.constantFrom(10, '12.5'),
        currency: fc.constantFrom('USD', 'eur'),
        orderId: fc.constantFrom('1001', 'A-2'),
        query: fc.constantFrom('boots'),
        category: fc.constantFrom('Shoes'),
      },
      { requiredKeys: ['orderId', 'query'] },
    ),
    eventId: fc.oneof({ weight: 8, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom('evt-1', '', ' ', 'a b', 'x'.repeat(300)) }),
    // Minutes from now: mostly within Pinterest's one-hour web window, sometimes past it (too late for a browser
    // event's copy), older than Pinterest takes at all, or in the future.
    age: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 50 }) }, { weight: 1, arbitrary: fc.integer({ min: -60, max: 60 * 24 * 10 }) }),
    // Hashed, as the browser sends it; or, now and then, the plain value a buggy client would send.
    match: fc.option(
      fc.record(
        {
          em: fc.oneof({ weight: 6, arbitrary: email.map((address) => hashMatchValue('em', address)) }, { weight: 1, arbitrary: email }),
          ph: fc.oneof(
            { weight: 6, arbitrary: fc.constant(hashMatchValue('ph', '+44 7700 900123')) },
            { weight: 1, arbitrary: fc.constant('+44 7700 900123') },
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    url: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(`${SHOP}/products/1`, `${SHOP}/`) },
      { weight: 1, arbitrary: fc.constantFrom('javascript:alert(1)', '/relative', '') },
    ),
    clickId: fc.option(
      fc.oneof({ weight: 4, arbitrary: fc.constant('dj0yJnU9b2JDcFFH') }, { weight: 1, arbitrary: fc.constantFrom('bad id with spaces', '') }),
    ),
    ldp: fc.option(fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constant('yes') })),
  })
  .map(({ action, input, eventId, age, match, url, clickId, ldp }) => {
    const data = buildEventData(action, input, 'USD', () => {}) ?? {};
    data.event_id = eventId;
    const event: Record<string, unknown> = { event: EVENTS[action].tag, apiEvent: EVENTS[action].api, eventId, data, time: NOW - age * 60e3, url };
    if (match) event.match = match;
    if (clickId != null) event.clickId = clickId;
    if (ldp != null) event.ldp = ldp;
    return event;
  });

/** The same event with one field replaced by anything, or removed. */
const mutated = fc
  .tuple(
    tracked,
    fc.constantFrom(
      'event',
      'apiEvent',
      'eventId',
      'data',
      'time',
      'url',
      'match',
      'clickId',
      'ldp',
      'data.event_id',
      'data.value',
      'data.currency',
      'data.line_items',
      'data.order_quantity',
      'match.em',
    ),
    fc.option(wild),
  )
  .map(([event, path, value]) => {
    const [first, second] = path.split('.') as [string, string | undefined];
    if (second && !event[first]) event[first] = {};
    const target = (second ? event[first] : event) as Record<string, unknown>;
    const key = second ?? first;
    if (value === null) delete target[key];
    else target[key] = value;
    return event;
  });

/** JSON text of a case; a BigInt (which JSON cannot hold) makes it a body that is not JSON at all. */
const json = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '{"not": json}';
  }
};

/** How the body arrives: streamed JSON text, other text, bytes, or already parsed by a framework. */
const body = fc.oneof(
  { weight: 4, arbitrary: tracked.map((event) => ({ stream: json(event) })) },
  { weight: 4, arbitrary: mutated.map((event) => ({ stream: json(event) })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.json(), fc.string({ maxLength: 40 }), fc.constantFrom('', '{', 'null', '[]', '{"action":"checkout"}'))
      .map((text) => ({ stream: text })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ stream: Buffer.from(bytes) })) },
  { weight: 1, arbitrary: tracked.map((event) => ({ stream: json({ ...event, pad: 'x'.repeat(20_000) }) })) },
  { weight: 2, arbitrary: fc.oneof(tracked, mutated, wild).map((parsed) => ({ parsed })) },
);

const headers = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom('text/plain;charset=UTF-8', 'application/json', 'Application/JSON; charset=utf-8', 'text/html', 'multipart/form-data'),
      fc.string({ maxLength: 12 }),
    ),
    'content-length': fc.oneof(fc.constantFrom('10', '99999999', '-1', 'abc'), fc.nat({ max: 40_000 }).map(String)),
    origin: fc.oneof(
      { weight: 4, arbitrary: fc.constant(SHOP) },
      { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null', 'https://shop.example:443', 'not a url', '') },
    ),
    referer: fc.constantFrom(`${SHOP}/products/1`, 'https://evil.example/', '::nope::'),
    'user-agent': fc.oneof(fc.constantFrom('Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0', '', ' '), fc.string({ maxLength: 30 })),
    'x-forwarded-for': fc.constantFrom('203.0.113.7', '203.0.113.7, 10.0.0.1', '[2001:db8::1]:443', 'garbage', ', ,'),
    cookie: fc.constantFrom('_epik=dj0yJnU9b2JDcFFH', '_epik=%E0%A4%A', 'theme=dark', ''),
  },
  { requiredKeys: [] },
);

const request = fc.record({
  method: fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'OPTIONS', 'PUT', 'post') }),
  headers,
  body,
  remoteAddress: fc.constantFrom('203.0.113.9', '::ffff:198.51.100.4', '::1', 'not-an-ip', undefined),
});

const options = fc.record(
  {
    trustProxy: fc.constantFrom(false, true, 1, 2),
    maxBodyBytes: fc.constantFrom(16_384, 512),
    rateLimit: fc.constantFrom(false as const, { perMinute: 60 }, { perMinute: 1, burst: 1 }),
    ignore: fc.subarray(['checkout', 'pagevisit'] as const),
    batch: fc.option(fc.record({ maxEvents: fc.integer({ min: 1, max: 3 }), maxDelayMs: fc.constantFrom(0, 1) })),
  },
  { requiredKeys: [] },
);

function toRequest(spec: {
  method: string;
  headers: Record<string, string>;
  body: { stream: string | Buffer } | { parsed: unknown };
  remoteAddress: string | undefined;
}): RelayRequest {
  const chunks = 'stream' in spec.body ? [Buffer.from(spec.body.stream)] : [];
  const req = Readable.from(chunks) as unknown as RelayRequest;
  Object.assign(req, { method: spec.method, headers: spec.headers, socket: { remoteAddress: spec.remoteAddress } });
  if ('parsed' in spec.body) req.body = arm(spec.body.parsed);
  return req;
}

/** node:http's answer, as far as the handler uses it, with its checks: bad header values throw, as there. */
class Answer {
  statusCode = 200;
  headersSent = false;
  ends = 0;
  headers: Record<string, string> = {};
  setHeader(name: string, value: string): void {
    if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    this.headers[name.toLowerCase()] = value;
  }
  end(): void {
    this.ends++;
    this.headersSent = true;
  }
}

/** What is wrong with an event the client was given, by Pinterest's request schema and its documented rules. */
function refusal(event: ConversionEvent): string[] {
  const problems: string[] = [];
  if (!validateRequest({ data: [event] })) problems.push(...(validateRequest.errors ?? []).map((e) => `schema: ${e.instancePath} ${e.message}`));
  if (!API_EVENTS.includes(event.event_name)) problems.push(`event_name ${event.event_name}`);
  if (event.action_source !== 'web') problems.push('action_source');
  // SPEC §7.1: Pinterest refuses events older than 7 days, and future ones; and a relayed copy of a browser event
  // must arrive within the one-hour web window (SPEC §13), or Pinterest counts it a second time.
  if (!(event.event_time * 1000 <= NOW && event.event_time * 1000 > NOW - 7 * DAY)) problems.push(`event_time ${event.event_time}`);
  if (event.event_time * 1000 < NOW - WEB_WINDOW_MS) problems.push(`event_time ${event.event_time} is past the web window`);
  if (!/^[\x21-\x7e]{1,256}$/.test(event.event_id)) problems.push('event_id');
  const user = (event.user_data ?? {}) as Record<string, unknown>;
  // SPEC §7.2: a hashed email, or the IP address and user agent together.
  if (!user.em && !(user.client_ip_address && user.client_user_agent)) problems.push('user_data without em or ip + ua');
  for (const key of MATCH_KEYS) {
    const values = user[key];
    if (values !== undefined && !(Array.isArray(values) && values.every((value) => typeof value === 'string' && HEX.test(value))))
      problems.push(`user_data.${key} is not SHA-256 (plain personal data)`);
  }
  if (user.client_ip_address !== undefined && !isIP(String(user.client_ip_address))) problems.push('client_ip_address');
  const custom = (event.custom_data ?? {}) as Record<string, unknown>;
  if (custom.value !== undefined && !/^\d+(\.\d+)?(e[+-]?\d+)?$/.test(String(custom.value))) problems.push(`custom_data.value ${String(custom.value)}`);
  if (custom.currency !== undefined && !/^[A-Z]{3}$/.test(String(custom.currency))) problems.push('custom_data.currency');
  if (custom.num_items !== undefined && !(Number.isInteger(custom.num_items) && (custom.num_items as number) > 0)) problems.push('custom_data.num_items');
  return problems;
}

const jsonable = (value: unknown): boolean => {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
};

describe('fuzz: the relay handler', () => {
  it(
    'never throws, answers each request once, and gives the client only events Pinterest accepts, one per 202',
    async () => {
      const cases = tally('relay: never throws, never forwards an invalid event');
      const started = Date.now();
      const answers = new Set<number>();
      await fc.assert(
        fc.asyncProperty(options, fc.array(request, { minLength: 1, maxLength: 4 }), fc.boolean(), async (given, requests, clientFails) => {
          cases.count();
          const forwarded: ConversionEvent[] = [];
          const client: ConversionsClient = {
            async send(events) {
              forwarded.push(...events);
              if (clientFails) throw new Error('the Conversions API is down');
              return { received: events.length, processed: events.length, results: [], requests: 1, retries: 0 };
            },
          };
          const errors: string[] = [];
          const relay = createRelayHandler(client, {
            allowedOrigins: [SHOP],
            ...(given as Partial<RelayOptions>),
            now: () => NOW,
            onError: (error) => void errors.push(error.message),
          });
          let accepted = 0;
          let failed = 0;
          const problems: string[] = [];
          for (const spec of requests) {
            const answer = new Answer();
            const req = toRequest(spec as Parameters<typeof toRequest>[0]);
            try {
              await relay(req, answer as unknown as ServerResponse);
            } catch (error) {
              problems.push(`threw: ${String(error)}`);
            }
            if (answer.ends !== 1) problems.push(`answered ${answer.ends} times`);
            if (![202, 204, 400, 403, 405, 408, 413, 415, 429, 500, 503].includes(answer.statusCode)) problems.push(`status ${answer.statusCode}`);
            // A 500 is the handler catching what it could not read: only a framework's body that is not JSON-able.
            if (answer.statusCode === 500 && !('parsed' in spec.body && !jsonable(req.body))) problems.push(`500 for ${JSON.stringify(spec).slice(0, 200)}`);
            if (answer.statusCode === 202) accepted++;
            if (answer.statusCode === 500) failed++;
            answers.add(answer.statusCode);
          }
          await relay.flush();
          for (const event of forwarded) problems.push(...refusal(event).map((p) => `forwarded ${event.event_id}: ${p}`));
          if (forwarded.length !== accepted) problems.push(`${accepted} answered 202, ${forwarded.length} forwarded`);
          // onError hears of each 500 and, when the client fails, of each failed send; of nothing else.
          if (!clientFails && errors.length !== failed) problems.push(`onError: ${errors.join('; ')}`);
          expect(problems).toEqual([]);
        }),
        params(500),
      );
      cases.report(started);
      // Every answer came up, so each path to it was tried.
      expect([...answers].sort()).toEqual(expect.arrayContaining([202, 204, 400, 403, 405, 413, 415, 429]));
    },
    timeout(500, 10),
  );

  it('forwards browser-shaped events with fresh times and hashed match data: the fuzz reaches the client', async () => {
    // Guards the property above against passing because nothing ever got through.
    const forwarded: ConversionEvent[] = [];
    const client: ConversionsClient = {
      send: async (events) => {
        forwarded.push(...events);
        return { received: 0, processed: 0, results: [], requests: 1, retries: 0 };
      },
    };
    const relay = createRelayHandler(client, { allowedOrigins: [SHOP], rateLimit: false, now: () => NOW });
    const samples = fc.sample(tracked, { numRuns: 200, seed: 1 });
    for (const event of samples) {
      const req = toRequest({
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: SHOP, 'user-agent': 'Mozilla/5.0' },
        body: { stream: JSON.stringify(event) },
        remoteAddress: '203.0.113.9',
      });
      await relay(req, new Answer() as unknown as ServerResponse);
    }
    await relay.flush();
    expect(forwarded.length).toBeGreaterThan(60);
    for (const event of forwarded) expect(refusal(event)).toEqual([]);
  });
});

// --- linear time ------------------------------------------------------------------------------------------------

/**
 * Pieces that make careless patterns backtrack: separators a split or a `\s*` loops over, brackets and colons an
 * address parser looks for, `@` and dots an email scanner looks for, percent-encoding, the words a bot check
 * looks for. A case repeats a few of them, mixed, up to 64 KB.
 */
const unit = fc.constantFrom(
  ',',
  ', ',
  ';',
  '; ',
  ' ',
  '\t',
  '[',
  ']',
  ':',
  '::',
  '.',
  '@',
  'a@',
  '@b.',
  'a.b',
  '%40',
  '%25',
  '%',
  '=',
  '_epik=',
  'x',
  '0',
  '1.2',
  'ff:',
  'bot',
  'Bot/',
  'crawl',
  'Mozilla/5.0 ',
  '\u00e9',
  '\ud83d\ude00',
);
/** A few of the pieces, mixed: the pattern a case repeats. */
const pattern = fc.array(unit, { minLength: 1, maxLength: 6 }).map((units) => units.join(''));
/** `piece` repeated to `bytes` characters. */
const grown = (piece: string, bytes: number): string => piece.repeat(Math.ceil(bytes / piece.length)).slice(0, bytes);

/** Milliseconds `run` takes, the least of three tries (the machine's noise is not the code's cost). */
function cost(run: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * Time per input byte bounded, two ways: absolutely (5 ms and 1 µs per byte: a hundred times what these scans cost
 * here), and in how it grows: eight times the input may take at most sixteen times as long, and 2 ms (a linear scan
 * takes eight times, a quadratic one sixty-four).
 */
function expectLinear(piece: string, run: (text: string) => void, fields: number): void {
  const small = cost(() => run(grown(piece, 8 * 1024)));
  const large = cost(() => run(grown(piece, 64 * 1024)));
  const bytes = fields * 64 * 1024;
  expect(large, `${large.toFixed(2)} ms for ${fields} fields of 64 KB of ${JSON.stringify(piece)}`).toBeLessThan(5 + bytes / 1000);
  expect(large, `${large.toFixed(2)} ms for 64 KB against ${small.toFixed(2)} ms for 8 KB of ${JSON.stringify(piece)}`).toBeLessThan(16 * small + 2);
}

describe('fuzz: linear time on outside input (server)', () => {
  it(
    'reads headers (X-Forwarded-For, Cookie, User-Agent, Origin, Referer, Retry-After, Content-Type) in time bounded per byte',
    () => {
      const cases = tally('linear time: headers');
      const started = Date.now();
      fc.assert(
        fc.property(pattern, fc.constantFrom(false, true, 2), (piece, trustProxy) => {
          cases.count();
          expectLinear(
            piece,
            (text) => {
              const headers = {
                'x-forwarded-for': text,
                cookie: `${text}; _epik=${text}`,
                'user-agent': text,
                origin: text,
                referer: `https://shop.example/${text}`,
                'content-type': text,
              };
              const req = { headers, socket: { remoteAddress: text } } as unknown as RelayRequest;
              const context = requestContext(req, { trustProxy });
              rateLimitKey(context.clientIp);
              rateLimitKey(text);
              isBot(text);
              requestOrigin(req);
              parseRetryAfter(text);
            },
            7,
          );
        }),
        params(60),
      );
      cases.report(started);
    },
    timeout(60, 300),
  );

  it(
    'turns a relayed event with 64 KB texts and URL into its Conversions API twin in time bounded per byte',
    () => {
      const cases = tally('linear time: toConversionEvent');
      const started = Date.now();
      fc.assert(
        fc.property(pattern, (piece) => {
          cases.count();
          expectLinear(
            piece,
            (text) => {
              const event = {
                event: 'search',
                apiEvent: 'search',
                eventId: 'e-1',
                time: NOW,
                url: `https://shop.example/?q=${text}`,
                data: {
                  search_query: text,
                  order_id: text,
                  value: text,
                  currency: text,
                  line_items: [{ product_id: text, product_name: text, product_category: text, product_brand: text }],
                },
                clickId: text,
              };
              toConversionEvent(event as never, { clientIp: '203.0.113.7', userAgent: text, clickId: text, now: NOW });
            },
            11,
          );
        }),
        params(40),
      );
      cases.report(started);
    },
    timeout(40, 600),
  );

  it(
    'answers a whole relay request with 64 KB headers and body in time bounded per byte',
    async () => {
      const cases = tally('linear time: relay request');
      const started = Date.now();
      const client: ConversionsClient = {
        send: async (events) => ({ received: events.length, processed: events.length, results: [], requests: 1, retries: 0 }),
      };
      await fc.assert(
        fc.asyncProperty(pattern, async (piece) => {
          cases.count();
          const answer = async (bytes: number): Promise<number> => {
            const text = grown(piece, bytes);
            const relay = createRelayHandler(client, { allowedOrigins: [SHOP], rateLimit: false, trustProxy: 1, now: () => NOW });
            const spec = {
              method: 'POST',
              headers: { 'content-type': 'text/plain', origin: SHOP, 'x-forwarded-for': text, cookie: text, 'user-agent': `Mozilla/5.0 ${text}` },
              body: {
                stream: JSON.stringify({
                  event: 'search',
                  apiEvent: 'search',
                  eventId: 'e-1',
                  time: NOW,
                  url: `${SHOP}/?q=${text}`,
                  data: { search_query: text },
                }),
              },
              remoteAddress: '203.0.113.9',
            };
            let best = Number.POSITIVE_INFINITY;
            for (let i = 0; i < 3; i++) {
              const at = performance.now();
              await relay(toRequest(spec), new Answer() as unknown as ServerResponse);
              best = Math.min(best, performance.now() - at);
            }
            await relay.flush({ timeoutMs: 100 });
            return best;
          };
          const small = await answer(8 * 1024);
          const large = await answer(64 * 1024);
          expect(large, `${large.toFixed(2)} ms for a request of 5 x 64 KB`).toBeLessThan(5 + (5 * 64 * 1024) / 1000);
          expect(large, `${large.toFixed(2)} ms for 64 KB against ${small.toFixed(2)} ms for 8 KB`).toBeLessThan(16 * small + 5);
        }),
        params(30),
      );
      cases.report(started);
    },
    timeout(30, 600),
  );
});
