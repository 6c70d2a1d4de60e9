// The durable delivery queue: events are stored in Redis through BullMQ, by any number of relay (and webhook)
// processes, and sent by any number of `createDeliveryWorker`s in any processes. A crash, a deploy or a Pinterest
// outage loses nothing: an event waits in Redis until a worker sends it or its window closes.
//
// Each enqueue is checked against Redis atomically (redis-store.ts): an event ID is queued once within the
// deduplication window, however many relays receive it, and the backlog has a bound. Events that arrive together
// are stored as one BullMQ job (a few milliseconds of them, up to 200), which is what lets one Redis keep up with
// thousands of beacons a second; the event ID, not the job, is what identifies an event throughout.
import type { Queue } from 'bullmq';
import type { Redis as IORedis } from 'ioredis';
import { type DeliveryItem, type DeliveryQueue, type EnqueueOutcome, type FlushResult, type QueueStats, sendBy } from './delivery-queue';
import { DEFAULT_WEB_WINDOW_MS } from './pinterest-limits';
import { checkConnection, connectRedis, ENQUEUE, keysFor, type RedisConnection, type RedisKeys, runScript, UNDO_ENQUEUE } from './redis-store';
import { Counts, type FailureReason } from './stats';

export type { RedisConnection };

/** The name of the BullMQ queue and its dead letters, by default. */
export const DEFAULT_QUEUE_NAME = 'pinterest-capi';
/** The key prefix, by default (BullMQ's own default is `bull`). */
export const DEFAULT_PREFIX = 'spt';

/** What a stored job holds. */
export interface JobData {
  items: DeliveryItem[];
}

/**
 * An event that failed for good, kept in the dead-letter queue (`<name>-failed`) with why: inspect it with
 * `worker.failed()` (or any BullMQ tool), send it again with `worker.redrive()`.
 *
 * @example
 * const [letter] = await worker.failed();
 * // { item: { event, copy }, reason: 'rejected', error: 'Invalid parameters.', failedAt: 1795939200000 }
 */
export interface DeadLetter {
  item: DeliveryItem;
  reason: FailureReason;
  error?: string;
  /** Milliseconds since the epoch. */
  failedAt: number;
}

/** The dead-letter queue's name for the queue `name`. */
export const deadLetterQueueName = (name: string): string => `${name}-failed`;

/** What the worker's retries do: up to this many attempts, which the window for sending ends far sooner. */
export const JOB_OPTIONS = {
  attempts: 1_000_000,
  backoff: { type: 'pinterest' },
  // Finished jobs are kept an hour for inspection; their event IDs stay known by the deduplication keys.
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

/**
 * Options of `createRedisQueue`; only `connection` is required.
 *
 * @example
 * const options: RedisQueueOptions = { connection: process.env.REDIS_URL!, name: 'pinterest-capi-549755885175' };
 */
export interface RedisQueueOptions {
  /** Where Redis is: a URL (`redis://…`, `rediss://…`) or ioredis options. */
  connection: RedisConnection;
  /** The queue's name; the same for the relays and the workers of one ad account. Defaults to `'pinterest-capi'`. */
  name?: string;
  /** Prefix of every key, BullMQ's included. Defaults to `'spt'`. */
  prefix?: string;
  /** An event ID queued again within this window, by any process, is a `duplicate`. Defaults to `3600000` ms (one hour). */
  dedupWindowMs?: number;
  /** A browser copy older than this is not queued (`late`). Defaults to 55 minutes; give the workers the same. */
  webWindowMs?: number;
  /** Events queued and not yet sent or failed, at most; more are refused (`full`). Defaults to `1000000`. */
  maxBacklog?: number;
  /** Events that arrive within `maxDelayMs` (default 20) are stored together, up to `maxEvents` (default 200). */
  batch?: { maxEvents?: number; maxDelayMs?: number };
  /** How long an enqueue may wait for Redis before the events are refused (`full`: the relay answers 503). Defaults to `5000` ms. */
  timeoutMs?: number;
  /** Called when Redis fails. Defaults to one `console.warn` with the message. */
  onError?: (error: Error) => void;
}

/** Validated common options of the queue and its workers. */
export function redisBasics(options: { connection: unknown; name?: unknown; prefix?: unknown }): {
  connection: RedisConnection;
  name: string;
  prefix: string;
  keys: RedisKeys;
} {
  const connection = checkConnection(options?.connection);
  const name = options.name ?? DEFAULT_QUEUE_NAME;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  for (const [field, value] of Object.entries({ name, prefix })) {
    if (!(typeof value === 'string' && /^[\w.-]{1,100}$/.test(value))) throw new TypeError(`${field} must be 1 to 100 letters, digits, '.', '_' or '-'`);
  }
  return { connection, name: name as string, prefix: prefix as string, keys: keysFor(prefix as string, name as string) };
}

/** Rejects after `ms`, so that a Redis that does not answer cannot hold a request. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A durable delivery queue on Redis through BullMQ: give it to `createRelayHandler` and `createOrderWebhookHandler`
 * in any number of processes, and run `createDeliveryWorker`s (same `connection` and `name`) to send. Nothing is
 * sent by the queue itself.
 *
 * @example
 * const queue = createRedisQueue({ connection: process.env.REDIS_URL! });
 * const relay = createRelayHandler(queue, { allowedOrigins: ['https://shop.example'] });
 * // elsewhere: createDeliveryWorker({ client, connection: process.env.REDIS_URL! })
 */
export function createRedisQueue(options: RedisQueueOptions): DeliveryQueue {
  const { connection, name, prefix, keys } = redisBasics(options);
  const { dedupWindowMs = 3_600_000, webWindowMs = DEFAULT_WEB_WINDOW_MS, maxBacklog = 1_000_000, batch = {}, timeoutMs = 5000 } = options;
  const maxEvents = batch.maxEvents ?? 200;
  const maxDelayMs = batch.maxDelayMs ?? 20;
  for (const [field, value] of Object.entries({ dedupWindowMs, webWindowMs, maxBacklog, timeoutMs, 'batch.maxEvents': maxEvents })) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${field} must be a number above 0`);
  }
  const report = options.onError ?? ((error: Error) => console.warn(`[pinterest-capi] ${error.message}`));
  const onError = (error: unknown): void => {
    try {
      report(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error callback must not stop the server.
    }
  };

  // Connected on first use, so that making the queue costs nothing and needs no await.
  let opened: Promise<{ redis: IORedis; queue: Queue<JobData>; dead: Queue<DeadLetter> }> | undefined;
  /** The connection, as soon as it exists: `close()` ends it even while it is still trying to connect. */
  let connected: IORedis | undefined;
  const open = (): Promise<{ redis: IORedis; queue: Queue<JobData>; dead: Queue<DeadLetter> }> => {
    opened ??= (async () => {
      const [{ Queue: BullQueue }, redis] = await Promise.all([import('bullmq'), connectRedis(connection, 'producer')]);
      connected = redis;
      if (closed && !storing.size) throw new Error('the queue is closed');
      // ioredis reconnects by itself; its errors surface as failed commands, which are reported where they happen.
      redis.on('error', () => undefined);
      if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
      const queue = new BullQueue<JobData>(name, { connection: redis, prefix, skipVersionCheck: true });
      const dead = new BullQueue<DeadLetter>(deadLetterQueueName(name), { connection: redis, prefix, skipVersionCheck: true });
      queue.on('error', () => undefined);
      dead.on('error', () => undefined);
      return { redis, queue, dead };
    })();
    return opened;
  };

  const counts = new Counts();
  let closed = false;
  const pending: { item: DeliveryItem; settle: (outcome: EnqueueOutcome) => void }[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const storing = new Set<Promise<void>>();

  /** Stores the waiting items: dedup and backlog in one script, then one job with the new ones. */
  async function store(group: typeof pending): Promise<void> {
    const ids = group.map(({ item }) => item.event.event_id);
    let outcomes: EnqueueOutcome[];
    try {
      const { redis, queue } = await within(open(), timeoutMs);
      if (redis.status !== 'ready') throw new Error(`Redis is ${redis.status}`);
      const marks = (await within(runScript(redis, ENQUEUE, [keys.backlog], [dedupWindowMs, maxBacklog, keys.dedup, ...ids]), timeoutMs)) as number[];
      outcomes = marks.map((mark) => (mark === 1 ? 'queued' : mark === 0 ? 'duplicate' : 'full'));
      const fresh = group.filter((_, index) => outcomes[index] === 'queued');
      if (fresh.length) {
        try {
          await within(queue.add('events', { items: fresh.map(({ item }) => item) }, JOB_OPTIONS), timeoutMs);
        } catch (error) {
          // Not stored: the IDs are freed again, so that the events can be queued later.
          await runScript(redis, UNDO_ENQUEUE, [keys.backlog], [keys.dedup, ...fresh.map(({ item }) => item.event.event_id)]).catch(() => undefined);
          throw error;
        }
      }
    } catch (error) {
      onError(new Error(`the Redis queue could not store ${group.length} events: ${(error as Error)?.message ?? error}`));
      outcomes = group.map(() => 'full');
    }
    group.forEach(({ item, settle }, index) => {
      const outcome = outcomes[index] ?? 'full';
      counts.add(item.event.event_name, outcome === 'full' || outcome === 'closed' ? 'refused' : outcome);
      settle(outcome);
    });
  }

  const storePending = (): void => {
    clearTimeout(timer);
    timer = undefined;
    while (pending.length) {
      const group = pending.splice(0, maxEvents);
      const done = store(group).finally(() => storing.delete(done));
      storing.add(done);
    }
  };

  const queue: DeliveryQueue = {
    enqueue(items) {
      const now = Date.now();
      return Promise.all(
        items.map(
          (item) =>
            new Promise<EnqueueOutcome>((settle) => {
              if (closed) return settle('closed');
              if (item.copy === 'browser' && now > sendBy(item.event, 'browser', webWindowMs)) {
                counts.add(item.event.event_name, 'late');
                return settle('late');
              }
              pending.push({ item, settle });
              if (pending.length >= maxEvents) storePending();
              else timer ??= setTimeout(storePending, maxDelayMs);
            }),
        ),
      );
    },
    async noteBrowserCopy(eventId) {
      try {
        const { redis } = await within(open(), timeoutMs);
        await within(redis.set(keys.browser + eventId, '1', 'PX', 24 * 3_600_000), timeoutMs);
      } catch (error) {
        onError(error);
      }
    },
    async claim(key, ttlMs) {
      const { redis } = await within(open(), timeoutMs);
      return (await within(redis.set(keys.claim + key, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'), timeoutMs)) === 'OK';
    },
    async unclaim(key) {
      const { redis } = await within(open(), timeoutMs);
      await within(redis.del(keys.claim + key), timeoutMs);
    },
    async stats(): Promise<QueueStats> {
      const snapshot = counts.snapshot();
      try {
        const { redis, queue: bull, dead } = await within(open(), timeoutMs);
        const [jobs, backlog, failed] = await within(
          Promise.all([bull.getJobCounts('waiting', 'prioritized', 'active', 'delayed'), redis.get(keys.backlog), dead.getWaitingCount()]),
          timeoutMs,
        );
        return {
          ...snapshot,
          queue: {
            waiting: (jobs.waiting ?? 0) + (jobs.prioritized ?? 0),
            inFlight: jobs.active ?? 0,
            delayed: jobs.delayed ?? 0,
            failed,
            backlog: Math.max(0, Number(backlog ?? 0)),
          },
        };
      } catch (error) {
        onError(error);
        return { ...snapshot, queue: { waiting: 0, inFlight: 0, delayed: 0, failed: 0 } };
      }
    },
    async flush(flushOptions = {}): Promise<FlushResult> {
      closed = true;
      storePending();
      const all = Promise.all(storing);
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(true), flushOptions?.timeoutMs ?? 10_000))),
      ]);
      clearTimeout(deadline);
      // Stored events are the workers' to send; nothing here is lost or left unsent.
      return { sent: 0, failed: 0, unsent: [], timedOut };
    },
    async close() {
      await queue.flush();
      if (!opened) return;
      // A queue that never connected (Redis away) has nothing to close but the connection's attempts.
      const ready = await within(opened, 100).catch(() => undefined);
      await Promise.all([ready?.queue.close(), ready?.dead.close()]).catch(() => undefined);
      connected?.disconnect();
    },
  };
  return queue;
}
