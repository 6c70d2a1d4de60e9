// Scaling out, as a store runs it: two relay processes and two delivery-worker processes (the built
// dist/server.mjs) on a real redis-server, the fake Conversions API injecting faults into one request in five, and
// one worker killed with SIGKILL in the middle of a request and started again. Every event ID arrives exactly
// once; Pinterest's rate limit (scaled down to 20 calls a second, the same code) is never exceeded across the
// workers; events past the web window are dropped and counted, never sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RelayStats, WorkerStats } from '../../src/server';
import { type FakeCapi, type RecordedRequest, startFakeCapi } from '../../stand-ins/conversions-api/fake-capi';
import { SHOP, tracked, UA, until } from '../support/http';
import { type Child, startProcess } from '../support/processes';
import { startRedis, type TestRedis } from '../support/redis';

let redis: TestRedis;
const children: Child[] = [];
let fake: FakeCapi | undefined;

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.kill()));
  await fake?.close();
  await redis?.stop();
});

/** Posts `bodies` to the relays, `concurrency` at a time, round robin; resolves with each answer's status. */
async function postAll(urls: string[], bodies: unknown[], concurrency = 48): Promise<number[]> {
  const statuses: number[] = new Array(bodies.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < bodies.length) {
      const index = next++;
      const response = await fetch(urls[index % urls.length] as string, {
        method: 'POST',
        body: JSON.stringify(bodies[index]),
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: SHOP, 'User-Agent': UA },
      });
      await response.arrayBuffer();
      statuses[index] = response.status;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return statuses;
}

/** The most requests that arrived in any `windowMs` window. */
const busiest = (requests: RecordedRequest[], windowMs: number): number => {
  const times = requests.map((request) => request.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
};

describe('two relays, two workers, Redis, 20% faults, a worker killed mid-batch', () => {
  it('delivers 10,000 events exactly once, within the shared rate limit, and drops late ones', async () => {
    const RATE = { calls: 20, perMs: 1000 };
    let held: RecordedRequest | undefined;
    // The first requests pass; the sixth is held (no answer) until its sender is killed; then one in five faults.
    fake = await startFakeCapi({
      // From then on every request of that worker hangs too, as for a worker cut off mid-batch.
      faults: { script: ['ok', 'ok', 'ok', 'ok', 'ok', 'hold'], rate: 0.2, kinds: [429, 500, 503, 'drop'], seed: 11, holdSender: true },
      onHold: (request) => {
        held ??= request;
      },
    });
    const queueName = `processes-${process.pid}`;
    const common = { REDIS_URL: redis.url, QUEUE_NAME: queueName };
    const workerEnv = {
      ...common,
      CAPI_ENDPOINT: fake.url,
      RATE_CALLS: String(RATE.calls),
      RATE_MS: String(RATE.perMs),
      BATCH_SIZE: '100',
      LOCK_MS: '2000',
      STALLED_MS: '1000',
    };
    const relays = await Promise.all([1, 2].map(() => startProcess('relay', { ...common, ALLOWED_ORIGIN: SHOP })));
    children.push(...relays);

    const events = Array.from({ length: 10_000 }, () => tracked());
    // Copies of browser events more than an hour old: sent now they would be counted twice.
    const late = Array.from({ length: 200 }, () => tracked({ time: Date.now() - 61 * 60_000 }));
    const statuses = await postAll(
      relays.map((relay) => relay.ready),
      [...events, ...late],
    );
    expect(statuses.slice(0, 10_000).every((status) => status === 202)).toBe(true);
    expect(statuses.slice(10_000).every((status) => status === 204)).toBe(true);
    // The workers start once the events wait in Redis, as after a deploy; and the fake's clock, in this process,
    // is not held up by the posting, so its arrival times are the ones Pinterest would see.
    const workers = await Promise.all([1, 2].map(() => startProcess('worker', workerEnv)));
    children.push(...workers);

    // Kill the worker whose request is held, in the middle of it, once its other requests have been answered.
    await until(() => held !== undefined, 30_000, 'a held request');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const victim = workers.find((worker) => String(worker.pid) === held?.sender);
    expect(victim, `the held request came from ${held?.sender}`).toBeDefined();
    await victim?.kill();
    const restarted = await startProcess('worker', workerEnv);
    children.push(restarted);

    await until(() => new Set(fake?.events.map((event) => event.event_id)).size >= 10_000, 90_000, 'all 10,000 events');
    // A moment for anything that would arrive twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const requests = fake.requests;
    expect(held?.outcome).toBe('drop');
    const counted = events.map((event) => fake?.arrivals(event.eventId) ?? 0);
    expect(
      counted.filter((count) => count !== 1),
      'arrival counts other than one',
    ).toStrictEqual([]);
    expect(fake.events).toHaveLength(10_000);
    expect(late.every((event) => fake?.arrivals(event.eventId) === 0)).toBe(true);
    // Faults of every kind, about one request in five.
    const faulty = requests.filter((request) => request.fault && request.fault !== 'hold');
    expect(new Set(faulty.map((request) => request.fault))).toStrictEqual(new Set([429, 500, 503, 'drop']));
    expect(faulty.length / requests.length).toBeGreaterThan(0.1);
    // Never more than 20 requests in any second, over all workers, faulty ones and the killed one's included.
    expect(busiest(requests, RATE.perMs)).toBeLessThanOrEqual(RATE.calls);
    // Requests of up to 100 events: a few hundred requests, not ten thousand.
    expect(requests.length).toBeLessThan(400);
    // Every worker sent, the restarted one too; the relays counted the late copies.
    expect(new Set(requests.map((request) => request.sender)).size).toBe(3);
    const relayStats = await Promise.all(relays.map((relay) => relay.stats<RelayStats>()));
    expect(relayStats.reduce((sum, stats) => sum + (stats.requests.late ?? 0), 0)).toBe(200);
    expect(relayStats.reduce((sum, stats) => sum + (stats.requests.accepted ?? 0), 0)).toBe(10_000);
    const survivors = await Promise.all(workers.filter((worker) => worker !== victim).map((worker) => worker.stats<WorkerStats>()));
    const sentBySurvivors = [...survivors, await restarted.stats<WorkerStats>()].reduce((sum, stats) => sum + (stats.events.add_to_cart?.sent ?? 0), 0);
    expect(sentBySurvivors).toBeGreaterThan(0);
    expect(sentBySurvivors).toBeLessThanOrEqual(10_000);
    console.info(
      `10,000 events through 2 relays and 2 workers (+1 restarted): ${requests.length} requests, ${faulty.length} faults, busiest second ${busiest(requests, RATE.perMs)} requests`,
    );
  }, 150_000);
});
