// Debug mode (`debug: true`, `data-debug`, or `?pinterest_tag_debug=1`): each event on the console with its ID
// and data, every pintrk command logged for the in-page panel, which is a separate file loaded only now, so
// shoppers who never turn debug on never download it.
import { loadDebugPanel } from './debug-load';
import { pageState } from './loader';
import type { TrackedEvent } from './types';

export function startDebug(nonce: string | undefined): void {
  const state = pageState();
  if (state.log) return;
  state.log = [];
  loadDebugPanel(nonce);
}

export function logEvent(event: TrackedEvent): void {
  try {
    console.info(`[pinterest-tag] ${event.event} ${event.eventId}`, event.data);
  } catch {
    // A broken console must not break the storefront.
  }
}
