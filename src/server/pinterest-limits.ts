// Pinterest's limits on the Conversions API, as facts in one place, each with where Pinterest (or, where
// Pinterest is silent, an integrator) says so. The client, the queues, the worker and the relay read them from
// here; docs/SPEC.md §7 and §13 quote the sources at length.

/**
 * Events in one request: the request body's `data` has `maxItems: 1000` in Pinterest's OpenAPI description of
 * `POST /v5/ad_accounts/{ad_account_id}/events` (pinterest/api-description, v5.23.0;
 * https://developers.pinterest.com/docs/api/v5/events-create/).
 *
 * @example
 * createDeliveryWorker({ client, connection, batchSize: MAX_EVENTS_PER_REQUEST }); // the default
 */
export const MAX_EVENTS_PER_REQUEST = 1000;

/**
 * Calls per minute per ad account: "5,000 calls per minute per ad account", rate-limit category
 * `ads_conversions`, in the OpenAPI description of the events endpoint (pinterest/api-description v5.23.0,
 * `v5/openapi.json`; SPEC §7.1). It counts requests, not events, and is shared by every process that sends for the ad
 * account: the Redis queue holds it for all workers together.
 *
 * @example
 * createDeliveryWorker({ client, connection, rateLimit: { calls: CALLS_PER_MINUTE, perMs: 60_000 } }); // the default
 */
export const CALLS_PER_MINUTE = 5000;

/**
 * Pinterest's web window: "Events received in real time or within an hour of the event occurring will be reported
 * as web or app events. Events received outside of this window, as well as delayed batch events are categorized as
 * offline events" (https://help.pinterest.com/en/business/article/the-pinterest-api-for-conversions), and offline
 * events "cannot be deduplicated" (the OpenAPI description of the events endpoint). A server copy of an event the
 * browser's tag also sent must therefore arrive within the hour, or Pinterest counts the conversion twice.
 *
 * @example
 * WEB_WINDOW_MS // 3_600_000
 */
export const WEB_WINDOW_MS = 60 * 60_000;

/**
 * How long after its `event_time` this package still sends a copy of a browser event: 55 minutes, five minutes
 * inside Pinterest's hour (`WEB_WINDOW_MS`) for a last request, its retries and clocks that differ a little.
 * Later, the copy is dropped with the reason `late`: sent, it would be counted a second time.
 *
 * @example
 * createMemoryQueue(client, { webWindowMs: DEFAULT_WEB_WINDOW_MS }); // the default
 */
export const DEFAULT_WEB_WINDOW_MS = 55 * 60_000;

/**
 * The oldest event Pinterest takes: older ones are refused with 422 / code 953 "Given timestamp is in the past"
 * (segmentio/action-destinations PR #2465). Pinterest does not publish the limit; Amperity's integration guide
 * says 7 days (https://docs.amperity.com/operator/events_pinterest.html), see SPEC §7.1. Events only the server
 * sends (an order nobody saw a thank-you page for) keep this limit instead of the web window.
 *
 * @example
 * if (Date.now() - order.placedAt > MAX_EVENT_AGE_MS) skipConversionsApi(order);
 */
export const MAX_EVENT_AGE_MS = 7 * 24 * 60 * 60_000;

/**
 * A browser clock this far ahead is taken as skew and the event time is set to now; further ahead is an error.
 *
 * @example
 * toConversionEvent({ ...tracked, time: Date.now() + MAX_CLOCK_SKEW_MS }).ok // true: sent as now
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Longest `event_id`: the multi-source `event_id` caps at 256 characters and must equal the Conversions API's
 * (SPEC §13, from Pinterest's developer pages on deduplication).
 *
 * @example
 * MAX_EVENT_ID_LENGTH // 256
 */
export const MAX_EVENT_ID_LENGTH = 256;

/**
 * The largest whole number the request schema's `int64` fields (`event_time`, `num_items`, `contents[].quantity`)
 * take from JavaScript exactly: beyond 2^53 - 1 a number is no longer the integer it prints as.
 *
 * @example
 * Number.isSafeInteger(quantity) && quantity <= MAX_INT64_SAFE
 */
export const MAX_INT64_SAFE = Number.MAX_SAFE_INTEGER;
