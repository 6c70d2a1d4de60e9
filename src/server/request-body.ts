// Reading a request's body, for the relay and the webhook handler: at most `limit` bytes, within `timeoutMs` (a
// body that trickles in is cut, so slow clients cannot hold the server's sockets and memory), whatever framework
// ran before: node:http leaves the stream unread, Express or Fastify may have parsed it into `req.body`, and a
// middleware may have read the stream and kept nothing, which is answered at once instead of waited for forever.
import type { IncomingMessage } from 'node:http';

/**
 * A request: node:http's, or a framework's that may already hold the parsed `body` (Express, Fastify's raw…).
 *
 * @example
 * app.post('/pinterest-relay', express.text({ type: ['text/plain', 'application/json'] }), (req: RelayRequest, res) => relay(req, res));
 */
export type RelayRequest = IncomingMessage & { body?: unknown; rawBody?: unknown };

/** The body as read: bytes, an object a framework parsed, or why there is none. */
export type Body = { bytes: Buffer } | { parsed: unknown } | { tooLarge: true } | { timeout: true } | { consumed: true } | { unreadable: true };

/** The raw body from the stream, or why not: over `limit` bytes (the rest is drained) or not whole within `timeoutMs`. */
function readStream(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Body): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFailure);
      req.off('aborted', onFailure);
      resolve(body);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        // Drained and dropped, so that the 413 reaches a client still sending.
        req.resume();
        finish({ tooLarge: true });
      }
    };
    const onEnd = (): void => finish({ bytes: Buffer.concat(chunks) });
    const onFailure = (): void => finish({ timeout: true });
    const timer = setTimeout(() => finish({ timeout: true }), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFailure);
    req.on('aborted', onFailure);
  });
}

/**
 * The body as the framework left it: a string or bytes, an already parsed object, or nothing yet (then read from
 * the stream). An empty object with the stream unread is what a JSON body parser leaves for a `text/plain`
 * beacon, so the stream is read then too. A body that a middleware consumed without keeping it is `consumed`.
 */
export async function readBody(req: RelayRequest, limit: number, timeoutMs: number): Promise<Body> {
  // Fastify and some raw-body middlewares keep the bytes as `rawBody`.
  const body = req.body === undefined ? req.rawBody : req.body;
  const stream = typeof req.on === 'function';
  const unread = stream && req.readableEnded === false && !req.complete;
  if (
    body === undefined ||
    (unread && body && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Uint8Array) && !Object.keys(body).length)
  ) {
    if (!stream) return { bytes: Buffer.alloc(0) };
    // Read to its end by someone else, who kept nothing: waiting for it would wait forever.
    if (req.readableEnded) return { consumed: true };
    return readStream(req, limit, timeoutMs);
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    return size > limit ? { tooLarge: true } : { bytes: Buffer.from(body) };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    // Not JSON-able (a cycle, a BigInt, a getter that throws): not a body anybody sent.
    return { unreadable: true };
  }
  return Buffer.byteLength(text ?? '') > limit ? { tooLarge: true } : { parsed: body };
}
