// Debug mode (`debug: true`, `data-debug`, or `?pinterest_tag_debug=1`): every pintrk command is logged for the
// in-page panel, each event is printed with its ID and data, and warnings are printed as sentences. The panel and
// the sentences are a separate file loaded only now, so shoppers who never turn debug on never download them.

import type { TrackedEvent } from '../common/types';
import { pageState } from '../page-state';
import { loadSideFile } from '../side-files';
import { warn } from '../warn';

export function startDebug(nonce: string | undefined): void {
  const state = pageState();
  if (state.log) return;
  state.log = [];
  // Warnings wait for the debug file's sentences; if it cannot load, they are printed by code after all.
  state.held ??= [];
  loadSideFile('debug', nonce).then((loaded) => {
    if (loaded) return;
    const held = state.held ?? [];
    state.held = undefined;
    warn('module-failed', 'pinterest-tag-debug.min.js');
    for (const [code, field, got] of held) warn(code, field, got);
  });
}

export function logEvent(event: TrackedEvent): void {
  try {
    console.info(`[pinterest-tag] ${event.event} ${event.eventId}`, event.data);
  } catch {
    // A broken console must not break the storefront.
  }
}
