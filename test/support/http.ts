// Small HTTP helpers for the server tests: a node:http server on a free loopback port that the test closes, a
// browser-like beacon, and a TrackedEvent as the browser relays it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrackedEvent } from '../../src/common/types';

export const SHOP = 'https://shop.example';
export const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0';

/** Closers run by `closeAll`, last first. */
export const closers: (() => Promise<void>)[] = [];

/** Runs every closer; call it in `afterEach`. */
export async function closeAll(): Promise<void> {
  while (closers.length) await closers.pop()?.();
}

/** Serves `handler` on 127.0.0.1 at a free port; closed by `closeAll`. */
export function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server: Server = createServer(handler);
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

let counter = 0;

/** An add to cart as the browser relays it; `extra` overrides fields. */
export function tracked(extra: Partial<TrackedEvent> = {}): TrackedEvent {
  const eventId = `evt-${process.pid}-${++counter}`;
  return {
    event: 'addtocart',
    apiEvent: 'add_to_cart',
    eventId,
    data: { value: 19, currency: 'USD', line_items: [{ product_id: 'SKU-1', product_price: 9.5, product_quantity: 2 }], order_quantity: 2, event_id: eventId },
    time: Date.now(),
    url: `${SHOP}/products/1`,
    ...extra,
  };
}

/** A beacon as the browser sends it: JSON as text/plain from the storefront's origin. */
export function beacon(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: SHOP, 'User-Agent': UA, ...headers },
  });
}

/** Resolves when `check()` holds, polling every 20 ms, or rejects after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'the condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
