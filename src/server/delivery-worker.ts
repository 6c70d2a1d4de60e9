// The sender of the Redis queue: a BullMQ worker that takes the stored events, sends them in requests of up to
// 1,000 (events of several jobs together), holds Pinterest's 5,000 calls a minute together with every other
// worker through Redis, retries with backoff until each event's window for sending closes, keeps what failed for
// good in a dead-letter queue with its reason, and never sends an event again once Pinterest processed it.
//
// A worker killed in the middle of a request loses nothing: its jobs' locks expire and BullMQ gives them to another
// worker (BullMQ's stalled-job check). Events it had sent and marked are skipped then; the only window for a second
// copy is between Pinterest's answer and the mark a few milliseconds later, and Pinterest deduplicates that copy by
// its event ID as it does the tag's.
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis as IORedis } from 'ioredis';
import { type CallLimiter, type CallRate, checkRate } from './call-limiter';
import type { ClientStats, ConversionsClient, EventResult } from './client';
import { ConversionsApiError } from './client';
import type { ConversionEvent } from './conversion-types';
import { type DeliveryItem, type QueueDepth, sendBy } from './delivery-queue';
import { CALLS_PER_MINUTE, DEFAULT_WEB_WINDOW_MS, MAX_EVENTS_PER_REQUEST } from './pinterest-limits';
import { type DeadLetter, deadLetterQueueName, JOB_OPTIONS, type JobData, redisBasics } from './redis-queue';
import { connectRedis, createRedisCallLimiter, FINISH, type RedisConnection, runScript } from './redis-store';
import { Counts, type EventStats, type FailureReason, RETRYABLE } from './stats';

/**
 * Options of `createDeliveryWorker`; `client` and `connection` are required.
 *
 * @example
 * const options: DeliveryWorkerOptions = { client, connection: process.env.REDIS_URL!, concurrency: 50 };
 */
export interface DeliveryWorkerOptions {
  /** Sends the events (`createConversionsClient`); its own rate limit is replaced by the one the workers share. */
  client: ConversionsClient;
  /** The Redis of the queue: a URL or ioredis options. */
  connection: RedisConnection;
  /** The queue's name, as given to `createRedisQueue`. Defaults to `'pinterest-capi'`. */
  name?: string;
  /** The key prefix, as given to `createRedisQueue`. Defaults to `'spt'`. */
  prefix?: string;
  /** Events per request, at most 1000 (Pinterest's most). Defaults to `1000`. */
  batchSize?: number;
  /** How long events wait for more to fill a request. Defaults to `200` ms. */
  maxDelayMs?: number;
  /** Jobs this worker holds at once (each up to 200 events). Defaults to `50`. */
  concurrency?: number;
  /**
   * Pinterest's rate limit, held by every worker of this queue together: at most `calls` requests in any `perMs`.
   * Defaults to `{ calls: 5000, perMs: 60000 }` (5,000 calls per minute per ad account). Use one queue per ad account.
   */
  rateLimit?: CallRate;
  /** A browser copy is not sent later than this after its event time (then `late`). Defaults to 55 minutes; give the queue the same. */
  webWindowMs?: number;
  /** A job's first retry waits up to this long, each next one up to twice as long (full jitter). Defaults to `1000` ms. */
  backoffMs?: number;
  /** No retry waits longer (a 429's `Retry-After` aside). Defaults to `300000` ms (5 minutes). */
  maxBackoffMs?: number;
  /** BullMQ's lock on a job: a worker that died is noticed this long after its last renewal. Defaults to `30000` ms. */
  lockDurationMs?: number;
  /** How often stalled jobs (of dead workers) are looked for. Defaults to `30000` ms. */
  stalledIntervalMs?: number;
  /** How long a sent event's ID is remembered, so that a job run again after a crash skips it. Defaults to `3600000` ms. */
  sentWindowMs?: number;
  /** Called with each failure worth a look (a request that failed, events refused, Redis errors). Defaults to `console.warn` of the message. */
  onError?: (error: Error) => void;
}

/**
 * A worker's counts: events by name and outcome (`sent`, `failed`, `late`, `duplicate`), failures by reason, the
 * client's requests, and the queue's depth.
 *
 * @example
 * const { events, failures, queue } = await worker.stats();
 */
export interface WorkerStats extends EventStats {
  requests?: ClientStats['requests'];
  queue: QueueDepth;
}

/**
 * A running delivery worker, made by `createDeliveryWorker`.
 *
 * @example
 * process.once('SIGTERM', () => worker.close().then(() => process.exit(0)));
 */
export interface DeliveryWorker {
  /** Counts since the worker started, and the queue's depth. */
  stats(): Promise<WorkerStats>;
  /** The dead letters: events that failed for good, newest first, with their reason. */
  failed(options?: { limit?: number }): Promise<DeadLetter[]>;
  /** Queues dead letters again (by default all but `late` ones, which would only be late again); resolves with how many. */
  redrive(options?: { reasons?: readonly FailureReason[]; limit?: number }): Promise<number>;
  /** Sends what it holds, finishes its jobs and disconnects. */
  close(): Promise<void>;
}

/** A retry, with how long Pinterest asked to wait. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

/** The dead-letter job ID of an event: BullMQ job IDs may not hold ':' nor be numbers, event IDs may. */
const deadLetterId = (eventId: string): string => `e${Buffer.from(eventId).toString('base64url')}`;

/**
 * Starts a worker that sends the Redis queue's events: any number of them, in any processes, for one queue. Each
 * takes jobs, sends their events in requests of up to 1,000, holds Pinterest's rate limit with the others
 * through Redis, retries with backoff until an event's window closes (a browser copy: 55 minutes after it
 * happened; a server-only one: Pinterest's 7 days), and keeps failures in the dead-letter queue `<name>-failed`.
 *
 * @example
 * import { createConversionsClient, createDeliveryWorker } from 'storefront-pinterest-tag/server';
 * const client = createConversionsClient({ adAccountId: process.env.AD_ACCOUNT_ID!, accessToken: process.env.CAPI_TOKEN! });
 * const worker = createDeliveryWorker({ client, connection: process.env.REDIS_URL! });
 * process.once('SIGTERM', () => worker.close().then(() => process.exit(0)));
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { connection, name, prefix, keys } = redisBasics(options);
  const { client } = options;
  if (typeof client?.send !== 'function') throw new TypeError('createDeliveryWorker needs a client from createConversionsClient');
  const {
    batchSize = MAX_EVENTS_PER_REQUEST,
    maxDelayMs = 200,
    concurrency = 50,
    rateLimit = { calls: CALLS_PER_MINUTE, perMs: 60_000 },
    webWindowMs = DEFAULT_WEB_WINDOW_MS,
    backoffMs = 1000,
    maxBackoffMs = 300_000,
    lockDurationMs = 30_000,
    stalledIntervalMs = 30_000,
    sentWindowMs = 3_600_000,
  } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_EVENTS_PER_REQUEST))
    throw new TypeError('batchSize must be a whole number from 1 to 1000');
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new TypeError('concurrency must be a whole number from 1');
  checkRate('rateLimit', rateLimit);
  for (const [field, value] of Object.entries({ webWindowMs, lockDurationMs, stalledIntervalMs, sentWindowMs, maxBackoffMs })) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${field} must be a number above 0`);
  }
  if (!(typeof maxDelayMs === 'number' && maxDelayMs >= 0 && typeof backoffMs === 'number' && backoffMs >= 0))
    throw new TypeError('maxDelayMs and backoffMs must be numbers of 0 or more');
  const report = options.onError ?? ((error: Error) => console.warn(`[pinterest-capi worker] ${error.message}`));
  const onError = (error: unknown): void => {
    try {
      report(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error callback must not stop the worker.
    }
  };

  const counts = new Counts();
  let redis: IORedis | undefined;
  let limiter: CallLimiter | undefined;
  let queue: Queue<JobData> | undefined;
  let dead: Queue<DeadLetter> | undefined;
  let worker: Worker<JobData> | undefined;
  let closing = false;

  // --- requests: events of concurrent jobs sent together --------------------------------------------------------
  type Waiting = { event: ConversionEvent; deadline: number; settle: (result: EventResult) => void };
  const waiting: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sendWaiting = (): void => {
    clearTimeout(timer);
    timer = undefined;
    while (waiting.length) {
      const group = waiting.splice(0, batchSize);
      const deadlines = new Map(group.map((entry) => [entry.event, entry.deadline]));
      const events = group.map((entry) => entry.event);
      client
        .send(events, { ...(limiter ? { limiter } : {}), notAfter: (event) => deadlines.get(event) ?? Number.POSITIVE_INFINITY })
        .then(
          (result) => result.results,
          (error: unknown) => {
            if (error instanceof ConversionsApiError && error.results.length === events.length) return error.results;
            onError(error);
            return events.map(
              (event): EventResult => ({ eventId: event.event_id, status: 'failed', error: String((error as Error)?.message ?? error), reason: 'other' }),
            );
          },
        )
        .then(async (results) => {
          const settled = group.map((entry, index): EventResult => results[index] ?? { eventId: entry.event.event_id, status: 'processed' });
          // Marked sent the moment Pinterest answers, before anything else: a job run again after a crash skips these,
          // even when other events of the same job were still in flight.
          const processed = group.filter((_, index) => settled[index]?.status === 'processed');
          if (processed.length && redis) {
            const marks = redis.pipeline();
            for (const entry of processed) marks.set(keys.sent + entry.event.event_id, '1', 'PX', sentWindowMs);
            await marks.exec().catch((error: unknown) => onError(error));
          }
          group.forEach((entry, index) => {
            entry.settle(settled[index] as EventResult);
          });
        });
    }
  };
  const send = (event: ConversionEvent, deadline: number): Promise<EventResult> =>
    new Promise((settle) => {
      waiting.push({ event, deadline, settle });
      if (waiting.length >= batchSize || closing) sendWaiting();
      else timer ??= setTimeout(sendWaiting, maxDelayMs);
    });

  // --- one job -----------------------------------------------------------------------------------------------------
  const deadLetter = async (item: DeliveryItem, reason: FailureReason, error?: string): Promise<void> => {
    const letter: DeadLetter = { item, reason, failedAt: Date.now(), ...(error ? { error } : {}) };
    await dead?.add('failed', letter, { jobId: deadLetterId(item.event.event_id), removeOnComplete: true });
  };

  async function deliver(job: Job<JobData>): Promise<{ sent: number }> {
    const items = Array.isArray(job.data?.items) ? job.data.items : [];
    const store = redis as IORedis;
    const ids = items.map((item) => item.event.event_id);
    // What a run before this one (of a worker that died) already sent, and which orders' checkouts the browser sent.
    const orders = items.filter((item) => item.copy === 'order').map((item) => item.event.event_id);
    const [sentMarks, browserMarks] = await Promise.all([
      ids.length ? store.mget(...ids.map((id) => keys.sent + id)) : Promise.resolve([] as (string | null)[]),
      orders.length ? store.mget(...orders.map((id) => keys.browser + id)) : Promise.resolve([] as (string | null)[]),
    ]);
    const browserSent = new Set(orders.filter((_, index) => browserMarks[index] !== null));
    const now = Date.now();
    let finished = 0;
    const sent: DeliveryItem[] = [];
    const pending: Promise<void>[] = [];
    const retry: { item: DeliveryItem; result: EventResult }[] = [];
    const letters: Promise<void>[] = [];
    items.forEach((item, index) => {
      const { event } = item;
      if (sentMarks[index] !== null) {
        counts.add(event.event_name, 'duplicate');
        finished++;
        return;
      }
      const copy = item.copy === 'order' ? (browserSent.has(event.event_id) ? 'browser' : 'server') : item.copy;
      const deadline = sendBy(event, copy, webWindowMs);
      if (now > deadline) {
        counts.add(event.event_name, 'late');
        letters.push(deadLetter(item, 'late', 'not sent: its window for sending had closed'));
        finished++;
        return;
      }
      pending.push(
        send(event, deadline).then((result) => {
          if (result.status === 'processed') {
            counts.add(event.event_name, 'sent');
            sent.push(item);
            finished++;
          } else if (result.reason === 'late') {
            counts.add(event.event_name, 'late');
            letters.push(deadLetter(item, 'late', result.error));
            finished++;
          } else if (result.reason && RETRYABLE.has(result.reason)) {
            retry.push({ item, result });
          } else {
            counts.add(event.event_name, 'failed', 1, result.reason ?? 'other');
            letters.push(deadLetter(item, result.reason ?? 'other', result.error));
            finished++;
          }
        }),
      );
    });
    await Promise.all(pending);
    await Promise.all(letters);
    if (finished) await runScript(store, FINISH, [keys.backlog], [finished]);
    if (retry.length) {
      // Only what is left is tried again, later; Pinterest's Retry-After, when it gave one, is the least wait.
      await job.updateData({ items: retry.map((entry) => entry.item) });
      const [first] = retry;
      throw new RetryLater(`${retry.length} events to retry: ${first?.result.error ?? first?.result.reason}`);
    }
    return { sent: sent.length };
  }

  // --- start -------------------------------------------------------------------------------------------------------
  const started = (async () => {
    const [{ Queue: BullQueue, Worker: BullWorker }, connected] = await Promise.all([import('bullmq'), connectRedis(connection, 'worker')]);
    redis = connected;
    redis.on('error', (error: Error) => onError(new Error(`Redis: ${error.message}`)));
    limiter = createRedisCallLimiter(redis, keys, rateLimit);
    queue = new BullQueue<JobData>(name, { connection: redis, prefix, skipVersionCheck: true });
    dead = new BullQueue<DeadLetter>(deadLetterQueueName(name), { connection: redis, prefix, skipVersionCheck: true });
    queue.on('error', () => undefined);
    dead.on('error', () => undefined);
    worker = new BullWorker<JobData>(name, deliver, {
      connection: redis,
      prefix,
      concurrency,
      lockDuration: lockDurationMs,
      stalledInterval: stalledIntervalMs,
      maxStalledCount: 10,
      skipVersionCheck: true,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) => {
          // Full jitter up to an exponential cap, at least what Pinterest asked for.
          const cap = Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attemptsMade - 1));
          return Math.max(error instanceof RetryLater ? error.retryAfterMs : 0, Math.round(Math.random() * cap));
        },
      },
    });
    worker.on('error', (error: Error) => onError(error));
  })();
  started.catch((error: unknown) => onError(new Error(`the delivery worker could not start: ${(error as Error)?.message ?? error}`)));

  return {
    async stats() {
      await started;
      const [jobs, failed] = await Promise.all([
        queue?.getJobCounts('waiting', 'prioritized', 'active', 'delayed') ?? Promise.resolve({} as Record<string, number>),
        dead?.getWaitingCount() ?? Promise.resolve(0),
      ]);
      const backlog = Number((await redis?.get(keys.backlog)) ?? 0);
      const requests = client.stats?.().requests;
      return {
        ...counts.snapshot(),
        ...(requests ? { requests } : {}),
        queue: {
          waiting: (jobs.waiting ?? 0) + (jobs.prioritized ?? 0),
          inFlight: jobs.active ?? 0,
          delayed: jobs.delayed ?? 0,
          failed,
          backlog: Math.max(0, backlog),
        },
      };
    },
    async failed(failedOptions = {}) {
      await started;
      const jobs = (await dead?.getWaiting(0, Math.max(1, failedOptions?.limit ?? 100) - 1)) ?? [];
      return jobs.map((job) => job.data);
    },
    async redrive(redriveOptions = {}) {
      await started;
      const reasons = new Set(
        redriveOptions?.reasons ??
          (['rejected', 'invalid', 'unauthorized', 'rate_limited', 'unavailable', 'network', 'aborted', 'unconfirmed', 'other'] as const),
      );
      const jobs = (await dead?.getWaiting(0, Math.max(1, redriveOptions?.limit ?? 1000) - 1)) ?? [];
      let count = 0;
      for (const job of jobs) {
        if (!reasons.has(job.data.reason)) continue;
        await redis?.incrby(keys.backlog, 1);
        await queue?.add('events', { items: [job.data.item] }, JOB_OPTIONS);
        await job.remove();
        count++;
      }
      return count;
    },
    async close() {
      closing = true;
      await started.catch(() => undefined);
      sendWaiting();
      await worker?.close();
      sendWaiting();
      await Promise.all([queue?.close(), dead?.close()]).catch(() => undefined);
      redis?.disconnect();
    },
  };
}
