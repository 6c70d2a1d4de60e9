// SHA-256 with node:crypto: the same hex as the browser's plain-JavaScript `sha256` (src/common/sha256.ts, which
// the tests compare it with on random text), about three times faster, since the server hashes every match key
// of every order it sends.
import * as crypto from 'node:crypto';

/** `crypto.hash` (Node >= 20.12) hashes in one call; `createHash` is the older, slower way. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/**
 * The SHA-256 of `text` (UTF-8, a lone surrogate as U+FFFD, as `TextEncoder` makes it) as 64 lower-case hex
 * characters, by node:crypto.
 *
 * @example
 * nodeSha256('US') // '9b202ecbc6d45c6d8901d989a918878397a3eb9d00e8f48022fc051b19d21a1d'
 */
export const nodeSha256: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
