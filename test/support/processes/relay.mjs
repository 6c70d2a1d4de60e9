// A relay process for the multi-process tests and the benchmark: the built server entry (dist/server.mjs) with a
// Redis queue, on node:http at a free loopback port. Prints `ready <url>` once listening; answers `stats` over IPC;
// flushes and closes on SIGTERM.
//   REDIS_URL, QUEUE_NAME, ALLOWED_ORIGIN, WEB_WINDOW_MS (optional)
import { createServer } from 'node:http';
import { createRedisQueue, createRelayHandler } from '../../../dist/server.mjs';

const env = process.env;
const queue = createRedisQueue({ connection: env.REDIS_URL, name: env.QUEUE_NAME, ...(env.WEB_WINDOW_MS ? { webWindowMs: Number(env.WEB_WINDOW_MS) } : {}) });
const relay = createRelayHandler(queue, { allowedOrigins: [env.ALLOWED_ORIGIN], rateLimit: false, ...(env.WEB_WINDOW_MS ? { webWindowMs: Number(env.WEB_WINDOW_MS) } : {}) });
const server = createServer((req, res) => void relay(req, res));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${server.address().port}`));
process.on('message', async (message) => {
  if (message === 'stats') process.send?.({ stats: await relay.stats() });
});
process.once('SIGTERM', async () => {
  server.close();
  await relay.flush({ timeoutMs: 5000 });
  await queue.close();
  process.exit(0);
});
