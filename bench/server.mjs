// The server entry's throughput: toConversionEvent with hashing (a checkout the server saw, its shopper's email,
// phone and name hashed), and end to end through createConversionsClient to the local fake Conversions API
// (stand-ins/conversions-api/fake-capi.ts, which checks every body against Pinterest's request schema), and through the relay
// handler on node:http. Everything runs on 127.0.0.1.
import { createServer } from 'node:http';
import { runnerImport } from 'vite';
import { summarize } from './lib/stats.mjs';

const server = await import('../dist/server.mjs');
const { toConversionEvent, createConversionsClient, createRelayHandler } = server;

/** The fake Conversions API of the test suite, loaded from its TypeScript source by Vite's module runner. */
async function fakeCapi() {
  const { module } = await runnerImport(new URL('../stand-ins/conversions-api/fake-capi.ts', import.meta.url).pathname, { configFile: false, logLevel: 'error' });
  return module.startFakeCapi();
}

const items = Array.from({ length: 3 }, (_, k) => ({ id: `SKU-${k}`, name: `Product ${k}`, price: 19.99 + k, quantity: 1 + k }));

/** A different shopper and order each time, so that no hash or ID is reused. */
const action = (i) => ({
  action: 'checkout',
  data: { orderId: `S-${i}`, items, currency: 'USD' },
  customer: { email: `shopper${i}@example.com`, phone: `+1 555 01${String(i % 100000).padStart(5, '0')}`, firstName: 'Jane', lastName: 'Doe', country: 'US', zip: '94107' },
  url: 'https://shop.example/thank-you',
});
const context = { clientIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' };

/** Events per second of toConversionEvent over `n` events per round. */
function convertRound(n, offset) {
  const start = performance.now();
  let ok = 0;
  for (let i = 0; i < n; i++) if (toConversionEvent(action(offset + i), context).ok) ok++;
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
        event: 'addtocart', apiEvent: 'add_to_cart', eventId, time: Date.now(), url: 'https://shop.example/products/1',
        data: { line_items: [{ product_id: 'SKU-1', product_price: 19.99, product_quantity: 1 }], order_quantity: 1, value: 19.99, currency: 'USD', event_id: eventId },
        match: { em: toConversionEvent(action(i), context).event.user_data.em[0] },
      };
      const response = await fetch(url, { method: 'POST', body: JSON.stringify(tracked), headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: 'https://shop.example', 'User-Agent': context.userAgent } });
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

export async function measureServer({ rounds = 10, convert = 5_000, client = 10_000, relay = 2_000, log = () => {} } = {}) {
  const fake = await fakeCapi();
  try {
    let offset = 0;
    const take = (n) => (offset += n) - n;
    // Warm-up rounds, left out.
    convertRound(convert, take(convert));
    await clientRound(fake, 2000, take(2000));
    await relayRound(fake, 200, take(200));
    const samples = { convert: [], client: [], relay: [] };
    for (let round = 0; round < rounds; round++) {
      samples.convert.push(convertRound(convert, take(convert)));
      samples.client.push(await clientRound(fake, client, take(client)));
      samples.relay.push(await relayRound(fake, relay, take(relay)));
    }
    const rows = [
      { what: 'toConversionEvent (checkout, 3 items, 6 customer fields hashed)', eventsPerRound: convert, perSecond: summarize(samples.convert) },
      { what: 'client.send to the fake Conversions API (batches of 1000, 4 at once)', eventsPerRound: client, perSecond: summarize(samples.client) },
      { what: 'relay handler on node:http: beacon -> check -> client -> fake (16 at once, batches of 100)', eventsPerRound: relay, perSecond: summarize(samples.relay) },
    ];
    for (const row of rows) log(`server, ${row.what.split(' (')[0]}: ${Math.round(row.perSecond.median)} events/s`);
    return { rows, requestsToFake: fake.requests.length, eventsAccepted: fake.events.length, fakeRejected: fake.requests.filter((r) => r.outcome !== 200).length };
  } finally {
    await fake.close();
  }
}
