// Pinterest's rate limit, 5,000 calls per minute per ad account (pinterest-limits.ts), held before every HTTP
// request, retries included. A sliding window: in any `perMs` milliseconds at most `calls` requests start, which is
// what a limit "per minute" measured by the server that receives the calls can hold to. This is the one-process
// limiter; the Redis queue's worker passes one that all workers share (redis-store.ts).

/**
 * What the client asks before each request to the Conversions API. `acquire` resolves when a request may start
 * (rejects when `signal` aborts first); `pause` holds every caller back, e.g. after a 429 with `Retry-After`.
 *
 * @example
 * const limiter: CallLimiter = createCallLimiter({ calls: 5000, perMs: 60_000 });
 * await limiter.acquire();
 */
export interface CallLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
  pause?(ms: number): void | Promise<void>;
}

/**
 * A rate of calls: at most `calls` in any `perMs` milliseconds.
 *
 * @example
 * const pinterest: CallRate = { calls: 5000, perMs: 60_000 };
 */
export interface CallRate {
  calls: number;
  perMs: number;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Throws a `TypeError` unless `rate` is a usable rate. */
export function checkRate(name: string, rate: CallRate): void {
  if (!(rate && Number.isInteger(rate.calls) && rate.calls > 0 && Number.isFinite(rate.perMs) && rate.perMs > 0)) {
    throw new TypeError(`${name} must be { calls, perMs }: a whole number of calls above 0 per a number of milliseconds above 0`);
  }
}

/**
 * A sliding-window limiter in this process: the start times of the last `calls` requests are kept, and the next
 * one waits until the oldest is `perMs` old (with a small margin). Callers are served in order.
 *
 * @example
 * const limiter = createCallLimiter({ calls: 5000, perMs: 60_000 });
 * await limiter.acquire(); // then send
 */
export function createCallLimiter(rate: CallRate, now: () => number = Date.now): CallLimiter {
  checkRate('rateLimit', rate);
  const { calls } = rate;
  // A little longer than the limit's window (2% and 250 ms), so that a request started at its edge is still inside
  // it when Pinterest receives it.
  const perMs = Math.ceil(rate.perMs * 1.02 + 250);
  // A ring of the last `calls` start times.
  const starts = new Float64Array(calls).fill(Number.NEGATIVE_INFINITY);
  let next = 0;
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();
  const take = async (signal?: AbortSignal): Promise<void> => {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const at = now();
      const wait = Math.max(pausedUntil - at, (starts[next] as number) + perMs - at);
      if (wait <= 0) {
        starts[next] = at;
        next = (next + 1) % calls;
        return;
      }
      await sleep(wait, signal);
    }
  };
  return {
    acquire(signal) {
      const turn = queue.then(() => take(signal));
      // One caller's abort does not stop the others' turns.
      queue = turn.catch(() => undefined);
      return turn;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}
