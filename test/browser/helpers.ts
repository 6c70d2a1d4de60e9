// Shared by the Chromium suite: the request shapes Pinterest's tag makes (SPEC §9.1) and page helpers.
import { createHash } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TrackedEvent, TrackResult } from '../../src/common/types';
import { type DecodedBeacon, decodeBeacon } from '../../stand-ins/pinterest-tag/decode';

/** Parameter order of a `page` request (`event=init`) when partner data is set. */
export const INIT_PARAMS = ['tid', 'pd', 'event', 'ad', 'cb'];
/** Parameter order of a `track` request with event data and partner data. */
export const TRACK_PARAMS = ['event', 'ed', 'tid', 'pd', 'ad', 'cb'];
/** The library builds core.js picks (SPEC §1.2), sent back as `ad.mh`. */
export const LIBRARY_HASH = /^(3a217bc7|55e552f9)$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Waits for the script-tag build to have replaced the pre-load snippet with its live command function. */
export async function waitForLive(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { pinterestTag?: { live?: boolean } }).pinterestTag?.live === true);
}

/** Calls the script-tag build's command function in the page. */
export function command(page: Page, name: string, arg?: unknown): Promise<TrackResult | undefined> {
  return page.evaluate(
    ([name, arg]) => (window as unknown as { pinterestTag: (n: string, a: unknown) => TrackResult | undefined }).pinterestTag(name as string, arg),
    [name, arg] as const,
  );
}

/** What the fixture's `onEvent` listener collected in `window.trackedEvents`. */
export function trackedEvents(page: Page): Promise<TrackedEvent[]> {
  return page.evaluate(() => (window as unknown as { trackedEvents: TrackedEvent[] }).trackedEvents);
}

// --- pages served by a server of their own (the examples) ----------------------------------------------------

/** A request a page made to its own server (not a beacon): the demo's relay and order posts, for instance. */
export interface PagePost {
  path: string;
  method: string;
  body: string | null;
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Every `pinterest-tag:event` dispatched in the context's pages, in order, with the page's URL then. */
  events: TrackedEvent[];
  /** Requests to `/v3/` on 127.0.0.1 (where the stand-in sends its beacons when a local server serves it), decoded. */
  beacons: DecodedBeacon[];
  /** Requests other than GET to 127.0.0.1, beacons excepted, in order. */
  posts: PagePost[];
  /** Requests off this machine: all aborted. */
  blocked: string[];
  /** Requests that failed, or that got an HTTP error status, as `<status or error> <method> <url>`. */
  failed: string[];
  console: Array<{ type: string; text: string }>;
  pageErrors: Error[];
  /** Page errors, console errors and warnings, failed and blocked requests: what a clean page has none of. */
  problems(): string[];
  /** Polls `check` until it is true; throws after `timeoutMs` with `what` and the events and beacons seen. */
  until(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const EVENT_BINDING = '__recordPinterestTagEvent';

/**
 * A fresh context (no cookies, no storage) for pages that a local server of their own serves, such as the
 * examples' demo server. Only 127.0.0.1 is reachable: anything else is aborted and reported by `problems()`.
 */
export async function openWatchedPage(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  const events: TrackedEvent[] = [];
  const beacons: DecodedBeacon[] = [];
  const posts: PagePost[] = [];
  const blocked: string[] = [];
  const failed: string[] = [];
  const messages: Array<{ type: string; text: string }> = [];
  const pageErrors: Error[] = [];

  await context.route('**/*', (route) => {
    if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await context.exposeBinding(EVENT_BINDING, (_source, detail: TrackedEvent) => void events.push(detail));
  await context.addInitScript((name) => {
    addEventListener('pinterest-tag:event', (event) => (window as unknown as Record<string, (detail: unknown) => void>)[name]!((event as CustomEvent).detail));
  }, EVENT_BINDING);
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.hostname !== '127.0.0.1') return;
    if (url.pathname === '/v3/') beacons.push(decodeBeacon(url.href, request.method() === 'POST' ? (request.postData() ?? '') : undefined));
    else if (request.method() !== 'GET') posts.push({ path: url.pathname, method: request.method(), body: request.postData() });
  });
  context.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'failed';
    // The demo panel polls /__beacons every second; leaving the page cuts the poll in flight short.
    if (error === 'net::ERR_ABORTED' && new URL(request.url()).pathname === '/__beacons') return;
    if (error !== 'net::ERR_BLOCKED_BY_CLIENT') failed.push(`${error} ${request.method()} ${request.url()}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  const page = await context.newPage();
  page.on('console', (message) => messages.push({ type: message.type(), text: message.text() }));
  page.on('pageerror', (error) => pageErrors.push(error));

  return {
    context,
    page,
    events,
    beacons,
    posts,
    blocked,
    failed,
    console: messages,
    pageErrors,
    problems: () => [
      ...pageErrors.map((e) => `page error: ${e.stack ?? e.message}`),
      ...messages.filter((m) => m.type === 'error' || m.type === 'warning').map((m) => `console.${m.type}: ${m.text}`),
      ...failed.map((f) => `failed request: ${f}`),
      ...blocked.map((b) => `request off this machine: ${b}`),
    ],
    async until(what, check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) {
          throw new Error(
            `timed out waiting for ${what}; events: ${JSON.stringify(events.map((e) => e.event))}, beacons: ${JSON.stringify(beacons.map((b) => b.event))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => context.close(),
  };
}
