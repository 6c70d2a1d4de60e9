// A relay process for the multi-process tests and the benchmark: the built server entry (dist/server.mjs) on
// node:http at a free loopback port. With REDIS_URL, its events go to the Redis queue (workers send them); without,
// to an in-memory queue that sends them to CAPI_ENDPOINT itself, as a single-process store runs it. Prints
// `ready <url>` once listening; answers `stats` over IPC; flushes and closes on SIGTERM.
//   REDIS_URL + QUEUE_NAME, or CAPI_ENDPOINT; ALLOWED_ORIGIN; WEB_WINDOW_MS (optional)
import { createServer } from 'node:http';
import { createConversionsClient, createRedisQueue, createRelayHandler } from '../../../dist/server.mjs';

const env = process.env;
const window = env.WEB_WINDOW_MS ? { webWindowMs: Number(env.WEB_WINDOW_MS) } : {};
const target = env.REDIS_URL
  ? createRedisQueue({ connection: env.REDIS_URL, name: env.QUEUE_NAME, ...window })
  : createConversionsClient({ adAccountId: '549755885175', accessToken: 'test-token', endpoint: env.CAPI_ENDPOINT });
const relay = createRelayHandler(target, { allowedOrigins: [env.ALLOWED_ORIGIN], rateLimit: false, ...window });
const server = createServer((req, res) => void relay(req, res));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${server.address().port}`));
process.on('message', async (message) => {
  if (message === 'stats') process.send?.({ stats: await relay.stats() });
});
process.once('SIGTERM', async () => {
  server.close();
  await relay.flush({ timeoutMs: 5000 });
  if (env.REDIS_URL) await target.close();
  process.exit(0);
});
