// The in-process memories of the relay and the memory queue, each bounded so that a flood cannot grow them
// without end, nor make them forget what they must remember.

/**
 * A token bucket per key: `burst` requests at once, refilled at `perMinute`. Returns 0 when the request may
 * pass, else the milliseconds until it could. At most `maxKeys` keys are kept; to make room only a bucket that
 * has refilled completely is forgotten (it holds nothing a new bucket would not), so flooding the limiter with
 * new keys cannot reset a key that is being limited. When no bucket can be forgotten, new keys share one
 * overflow bucket until one can.
 */
export function createRateLimiter(perMinute: number, burst: number, maxKeys = 10_000): (key: string, now: number) => number {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  const refilled = (bucket: { tokens: number; at: number }, now: number): number => Math.min(burst, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
  const OVERFLOW = '\u0000overflow';
  return (given, now) => {
    let key = given;
    if (!buckets.has(key) && buckets.size >= maxKeys) {
      // The least recently used come first; a few are looked at, so a request costs the same whatever the flood.
      let looked = 0;
      for (const [old, bucket] of buckets) {
        if (buckets.size < maxKeys || looked++ >= 8) break;
        if (old !== OVERFLOW && refilled(bucket, now) >= burst) buckets.delete(old);
      }
      if (buckets.size >= maxKeys) key = OVERFLOW;
    }
    const last = buckets.get(key);
    const bucket = last ? { tokens: refilled(last, now), at: now } : { tokens: burst, at: now };
    // Re-inserted so that the Map's order is the order of last use.
    buckets.delete(key);
    buckets.set(key, bucket);
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
  const set = createTtlSet(maxIds);
  return (id, now) => !set.add(id, windowMs, now);
}

/**
 * A set whose members expire, each after its own time to live: `add` returns `true` when the member is new (or
 * had expired), `has` whether it is there. Past `maxIds` members the oldest are forgotten early.
 */
export function createTtlSet(maxIds = 100_000): {
  add(id: string, ttlMs: number, now: number): boolean;
  has(id: string, now: number): boolean;
  delete(id: string): void;
  size(): number;
} {
  // Insertion order is roughly expiry order; expired members at the front are dropped as new ones come.
  const members = new Map<string, number>();
  const prune = (now: number): void => {
    for (const [key, expires] of members) {
      if (expires > now && members.size < maxIds) break;
      members.delete(key);
    }
  };
  return {
    add(id, ttlMs, now) {
      prune(now);
      const expires = members.get(id);
      if (expires !== undefined && expires > now) return false;
      members.delete(id);
      members.set(id, now + ttlMs);
      return true;
    },
    has(id, now) {
      const expires = members.get(id);
      return expires !== undefined && expires > now;
    },
    delete(id) {
      members.delete(id);
    },
    size: () => members.size,
  };
}
