// The default delivery queue: events wait in this process's memory, are batched, and are sent by a client. Zero
// setup, and what one process can hold: a bounded backlog (count and bytes), a deduplication window, the web
// window, and a shutdown that refuses new events, sends what it holds and says what it could not send by its
// deadline. A crash or a deploy loses what is held; createRedisQueue does not.
import type { ConversionsClient, EventResult } from './client';
import { ConversionsApiError } from './client';
import type { ConversionEvent } from './conversion-types';
import { type DeliveryItem, type DeliveryQueue, type EnqueueOutcome, type QueueStats, sendBy, sizeOf } from './delivery-queue';
import { createTtlSet } from './limits';
import { DEFAULT_WEB_WINDOW_MS, MAX_EVENTS_PER_REQUEST } from './pinterest-limits';
import { Counts } from './stats';

/**
 * Options of `createMemoryQueue`; all optional.
 *
 * @example
 * const options: MemoryQueueOptions = { batch: { maxEvents: 500, maxDelayMs: 2000 }, maxBacklog: 50_000 };
 */
export interface MemoryQueueOptions {
  /** Events are sent in requests of up to `maxEvents` (default 1000, Pinterest's most), at most `maxDelayMs` (default 1000) after the first one waits. */
  batch?: { maxEvents?: number; maxDelayMs?: number };
  /** Events held at most, waiting and in flight; more are refused (`full`). Defaults to `20000`. */
  maxBacklog?: number;
  /** Bytes of events (as JSON) held at most. Defaults to `33554432` (32 MiB). */
  maxBacklogBytes?: number;
  /** An event ID queued again within this window is a `duplicate`. Defaults to `3600000` ms (one hour). */
  dedupWindowMs?: number;
  /** A browser copy is sent at most this long after its event time, else dropped as `late`. Defaults to 55 minutes (Pinterest's window is one hour). */
  webWindowMs?: number;
  /** Called when a send fails or Pinterest refuses events of a 200. Defaults to one `console.warn` with the message (no personal data). */
  onError?: (error: Error) => void;
  /** The clock. Defaults to `Date.now`. */
  now?: () => number;
}

/**
 * A delivery queue in this process's memory, sending through `client`: the default of `createRelayHandler` and
 * `createOrderWebhookHandler`. Share one between them, so that an order webhook knows whether the relay saw the
 * thank-you page's checkout. Call `flush()` before the process exits.
 *
 * @example
 * const queue = createMemoryQueue(createConversionsClient({ adAccountId, accessToken }));
 * const relay = createRelayHandler(queue, { allowedOrigins: ['https://shop.example'] });
 * const webhooks = createOrderWebhookHandler(queue, { platform: 'shopify', secret: process.env.SHOPIFY_SECRET! });
 */
export function createMemoryQueue(client: ConversionsClient, options: MemoryQueueOptions = {}): DeliveryQueue {
  if (typeof client?.send !== 'function') throw new TypeError('createMemoryQueue needs a client from createConversionsClient');
  const {
    batch = {},
    maxBacklog = 20_000,
    maxBacklogBytes = 32 * 1024 * 1024,
    dedupWindowMs = 3_600_000,
    webWindowMs = DEFAULT_WEB_WINDOW_MS,
    now = Date.now,
  } = options ?? {};
  const maxEvents = batch.maxEvents ?? MAX_EVENTS_PER_REQUEST;
  const maxDelayMs = batch.maxDelayMs ?? 1000;
  for (const [name, value] of Object.entries({ maxBacklog, maxBacklogBytes, dedupWindowMs, webWindowMs, 'batch.maxEvents': maxEvents })) {
    if (!(typeof value === 'number' && value > 0)) throw new TypeError(`${name} must be a number above 0`);
  }
  if (!(typeof maxDelayMs === 'number' && maxDelayMs >= 0)) throw new TypeError('batch.maxDelayMs must be a number of 0 or more');
  const report = options.onError ?? ((error: Error) => console.warn(`[pinterest-capi] ${error.message}`));
  const onError = (error: unknown): void => {
    try {
      report(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken error callback must not become an unhandled rejection that stops the server.
    }
  };

  const seen = createTtlSet();
  const browserCopies = createTtlSet();
  const claims = createTtlSet();
  const counts = new Counts();
  const pending: { event: ConversionEvent; copy: DeliveryItem['copy']; bytes: number }[] = [];
  let held = 0;
  let heldBytes = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Set<{ events: ConversionEvent[]; done: Promise<EventResult[]>; controller: AbortController }>();
  /** What each flush adds up, from its start. */
  const tally = { sent: 0, failed: 0 };

  const sendPending = (): void => {
    clearTimeout(timer);
    timer = undefined;
    while (pending.length) {
      const group = pending.splice(0, maxEvents);
      const bytes = group.reduce((sum, item) => sum + item.bytes, 0);
      const deadlines = new Map<ConversionEvent, number>();
      for (const { event, copy } of group) {
        // An order's checkout is a browser copy if the relay saw the thank-you page send it.
        const kind = copy === 'order' ? (browserCopies.has(event.event_id, now()) ? 'browser' : 'server') : copy;
        deadlines.set(event, sendBy(event, kind, webWindowMs));
      }
      const events = group.map((item) => item.event);
      const controller = new AbortController();
      let thrown: unknown;
      const done = client
        .send(events, { signal: controller.signal, notAfter: (event) => deadlines.get(event) ?? Number.POSITIVE_INFINITY })
        .then(
          (result) => result.results,
          (error: unknown) => {
            thrown = error;
            if (error instanceof ConversionsApiError && error.results.length === events.length) return error.results;
            return events.map(
              (event): EventResult => ({ eventId: event.event_id, status: 'failed', error: String((error as Error)?.message ?? error), reason: 'other' }),
            );
          },
        )
        .then((results) => {
          const refused: EventResult[] = [];
          events.forEach((event, index) => {
            const result = results[index];
            // A client that resolved without a result for an event (a custom one, say) sent it.
            if (result?.status === 'processed' || (result === undefined && thrown === undefined)) {
              counts.add(event.event_name, 'sent');
              tally.sent++;
            } else if (result?.reason === 'late') counts.add(event.event_name, 'late');
            else if (result?.reason === 'aborted') counts.add(event.event_name, 'unsent');
            else {
              counts.add(event.event_name, 'failed', 1, result?.reason ?? 'other');
              tally.failed++;
              refused.push(result ?? { eventId: event.event_id, status: 'failed' });
            }
          });
          // Failures reach onError once per send: the failed request's error, or for the per-event failures of a 200
          // one message naming the first. Late drops and a flush's cancelled sends are counted, not errors.
          const [first] = refused;
          if (first && thrown) onError(thrown);
          else if (first)
            onError(
              new ConversionsApiError(`Pinterest refused ${refused.length} of ${events.length} events: ${first.error ?? first.reason}`, {
                reason: first.reason ?? 'other',
              }),
            );
          return results;
        });
      const entry = { events, done, controller };
      inFlight.add(entry);
      void done.finally(() => {
        inFlight.delete(entry);
        held -= events.length;
        heldBytes -= bytes;
      });
    }
  };

  const queue: DeliveryQueue = {
    async enqueue(items) {
      const outcomes: EnqueueOutcome[] = [];
      const at = now();
      for (const { event, copy } of items) {
        let outcome: EnqueueOutcome;
        const bytes = sizeOf(event);
        if (closed) outcome = 'closed';
        else if (copy === 'browser' && at > sendBy(event, 'browser', webWindowMs)) outcome = 'late';
        else if (held + 1 > maxBacklog || heldBytes + bytes > maxBacklogBytes) outcome = 'full';
        else if (!seen.add(event.event_id, dedupWindowMs, at)) outcome = 'duplicate';
        else {
          outcome = 'queued';
          pending.push({ event, copy, bytes });
          held++;
          heldBytes += bytes;
        }
        counts.add(event.event_name, outcome === 'full' || outcome === 'closed' ? 'refused' : outcome);
        outcomes.push(outcome);
      }
      if (pending.length >= maxEvents) sendPending();
      else if (pending.length) timer ??= setTimeout(sendPending, maxDelayMs);
      return outcomes;
    },
    async noteBrowserCopy(eventId) {
      browserCopies.add(eventId, 24 * 3_600_000, now());
    },
    async claim(key, ttlMs) {
      return claims.add(key, ttlMs, now());
    },
    async unclaim(key) {
      claims.delete(key);
    },
    async stats(): Promise<QueueStats> {
      const sending = [...inFlight].reduce((sum, entry) => sum + entry.events.length, 0);
      return { ...counts.snapshot(), queue: { waiting: pending.length, inFlight: sending, delayed: 0, failed: 0, backlog: held } };
    },
    async flush(flushOptions = {}) {
      const timeoutMs = flushOptions?.timeoutMs ?? 10_000;
      closed = true;
      tally.sent = 0;
      tally.failed = 0;
      sendPending();
      const entries = [...inFlight];
      let timedOut = false;
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const all = Promise.all(entries.map((entry) => entry.done));
      await Promise.race([
        all,
        new Promise<void>((resolve) => {
          deadline = setTimeout(() => {
            timedOut = true;
            resolve();
          }, timeoutMs);
        }),
      ]);
      clearTimeout(deadline);
      // At the deadline the sends still going are cancelled: their events are reported, not silently lost.
      if (timedOut) for (const entry of entries) entry.controller.abort();
      const results = await all;
      const unsent = entries.flatMap((entry, index) => entry.events.filter((_, at) => results[index]?.[at]?.reason === 'aborted'));
      return { sent: tally.sent, failed: tally.failed, unsent, timedOut };
    },
    async close() {
      await queue.flush();
    },
  };
  return queue;
}
