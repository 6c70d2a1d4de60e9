// Sending to the Conversions API v5 (SPEC §7): batches of at most 1000, a bounded number of requests at once,
// retries with exponential backoff and full jitter where a retry can help, and errors that name the cause
// without ever holding the access token.
import type { ConversionEvent } from './conversion-types';

/**
 * Pinterest's own limit on the events of one request (SPEC §7.1); the largest `batchSize`.
 *
 * @example
 * createConversionsClient({ adAccountId, accessToken, batchSize: MAX_BATCH_SIZE }); // the default
 */
export const MAX_BATCH_SIZE = 1000;

/**
 * Where the Conversions API lives; the default `endpoint`.
 *
 * @example
 * createConversionsClient({ adAccountId, accessToken, endpoint: process.env.CAPI_ENDPOINT ?? DEFAULT_ENDPOINT });
 */
export const DEFAULT_ENDPOINT = 'https://api.pinterest.com';

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
  /** Called with each request that failed for good (after its retries), before `send` rejects. */
  onError?: (error: ConversionsApiError) => void;
}

/**
 * What Pinterest said about one event, in the order the events were given.
 *
 * @example
 * const { results } = await client.send(events);
 * const failed = results.filter((result) => result.status === 'failed'); // [{ eventId, status, error }]
 */
export interface EventResult {
  eventId: string;
  status: 'processed' | 'failed';
  /** Pinterest's `error_message`, or why the request failed. */
  error?: string;
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
  /** HTTP requests made, retries included. */
  requests: number;
  retries: number;
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
   * `ConversionsApiError` when a request failed for good; its `results` then hold every event's outcome.
   */
  send(events: readonly ConversionEvent[]): Promise<SendResult>;
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
  /** Requests made for the failed batch, retries included. */
  attempts = 1;
  /** Every event's outcome, when thrown by `send`. */
  results: EventResult[] = [];

  constructor(message: string, fields: { status?: number; code?: number } = {}) {
    super(message);
    if (fields.status !== undefined) this.status = fields.status;
    if (fields.code !== undefined) this.code = fields.code;
  }
}

/**
 * Milliseconds that a `Retry-After` header asks to wait: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
 *
 * @example
 * parseRetryAfter('2')                             // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT') // 0 (in the past)
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date names its day and month; Date.parse would also take '-1' as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
  return isNaN(date) ? undefined : Math.max(0, date - now);
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const wholeNumber = (name: string, value: unknown, fallback: number, min: number, max = Infinity): number => {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
    throw new TypeError(`${name} must be a whole number from ${min}${max < Infinity ? ` to ${max}` : ''}`);
  }
  return value as number;
};

/** One failed attempt, and whether another could succeed. */
interface Failure {
  message: string;
  retry: boolean;
  status?: number;
  code?: number;
  retryAfterMs?: number;
  /** Per-event statuses of a 422 (`details.events`). */
  events?: unknown;
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
export function createConversionsClient(options: ConversionsClientOptions): ConversionsClient {
  const { adAccountId, accessToken, test = false, endpoint = DEFAULT_ENDPOINT, onError } = options ?? ({} as ConversionsClientOptions);
  if (!(typeof adAccountId === 'string' && /^\d{1,18}$/.test(adAccountId))) throw new TypeError('adAccountId must be a string of 1 to 18 digits');
  if (typeof accessToken !== 'string' || !accessToken) throw new TypeError('accessToken must be a non-empty string');
  if (/^bearer\s/i.test(accessToken)) throw new TypeError("accessToken must be the token alone, without 'Bearer '");
  if (!/^[\x21-\x7e]{1,4096}$/.test(accessToken)) throw new TypeError('accessToken must be printable ASCII without spaces');
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

  const url = `${base.href.replace(/\/+$/, '')}/v5/ad_accounts/${adAccountId}/events${test ? '?test=true' : ''}`;
  const headers = { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' };
  // Belt and braces: nothing this client reports may carry the token, even if an answer echoed it.
  const redact = (text: string): string => text.split(accessToken).join('[redacted]');
  const limit = limiter(concurrency);

  /** One attempt: the parsed 200 answer, or what went wrong. */
  async function attempt(body: string): Promise<{ answer: Record<string, unknown> } | { failure: Failure }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
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
        return parsed ? { answer: parsed } : { failure: { message: `HTTP ${status} with an unreadable answer`, status, retry: false } };
      }
      const code = typeof parsed?.code === 'number' ? parsed.code : undefined;
      const said = typeof parsed?.message === 'string' ? `: ${parsed.message.slice(0, 500)}` : '';
      const failure: Failure = {
        message: `HTTP ${status}${code !== undefined ? `, Pinterest code ${code}` : ''}${said}`,
        status,
        retry: status === 408 || status === 429 || status >= 500,
        events: (parsed?.details as Record<string, unknown> | undefined)?.events,
      };
      if (code !== undefined) failure.code = code;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
      return { failure };
    } catch (error) {
      if (controller.signal.aborted) return { failure: { message: `no answer within ${timeoutMs} ms`, retry: true } };
      // fetch's TypeError keeps the socket's reason in `cause`: ECONNREFUSED, ECONNRESET, "other side closed"…
      const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error)?.message;
      return { failure: { message: `connection failed${reason ? ` (${String(reason).slice(0, 200)})` : ''}`, retry: true } };
    } finally {
      clearTimeout(timer);
    }
  }

  /** One batch, retried as long as a retry can help; resolves with its results or rejects for good. */
  async function post(batch: readonly ConversionEvent[]): Promise<{ answer: Record<string, unknown>; attempts: number }> {
    const body = JSON.stringify({ data: batch });
    for (let attempts = 1; ; attempts++) {
      const outcome = await attempt(body);
      if ('answer' in outcome) return { answer: outcome.answer, attempts };
      const { failure } = outcome;
      // Full jitter (a random wait up to the exponential cap) keeps many clients from retrying in step.
      const wait = Math.max(failure.retryAfterMs ?? 0, Math.random() * Math.min(maxBackoffMs, backoffMs * 2 ** (attempts - 1)));
      let why = '';
      if (!failure.retry) why = 'not retried';
      else if (attempts > maxRetries) why = `gave up after ${attempts} attempts`;
      else if (wait > maxBackoffMs) why = `Pinterest asked to wait ${Math.ceil(wait / 1000)} s, longer than maxBackoffMs`;
      if (!why) {
        await sleep(wait);
        continue;
      }
      const error = new ConversionsApiError(redact(`Pinterest Conversions API request failed: ${failure.message} (${why})`), failure);
      error.attempts = attempts;
      if (Array.isArray(failure.events)) error.results = toResults(batch, failure.events);
      throw error;
    }
  }

  return {
    async send(events) {
      if (!Array.isArray(events)) throw new TypeError('send takes an array of events');
      const batches: (readonly ConversionEvent[])[] = [];
      for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
      const outcomes = await Promise.all(batches.map((batch) => limit(() => post(batch)).then((ok) => ok, (error: unknown) => ({ error }))));

      const result: SendResult = { received: 0, processed: 0, results: [], requests: 0, retries: 0 };
      const errors: ConversionsApiError[] = [];
      outcomes.forEach((outcome, index) => {
        const batch = batches[index]!;
        if ('answer' in outcome) {
          const { answer, attempts } = outcome;
          result.received += typeof answer.num_events_received === 'number' ? answer.num_events_received : 0;
          result.processed += typeof answer.num_events_processed === 'number' ? answer.num_events_processed : 0;
          result.results.push(...toResults(batch, Array.isArray(answer.events) ? answer.events : []));
          result.requests += attempts;
          result.retries += attempts - 1;
          return;
        }
        const error =
          outcome.error instanceof ConversionsApiError ? outcome.error : new ConversionsApiError(redact(`Pinterest Conversions API request failed: ${String(outcome.error)}`));
        const failed = error.results.length ? error.results : batch.map((event) => ({ eventId: event?.event_id, status: 'failed' as const, error: error.message }));
        result.results.push(...failed);
        result.requests += error.attempts;
        result.retries += error.attempts - 1;
        errors.push(error);
        try {
          onError?.(error);
        } catch {
          // A broken error callback must not turn one failure into another.
        }
      });
      const [first] = errors;
      if (!first) return result;
      // One error for the whole send, named after its first failed request; onError already had each one.
      const error = batches.length > 1 ? new ConversionsApiError(`${first.message}; ${errors.length} of ${batches.length} requests failed`, first) : first;
      error.attempts = first.attempts;
      error.results = result.results;
      throw error;
    },
  };
}

/** Pinterest's `events[]` (in request order) -> one result per event. */
function toResults(batch: readonly ConversionEvent[], statuses: unknown[]): EventResult[] {
  return batch.map((event, index) => {
    const said = (statuses[index] ?? {}) as Record<string, unknown>;
    const status = said.status === 'processed' || said.status === 'failed' ? said.status : undefined;
    const result: EventResult = { eventId: event?.event_id, status: status ?? 'failed' };
    if (typeof said.error_message === 'string' && said.error_message) result.error = said.error_message;
    else if (!status) result.error = 'Pinterest gave no status for this event';
    if (typeof said.warning_message === 'string' && said.warning_message) result.warning = said.warning_message;
    return result;
  });
}
