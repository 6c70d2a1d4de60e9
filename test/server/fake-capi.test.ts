// The fake must behave like Pinterest where the tests rely on it, or the client tests prove nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCapi, type FakeCapiOptions, startFakeCapi, validateResponse } from '../../stand-ins/conversions-api/fake-capi';

let fake: FakeCapi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const event = (id: string, extra: Record<string, unknown> = {}) => ({
  event_name: 'checkout',
  action_source: 'web',
  event_time: Math.floor(Date.now() / 1000),
  event_id: id,
  user_data: { em: ['a'.repeat(64)] },
  ...extra,
});

async function post(options: FakeCapiOptions, body: unknown, token = 'test-token', path = '/v5/ad_accounts/1/events') {
  fake ??= await startFakeCapi(options);
  return fetch(fake.url + path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
}

describe('fake Conversions API', () => {
  it('answers 200 in Pinterest’s response shape, per event in order, and records what it accepted', async () => {
    const response = await post(
      { eventStatus: (e) => (e.event_id === 'b' ? { status: 'failed', error_message: 'bad' } : { status: 'processed' }) },
      { data: [event('a'), event('b')] },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toStrictEqual({
      num_events_received: 2,
      num_events_processed: 1,
      events: [
        { status: 'processed', error_message: null, warning_message: null },
        { status: 'failed', error_message: 'bad', warning_message: null },
      ],
    });
    expect(validateResponse(body), JSON.stringify(validateResponse.errors)).toBe(true);
    expect(fake!.events.map((e) => e.event_id)).toStrictEqual(['a']);
    expect([fake!.arrivals('a'), fake!.arrivals('b')]).toStrictEqual([1, 0]);
  });

  it('rejects a body that breaks Pinterest’s schema with 400 / 4196, listing the problems', async () => {
    const response = await post({}, { data: [event('a', { custom_data: { value: 5, line_items: [] } }), { event_id: 'b' }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: number; message: string };
    expect(body.code).toBe(4196);
    expect(body.message).toContain("/data/0/custom_data must NOT have additional properties ('line_items')");
    expect(body.message).toContain('/data/0/custom_data/value must be string,null');
    expect(body.message).toContain("/data/1 must have required property 'event_name'");
    expect(fake!.events).toStrictEqual([]);
  });

  it('rejects user_data with neither em nor the IP address + user agent pair (SPEC §7.2)', async () => {
    const response = await post({}, { data: [event('a', { user_data: { client_ip_address: '203.0.113.7' } })] });
    expect(response.status).toBe(400);
  });

  it('answers 401 / code 2 to a wrong token and 404 to a wrong path', async () => {
    const wrong = await post({}, { data: [event('a')] }, 'other');
    expect([wrong.status, await wrong.json()]).toStrictEqual([401, { code: 2, message: 'Authentication failed.' }]);
    expect((await post({}, { data: [event('a')] }, 'test-token', '/v5/ad_accounts/abc/events')).status).toBe(404);
  });

  it('plays a scripted fault sequence: 429 / 8 with Retry-After, 503 / 4197, 500, a dropped connection, then OK', async () => {
    const options: FakeCapiOptions = { faults: { script: [429, 503, 500, 'drop', 'ok'], retryAfter: '3' } };
    const first = await post(options, { data: [event('a')] });
    expect([first.status, first.headers.get('retry-after'), await first.json()]).toStrictEqual([429, '3', { code: 8, message: 'Rate limit exceeded.' }]);
    const second = await post(options, { data: [event('a')] });
    expect([second.status, ((await second.json()) as { code: number }).code]).toStrictEqual([503, 4197]);
    expect((await post(options, { data: [event('a')] })).status).toBe(500);
    await expect(post(options, { data: [event('a')] })).rejects.toThrow('fetch failed');
    expect((await post(options, { data: [event('a')] })).status).toBe(200);
    expect(fake!.requests.map((r) => [r.outcome, r.fault])).toStrictEqual([
      [429, 429],
      [503, 503],
      [500, 500],
      ['drop', 'drop'],
      [200, undefined],
    ]);
    expect(fake!.arrivals('a')).toBe(1);
  });

  it('injects faults at the configured rate, repeatably for a seed', async () => {
    const run = async (seed: number) => {
      const one = await startFakeCapi({ faults: { rate: 0.2, kinds: [500], seed } });
      for (let i = 0; i < 100; i++)
        await fetch(`${one.url}/v5/ad_accounts/1/events`, {
          method: 'POST',
          body: JSON.stringify({ data: [event(`e${i}`)] }),
          headers: { Authorization: 'Bearer test-token', 'Content-Type': 'application/json' },
        });
      await one.close();
      return one.requests.map((r) => r.outcome).join();
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    const faults = a.split(',').filter((outcome) => outcome === '500').length;
    expect(faults).toBeGreaterThan(8);
    expect(faults).toBeLessThan(35);
  });

  it('answers slowly, and does not count events whose client gave up meanwhile', async () => {
    fake = await startFakeCapi({ faults: { script: ['slow', 'slow'], slowMs: 300 } });
    const started = performance.now();
    await expect(post({}, { data: [event('a')] }).then(() => 'answered')).resolves.toBe('answered');
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const abort = AbortSignal.timeout(50);
    await expect(
      fetch(`${fake.url}/v5/ad_accounts/1/events`, {
        method: 'POST',
        body: JSON.stringify({ data: [event('b')] }),
        headers: { Authorization: 'Bearer test-token', 'Content-Type': 'application/json' },
        signal: abort,
      }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect([fake.arrivals('a'), fake.arrivals('b')]).toStrictEqual([1, 0]);
  });

  it('refuses an event_time older than 7 days with 422 / 953 and per-event details', async () => {
    const response = await post({}, { data: [event('new'), event('old', { event_time: Math.floor(Date.now() / 1000) - 8 * 86400 })] });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { code: number; details: unknown };
    expect(body.code).toBe(953);
    expect(validateResponse(body.details)).toBe(true);
  });

  it('records but does not count test-mode events', async () => {
    await post({}, { data: [event('t')] }, 'test-token', '/v5/ad_accounts/1/events?test=true');
    expect(fake!.requests[0]!.test).toBe(true);
    expect(fake!.arrivals('t')).toBe(0);
  });
});
