// Helpers for the event sources' jsdom tests: a stand-in for the Web Pixels API's `analytics`, theme events as
// Shopify's standard events library dispatches them (the payload on the event itself), and the sent event data.
import { expect } from 'vitest';
import { tracks } from './page';

/** The Web Pixels API's `analytics.subscribe` (shopify.dev/docs/api/web-pixels-api/standard-api/analytics), and a way to publish. */
export function fakeAnalytics() {
  const subscribers = new Map<string, Array<(event: unknown) => void>>();
  return {
    subscribe(name: string, callback: (event: unknown) => void): Promise<undefined> {
      subscribers.set(name, [...(subscribers.get(name) ?? []), callback]);
      return Promise.resolve(undefined);
    },
    publish(event: { name: string; data?: unknown }): void {
      for (const callback of subscribers.get(event.name) ?? []) callback(event);
    },
    subscribed: (): string[] => [...subscribers.keys()],
  };
}

/**
 * A `shopify:*` event as a library class makes it: an Event that bubbles, its payload read through its class's
 * getters (not own properties). The Chromium fixture dispatches the other kind, with own properties.
 */
export function themeEvent(type: string, payload: Record<string, unknown>): Event {
  class StorefrontEvent extends Event {}
  for (const [key, value] of Object.entries(payload)) Object.defineProperty(StorefrontEvent.prototype, key, { get: () => value });
  return new StorefrontEvent(type, { bubbles: true });
}

/** The event data of each `track` of `event`, the event ID checked and left out. */
export const sent = (event: string): Record<string, unknown>[] =>
  tracks(event).map(([, , data]) => {
    const { event_id, ...rest } = data as Record<string, unknown>;
    expect(typeof event_id).toBe('string');
    return rest;
  });
