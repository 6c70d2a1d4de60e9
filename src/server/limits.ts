// The relay's two memories, each bounded so that a flood cannot grow them without end.

/**
 * A token bucket per key: `burst` requests at once, refilled at `perMinute`. Returns 0 when the request may
 * pass, else the milliseconds until it could. Past `maxKeys` keys the least recently seen is forgotten.
 */
export function createRateLimiter(perMinute: number, burst: number, maxKeys = 10_000): (key: string, now: number) => number {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return (key, now) => {
    const last = buckets.get(key);
    const bucket = last ? { tokens: Math.min(burst, last.tokens + Math.max(0, now - last.at) * perMs), at: now } : { tokens: burst, at: now };
    // Re-inserted so that the Map's order is the order of last use.
    buckets.delete(key);
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perMs);
  };
}

/**
 * Remembers IDs for `windowMs`: returns `true` for an ID seen within the window, else remembers it and returns
 * `false`. Past `maxIds` IDs the oldest are forgotten early.
 */
export function createSeenWindow(windowMs: number, maxIds = 100_000): (id: string, now: number) => boolean {
  // Insertion order is expiry order, since every entry lives equally long: the stale ones are always in front.
  const seen = new Map<string, number>();
  return (id, now) => {
    for (const [key, expires] of seen) {
      if (expires > now && seen.size < maxIds) break;
      seen.delete(key);
    }
    if (seen.has(id)) return true;
    seen.set(id, now + windowMs);
    return false;
  };
}
