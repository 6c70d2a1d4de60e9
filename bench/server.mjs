// The server entry's throughput: toConversionEvent with hashing (a checkout the server saw, its shopper's email,
// phone and name hashed), and end to end through createConversionsClient to the local fake Conversions API
// (stand-ins/conversions-api/fake-capi.ts, which checks every body against Pinterest's request schema), through the
// relay handler on node:http, and scaled out: browser beacons through relay processes into Redis (BullMQ) and out
// through two delivery-worker processes, against the in-memory relay process in the same run. Everything runs on
// 127.0.0.1; the Redis part starts Debian's redis-server on a free port (test/support/redis.ts).
import { Agent, createServer, request } from 'node:http';
import { runnerImport } from 'vite';
import { ratio, summarize } from './lib/stats.mjs';

const server = await import('../dist/server.mjs');
const { toConversionEvent, createConversionsClient, createRedisQueue, createRelayHandler } = server;

/** A TypeScript module of the repository, loaded by Vite's module runner. */
async function load(path) {
  const { module } = await runnerImport(new URL(path, import.meta.url).pathname, { configFile: false, logLevel: 'error' });
  return module;
}

/** The fake Conversions API of the test suite. */
async function fakeCapi() {
  return (await load('../stand-ins/conversions-api/fake-capi.ts')).startFakeCapi();
}

const items = Array.from({ length: 3 }, (_, k) => ({ id: `SKU-${k}`, name: `Product ${k}`, price: 19.99 + k, quantity: 1 + k }));

/** A different shopper and order each time, so that no hash or ID is reused. */
const action = (i) => ({
  action: 'checkout',
  data: { orderId: `S-${i}`, items, currency: 'USD' },
  customer: {
    email: `shopper${i}@example.com`,
    phone: `+1 555 01${String(i % 100000).padStart(5, '0')}`,
    firstName: 'Jane',
    lastName: 'Doe',
    country: 'US',
    zip: '94107',
  },
  url: 'https://shop.example/thank-you',
});
const context = { clientIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' };

/** The same checkout with every customer field different on every order: no match value recurs. */
const distinct = (i) => {
  const given = action(i);
  given.customer = {
    ...given.customer,
    firstName: `Jane${i}`,
    lastName: `Doe${i}`,
    country: ['US', 'CA', 'GB', 'DE', 'FR'][i % 5],
    zip: String(10000 + (i % 89999)),
  };
  return given;
};

/** Events per second of toConversionEvent over `n` events per round. */
function convertRound(n, offset, make = action) {
  const start = performance.now();
  let ok = 0;
  for (let i = 0; i < n; i++) if (toConversionEvent(make(offset + i), context).ok) ok++;
  const ms = performance.now() - start;
  if (ok !== n) throw new Error(`toConversionEvent refused ${n - ok} of ${n} events`);
  return n / (ms / 1000);
}

/** A fetch that refuses anything but 127.0.0.1, so the client cannot reach Pinterest by mistake. */
function localFetch() {
  return (url, init) => {
    if (new URL(url).hostname !== '127.0.0.1') throw new Error(`the bench must not leave 127.0.0.1: ${url}`);
    return fetch(url, init);
  };
}

/** Events per second through the client: `n` events in one send (batches of 1000, 4 requests at once). */
async function clientRound(fake, n, offset) {
  const client = createConversionsClient({ adAccountId: '549755885175', accessToken: 'test-token', endpoint: fake.url, fetch: localFetch() });
  const events = Array.from({ length: n }, (_, i) => toConversionEvent(action(offset + i), context).event);
  const start = performance.now();
  const result = await client.send(events);
  const ms = performance.now() - start;
  if (result.processed !== n) throw new Error(`the fake Conversions API processed ${result.processed} of ${n}`);
  return n / (ms / 1000);
}

/** Events per second through the relay: `n` browser beacons (TrackedEvents), 16 at a time, batched to the client. */
async function relayRound(fake, n, offset) {
  const client = createConversionsClient({ adAccountId: '549755885175', accessToken: 'test-token', endpoint: fake.url, fetch: localFetch() });
  const relay = createRelayHandler(client, { allowedOrigins: ['https://shop.example'], rateLimit: false, batch: { maxEvents: 100, maxDelayMs: 50 } });
  const http = createServer((req, res) => void relay(req, res));
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${http.address().port}/`;
  const before = fake.events.length;
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = offset + next++;
      const eventId = `relay-${i}`;
      const tracked = {
        event: 'addtocart',
        apiEvent: 'add_to_cart',
        eventId,
        time: Date.now(),
        url: 'https://shop.example/products/1',
        data: {
          line_items: [{ product_id: 'SKU-1', product_price: 19.99, product_quantity: 1 }],
          order_quantity: 1,
          value: 19.99,
          currency: 'USD',
          event_id: eventId,
        },
        match: { em: toConversionEvent(action(i), context).event.user_data.em[0] },
      };
      const response = await fetch(url, {
        method: 'POST',
        body: JSON.stringify(tracked),
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: 'https://shop.example', 'User-Agent': context.userAgent },
      });
      if (response.status !== 202) throw new Error(`relay answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await relay.flush();
  const ms = performance.now() - start;
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
  if (fake.events.length - before !== n) throw new Error(`relay: the fake received ${fake.events.length - before} of ${n}`);
  return n / (ms / 1000);
}

/** A browser beacon's body: an add to cart as the SDK relays it. */
function beaconBody(eventId, em) {
  return JSON.stringify({
    event: 'addtocart',
    apiEvent: 'add_to_cart',
    eventId,
    time: Date.now(),
    url: 'https://shop.example/products/1',
    data: {
      line_items: [{ product_id: 'SKU-1', product_price: 19.99, product_quantity: 1 }],
      order_quantity: 1,
      value: 19.99,
      currency: 'USD',
      event_id: eventId,
    },
    match: { em },
  });
}

/**
 * Beacons per second, end to end: `n` beacons posted to the relays (round robin, `lanes` at a time, keep-alive
 * connections), from the first post until the fake has every one of them.
 */
async function beaconRound(fake, urls, n, prefix, lanes = 256) {
  const agent = new Agent({ keepAlive: true, maxSockets: lanes });
  const em = toConversionEvent(action(0), context).event.user_data.em[0];
  const before = fake.events.length;
  const post = (url, body) =>
    new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'text/plain;charset=UTF-8',
            Origin: 'https://shop.example',
            'User-Agent': context.userAgent,
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`relay answered ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      await post(urls[i % urls.length], beaconBody(`${prefix}-${i}`, em));
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  while (fake.events.length - before < n) {
    if (performance.now() - start > 120_000) throw new Error(`only ${fake.events.length - before} of ${n} beacons arrived`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - start;
  agent.destroy();
  return n / (ms / 1000);
}

/** Events per second through Redis and the workers without the relays' HTTP: enqueued here, 64 at once. */
async function pipelineRound(fake, url, n, prefix) {
  const queue = createRedisQueue({ connection: url, name: 'bench' });
  const em = toConversionEvent(action(0), context).event.user_data.em[0];
  const before = fake.events.length;
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const event = {
        event_name: 'add_to_cart',
        action_source: 'web',
        event_time: Math.floor(Date.now() / 1000),
        event_id: `${prefix}-${i}`,
        event_source_url: 'https://shop.example/products/1',
        user_data: { em: [em], client_ip_address: context.clientIp, client_user_agent: context.userAgent },
        custom_data: { value: '19.99', currency: 'USD', content_ids: ['SKU-1'], contents: [{ id: 'SKU-1', item_price: '19.99', quantity: 1 }], num_items: 1 },
      };
      const [outcome] = await queue.enqueue([{ event, copy: 'browser' }]);
      if (outcome !== 'queued') throw new Error(`the Redis queue answered ${outcome}`);
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
  while (fake.events.length - before < n) {
    if (performance.now() - start > 120_000) throw new Error(`only ${fake.events.length - before} of ${n} events arrived`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - start;
  await queue.close();
  return n / (ms / 1000);
}

/**
 * Scaled out against today's path, in the same run: an in-memory relay process (its own queue and client), and
 * two relay processes into Redis with two delivery-worker processes.
 */
async function measureScaleOut(fake, { rounds, beacons, log }) {
  const { startRedis } = await load('../test/support/redis.ts');
  const { startProcess } = await load('../test/support/processes.ts');
  const redis = await startRedis();
  const children = [];
  try {
    const memory = await startProcess('relay', { CAPI_ENDPOINT: fake.url, ALLOWED_ORIGIN: 'https://shop.example' });
    children.push(memory);
    const common = { REDIS_URL: redis.url, QUEUE_NAME: 'bench' };
    const relays = await Promise.all([1, 2].map(() => startProcess('relay', { ...common, ALLOWED_ORIGIN: 'https://shop.example' })));
    const workers = await Promise.all([1, 2].map(() => startProcess('worker', { ...common, CAPI_ENDPOINT: fake.url, CONCURRENCY: '100' })));
    children.push(...relays, ...workers);
    // Warm-up rounds, left out.
    await beaconRound(fake, [memory.ready], 2000, 'warm-memory');
    await beaconRound(
      fake,
      relays.map((relay) => relay.ready),
      2000,
      'warm-redis',
    );
    const samples = { memory: [], redis: [], pipeline: [] };
    for (let round = 0; round < rounds; round++) {
      samples.memory.push(await beaconRound(fake, [memory.ready], beacons, `memory-${round}`));
      samples.redis.push(
        await beaconRound(
          fake,
          relays.map((relay) => relay.ready),
          beacons,
          `redis-${round}`,
        ),
      );
      samples.pipeline.push(await pipelineRound(fake, redis.url, beacons, `pipeline-${round}`));
      log(
        `server, scale-out round ${round + 1}: in-memory ${Math.round(samples.memory.at(-1))}/s, Redis ${Math.round(samples.redis.at(-1))}/s, Redis without HTTP ${Math.round(samples.pipeline.at(-1))}/s`,
      );
    }
    const memoryRate = summarize(samples.memory);
    const redisRate = summarize(samples.redis);
    return {
      rows: [
        { what: 'beacons -> 1 relay process (in-memory queue and client) -> fake', eventsPerRound: beacons, perSecond: memoryRate },
        { what: 'beacons -> 2 relay processes -> Redis (BullMQ) -> 2 worker processes -> fake', eventsPerRound: beacons, perSecond: redisRate },
        {
          what: 'queue.enqueue (64 at once, no HTTP) -> Redis (BullMQ) -> 2 worker processes -> fake',
          eventsPerRound: beacons,
          perSecond: summarize(samples.pipeline),
        },
      ],
      ratio: ratio(redisRate, memoryRate),
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await redis.stop();
  }
}

export async function measureServer({ rounds = 10, convert = 5_000, client = 10_000, relay = 2_000, beacons = 10_000, scaleRounds = 5, log = () => {} } = {}) {
  const fake = await fakeCapi();
  try {
    let offset = 0;
    const take = (n) => {
      offset += n;
      return offset - n;
    };
    // Warm-up rounds, left out.
    convertRound(convert, take(convert));
    convertRound(convert, take(convert), distinct);
    await clientRound(fake, 2000, take(2000));
    await relayRound(fake, 200, take(200));
    const samples = { convert: [], distinct: [], client: [], relay: [] };
    for (let round = 0; round < rounds; round++) {
      samples.convert.push(convertRound(convert, take(convert)));
      samples.distinct.push(convertRound(convert, take(convert), distinct));
      samples.client.push(await clientRound(fake, client, take(client)));
      samples.relay.push(await relayRound(fake, relay, take(relay)));
    }
    const rows = [
      { what: 'toConversionEvent (checkout, 3 items, 6 customer fields hashed)', eventsPerRound: convert, perSecond: summarize(samples.convert) },
      { what: 'toConversionEvent, every customer field different on every order', eventsPerRound: convert, perSecond: summarize(samples.distinct) },
      { what: 'client.send to the fake Conversions API (batches of 1000, 4 at once)', eventsPerRound: client, perSecond: summarize(samples.client) },
      {
        what: 'relay handler on node:http: beacon -> check -> client -> fake (16 at once, batches of 100)',
        eventsPerRound: relay,
        perSecond: summarize(samples.relay),
      },
    ];
    const scaleOut = await measureScaleOut(fake, { rounds: scaleRounds, beacons, log });
    rows.push(...scaleOut.rows);
    for (const row of rows) log(`server, ${row.what.split(' (')[0]}: ${Math.round(row.perSecond.median)} events/s`);
    log(`server, Redis scale-out against the in-memory relay process: ${scaleOut.ratio.toFixed(2)}x`);
    return {
      rows,
      scaleOutRatio: scaleOut.ratio,
      requestsToFake: fake.requests.length,
      eventsAccepted: fake.events.length,
      fakeRejected: fake.requests.filter((r) => r.outcome !== 200).length,
    };
  } finally {
    await fake.close();
  }
}
