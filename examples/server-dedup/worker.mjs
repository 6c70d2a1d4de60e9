// A delivery worker for the example in Redis mode: start as many as you like, in as many processes or machines,
// with the same REDIS_URL (and QUEUE_NAME). Each sends the queued events to the Conversions API, holding
// Pinterest's 5,000 calls a minute together with the others.
//
//   REDIS_URL=redis://127.0.0.1:6379 AD_ACCOUNT_ID=… CAPI_TOKEN=… node examples/server-dedup/worker.mjs
import { createDeliveryWorker } from '../../dist/server.mjs';
import { makeClient } from './client.mjs';

if (!process.env.REDIS_URL) {
  console.error('Set REDIS_URL, e.g. redis://127.0.0.1:6379');
  process.exit(1);
}
const { client } = makeClient();
const worker = createDeliveryWorker({ client, connection: process.env.REDIS_URL, name: process.env.QUEUE_NAME });
console.log(`Delivery worker ${process.pid} on ${process.env.REDIS_URL.replace(/\/\/[^@]*@/, '//…@')}`);

// A worker stopped or killed mid-batch loses nothing: its jobs go back to the queue for the others.
const stop = () => worker.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
