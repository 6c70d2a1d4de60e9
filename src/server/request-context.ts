// What a request says about the shopper's browser: its IP address (behind trusted proxies, the one the nearest
// trusted proxy saw, never an address the client wrote itself), its user agent, the `_epik` click ID cookie, the
// page's origin, and the key the relay's rate limit counts it under. Headers are outside input: every read here is
// one pass over a capped length, with no pattern that can backtrack.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { ConversionContext } from './conversion-types';

/** Longest user agent read: real ones are a few hundred characters. */
const MAX_USER_AGENT = 4096;
/** How much of the end of `X-Forwarded-For` is read: the trusted hops are at its end, anything before is the client's. */
const MAX_FORWARDED_TAIL = 2048;
/** Longest address with brackets and a port: `[` + 45 characters of IPv6 + `]:65535`. */
const MAX_HOP = 64;
/** How much of the `Cookie` header is searched for `_epik`. */
const MAX_COOKIE = 8192;

/**
 * How far to trust `X-Forwarded-For`: `false` (default) reads the socket's address; a number `n` is the count of
 * proxies you run in front of the server: the address the `n`-th proxy from here saw, which is the rightmost one
 * those proxies did not add themselves. `true` means one proxy. The leftmost addresses are whatever the client
 * wrote and are never taken.
 *
 * @example
 * requestContext(req, { trustProxy: 1 }) // behind one load balancer
 */
export type TrustProxy = boolean | number;

/** An address as sockets and proxies write it, without brackets, port or IPv4-in-IPv6 mapping; '' if it is none. */
function normalizeIp(raw: string | undefined): string {
  let ip = (raw ?? '').trim();
  if (!ip || ip.length > MAX_HOP) return '';
  if (ip.startsWith('[')) {
    // "[2001:db8::1]:443"
    const end = ip.indexOf(']');
    ip = end > 0 ? ip.slice(1, end) : '';
  } else if (ip.indexOf(':') === ip.lastIndexOf(':') && ip.includes('.')) {
    // "203.0.113.7:4711": one colon and dots is IPv4 with a port.
    ip = ip.split(':')[0] ?? '';
  }
  // A dual-stack socket writes IPv4 as ::ffff:203.0.113.7.
  if (ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4) ip = ip.slice(7);
  return isIP(ip) ? ip : '';
}

/** Validates a `trustProxy` option: a boolean or a whole number of proxies from 0 to 32. */
export function checkTrustProxy(trustProxy: unknown): TrustProxy {
  if (typeof trustProxy === 'boolean' || (Number.isInteger(trustProxy) && (trustProxy as number) >= 0 && (trustProxy as number) <= 32))
    return trustProxy as TrustProxy;
  throw new TypeError('trustProxy must be true, false or the number of proxies in front of the server (0 to 32)');
}

/**
 * The shopper's address: the socket's, or with `trustProxy` the one `X-Forwarded-For` names `trustProxy` hops from
 * its right end. A request that came through fewer proxies than that gets the leftmost address they wrote.
 */
export function clientIp(req: IncomingMessage, trustProxy: TrustProxy = false): string | undefined {
  const socket = normalizeIp(req.socket?.remoteAddress);
  const hops = trustProxy === true ? 1 : typeof trustProxy === 'number' ? trustProxy : 0;
  const header = req.headers?.['x-forwarded-for'];
  const forwarded = Array.isArray(header) ? header.join(',') : header;
  if (!hops || typeof forwarded !== 'string' || !forwarded) return socket || undefined;
  const tail = forwarded.length > MAX_FORWARDED_TAIL ? forwarded.slice(-MAX_FORWARDED_TAIL) : forwarded;
  const list = tail.split(',').map((hop) => hop.trim());
  // Empty entries ("a, , b") are not hops.
  const real = list.filter(Boolean);
  const hop = real[Math.max(0, real.length - hops)];
  return normalizeIp(hop) || undefined;
}

/**
 * The key the relay's rate limit counts a request under: an IPv4 address, or an IPv6 address's /64 network, which
 * is what one household or phone gets (RFC 6177): a client cannot escape the limit by using more addresses of
 * its own network.
 *
 * @example
 * rateLimitKey('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 * rateLimitKey('203.0.113.7')          // '203.0.113.7'
 */
export function rateLimitKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (isIP(ip) !== 6) return ip;
  const [head = '', rest] = ip.toLowerCase().split('::', 2);
  const left = head ? head.split(':') : [];
  if (rest === undefined)
    return `${left
      .slice(0, 4)
      .map((group) => group.replace(/^0+(?=.)/, ''))
      .join(':')}::/64`;
  // "a:b::c:d": the groups left of '::' come first; the ones it stands for are zeros.
  const right = rest ? rest.split(':') : [];
  // An embedded IPv4 address (…:1.2.3.4) is two groups.
  const count = right.reduce((sum, group) => sum + (group.includes('.') ? 2 : 1), 0);
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - count)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => (group.includes('.') ? '0' : group.replace(/^0+(?=.)/, '')))
    .join(':')}::/64`;
}

/** The value of the cookie `name`, percent-decoded; `undefined` when absent or not decodable. */
export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers?.cookie;
  if (typeof header !== 'string' || !header.includes(name)) return undefined;
  for (const pair of header.slice(0, MAX_COOKIE).split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(pair.slice(eq + 1).trim());
    } catch {
      // Not valid percent-encoding: no value.
      return undefined;
    }
  }
  return undefined;
}

/** The origin of the page that posted: `Origin`, or else `Referer`'s. */
export function requestOrigin(req: IncomingMessage): string | undefined {
  const { origin, referer } = req.headers ?? {};
  if (typeof origin === 'string' && origin) return origin.length <= 512 ? origin : undefined;
  try {
    return typeof referer === 'string' && referer && referer.length <= 4096 ? new URL(referer).origin : undefined;
  } catch {
    // A malformed Referer is as good as none.
    return undefined;
  }
}

/**
 * What a request tells about the shopper's browser, for `toConversionEvent`: the IP address (with `trustProxy`,
 * from `X-Forwarded-For`, see `TrustProxy`), the user agent and the `_epik` click ID cookie. For your own routes,
 * such as the one that places an order, so they describe the shopper as the relay does.
 *
 * @example
 * const result = toConversionEvent({ action: 'checkout', data: order }, { ...requestContext(req, { trustProxy: 1 }), currency: 'USD' });
 */
export function requestContext(req: IncomingMessage, options: { trustProxy?: TrustProxy } = {}): ConversionContext {
  const context: ConversionContext = {};
  const ip = clientIp(req, checkTrustProxy(options?.trustProxy ?? false));
  const agent = req.headers?.['user-agent'];
  const userAgent = typeof agent === 'string' ? agent.slice(0, MAX_USER_AGENT) : undefined;
  const clickId = cookieValue(req, '_epik');
  if (ip) context.clientIp = ip;
  if (userAgent) context.userAgent = userAgent;
  if (clickId) context.clickId = clickId;
  return context;
}
