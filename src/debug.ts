// Debug mode: each event on the console with its ID and data, and checks in the spirit of Pinterest's
// Tag Helper (SPEC §9.2). Kept small: the in-page panel is a separate file loaded only when debug is on.
import type { TrackedEvent } from './types';

export function logEvent(event: TrackedEvent): void {
  try {
    console.info(`[pinterest-tag] ${event.event} ${event.eventId}`, event.data);
  } catch {
    // A broken console must not break the storefront.
  }
}
