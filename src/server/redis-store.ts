// What the Redis queue keeps beside BullMQ's own keys, and the atomic steps on it: event IDs seen (deduplication
// across every relay process), the backlog bound, checkouts the browser sent, events already sent, webhook
// deliveries claimed, and Pinterest's rate limit shared by every worker. Each step is one Lua script, so two
// processes can never both pass a check that only one may pass.
import { createHash, randomUUID } from 'node:crypto';
import type { Redis as IORedis, RedisOptions } from 'ioredis';
import { type CallLimiter, type CallRate, sleep } from './call-limiter';

/**
 * Where Redis is: a URL such as `redis://127.0.0.1:6379` (`rediss://` for TLS), or ioredis options. One Redis
 * server (with replicas if you like); Redis Cluster is not supported.
 *
 * @example
 * const connection: RedisConnection = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
 */
export type RedisConnection = string | RedisOptions;

/**
 * A new ioredis connection. A worker's commands wait out a reconnect (`maxRetriesPerRequest: null`, as BullMQ
 * workers need); a producer's (the relay's) fail fast while Redis is away, so that the relay answers 503 at once
 * instead of holding requests.
 */
export async function connectRedis(connection: RedisConnection, role: 'worker' | 'producer'): Promise<IORedis> {
  const { Redis } = await import('ioredis');
  const options: RedisOptions = role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  return typeof connection === 'string' ? new Redis(connection, options) : new Redis({ ...connection, ...options });
}

/**
 * Throws a `TypeError` unless `connection` can be one.
 *
 * @example
 * checkConnection('redis://127.0.0.1:6379');
 */
export function checkConnection(connection: unknown): RedisConnection {
  if (typeof connection === 'string' && /^rediss?:\/\//.test(connection)) return connection;
  if (connection && typeof connection === 'object' && !Array.isArray(connection)) return connection as RedisOptions;
  throw new TypeError("connection must be a Redis URL such as 'redis://127.0.0.1:6379' or ioredis options");
}

/** The names of this package's keys for the queue `name`, beside BullMQ's `<prefix>:<name>:…`. */
export function keysFor(prefix: string, name: string) {
  const base = `${prefix}:${name}:capi`;
  return {
    /** `dedup:<event ID>`: queued within the deduplication window. */
    dedup: `${base}:dedup:`,
    /** `browser:<event ID>`: the relay saw the browser send this event (a thank-you page's checkout). */
    browser: `${base}:browser:`,
    /** `sent:<event ID>`: Pinterest processed it; a job retried after a crash skips it. */
    sent: `${base}:sent:`,
    /** `claim:<key>`: a webhook delivery already taken. */
    claim: `${base}:claim:`,
    /** Events queued and not yet finished: the backlog bound. */
    backlog: `${base}:backlog`,
    /** The start times of the last requests to Pinterest, for the shared rate limit. */
    calls: `${base}:calls`,
    /** Until when every worker holds back (a 429's Retry-After). */
    pause: `${base}:pause`,
  };
}

export type RedisKeys = ReturnType<typeof keysFor>;

/** Runs a Lua script by its SHA-1, loading it the first time a server does not know it. */
export async function runScript(redis: IORedis, script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
  const sha = createHash('sha1').update(script).digest('hex');
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
    return redis.eval(script, keys.length, ...keys, ...args);
  }
}

/**
 * Queues what may be queued: for each event ID, 0 if it was seen within the window, else 2 if the backlog is full,
 * else 1: it is new (its dedup key is set for the window and the backlog grows).
 * KEYS[1]: backlog counter. ARGV: window ms, max backlog, dedup key prefix, then the IDs.
 */
export const ENQUEUE = `
local backlog = tonumber(redis.call('GET', KEYS[1]) or '0')
local room = tonumber(ARGV[2]) - backlog
local out = {}
local added = 0
for i = 4, #ARGV do
  if redis.call('EXISTS', ARGV[3] .. ARGV[i]) == 1 then
    out[#out + 1] = 0
  elseif added >= room then
    out[#out + 1] = 2
  elseif redis.call('SET', ARGV[3] .. ARGV[i], '1', 'NX', 'PX', ARGV[1]) then
    out[#out + 1] = 1
    added = added + 1
  else
    out[#out + 1] = 0
  end
end
if added > 0 then redis.call('INCRBY', KEYS[1], added) end
return out`;

/** Takes back what ENQUEUE did for IDs whose job could not be stored. KEYS[1]: backlog. ARGV: dedup key prefix, then the IDs. */
export const UNDO_ENQUEUE = `
for i = 2, #ARGV do redis.call('DEL', ARGV[1] .. ARGV[i]) end
local left = redis.call('DECRBY', KEYS[1], #ARGV - 1)
if left < 0 then redis.call('SET', KEYS[1], '0') end
return 0`;

/** Events finished (sent, failed for good, late, duplicate): the backlog shrinks, never below 0. KEYS[1]: backlog. ARGV[1]: count. */
export const FINISH = `
local left = redis.call('DECRBY', KEYS[1], ARGV[1])
if left < 0 then redis.call('SET', KEYS[1], '0') end
return left`;

/**
 * A sliding-window rate limit on Redis's own clock: 0 when a call may start now (it is recorded), else the
 * milliseconds to wait. KEYS[1]: the start times (sorted set), KEYS[2]: pause-until. ARGV: max calls, window ms,
 * a unique member.
 */
export const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)`;

/** Every worker holds back until Redis's now + ARGV[1] ms (or later, if already paused longer). KEYS[1]: pause-until. */
export const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local paused = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > paused then redis.call('SET', KEYS[1], until_, 'PX', ARGV[1]) end
return 0`;

/**
 * Pinterest's rate limit held by every worker of a queue together, in Redis. The window is a little longer than
 * `perMs` (2% and 250 ms) so that a request started at the limit's edge is still inside it when Pinterest receives
 * it; and a slot whose answer from Redis came back late (a busy event loop) is not used, since the request would
 * start later than Redis recorded: another is taken.
 *
 * @example
 * const limiter = createRedisCallLimiter(redis, keys, { calls: 5000, perMs: 60_000 });
 */
export function createRedisCallLimiter(redis: IORedis, keys: RedisKeys, rate: CallRate): CallLimiter {
  const windowMs = Math.ceil(rate.perMs * 1.02 + 250);
  const slack = (windowMs - rate.perMs) / 2;
  return {
    async acquire(signal) {
      for (let stale = 0; ; ) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const asked = Date.now();
        const wait = Number(await runScript(redis, ACQUIRE, [keys.calls, keys.pause], [rate.calls, windowMs, randomUUID()]));
        if (!(wait > 0)) {
          // Recorded when Redis ran the script, used now: too far apart, and the request would land outside the slot.
          if (Date.now() - asked <= slack || ++stale > 3) return;
          continue;
        }
        // Not longer than a second at a time: another worker's calls may age out sooner than this one thinks.
        await sleep(Math.min(wait, 1000), signal);
      }
    },
    async pause(ms) {
      await runScript(redis, PAUSE, [keys.pause], [Math.max(1, Math.ceil(ms))]);
    },
  };
}
