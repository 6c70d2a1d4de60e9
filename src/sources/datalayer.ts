// A reader of a Google Tag Manager style data layer (`window.dataLayer`): the entries already in it, once, then
// every later push, whoever wrapped `push` before or after. Used by the GA4 event source, and meant for any add-on
// that reads the layer (Google Consent Mode's `gtag('consent', …)` entries, for one). It never changes what a push
// does for the page: Google Tag Manager and gtag.js keep working as if it were not there.
//
// How GTM reads the layer: "The data layer is an object used by Google Tag Manager and gtag.js to pass information
// to tags … `dataLayer.push({ event: 'event_name' })`"; gtag.js's `gtag()` is `function gtag(){dataLayer.push(arguments);}`
// (https://developers.google.com/tag-platform/tag-manager/datalayer and
// https://developers.google.com/tag-platform/gtagjs/install): an entry is an object, or the `arguments` object of
// one `gtag(...)` call. GTM and gtag.js install their own `push` that calls the one they found, so a reader that
// does the same sees every push whether it came first or last.

/**
 * One entry of a data layer: an object pushed with `dataLayer.push({ … })`, or the arguments of one
 * `gtag(…)` call (`['event', 'purchase', { … }]`, `['consent', 'update', { … }]`), as an array. The values are
 * the page's own: read them as outside input (own properties, nothing that may throw unguarded).
 */
export type DataLayerEntry =
  | { readonly kind: 'object'; readonly data: Readonly<Record<string, unknown>> }
  | { readonly kind: 'gtag'; readonly args: readonly unknown[] };

declare global {
  interface Window {
    /** The page's data layer (Google Tag Manager, gtag.js): an array until they replace its `push`. */
    dataLayer?: unknown;
  }
}

/**
 * The page's `window.dataLayer`, made as GTM's and gtag.js's snippets make it when the page has none yet.
 *
 * @example
 * watchDataLayer(pageDataLayer(), (entry) => console.log(entry));
 */
export function pageDataLayer(): unknown {
  window.dataLayer ??= [];
  return window.dataLayer;
}

/** Most entries already in the layer that are read when watching starts: the latest ones. */
export const MAX_PAST_ENTRIES = 500;

/** Most entries read from one `push` call. */
const MAX_PER_PUSH = 50;

/** Most arguments kept of one `gtag(…)` call (`gtag('event', name, params)` has three). */
const MAX_GTAG_ARGS = 8;

/**
 * An entry as `watchDataLayer` hands it on; `undefined` for what is neither an object nor a gtag call (a number, an
 * array pushed as a GTM command, a revoked Proxy…).
 *
 * @example
 * toDataLayerEntry({ event: 'purchase' }) // { kind: 'object', data: { event: 'purchase' } }
 */
export function toDataLayerEntry(entry: unknown): DataLayerEntry | undefined {
  try {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
    if (Object.prototype.toString.call(entry) === '[object Arguments]') {
      return { kind: 'gtag', args: Array.prototype.slice.call(entry, 0, MAX_GTAG_ARGS) };
    }
    return { kind: 'object', data: entry as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onEntry` for each entry of `layer`: first those already there (the latest `MAX_PAST_ENTRIES`), in order,
 * then each one pushed later, after the push it came with has done what it always does (GTM processes it first).
 * `layer` is the array the page uses (`window.dataLayer`); anything else is not watched. Nothing `onEntry` throws
 * reaches the code that pushed. Returns a function that stops watching: `push` is put back when nothing wrapped it
 * since, and otherwise left in the chain, passing entries through untouched.
 *
 * @example
 * const stop = watchDataLayer((window.dataLayer ??= []), (entry) => {
 *   if (entry.kind === 'gtag' && entry.args[0] === 'consent') console.log(entry.args[1], entry.args[2]);
 * });
 */
export function watchDataLayer(layer: unknown, onEntry: (entry: DataLayerEntry) => void): () => void {
  let active = true;
  const deliver = (entry: unknown): void => {
    const read = toDataLayerEntry(entry);
    if (!read || !active) return;
    try {
      onEntry(read);
    } catch {
      // A reader's failure must not become the failure of the page's push.
    }
  };
  let wrapper: ((...entries: unknown[]) => unknown) | undefined;
  let previous: unknown;
  let hadOwn = false;
  try {
    if (!Array.isArray(layer)) return () => {};
    const past = Array.prototype.slice.call(layer, Math.max(0, layer.length - MAX_PAST_ENTRIES));
    previous = layer.push;
    if (typeof previous !== 'function') return () => {};
    hadOwn = Object.prototype.hasOwnProperty.call(layer, 'push');
    const push = previous as (...entries: unknown[]) => unknown;
    wrapper = function (this: unknown, ...entries: unknown[]) {
      // What the push returns, or throws, is what it would without this reader.
      const result = push.apply(this, entries);
      if (active) for (const entry of entries.slice(0, MAX_PER_PUSH)) deliver(entry);
      return result;
    };
    for (const entry of past) deliver(entry);
    if (active) layer.push = wrapper as typeof layer.push;
  } catch {
    // A frozen layer, a Proxy that throws: there is nothing to watch.
  }
  return () => {
    active = false;
    try {
      if (wrapper && Array.isArray(layer) && layer.push === wrapper) {
        if (hadOwn) layer.push = previous as typeof layer.push;
        else delete (layer as { push?: unknown }).push;
      }
    } catch {
      // See above.
    }
  };
}
