// Sending to the Conversions API v5 (SPEC §7): batches of at most 1000, a bounded number of requests at once,
// Pinterest's rate limit held before every request, retries with exponential backoff and full jitter where a retry
// can help, a batch Pinterest refuses as invalid split until the one bad event is found (one bad event never sinks
// its batch), and errors and results that name the cause without ever holding the access token.
import { type CallLimiter, type CallRate, checkRate, createCallLimiter, sleep } from './call-limiter';
import type { ConversionEvent } from './conversion-types';
import { CALLS_PER_MINUTE, MAX_EVENTS_PER_REQUEST } from './pinterest-limits';
import { Counts, type EventStats, type FailureReason } from './stats';

/**
 * Pinterest's own limit on the events of one request (SPEC §7.1); the largest `batchSize`.
 *
 * @example
 * createConversionsClient({ adAccountId, accessToken, batchSize: MAX_BATCH_SIZE }); // the default
 */
export const MAX_BATCH_SIZE = MAX_EVENTS_PER_REQUEST;

/**
 * Where the Conversions API lives; the default `endpoint`.
 *
 * @example
 * createConversionsClient({ adAccountId, accessToken, endpoint: process.env.CAPI_ENDPOINT ?? DEFAULT_ENDPOINT });
 */
export const DEFAULT_ENDPOINT = 'https://api.pinterest.com';

/** A `partner_name` as Pinterest allocates them: `ss-` and the partner in lower case (SPEC §7.2, §13). */
const PARTNER_NAME = /^ss-[a-z0-9][a-z0-9_-]{0,60}$/;

/**
 * Options of `createConversionsClient`; only the ad account and the token are required.
 *
 * @example
 * const options: ConversionsClientOptions = { adAccountId: '549755885175', accessToken: process.env.CAPI_TOKEN!, test: true };
 */
export interface ConversionsClientOptions {
  /** The ad account the events belong to: digits only, at most 18. */
  adAccountId: string;
  /** A conversion access token from Ads Manager, or an OAuth token with `ads:write`. Never logged. */
  accessToken: string;
  /** Adds `?test=true`: Pinterest validates the events and answers as usual but records nothing. Defaults to `false`. */
  test?: boolean;
  /** Where the API lives. Defaults to `'https://api.pinterest.com'`. */
  endpoint?: string;
  /** The `fetch` to use. Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Requests in flight at once, over all `send` calls of this client. Defaults to `4`. */
  concurrency?: number;
  /** Events per request, at most 1000. Defaults to `1000`. */
  batchSize?: number;
  /** Retries of one request after a 429, a 5xx, a timeout or a connection error. Defaults to `5`. */
  maxRetries?: number;
  /** The first retry waits up to this long, each next one up to twice as long (full jitter). Defaults to `500` ms. */
  backoffMs?: number;
  /** No wait is longer; a `Retry-After` asking for more fails the request instead. Defaults to `30000` ms. */
  maxBackoffMs?: number;
  /** One request, from sending to the whole answer. Defaults to `10000` ms. */
  timeoutMs?: number;
  /**
   * Requests this client starts, at most `calls` in any `perMs` ms, retries included; `false` for no limit. Defaults
   * to Pinterest's limit, `{ calls: 5000, perMs: 60000 }`, for this process alone: several processes sending for one
   * ad account share it through the Redis queue's workers instead.
   */
  rateLimit?: CallRate | false;
  /**
   * Your `partner_name`, set on every event: only a name Pinterest gave you (`ss-` and your name in lower case, e.g.
   * `ss-woocommerce`). Pinterest allocates these; never make one up. No default: none is sent.
   */
  partnerName?: string;
  /** Called with each request that failed for good (after its retries), before `send` rejects. */
  onError?: (error: ConversionsApiError) => void;
}

/**
 * What Pinterest said about one event, in the order the events were given.
 *
 * @example
 * const { results } = await client.send(events);
 * const failed = results.filter((result) => result.status === 'failed'); // [{ eventId, status, error, reason }]
 */
export interface EventResult {
  eventId: string;
  status: 'processed' | 'failed';
  /** Pinterest's `error_message`, or why the request failed. Never holds the access token. */
  error?: string;
  /** Why it failed, as a code: see `FailureReason`. */
  reason?: FailureReason;
  /** Pinterest's `warning_message`, e.g. about a field it does not know. */
  warning?: string;
}

/**
 * What one `send` did: Pinterest's counts summed over its requests, each event's result, and the effort.
 *
 * @example
 * const { processed, retries } = await client.send(events);
 */
export interface SendResult {
  received: number;
  processed: number;
  results: EventResult[];
  /** HTTP requests made, retries and split batches included. */
  requests: number;
  retries: number;
}

/**
 * Options of one `send`.
 *
 * @example
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 5000);
 * await client.send(events, { signal: controller.signal });
 */
export interface SendOptions {
  /** Stops the send: requests in flight are cancelled and events not answered yet fail with reason `aborted`. */
  signal?: AbortSignal;
  /** Held before each request instead of the client's own rate limit: the Redis workers pass the one they share. */
  limiter?: CallLimiter;
  /** Milliseconds since the epoch after which an event is no longer sent (it fails with reason `late`); checked before every request. */
  notAfter?: (event: ConversionEvent) => number;
}

/**
 * What the client did since it was made: events by name and outcome (`sent`, `failed`), failures by reason, and
 * requests.
 *
 * @example
 * const { events, failures, requests } = client.stats();
 */
export interface ClientStats extends EventStats {
  requests: { made: number; retries: number; rateLimited: number; split: number };
}

/**
 * Sends Conversions API events; made by `createConversionsClient`.
 *
 * @example
 * const client: ConversionsClient = createConversionsClient({ adAccountId, accessToken });
 */
export interface ConversionsClient {
  /**
   * Sends the events in batches of at most `batchSize` and resolves with each event's result. Rejects with a
   * `ConversionsApiError` when an event could not be sent (a request failed for good, or the send was aborted or
   * too late); its `results` then hold every event's outcome. A batch Pinterest refuses as invalid (400) is split
   * and sent again until only the events it refuses fail.
   */
  send(events: readonly ConversionEvent[], options?: SendOptions): Promise<SendResult>;
  /** Counts since the client was made; see `ClientStats`. */
  stats?(): ClientStats;
}

/**
 * A request to the Conversions API that failed for good: the HTTP status and Pinterest's `code` and `message`
 * when there was an answer, and whether retries were made. Never holds the access token.
 *
 * @example
 * try {
 *   await client.send(events);
 * } catch (error) {
 *   if (error instanceof ConversionsApiError && error.status === 401) alertOps('Pinterest token expired');
 *   // error.message: 'Pinterest Conversions API request failed: HTTP 401, Pinterest code 2: Authentication failed. (not retried)'
 * }
 */
export class ConversionsApiError extends Error {
  override name = 'ConversionsApiError';
  /** HTTP status; `undefined` after a timeout or a connection error. */
  status?: number;
  /** Pinterest's error `code`, e.g. 2 (authentication) or 4196 (invalid request). */
  code?: number;
  /** Why, as a code: see `FailureReason`. */
  reason: FailureReason = 'other';
  /** Requests made for the failed batch, retries included. */
  attempts = 1;
  /** Every event's outcome, when thrown by `send`. */
  results: EventResult[] = [];

  constructor(message: string, fields: { status?: number; code?: number; reason?: FailureReason } = {}) {
    super(message);
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.code !== undefined) this.code = fields.code;
    if (fields.reason !== undefined) this.reason = fields.reason;
  }
}

/**
 * Milliseconds that a `Retry-After` header asks to wait: delay-seconds or an HTTP date (RFC 9110 §10.2.3). Reads
 * at most 64 characters: a longer value is neither.
 *
 * @example
 * parseRetryAfter('2')                             // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT') // 0 (in the past)
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = typeof value === 'string' && value.length <= 64 ? value.trim() : '';
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; Date.parse would also take '-1' as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Runs at most `max` tasks at once, the rest in order as slots free up. */
function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next task, so `active` stays counted.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

const wholeNumber = (name: string, value: unknown, fallback: number, min: number, max = Number.POSITIVE_INFINITY): number => {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
    throw new TypeError(`${name} must be a whole number from ${min}${max < Number.POSITIVE_INFINITY ? ` to ${max}` : ''}`);
  }
  return value as number;
};

/** The reason code of an answer's status. */
function reasonOf(status: number | undefined): FailureReason {
  if (status === undefined) return 'network';
  if (status === 400 || status === 413) return 'invalid';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 422) return 'rejected';
  if (status === 429) return 'rate_limited';
  if (status >= 500 || status === 408) return 'unavailable';
  return 'other';
}

/** One failed attempt, and whether another could succeed. */
interface Failure {
  message: string;
  retry: boolean;
  reason: FailureReason;
  status?: number;
  code?: number;
  retryAfterMs?: number;
  /** Per-event statuses of a 422 (`details.events`). */
  events?: unknown;
}

/** What one batch came to, however many requests it took: `results` in the batch's order. */
interface Delivered {
  results: EventResult[];
  received: number;
  processed: number;
  requests: number;
  retries: number;
  errors: ConversionsApiError[];
}

/**
 * Creates a client for `POST /v5/ad_accounts/{adAccountId}/events`. Throws a `TypeError` at once for an ad
 * account ID or a token that cannot work (the message never shows the token).
 *
 * @example
 * const client = createConversionsClient({ adAccountId: '549755885175', accessToken: process.env.CAPI_TOKEN! });
 * const { results } = await client.send([event]);
 * // results[0].status === 'processed'
 */
export function createConversionsClient(options: ConversionsClientOptions): ConversionsClient & { stats(): ClientStats } {
  const { adAccountId, accessToken, test = false, endpoint = DEFAULT_ENDPOINT, onError, partnerName } = options ?? ({} as ConversionsClientOptions);
  if (!(typeof adAccountId === 'string' && /^\d{1,18}$/.test(adAccountId))) throw new TypeError('adAccountId must be a string of 1 to 18 digits');
  if (typeof accessToken !== 'string' || !accessToken) throw new TypeError('accessToken must be a non-empty string');
  if (/^bearer\s/i.test(accessToken)) throw new TypeError("accessToken must be the token alone, without 'Bearer '");
  if (!/^[\x21-\x7e]{1,4096}$/.test(accessToken)) throw new TypeError('accessToken must be printable ASCII without spaces');
  if (partnerName !== undefined && !(typeof partnerName === 'string' && PARTNER_NAME.test(partnerName))) {
    throw new TypeError("partnerName must be the partner_name Pinterest gave you, such as 'ss-yourplatform'");
  }
  let base: URL;
  try {
    base = new URL(endpoint);
    if (!/^https?:$/.test(base.protocol)) throw new Error();
  } catch {
    throw new TypeError('endpoint must be an http or https URL');
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw new TypeError('fetch must be a function (Node >= 18 has one)');
  const concurrency = wholeNumber('concurrency', options.concurrency, 4, 1);
  const batchSize = wholeNumber('batchSize', options.batchSize, MAX_BATCH_SIZE, 1, MAX_BATCH_SIZE);
  const maxRetries = wholeNumber('maxRetries', options.maxRetries, 5, 0);
  const backoffMs = wholeNumber('backoffMs', options.backoffMs, 500, 0);
  const maxBackoffMs = wholeNumber('maxBackoffMs', options.maxBackoffMs, 30_000, 0);
  const timeoutMs = wholeNumber('timeoutMs', options.timeoutMs, 10_000, 1);
  const rate = options.rateLimit ?? { calls: CALLS_PER_MINUTE, perMs: 60_000 };
  if (rate) checkRate('rateLimit', rate);
  const ownLimiter: CallLimiter | undefined = rate ? createCallLimiter(rate) : undefined;

  const url = `${base.href.replace(/\/+$/, '')}/v5/ad_accounts/${adAccountId}/events${test ? '?test=true' : ''}`;
  const headers = { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  // Nothing this client reports may carry the token, even if an answer echoed it: redacted before anything is cut,
  // so that no part of it survives at the cut.
  const redact = (text: string): string => text.split(accessToken).join('[redacted]');
  const clip = (text: string, length: number): string => redact(text).slice(0, length);
  const limit = limiter(concurrency);
  const counts = new Counts();
  const requests = { made: 0, retries: 0, rateLimited: 0, split: 0 };

  /** One attempt: the parsed 2xx answer, or what went wrong. */
  async function attempt(body: string, signal?: AbortSignal): Promise<{ answer: Record<string, unknown> } | { failure: Failure }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const stop = (): void => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    requests.made++;
    try {
      const response = await fetchImpl(url, { method: 'POST', headers, body, signal: controller.signal });
      const text = await response.text();
      let parsed: Record<string, unknown> | undefined;
      try {
        const json: unknown = JSON.parse(text);
        if (json && typeof json === 'object' && !Array.isArray(json)) parsed = json as Record<string, unknown>;
      } catch {
        // Not JSON (a proxy's error page, say): described by the status alone.
      }
      const { status } = response;
      if (status >= 200 && status < 300) {
        // A 2xx means Pinterest took the batch: never sent again, even if the answer is unreadable.
        return parsed ? { answer: parsed } : { failure: { message: `HTTP ${status} with an unreadable answer`, status, retry: false, reason: 'unconfirmed' } };
      }
      const code = typeof parsed?.code === 'number' ? parsed.code : undefined;
      const said = typeof parsed?.message === 'string' ? `: ${clip(parsed.message, 500)}` : '';
      const failure: Failure = {
        message: `HTTP ${status}${code !== undefined ? `, Pinterest code ${code}` : ''}${said}`,
        status,
        retry: status === 408 || status === 429 || status >= 500,
        reason: reasonOf(status),
        events: (parsed?.details as Record<string, unknown> | undefined)?.events,
      };
      if (status === 429) requests.rateLimited++;
      if (code !== undefined) failure.code = code;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
      return { failure };
    } catch (error) {
      if (signal?.aborted) return { failure: { message: 'aborted', retry: false, reason: 'aborted' } };
      if (controller.signal.aborted) return { failure: { message: `no answer within ${timeoutMs} ms`, retry: true, reason: 'network' } };
      // fetch's TypeError keeps the socket's reason in `cause`: ECONNREFUSED, ECONNRESET, "other side closed"…
      const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error)?.message;
      return { failure: { message: `connection failed${reason ? ` (${clip(String(reason), 200)})` : ''}`, retry: true, reason: 'network' } };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }
  }

  /** Pinterest's `events[]` (in request order) -> one result per event, redacted. */
  function toResults(batch: readonly ConversionEvent[], statuses: unknown[]): EventResult[] {
    return batch.map((event, index) => {
      const said = (statuses[index] ?? {}) as Record<string, unknown>;
      const status = said.status === 'processed' || said.status === 'failed' ? said.status : undefined;
      const result: EventResult = { eventId: event?.event_id, status: status ?? 'failed' };
      if (typeof said.error_message === 'string' && said.error_message) result.error = clip(said.error_message, 500);
      else if (!status) result.error = 'Pinterest gave no status for this event';
      if (result.status === 'failed') result.reason = 'rejected';
      if (typeof said.warning_message === 'string' && said.warning_message) result.warning = clip(said.warning_message, 500);
      return result;
    });
  }

  /** Every event of `batch` failed the same way. */
  const allFailed = (batch: readonly ConversionEvent[], error: string, reason: FailureReason): EventResult[] =>
    batch.map((event) => ({ eventId: event?.event_id, status: 'failed', error, reason }));

  /** One batch, retried as long as a retry can help and split when Pinterest refuses it as invalid. */
  async function deliver(batch: readonly ConversionEvent[], send: SendOptions): Promise<Delivered> {
    const done: Delivered = { results: new Array(batch.length), received: 0, processed: 0, requests: 0, retries: 0, errors: [] };
    /** Records the results of the events at `at` (positions in `batch`). */
    const settle = (at: readonly number[], results: readonly EventResult[]): void => {
      at.forEach((position, index) => {
        done.results[position] = results[index] as EventResult;
      });
    };
    const eventsAt = (at: readonly number[]): ConversionEvent[] => at.map((position) => batch[position] as ConversionEvent);
    let pending: number[] = batch.map((_, index) => index);
    for (let attempts = 1; ; attempts++) {
      // An event whose time to be sent has passed is not sent at all: a late copy would be counted twice.
      if (send.notAfter) {
        const at = Date.now();
        const late = pending.filter((position) => at > (send.notAfter?.(batch[position] as ConversionEvent) ?? Number.POSITIVE_INFINITY));
        if (late.length) {
          settle(late, allFailed(eventsAt(late), 'not sent: its window for sending had closed', 'late'));
          pending = pending.filter((position) => !late.includes(position));
        }
      }
      if (!pending.length) break;
      const aborted = (): void => settle(pending, allFailed(eventsAt(pending), 'not sent: the send was aborted', 'aborted'));
      if (send.signal?.aborted) {
        aborted();
        break;
      }
      try {
        await (send.limiter ?? ownLimiter)?.acquire(send.signal);
      } catch {
        aborted();
        break;
      }
      const events = eventsAt(pending);
      const body = JSON.stringify({ data: partnerName ? events.map((event) => ({ ...event, partner_name: partnerName })) : events });
      const outcome = await attempt(body, send.signal);
      done.requests++;
      if (attempts > 1) done.retries++;
      if ('answer' in outcome) {
        const { answer } = outcome;
        done.received += typeof answer.num_events_received === 'number' ? answer.num_events_received : 0;
        done.processed += typeof answer.num_events_processed === 'number' ? answer.num_events_processed : 0;
        settle(pending, toResults(events, Array.isArray(answer.events) ? answer.events : []));
        break;
      }
      const { failure } = outcome;
      if (failure.reason === 'aborted') {
        aborted();
        break;
      }
      if (failure.status === 429 && failure.retryAfterMs) await (send.limiter ?? ownLimiter)?.pause?.(Math.min(failure.retryAfterMs, maxBackoffMs));
      // One bad event never sinks its batch. A 400 (or 413) names no event: the halves are sent on their own, until
      // the events Pinterest refuses stand alone. A 422 names them (`details.events`): the others are sent again.
      let parts: number[][] | undefined;
      if (failure.reason === 'invalid' && pending.length > 1) {
        requests.split++;
        const middle = Math.ceil(pending.length / 2);
        parts = [pending.slice(0, middle), pending.slice(middle)];
      } else if (failure.status === 422 && Array.isArray(failure.events)) {
        const statuses = toResults(events, failure.events);
        const refused = pending.filter((_, index) => statuses[index]?.status === 'failed');
        if (refused.length) {
          settle(
            refused,
            statuses.filter((result) => result.status === 'failed'),
          );
          parts = [pending.filter((_, index) => statuses[index]?.status !== 'failed')];
        }
      }
      if (parts) {
        for (const part of parts) {
          if (!part.length) continue;
          const sub = await deliver(eventsAt(part), send);
          settle(part, sub.results);
          done.received += sub.received;
          done.processed += sub.processed;
          done.requests += sub.requests;
          done.retries += sub.retries;
          done.errors.push(...sub.errors);
        }
        break;
      }
      // Full jitter (a random wait up to the exponential cap) keeps many clients from retrying in step.
      const wait = Math.max(failure.retryAfterMs ?? 0, Math.random() * Math.min(maxBackoffMs, backoffMs * 2 ** (attempts - 1)));
      let why = '';
      if (!failure.retry) why = 'not retried';
      else if (attempts > maxRetries) why = `gave up after ${attempts} attempts`;
      else if (wait > maxBackoffMs) why = `Pinterest asked to wait ${Math.ceil(wait / 1000)} s, longer than maxBackoffMs`;
      if (!why) {
        await sleep(wait, send.signal);
        continue;
      }
      const error = new ConversionsApiError(redact(`Pinterest Conversions API request failed: ${failure.message} (${why})`), failure);
      error.attempts = attempts;
      error.results = allFailed(events, error.message, failure.reason);
      settle(pending, error.results);
      done.errors.push(error);
      break;
    }
    return done;
  }

  return {
    async send(events, sendOptions = {}) {
      if (!Array.isArray(events)) throw new TypeError('send takes an array of events');
      const batches: (readonly ConversionEvent[])[] = [];
      for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
      const outcomes = await Promise.all(batches.map((batch) => limit(() => deliver(batch, sendOptions ?? {}))));

      const result: SendResult = { received: 0, processed: 0, results: [], requests: 0, retries: 0 };
      const errors: ConversionsApiError[] = [];
      outcomes.forEach((outcome, index) => {
        const batch = batches[index] as readonly ConversionEvent[];
        result.received += outcome.received;
        result.processed += outcome.processed;
        result.requests += outcome.requests;
        result.retries += outcome.retries;
        result.results.push(...outcome.results);
        batch.forEach((event, at) => {
          const one = outcome.results[at];
          counts.add(String(event?.event_name), one?.status === 'processed' ? 'sent' : 'failed', 1, one?.status === 'processed' ? undefined : one?.reason);
        });
        for (const error of outcome.errors) {
          errors.push(error);
          try {
            onError?.(error);
          } catch {
            // A broken error callback must not turn one failure into another.
          }
        }
      });
      requests.retries += result.retries;
      const unsent = result.results.find((one) => one.reason === 'late' || one.reason === 'aborted');
      const [first] = errors;
      if (!first && !unsent) return result;
      // One error for the whole send, named after its first failed request; onError already had each one.
      let error: ConversionsApiError;
      if (!first) error = new ConversionsApiError(`Pinterest Conversions API: ${unsent?.error}`, { reason: unsent?.reason ?? 'other' });
      else if (batches.length > 1 && errors.length <= batches.length)
        error = new ConversionsApiError(`${first.message}; ${errors.length} of ${batches.length} requests failed`, first);
      else if (errors.length > 1) error = new ConversionsApiError(`${first.message}; ${errors.length} requests failed`, first);
      else error = first;
      error.attempts = first?.attempts ?? 0;
      error.results = result.results;
      throw error;
    },
    stats() {
      return { ...counts.snapshot(), requests: { ...requests } };
    },
  };
}
