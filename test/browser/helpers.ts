// Shared by the Chromium suite: the request shapes Pinterest's tag makes (SPEC §9.1) and page helpers.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { TrackedEvent, TrackResult } from '../../src/types';

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
