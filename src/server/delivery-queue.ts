// The queue between what produces Conversions API events (the relay, order webhooks, the store's own code) and
// what sends them: its interface, and the one rule both implementations follow about when an event may still be
// sent. Implementations: memory-queue.ts (one process, the default) and redis-queue.ts with delivery-worker.ts
// (BullMQ on Redis: durable, any number of processes).
import type { ConversionEvent } from './conversion-types';
import { MAX_EVENT_AGE_MS } from './pinterest-limits';
import type { EventStats } from './stats';

/**
 * Who else sends this event, which decides how long it may wait (see `sendBy`):
 * - `browser`: the storefront's tag sent it too (a relayed event): sent within the web window or not at all;
 * - `server`: only the server sends it: Pinterest's own age limit applies;
 * - `order`: an order's checkout from a webhook or the store's server: `browser` if the relay saw the thank-you
 *   page's checkout for the same event ID, else `server`. Decided when it is sent, not when it is queued.
 *
 * @example
 * await queue.enqueue([{ event, copy: 'order' }]);
 */
export type EventCopy = 'browser' | 'server' | 'order';

/**
 * One event to send, and who else sends it.
 *
 * @example
 * const item: DeliveryItem = { event: result.event, copy: 'server' };
 */
export interface DeliveryItem {
  event: ConversionEvent;
  copy: EventCopy;
}

/**
 * What became of one enqueued item: `queued`; `duplicate` (its event ID is queued or was sent within the
 * deduplication window); `late` (its window for sending has closed already); `full` (the backlog is at its bound:
 * try again later); `closed` (the queue is shutting down).
 *
 * @example
 * const [outcome] = await queue.enqueue([item]); // 'queued'
 */
export type EnqueueOutcome = 'queued' | 'duplicate' | 'late' | 'full' | 'closed';

/**
 * What `flush()` did before its deadline: events sent and failed meanwhile, and those it could not send (still
 * queued, or in flight and cancelled at the deadline: they may or may not have reached Pinterest). Log or keep
 * `unsent`; they hold hashed data only.
 *
 * @example
 * const { unsent } = await relay.flush({ timeoutMs: 8000 });
 * if (unsent.length) console.warn(`${unsent.length} Conversions API events not sent`);
 */
export interface FlushResult {
  sent: number;
  failed: number;
  unsent: ConversionEvent[];
  /** The deadline came before every send had finished. */
  timedOut: boolean;
}

/**
 * How much is waiting: `waiting` to be sent, `inFlight` (being sent), `delayed` (waiting for a retry), `failed`
 * (kept with their reason: the Redis queue's dead letters). The memory queue counts events; the Redis queue counts
 * its BullMQ jobs (a job holds the events that arrived together, up to 200) in the first three, and events in
 * `failed` and `backlog`.
 *
 * @example
 * const { queue } = await relay.stats(); // { waiting: 12, inFlight: 100, delayed: 0, failed: 0 }
 */
export interface QueueDepth {
  waiting: number;
  inFlight: number;
  delayed: number;
  failed: number;
  /** Events held and not yet sent or failed, in any state: what the backlog bound counts. */
  backlog?: number;
}

/**
 * Counts of a queue: events by name and outcome, failures by reason, and its depth.
 *
 * @example
 * const { events, queue } = await queue.stats();
 */
export interface QueueStats extends EventStats {
  queue: QueueDepth;
}

/**
 * Where events wait to be sent: `createMemoryQueue` (in this process) or `createRedisQueue` (durable, shared by
 * any number of relay and worker processes). `createRelayHandler` and `createOrderWebhookHandler` take one.
 *
 * @example
 * const queue: DeliveryQueue = createMemoryQueue(client);
 * const relay = createRelayHandler(queue, { allowedOrigins: ['https://shop.example'] });
 */
export interface DeliveryQueue {
  /** Adds events to send; resolves with each one's outcome, in order, once they are held (in Redis: stored). */
  enqueue(items: readonly DeliveryItem[]): Promise<EnqueueOutcome[]>;
  /** The relay saw the browser's copy of this event (a thank-you page's checkout): its server copy is a `browser` one. */
  noteBrowserCopy(eventId: string): Promise<void>;
  /** `true` the first time `key` is claimed within `ttlMs`, `false` after: a webhook delivery seen twice is a replay. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back, e.g. when what it guarded could not be queued and will be delivered again. */
  unclaim(key: string): Promise<void>;
  /** Counts and depth. */
  stats(): Promise<QueueStats>;
  /** Stops taking events (`enqueue` answers `closed`), sends what it holds, and waits at most `timeoutMs` (default 10000). */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /** Flushes, then lets go of its connections. */
  close(): Promise<void>;
}

/**
 * Whether `value` is a `DeliveryQueue` (rather than a client).
 *
 * @example
 * isDeliveryQueue(createMemoryQueue(client)) // true
 */
export const isDeliveryQueue = (value: unknown): value is DeliveryQueue =>
  !!value && typeof (value as DeliveryQueue).enqueue === 'function' && typeof (value as DeliveryQueue).claim === 'function';

/** Margin kept inside Pinterest's age limit for a server-only event, for clocks that differ and a last request. */
const AGE_MARGIN_MS = 10 * 60_000;

/**
 * The last moment (ms since the epoch) an event may be sent. A browser copy within `webWindowMs` of its
 * `event_time` (default 55 minutes, inside Pinterest's hour: later it would be counted as an offline event, which
 * Pinterest does not deduplicate against the tag's); a server-only event within Pinterest's age limit.
 *
 * @example
 * sendBy(event, 'browser', 55 * 60_000) // event.event_time * 1000 + 3_300_000
 */
export function sendBy(event: ConversionEvent, copy: 'browser' | 'server', webWindowMs: number): number {
  // `event_time` is whole seconds, rounded down: the deadline errs early, never late.
  return event.event_time * 1000 + (copy === 'browser' ? webWindowMs : MAX_EVENT_AGE_MS - AGE_MARGIN_MS);
}

/** Bytes an event takes as JSON, for backlog bounds. */
export const sizeOf = (event: ConversionEvent): number => JSON.stringify(event).length;
