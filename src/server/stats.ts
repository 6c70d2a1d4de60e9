// What `stats()` reports, for the client, the queues, the relay and the workers alike: events counted by their
// Conversions API name and outcome, failures by reason. Counts only: never an event ID, a URL or a hash.

/**
 * What became of an event:
 * - `queued`: accepted for sending (relay, queue);
 * - `sent`: Pinterest processed it;
 * - `failed`: not sent for good; `failures` says why;
 * - `late`: dropped unsent because Pinterest's one-hour web window closed (a copy sent later would count twice);
 * - `duplicate`: its event ID was queued or sent already;
 * - `ignored`: an event the relay does not send (a checkout, which the order webhook sends; `ignore`);
 * - `invalid`: refused before queueing (not an event Pinterest takes, or over a value cap);
 * - `refused`: the queue was full or shutting down (the relay answered 503);
 * - `unsent`: still queued or in flight when `flush()` reached its deadline.
 *
 * @example
 * const outcome: EventOutcome = 'late';
 */
export type EventOutcome = 'queued' | 'sent' | 'failed' | 'late' | 'duplicate' | 'ignored' | 'invalid' | 'refused' | 'unsent';

/**
 * Why an event failed:
 * - `rejected`: Pinterest said so for this event (a 200 or 422 answer's per-event status);
 * - `invalid`: Pinterest refused the request as invalid (400) and this event was the one it refused;
 * - `unauthorized`: 401 or 403 (the token or its rights);
 * - `rate_limited`: 429 until the retries ran out;
 * - `unavailable`: 5xx or 408 until the retries ran out;
 * - `network`: timeouts or connection errors until the retries ran out;
 * - `aborted`: the send was stopped (a `flush()` deadline);
 * - `unconfirmed`: Pinterest answered 2xx with a body that could not be read (not sent again);
 * - `late`: the web window closed before it could be sent;
 * - `other`: any other answer.
 *
 * @example
 * const reason: FailureReason = 'rate_limited';
 */
export type FailureReason = 'rejected' | 'invalid' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'network' | 'aborted' | 'unconfirmed' | 'late' | 'other';

/**
 * Counts by Conversions API event name, then outcome; and failed events by reason.
 *
 * @example
 * const { events, failures } = await relay.stats();
 * events.add_to_cart?.sent; // 1200
 * failures.rate_limited;    // 3
 */
export interface EventStats {
  events: Record<string, Partial<Record<EventOutcome, number>>>;
  failures: Partial<Record<FailureReason, number>>;
}

/** Reasons a later try can fix: the queues send these again, the others are kept as failures. */
export const RETRYABLE: ReadonlySet<FailureReason> = new Set(['unauthorized', 'rate_limited', 'unavailable', 'network', 'aborted', 'other']);

/** A counter behind `stats()`. */
export class Counts {
  events: Record<string, Partial<Record<EventOutcome, number>>> = {};
  failures: Partial<Record<FailureReason, number>> = {};

  /** Adds `n` events named `name` with `outcome`; a failure also counts its reason. */
  add(name: string, outcome: EventOutcome, n = 1, reason?: FailureReason): void {
    if (n <= 0) return;
    // A name from outside (a relayed body) is counted only if it is one; else under '(unknown)'.
    const key = /^[a-z_]{1,40}$/.test(name) ? name : '(unknown)';
    const row = this.events[key] ?? {};
    this.events[key] = row;
    row[outcome] = (row[outcome] ?? 0) + n;
    if (reason) this.failures[reason] = (this.failures[reason] ?? 0) + n;
  }

  /** A copy, safe to hand out. */
  snapshot(): EventStats {
    return {
      events: Object.fromEntries(Object.entries(this.events).map(([name, row]) => [name, { ...row }])),
      failures: { ...this.failures },
    };
  }
}
