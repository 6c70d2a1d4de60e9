import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversionEvent, ConversionsClientOptions } from '../../src/server';
import { ConversionsApiError, createConversionsClient } from '../../src/server';
import { parseRetryAfter } from '../../src/server/client';
import { type FakeCapi, type FakeCapiOptions, startFakeCapi, validateResponse } from '../../stand-ins/conversions-api/fake-capi';

const TOKEN = 'pina_AMAZETOKENSECRET0123456789abcdef';
const AD_ACCOUNT = '549755885175';

let fake: FakeCapi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  vi.restoreAllMocks();
});

async function setup(fakeOptions: FakeCapiOptions = {}, clientOptions: Partial<ConversionsClientOptions> = {}) {
  fake = await startFakeCapi({ token: TOKEN, ...fakeOptions });
  const client = createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, endpoint: fake.url, backoffMs: 1, maxBackoffMs: 20, ...clientOptions });
  return { fake, client };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function events(count: number, prefix = 'e'): ConversionEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    event_name: 'add_to_cart',
    action_source: 'web',
    event_time: nowSeconds(),
    event_id: `${prefix}-${i}`,
    user_data: { client_ip_address: '203.0.113.7', client_user_agent: 'Mozilla/5.0 (test)' },
    custom_data: { value: String(i), currency: 'USD', content_ids: [`SKU-${i}`], contents: [{ id: `SKU-${i}`, item_price: '1.5', quantity: 1 }] },
  }));
}

/** Everything a caller could end up printing about an error. */
const everything = (error: unknown): string => `${String(error)}\n${(error as Error)?.stack}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;

describe('createConversionsClient: requests', () => {
  it('POSTs {data} to /v5/ad_accounts/{id}/events with the bearer token and maps each event’s status', async () => {
    const failing = new Set(['e-1']);
    const { fake, client } = await setup({
      eventStatus: (event) =>
        failing.has(event.event_id as string)
          ? { status: 'failed', error_message: 'Invalid parameters.' }
          : { status: 'processed', warning_message: event.event_id === 'e-2' ? 'Unknown field.' : null },
    });
    const result = await client.send(events(3));
    expect(fake.requests).toStrictEqual([{ path: `/v5/ad_accounts/${AD_ACCOUNT}/events`, test: false, outcome: 200, events: 3, at: expect.any(Number) }]);
    expect(result).toStrictEqual({
      received: 3,
      processed: 2,
      requests: 1,
      retries: 0,
      results: [
        { eventId: 'e-0', status: 'processed' },
        { eventId: 'e-1', status: 'failed', error: 'Invalid parameters.', reason: 'rejected' },
        { eventId: 'e-2', status: 'processed', warning: 'Unknown field.' },
      ],
    });
    for (const answer of fake.responses) expect(validateResponse(answer), JSON.stringify(validateResponse.errors)).toBe(true);
  });

  it('adds ?test=true in test mode, and sends nothing for no events', async () => {
    const { fake, client } = await setup({}, { test: true });
    expect(await client.send([])).toStrictEqual({ received: 0, processed: 0, results: [], requests: 0, retries: 0 });
    expect(fake.requests).toHaveLength(0);
    await client.send(events(1));
    expect(fake.requests).toStrictEqual([
      { path: `/v5/ad_accounts/${AD_ACCOUNT}/events?test=true`, test: true, outcome: 200, events: 1, at: expect.any(Number) },
    ]);
  });

  it('sends at most 1000 events per request, in order', async () => {
    const { fake, client } = await setup();
    const result = await client.send(events(2500));
    expect(fake.requests.map((request) => request.events).sort()).toStrictEqual([1000, 1000, 500]);
    expect(result.results.map((r) => r.eventId)).toStrictEqual(events(2500).map((e) => e.event_id));
    expect(result.received).toBe(2500);
  });

  it('keeps at most `concurrency` requests in flight, over all sends', async () => {
    let active = 0;
    let most = 0;
    const counting: typeof fetch = async (...args) => {
      most = Math.max(most, ++active);
      try {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return await fetch(...args);
      } finally {
        active--;
      }
    };
    const { fake, client } = await setup({}, { fetch: counting, concurrency: 3, batchSize: 10 });
    await Promise.all([client.send(events(60, 'a')), client.send(events(60, 'b'))]);
    expect(fake.requests).toHaveLength(12);
    expect(most).toBe(3);
  });
});

describe('createConversionsClient: retries', () => {
  it('retries 503, 429, 500 and a dropped connection, then succeeds; each event arrives once', async () => {
    const { fake, client } = await setup({ faults: { script: [503, 429, 500, 'drop'] } });
    const result = await client.send(events(5));
    expect(fake.requests.map((request) => request.outcome)).toStrictEqual([503, 429, 500, 'drop', 200]);
    expect(result).toMatchObject({ received: 5, processed: 5, requests: 5, retries: 4 });
    expect(fake.events.map((event) => event.event_id)).toStrictEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4']);
  });

  it('retries after a timeout; the slow answer never counted', async () => {
    const { fake, client } = await setup({ faults: { script: ['slow'], slowMs: 400 } }, { timeoutMs: 100 });
    const result = await client.send(events(2));
    expect(result).toMatchObject({ processed: 2, requests: 2, retries: 1 });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(fake.requests.map((request) => request.outcome)).toStrictEqual(['drop', 200]);
    expect(fake.arrivals('e-0')).toBe(1);
  });

  it('backs off exponentially with full jitter: random waits up to backoffMs, 2x, 4x…', async () => {
    const { fake, client } = await setup({ faults: { script: [500, 500, 500] } }, { backoffMs: 100, maxBackoffMs: 1000 });
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    let started = performance.now();
    await client.send(events(1));
    // 100 + 200 + 400 ms, each times 0.999.
    expect(performance.now() - started).toBeGreaterThanOrEqual(690);
    expect(fake.requests).toHaveLength(4);
    // Full jitter can draw no wait at all, however large the cap.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const other = await startFakeCapi({ token: TOKEN, faults: { script: [500, 500] } });
    started = performance.now();
    await createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, endpoint: other.url, backoffMs: 10_000 }).send(events(1));
    expect(performance.now() - started).toBeLessThan(500);
    expect(other.requests).toHaveLength(3);
    await other.close();
  });

  it('waits as long as Retry-After asks', async () => {
    const { fake, client } = await setup({ faults: { script: [429], retryAfter: '1' } }, { maxBackoffMs: 5000 });
    const started = performance.now();
    await client.send(events(1));
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(fake.requests.map((request) => request.outcome)).toStrictEqual([429, 200]);
  });

  it('fails rather than wait longer than maxBackoffMs when Retry-After asks for more', async () => {
    const { fake, client } = await setup({ faults: { script: [429], retryAfter: '120' } }, { maxBackoffMs: 1000 });
    const error: ConversionsApiError = await client.send(events(1)).catch((e) => e);
    expect(error).toBeInstanceOf(ConversionsApiError);
    expect(error.message).toBe(
      'Pinterest Conversions API request failed: HTTP 429, Pinterest code 8: Rate limit exceeded. (Pinterest asked to wait 120 s, longer than maxBackoffMs)',
    );
    expect(fake.requests).toHaveLength(1);
  });

  it('gives up after maxRetries, naming the cause, with every event marked failed', async () => {
    const onError = vi.fn();
    const { fake, client } = await setup({ faults: { rate: 1, kinds: [503] } }, { maxRetries: 3, onError });
    const error: ConversionsApiError = await client.send(events(2)).catch((e) => e);
    expect(error.message).toBe(
      'Pinterest Conversions API request failed: HTTP 503, Pinterest code 4197: The endpoint has been ramped down and is currently not accepting any traffic. (gave up after 4 attempts)',
    );
    expect(error).toMatchObject({ status: 503, code: 4197, attempts: 4 });
    expect(error.results).toStrictEqual([
      { eventId: 'e-0', status: 'failed', error: error.message, reason: 'unavailable' },
      { eventId: 'e-1', status: 'failed', error: error.message, reason: 'unavailable' },
    ]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
    expect(fake.requests).toHaveLength(4);
  });

  it('retries connection errors (nothing listening) and then says so', async () => {
    const { fake } = await setup();
    const endpoint = fake.url;
    await fake.close();
    const client = createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, endpoint, backoffMs: 1, maxRetries: 2 });
    const error: ConversionsApiError = await client.send(events(1)).catch((e) => e);
    expect(error.message).toBe('Pinterest Conversions API request failed: connection failed (ECONNREFUSED) (gave up after 3 attempts)');
    expect(error.status).toBeUndefined();
    expect(error.attempts).toBe(3);
  });

  it('delivers 10,000 events exactly once under 20% injected faults (429, 500, 503, dropped connections)', async () => {
    const { fake, client } = await setup(
      { faults: { rate: 0.2, kinds: [429, 500, 503, 'drop'], seed: 7 } },
      { batchSize: 100, concurrency: 8, backoffMs: 5, maxBackoffMs: 100, maxRetries: 12 },
    );
    const all = events(10_000, 'load');
    const started = performance.now();
    const result = await client.send(all);
    const ms = Math.round(performance.now() - started);

    const faults = fake.requests.filter((request) => request.fault);
    expect(result.requests).toBe(fake.requests.length);
    expect(result.retries).toBe(faults.length);
    expect(result.processed).toBe(10_000);
    expect(result.results.every((r) => r.status === 'processed')).toBe(true);
    expect(fake.events).toHaveLength(10_000);
    expect(all.filter((event) => fake!.arrivals(event.event_id) !== 1)).toStrictEqual([]);
    // The seeded draw gives about one faulty request in five, of every kind.
    expect(faults.length / fake.requests.length).toBeGreaterThan(0.1);
    expect(faults.length / fake.requests.length).toBeLessThan(0.3);
    expect(new Set(faults.map((request) => request.fault))).toStrictEqual(new Set([429, 500, 503, 'drop']));
    const kinds = [429, 500, 503, 'drop'].map((kind) => `${faults.filter((request) => request.fault === kind).length}x ${kind}`);
    console.info(
      `10,000 events: ${ms} ms, ${fake.requests.length} requests, ${result.retries} retries (${kinds.join(', ')}), ${fake.events.length} arrivals, ${new Set(fake.events.map((e) => e.event_id)).size} distinct`,
    );
  });
});

describe('createConversionsClient: errors that are not retried', () => {
  it('400: names Pinterest’s code and message, one request only', async () => {
    const { fake, client } = await setup();
    const bad = { ...events(1)[0]!, category_name: 'Shoes' } as unknown as ConversionEvent;
    const error: ConversionsApiError = await client.send([bad]).catch((e) => e);
    expect(error.message).toBe(
      "Pinterest Conversions API request failed: HTTP 400, Pinterest code 4196: Invalid request: /data/0 must NOT have additional properties ('category_name') (not retried)",
    );
    expect(error).toMatchObject({ name: 'ConversionsApiError', status: 400, code: 4196, attempts: 1 });
    expect(fake.requests).toHaveLength(1);
  });

  it('401: authentication failed, one request only', async () => {
    const { fake } = await setup();
    const client = createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: 'wrong-token', endpoint: fake.url, backoffMs: 1 });
    const error: ConversionsApiError = await client.send(events(1)).catch((e) => e);
    expect(error.message).toBe('Pinterest Conversions API request failed: HTTP 401, Pinterest code 2: Authentication failed. (not retried)');
    expect(error).toMatchObject({ status: 401, code: 2, attempts: 1 });
    expect(fake.requests).toHaveLength(1);
  });

  it('422: sends the events Pinterest did not name again, and reports the ones it refused', async () => {
    const { fake, client } = await setup();
    const [fresh, stale] = events(2) as [ConversionEvent, ConversionEvent];
    stale.event_time = nowSeconds() - 8 * 86400;
    const result = await client.send([fresh, stale]);
    // Pinterest processed none of a 422's events (num_events_processed: 0): the fresh one goes again, alone.
    expect(fake.requests.map((request) => [request.outcome, request.events])).toStrictEqual([
      [422, 2],
      [200, 1],
    ]);
    expect(result.results).toStrictEqual([
      { eventId: 'e-0', status: 'processed' },
      { eventId: 'e-1', status: 'failed', error: 'Invalid event_timestamp parameter. Given timestamp is in the past.', reason: 'rejected' },
    ]);
    expect(fake.arrivals('e-0')).toBe(1);
  });

  it('reports a failed request among several and still returns the others’ results', async () => {
    const { client } = await setup({ faults: { script: ['ok', 500, 500] } }, { batchSize: 2, concurrency: 1, maxRetries: 1 });
    const error: ConversionsApiError = await client.send(events(4)).catch((e) => e);
    expect(error.message).toBe(
      'Pinterest Conversions API request failed: HTTP 500, Pinterest code 1: Internal error. (gave up after 2 attempts); 1 of 2 requests failed',
    );
    expect(error.results.map((r) => [r.eventId, r.status])).toStrictEqual([
      ['e-0', 'processed'],
      ['e-1', 'processed'],
      ['e-2', 'failed'],
      ['e-3', 'failed'],
    ]);
  });
});

describe('createConversionsClient: the access token stays secret', () => {
  it('validates the ad account ID and the token up front, without showing the token', () => {
    const make = (adAccountId: unknown, accessToken: unknown) => () => createConversionsClient({ adAccountId, accessToken } as ConversionsClientOptions);
    expect(make('act_123', TOKEN)).toThrow(new TypeError('adAccountId must be a string of 1 to 18 digits'));
    expect(make('1234567890123456789', TOKEN)).toThrow(new TypeError('adAccountId must be a string of 1 to 18 digits'));
    expect(make(549755885175, TOKEN)).toThrow(new TypeError('adAccountId must be a string of 1 to 18 digits'));
    expect(make(AD_ACCOUNT, '')).toThrow(new TypeError('accessToken must be a non-empty string'));
    expect(make(AD_ACCOUNT, `Bearer ${TOKEN}`)).toThrow(new TypeError("accessToken must be the token alone, without 'Bearer '"));
    expect(make(AD_ACCOUNT, `${TOKEN}\n`)).toThrow(new TypeError('accessToken must be printable ASCII without spaces'));
    expect(() => createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, endpoint: 'ftp://x' })).toThrow(
      new TypeError('endpoint must be an http or https URL'),
    );
    expect(() => createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, batchSize: 1001 })).toThrow(
      new TypeError('batchSize must be a whole number from 1 to 1000'),
    );
    expect(createConversionsClient({ adAccountId: '1', accessToken: TOKEN })).toHaveProperty('send');
  });

  it('never puts the token in an error or on the console, even when the answer echoes it', async () => {
    const output: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
      vi.spyOn(console, method).mockImplementation((...args) => void output.push(args));
    const { fake, client } = await setup({ echoAuthorization: true, faults: { script: [503, 429, 'drop', 500] } }, { maxRetries: 3 });
    const errors: unknown[] = [await client.send(events(1)).catch((e) => e)];
    errors.push(
      await createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: `${TOKEN}x`, endpoint: fake.url })
        .send(events(1))
        .catch((e) => e),
    );
    errors.push(await client.send([{ bad: TOKEN } as unknown as ConversionEvent]).catch((e) => e));
    errors.push(
      await createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, endpoint: 'http://127.0.0.1:9', maxRetries: 0 })
        .send(events(1))
        .catch((e) => e),
    );
    for (const bad of [`${TOKEN} `, `Bearer ${TOKEN}`]) {
      try {
        createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: bad });
      } catch (error) {
        errors.push(error);
      }
    }
    expect(errors).toHaveLength(6);
    expect(errors.map((error) => (error as Error).name)).toStrictEqual([
      'ConversionsApiError',
      'ConversionsApiError',
      'ConversionsApiError',
      'ConversionsApiError',
      'TypeError',
      'TypeError',
    ]);
    // The fake did echo it: the client redacted it.
    expect((errors[0] as Error).message).toBe(
      'Pinterest Conversions API request failed: HTTP 500, Pinterest code 1: Internal error. (Bearer [redacted]) (gave up after 4 attempts)',
    );
    for (const error of errors) expect(everything(error)).not.toContain(TOKEN.slice(5));
    expect(output).toStrictEqual([]);
  });
});

describe('createConversionsClient: one bad event never sinks a batch', () => {
  it('splits a batch Pinterest refuses as invalid (400) until the bad event stands alone; the others arrive once', async () => {
    const onError = vi.fn();
    const { fake, client } = await setup({}, { onError });
    const batch = events(10);
    // One event Pinterest's schema refuses: an unknown field makes the whole request a 400 (SPEC §11.4).
    (batch[6] as unknown as Record<string, unknown>).category_name = 'Shoes';
    const error: ConversionsApiError = await client.send(batch).catch((e) => e);
    expect(error).toBeInstanceOf(ConversionsApiError);
    expect(error).toMatchObject({ status: 400, code: 4196, reason: 'invalid' });
    expect(error.results.map((result) => [result.eventId, result.status, result.reason])).toStrictEqual(
      batch.map((event) => [event.event_id, event.event_id === 'e-6' ? 'failed' : 'processed', event.event_id === 'e-6' ? 'invalid' : undefined]),
    );
    expect(error.results[6]?.error).toContain("('category_name')");
    expect(batch.filter((event) => event.event_id !== 'e-6').every((event) => fake.arrivals(event.event_id) === 1)).toBe(true);
    expect(fake.arrivals('e-6')).toBe(0);
    // Halving: 10 -> 5 -> 3 -> 2 -> 1, a few requests, not one per event.
    expect(fake.requests.length).toBeLessThanOrEqual(9);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(client.stats()).toMatchObject({ events: { add_to_cart: { sent: 9, failed: 1 } }, failures: { invalid: 1 } });
  });

  it('keeps a 200’s per-event failures apart: the others count as sent', async () => {
    const { client } = await setup({
      eventStatus: (event) => (event.event_id === 'e-1' ? { status: 'failed', error_message: 'Invalid parameters.' } : { status: 'processed' }),
    });
    const result = await client.send(events(3));
    expect(result.results.map((one) => one.status)).toStrictEqual(['processed', 'failed', 'processed']);
    expect(client.stats()).toStrictEqual({
      events: { add_to_cart: { sent: 2, failed: 1 } },
      failures: { rejected: 1 },
      requests: { made: 1, retries: 0, rateLimited: 0, split: 0 },
    });
  });
});

describe('createConversionsClient: Pinterest’s rate limit, deadlines and partner name', () => {
  it('starts at most rateLimit.calls requests in any perMs window, retries included', async () => {
    const { fake, client } = await setup({ faults: { script: [500, 'ok', 503] } }, { batchSize: 1, concurrency: 8, rateLimit: { calls: 4, perMs: 400 } });
    const started = performance.now();
    await client.send(events(10));
    const arrivals = fake.requests.map((request) => request.at);
    expect(arrivals).toHaveLength(12);
    // 12 requests at 4 per 400 ms: the last ones wait two full windows.
    expect(performance.now() - started).toBeGreaterThanOrEqual(790);
    // Arrival times differ from start times by the network's jitter: windows a little shorter than the limit's.
    for (const at of arrivals) expect(arrivals.filter((other) => other >= at && other < at + 400 - 60).length).toBeLessThanOrEqual(4);
  });

  it('stops at an aborted signal: requests in flight are cancelled, every unanswered event fails as aborted', async () => {
    const { fake, client } = await setup({ faults: { script: ['slow'], slowMs: 2000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error: ConversionsApiError = await client.send(events(3), { signal: controller.signal }).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.results.map((result) => result.reason)).toStrictEqual(['aborted', 'aborted', 'aborted']);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(fake.events).toHaveLength(0);
  });

  it('does not send an event past its notAfter time: it fails as late', async () => {
    const { fake, client } = await setup();
    const [fresh, old] = events(2) as [ConversionEvent, ConversionEvent];
    const error: ConversionsApiError = await client
      .send([fresh, old], { notAfter: (event) => (event === old ? Date.now() - 1 : Date.now() + 60_000) })
      .catch((e) => e);
    expect(error.results.map((result) => [result.status, result.reason])).toStrictEqual([
      ['processed', undefined],
      ['failed', 'late'],
    ]);
    expect(fake.events.map((event) => event.event_id)).toStrictEqual(['e-0']);
    expect(client.stats().events.add_to_cart).toStrictEqual({ sent: 1, failed: 1 });
  });

  it('sets the partner_name Pinterest gave, and refuses one that cannot be', async () => {
    const { fake, client } = await setup({}, { partnerName: 'ss-example' });
    await client.send(events(1));
    expect(fake.events[0]?.partner_name).toBe('ss-example');
    expect(() => createConversionsClient({ adAccountId: AD_ACCOUNT, accessToken: TOKEN, partnerName: 'My Shop' })).toThrow(
      new TypeError("partnerName must be the partner_name Pinterest gave you, such as 'ss-yourplatform'"),
    );
  });
});

describe('createConversionsClient: the token is redacted before anything is cut', () => {
  /** A fetch that answers with `body` and `status`, as a server that echoes what it got might. */
  const answering =
    (status: number, body: (authorization: string) => unknown): typeof fetch =>
    async (_url, init) =>
      new Response(JSON.stringify(body(String((init?.headers as Record<string, string> | undefined)?.Authorization))), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
  /** Every 8-character piece of the token: none may appear anywhere. */
  const pieces = Array.from({ length: TOKEN.length - 7 }, (_, i) => TOKEN.slice(i, i + 8));

  it('in an error message whose cut at 500 characters falls inside the token', async () => {
    // The token starts at character 480 of Pinterest's message: cutting first would keep its first 20 characters.
    const client = createConversionsClient({
      adAccountId: AD_ACCOUNT,
      accessToken: TOKEN,
      fetch: answering(500, (auth) => ({ code: 1, message: `${'x'.repeat(473)} (got ${auth})` })),
      maxRetries: 0,
    });
    const error: ConversionsApiError = await client.send(events(1)).catch((e) => e);
    expect(error.message).toContain('[redacted]');
    for (const piece of pieces) expect(everything(error)).not.toContain(piece);
  });

  it('in the per-event results of a 200', async () => {
    const client = createConversionsClient({
      adAccountId: AD_ACCOUNT,
      accessToken: TOKEN,
      fetch: answering(200, (auth) => ({
        num_events_received: 1,
        num_events_processed: 0,
        events: [{ status: 'failed', error_message: `bad token ${auth}`, warning_message: `seen ${auth}` }],
      })),
    });
    const { results } = await client.send(events(1));
    expect(results).toStrictEqual([
      { eventId: 'e-0', status: 'failed', error: 'bad token Bearer [redacted]', reason: 'rejected', warning: 'seen Bearer [redacted]' },
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 10, 29, 12, 0, 0);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 3 ', now)).toBe(3000);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
