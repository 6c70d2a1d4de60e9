// The script themes install, `pinterest-tag.min.js`: the first stage. On a plain page (consent granted by
// default, no customer, no LDP, no debug, nothing queued that changes the first events) it does what Pinterest's
// base code does, plus the page's automatic page visit with its event ID, and nothing else: no storage, no
// cookies, no patterns. Then it loads the second stage (`pinterest-tag-full.min.js`, next to it), which adopts
// what it did and does everything else. On any other page it steps aside and the second stage does it all.

import { besideScript } from './beside-script';
import { EVENTS } from './common/catalog';
import { command, DEFAULT_SCRIPT_URL, installTag } from './loader';
import { pageState } from './page-state';
import { warn } from './warn';

/** The second stage's file, next to this one. */
export const SECOND_STAGE = 'pinterest-tag-full.min.js';

/** The second stage for a script with `data-sources`: the same, with the event sources' wiring (build-flags.ts). */
const SOURCES_STAGE = 'pinterest-tag-full-sources.min.js';

/** The data attributes that leave the first events as they are: the second stage applies them. */
const PLAIN_ATTRIBUTES = ['data-tag-id', 'data-currency', 'data-spa', 'data-enhanced-match', 'data-relay'];

/** Queued calls that change the page's first events: a consent, a shopper, a page visit of the theme's own. */
const FIRST_EVENT_CALLS = ['setConsent', 'identify', 'pageVisit'];

/**
 * The page visit's event ID: the browser's own `crypto.randomUUID()`, the UUID v4 that `randomEventId()` (uuid's
 * v4) gives where the browser has it, without the library's bytes; '' where it has none (a page not served over
 * https, a browser from before 2022), and the first stage steps aside.
 */
const browserEventId = (): string => (typeof crypto === 'object' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : '');

/** The Tag ID when the page is plain, else ''. */
function plainTagId(script: HTMLScriptElement): string {
  const tagId = (script.getAttribute('data-tag-id') ?? '').trim();
  // Digits only, as the second stage requires too (it warns about anything else).
  return /^\d{1,20}$/.test(tagId) &&
    // `document.URL` is `location.href` without a first use of the Location object; attribute names come as
    // plain texts, without an Attr object for each.
    !document.URL.includes('pinterest_tag_debug=') &&
    !script.getAttributeNames().some((name) => name.startsWith('data-') && !PLAIN_ATTRIBUTES.includes(name)) &&
    !Array.from(window.pinterestTag?.q ?? []).some((args) => FIRST_EVENT_CALLS.includes(args[0] as string))
    ? tagId
    : '';
}

/** The plain page's first events: the base code's `load` and `page`, and the automatic page visit. */
function firstEvents(script: HTMLScriptElement, tagId: string, eventId: string): void {
  const state = installTag(DEFAULT_SCRIPT_URL, script.nonce || undefined);
  if (!state.loaded[tagId]) command('load', tagId, {});
  state.loaded[tagId] = true;
  if (!state.paged) command('page');
  state.paged = true;
  const url = document.URL;
  if (state.visited[tagId] === url) return;
  state.visited[tagId] = url;
  const data = { event_id: eventId };
  command('track', EVENTS.pageVisit.tag, data);
  // The second stage gives it to listeners and the relay (with the URL's emails hashed, and what it knows).
  state.firstVisit = { event: EVENTS.pageVisit.tag, apiEvent: EVENTS.pageVisit.api, eventId, data: { ...data }, time: Date.now(), url };
}

try {
  const script = document.currentScript as HTMLScriptElement | null;
  const state = pageState();
  // A second copy of the script finds the first one's work and does nothing.
  if (script && !window.pinterestTag?.live && !state.script) {
    state.script = script;
    // Calls made before the second stage runs are queued, as the pre-load snippet queues them.
    window.pinterestTag ??= Object.assign((...args: unknown[]) => void (window.pinterestTag!.q ??= []).push(args), { q: [] });
    try {
      const tagId = plainTagId(script);
      const eventId = tagId && browserEventId();
      if (eventId) firstEvents(script, tagId, eventId);
    } catch {
      // Whatever happens here, the second stage starts the tag.
    }
    // Only a script loaded from a URL has files next to it: an inline copy leaves the second stage to the page.
    const src = script.src;
    if (src) {
      // A script made with createElement is async already (HTML: its "force async" flag is set).
      const next = document.createElement('script');
      const file = script.hasAttribute('data-sources') ? SOURCES_STAGE : SECOND_STAGE;
      next.src = besideScript(src, file);
      // An empty nonce is no nonce, as when none is set.
      next.nonce = script.nonce;
      next.onerror = () => warn('module-failed', file);
      document.head.appendChild(next);
    }
  }
} catch {
  // Nothing here may throw into the page.
}
