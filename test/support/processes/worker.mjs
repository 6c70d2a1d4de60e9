// A delivery worker process for the multi-process tests and the benchmark: the built server entry
// (dist/server.mjs). Every request it makes carries `X-Sender: <pid>`, so that the fake Conversions API can tell
// the workers apart. Prints `ready` once started; answers `stats` over IPC; closes on SIGTERM.
//   REDIS_URL, QUEUE_NAME, CAPI_ENDPOINT, and optionally RATE_CALLS, RATE_MS, BATCH_SIZE, LOCK_MS, STALLED_MS,
//   WEB_WINDOW_MS, CONCURRENCY
import { createConversionsClient, createDeliveryWorker } from '../../../dist/server.mjs';

const env = process.env;
const number = (name) => (env[name] ? { [name]: Number(env[name]) } : {});
const { RATE_CALLS, RATE_MS, BATCH_SIZE, LOCK_MS, STALLED_MS, WEB_WINDOW_MS, CONCURRENCY } = {
  ...number('RATE_CALLS'),
  ...number('RATE_MS'),
  ...number('BATCH_SIZE'),
  ...number('LOCK_MS'),
  ...number('STALLED_MS'),
  ...number('WEB_WINDOW_MS'),
  ...number('CONCURRENCY'),
};
const sender = String(process.pid);
const client = createConversionsClient({
  adAccountId: '549755885175',
  accessToken: 'test-token',
  endpoint: env.CAPI_ENDPOINT,
  backoffMs: 5,
  maxBackoffMs: 100,
  maxRetries: 3,
  fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'X-Sender': sender } }),
});
const worker = createDeliveryWorker({
  client,
  connection: env.REDIS_URL,
  name: env.QUEUE_NAME,
  backoffMs: 50,
  maxBackoffMs: 500,
  maxDelayMs: 50,
  ...(RATE_CALLS ? { rateLimit: { calls: RATE_CALLS, perMs: RATE_MS ?? 60_000 } } : {}),
  ...(BATCH_SIZE ? { batchSize: BATCH_SIZE } : {}),
  ...(LOCK_MS ? { lockDurationMs: LOCK_MS } : {}),
  ...(STALLED_MS ? { stalledIntervalMs: STALLED_MS } : {}),
  ...(WEB_WINDOW_MS ? { webWindowMs: WEB_WINDOW_MS } : {}),
  ...(CONCURRENCY ? { concurrency: CONCURRENCY } : {}),
  onError: () => undefined,
});
console.log('ready');
process.on('message', async (message) => {
  if (message === 'stats') process.send?.({ stats: await worker.stats() });
});
process.once('SIGTERM', async () => {
  await worker.close();
  process.exit(0);
});
