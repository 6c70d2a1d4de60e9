// The script-tag build's complete SDK (`pinterest-tag-full.min.js`): reads the <script>'s data attributes, starts
// the tag, replays the calls the page queued on `window.pinterestTag.q` in order, then makes
// `window.pinterestTag` the live command function. It runs as the second stage, loaded by `pinterest-tag.min.js`
// (first-stage.ts), which hands over its <script> element; loaded by a <script> of its own, it reads that one.

import { WITH_SOURCES } from './build-flags';
import type { TrackedEventListener } from './common/types';
import { describe, own } from './common/values';
import { readScriptOptions } from './options';
import { pageState } from './page-state';
import { startTag } from './tag';
import { startSources } from './tag-sources';
import { safely, warn } from './warn';

/** Starts the tag and makes `window.pinterestTag` live; `script` is the <script> whose attributes are the options. */
function takeOver(script: Element | null): void {
  // A second copy of this script finds the first one's live function and does nothing.
  if (!window.pinterestTag?.live) {
    const state = pageState();
    // Read entry by entry: an odd entry (a getter that throws, a Proxy) is dropped, not allowed to stop the start.
    const queued: unknown[][] = [];
    for (const args of safely('pinterestTag.q', () => Array.from(window.pinterestTag?.q ?? [])) ?? []) {
      const entry = safely('pinterestTag.q', () => Array.from(args));
      if (entry) queued.push(entry);
    }
    const options = readScriptOptions(script) as Record<string, unknown>;
    // Setup calls queued before the script loaded take effect before anything is sent: a queued denial loads
    // nothing, a queued listener hears the first page visit, a queued identify() is in the first `load`.
    const listeners: TrackedEventListener[] = [];
    const rest = queued.filter(([name, arg]) => {
      // Event sources are started below (tag-sources.ts).
      if (WITH_SOURCES && name === 'source') return false;
      if (name === 'setConsent' && (arg === 'granted' || arg === 'denied')) options.consent = arg;
      else if (name === 'onEvent' && typeof arg === 'function') listeners.push(arg as TrackedEventListener);
      else if (name === 'identify' && arg && typeof arg === 'object') {
        // Read field by field: a getter that throws loses its own field, not the start.
        const customer = { ...(options.customer as object) } as Record<string, unknown>;
        for (const key of safely('identify', () => Object.keys(arg)) ?? []) customer[key] = safely('identify', () => own(arg, key));
        options.customer = customer;
      } else return true;
      return false;
    });
    if (listeners.length)
      options.onEvent = (event: Parameters<TrackedEventListener>[0]) => {
        for (const listener of listeners) safely('onEvent listener', () => listener(event));
      };

    const tag = startTag(options);
    const live = (name: string, ...args: unknown[]): unknown => {
      try {
        if (WITH_SOURCES && name === 'source') return source?.(args[0], args[1]);
        // The instance's own methods only: `toString` or `constructor` is no command.
        const method: unknown = typeof name === 'string' && Object.prototype.hasOwnProperty.call(tag, name) ? Reflect.get(tag, name) : undefined;
        if (typeof method === 'function') return Reflect.apply(method, tag, args);
        warn('not-command', `pinterestTag(${JSON.stringify(describe(name).slice(0, 40))})`);
      } catch (error) {
        warn('failed', `pinterestTag('${describe(name).slice(0, 40)}')`, error);
      }
      return undefined;
    };
    window.pinterestTag = Object.assign(live, { live: true });
    // Event sources (tag-sources.ts; build-flags.ts): before the queued calls, so the page visit waits for them.
    const source = WITH_SOURCES ? startSources(state, tag, queued, options.nonce as string | undefined) : undefined;
    for (const args of rest) live(...(args as [string, ...unknown[]]));
  }
}

try {
  const state = pageState();
  // Where the first stage has given the page its first events, the take-over goes in a task of its own: compiling
  // this file and starting the tag in one task could be a long one on a slow phone. Until then calls queue on the
  // first stage's `pinterestTag.q`. Where it stepped aside, or loaded by a <script> of its own, it starts at once.
  const script = state.script ?? document.currentScript;
  if (state.firstVisit) setTimeout(() => safely('start', () => takeOver(script)));
  else takeOver(script);
} catch (error) {
  warn('failed', 'start', error);
}
