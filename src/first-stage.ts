// The script themes install, `pinterest-tag.min.js`: the first stage. On a plain page (consent granted by
// default, no customer, no LDP, no debug, nothing queued that changes the first events) it does what Pinterest's
// base code does, plus the page's automatic page visit with its event ID, and nothing else: no storage, no
// cookies, no patterns. Then it loads the second stage (`pinterest-tag-full.min.js`, next to it), which adopts
// what it did and does everything else. On any other page it steps aside and the second stage does it all.

import { besideScript } from './beside-script';
import { EVENTS } from './common/catalog';
import { isTagId } from './common/values';
import { DEFAULT_SCRIPT_URL, injectCore, pinterestStub } from './loader';
import { PAGE_STATE, pageState } from './page-state';
import { warn } from './warn';

// Everything here runs in a page's first milliseconds, where each built-in's first use is paid for: plain loops
// and direct calls, no regular expression, no iterator or spread, and only the stub's own commands. A/B at full
// speed, 50 cold loads each (BENCHMARKS.md, "Main-thread time"): the same checks written with a pattern,
// `Array.from(…).some`, `for…of` and the page-wide command door took 10.1 ms against the base code's 6.7; this
// form 7.4.

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

/**
 * The Tag ID when the page is plain, else ''. Not plain: a `pintrk` already there (a base code, another tag),
 * a Tag ID that is not one, debug mode, a data attribute the second stage must apply first, or a queued call that
 * changes the first events.
 */
function plainTagId(script: HTMLScriptElement): string {
  const tagId = (script.getAttribute('data-tag-id') ?? '').trim();
  // `document.URL` is `location.href` without a first use of the Location object.
  if (typeof window.pintrk === 'function' || !isTagId(tagId) || document.URL.includes('pinterest_tag_debug=')) return '';
  // Attribute names come as plain texts, without an Attr object for each.
  const names = script.getAttributeNames();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name.startsWith('data-') && !PLAIN_ATTRIBUTES.includes(name)) return '';
  }
  const queued = window.pinterestTag?.q ?? [];
  for (let i = 0; i < queued.length; i++) if (FIRST_EVENT_CALLS.includes((queued[i] as ArrayLike<unknown>)[0] as string)) return '';
  return tagId;
}

/** The plain page's first events: the base code's stub, `load` and `page`, the automatic page visit, then `core.js`. */
function firstEvents(script: HTMLScriptElement, tagId: string, eventId: string): void {
  const state = pageState();
  const pintrk = pinterestStub();
  window.pintrk = pintrk;
  pintrk('load', tagId, {});
  pintrk('page');
  pintrk('track', EVENTS.pageVisit.tag, { event_id: eventId });
  const url = document.URL;
  state.loaded[tagId] = state.paged = true;
  state.visited[tagId] = url;
  // The second stage gives it to listeners and the relay (with the URL's emails hashed, and what it knows).
  state.firstVisit = {
    event: EVENTS.pageVisit.tag,
    apiEvent: EVENTS.pageVisit.api,
    eventId,
    data: { event_id: eventId },
    time: Date.now(),
    url,
  };
  // core.js in a task of its own, right after this one: inserting a script is the largest single part of the base
  // code's own time (12 to 14 ms with the CPU slowed 4x), and the queue waits for it either way. Looked for again
  // then, in case the second stage has already put it there.
  const nonce = script.nonce || undefined;
  setTimeout(() => injectCore(state, DEFAULT_SCRIPT_URL, nonce));
}

try {
  const script = document.currentScript as HTMLScriptElement | null;
  // Another copy of this SDK that ran first (an npm build, say) keeps its own rules: then the second stage decides.
  const fresh = !window[PAGE_STATE];
  const state = pageState();
  // A second copy of the script finds the first one's work and does nothing.
  if (script && !window.pinterestTag?.live && !state.script) {
    state.script = script;
    // Calls made before the second stage runs are queued, as the pre-load snippet queues them.
    window.pinterestTag ??= Object.assign((...args: unknown[]) => void (window.pinterestTag!.q ??= []).push(args), { q: [] });
    try {
      const tagId = fresh ? plainTagId(script) : '';
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
