// Google Consent Mode v2 (`consentFrom: ['gcm']`): the `consent` commands that gtag.js and Tag Manager's consent
// templates put in the data layer, read as Google's tags read them
// (https://developers.google.com/tag-platform/security/guides/consent,
// https://developers.google.com/tag-platform/tag-manager/templates/consent-apis):
// - `ad_storage` ("enables storage, such as cookies, related to advertising") decides whether the tag may load and
//   write cookies. A `default` of denied is the state before the shopper's choice: pending (events are held, as for
//   the SDK's own `consent: 'pending'`); denied after an `update` (the choice) is a denial;
// - `ad_user_data` ("sending user data related to advertising") denied: events go without match keys or click ID.
//   Not given while `ad_storage` is (a Consent Mode v1 set-up): taken as denied, the conservative reading;
// - an `update` overrides the defaults, key by key; a `default` with `wait_for_update` holds events (pending) until
//   an update or the end of the wait, counted from when this file read it; then the defaults apply;
// - region-scoped defaults (`region: ['ES', 'US-CA']`): Google matches them against the region it derives from the
//   visitor's IP address, on its servers; a page cannot know that region. When the store gives the shopper's
//   country and state (`limitedDataProcessing` or `customer`), the most specific matching default applies, as Google
//   defines it ('US-CA' before 'US' before no region); otherwise every default counts, the most restrictive winning;
// - only `'granted'` and `'denied'` are values; a key or value of any other kind is ignored. Until a consent command
//   names `ad_storage`, the signal has not spoken.
import { field, register, type SignalState, type Watch } from './signal';

type Value = 'granted' | 'denied';
const KEYS = ['ad_storage', 'ad_user_data'] as const;
type Key = (typeof KEYS)[number];

/** The longest `wait_for_update` honoured (Google suggests 500 ms). */
export const MAX_WAIT_MS = 30_000;

interface Default {
  values: Partial<Record<Key, Value>>;
  region: string[];
}

/**
 * Calls `onEntry` with every entry of the page's data layer (`window.dataLayer`), each exactly once and in order:
 * those pushed before this call, then each one pushed later. Entries are passed as they are: gtag.js pushes its
 * `arguments` objects, Tag Manager and stores plain objects. `push` is wrapped, and the wrapper calls the `push` it
 * replaced, so Tag Manager wrapping `push` before this call (its wrapper is then called by this one) or after it
 * (Google's data-layer-helper, which Tag Manager uses, calls the `push` it replaced: this one) loses nothing. The
 * layer is made if there is none yet, as gtag's and Tag Manager's snippets do. Never throws; returns a stop.
 *
 * To be replaced by the shared dataLayer reader at merge (src/sources/datalayer.ts, the GA4 source's).
 *
 * @example
 * const stop = watchDataLayer((entry) => console.log(entry)); // earlier entries now, later ones as pushed
 */
export function watchDataLayer(onEntry: (entry: unknown) => void): () => void {
  let stopped = false;
  try {
    const win = window as unknown as { dataLayer?: unknown };
    const layer = (win.dataLayer ??= []) as unknown[];
    if (!Array.isArray(layer)) return () => {};
    let seen = 0;
    const drain = (): void => {
      while (!stopped && seen < layer.length) {
        const entry = layer[seen++];
        try {
          onEntry(entry);
        } catch {
          // One odd entry must not stop the reading of the rest.
        }
      }
    };
    const previous = layer.push;
    const push = function (this: unknown, ...items: unknown[]): number {
      const length = previous.apply(this, items);
      // A layer emptied in between (`dataLayer.length = 0`) restarts where the new entries begin.
      seen = Math.min(seen, layer.length - items.length);
      drain();
      return length;
    };
    layer.push = push;
    drain();
    return () => {
      stopped = true;
      if (layer.push === push) layer.push = previous;
    };
  } catch {
    return () => void (stopped = true);
  }
}

/**
 * The Consent Mode state the commands read so far make, for the shopper's `region` (most specific first, `[]` when
 * unknown), or `undefined` while no command has named `ad_storage`.
 */
export function createConsentMode(region: string[]) {
  const defaults: Default[] = [];
  const updates: Partial<Record<Key, Value>> = {};
  let updated = false;
  let waitUntil = 0;

  /** The value of `key`: the last update's, else the applicable defaults'. */
  const value = (key: Key): Value | undefined => {
    if (updates[key]) return updates[key];
    let level = -1;
    let result: Value | undefined;
    for (const { values, region: scope } of defaults) {
      const given = values[key];
      if (!given) continue;
      // 0: applies to everyone (no region, or the shopper's region unknown); n: matches the region's nth-least specific code.
      const at =
        !scope.length || !region.length ? 0 : Math.max(-1, ...scope.map((code) => (region.includes(code) ? region.length - region.indexOf(code) : -1)));
      if (at < level) continue;
      result = at > level || given === 'denied' ? given : result;
      level = at;
    }
    return result;
  };

  return {
    /** Reads one data layer entry; true when it was a consent command. */
    take(entry: unknown): boolean {
      const command = field(entry, 1);
      const params = field(entry, 2);
      if (field(entry, 0) !== 'consent' || (command !== 'default' && command !== 'update')) return false;
      const values: Partial<Record<Key, Value>> = {};
      for (const key of KEYS) {
        const given = field(params, key);
        if (given === 'granted' || given === 'denied') values[key] = given;
      }
      if (command === 'update') {
        Object.assign(updates, values);
        updated = true;
        return true;
      }
      const scope = field(params, 'region');
      defaults.push({
        values,
        region: Array.isArray(scope) ? scope.slice(0, 300).flatMap((code) => (typeof code === 'string' ? [code.trim().toUpperCase()] : [])) : [],
      });
      const wait = Number(field(params, 'wait_for_update'));
      if (wait > 0) waitUntil = Math.max(waitUntil, Date.now() + Math.min(wait, MAX_WAIT_MS));
      return true;
    },
    /** How long events are still held for an update (`wait_for_update`), in ms; 0 when not. */
    waiting: (): number => (updated ? 0 : Math.max(0, waitUntil - Date.now())),
    /** What the signal says now. */
    state(): SignalState | undefined {
      const storage = value('ad_storage');
      const userData = value('ad_user_data');
      const shown = `ad_storage ${storage ?? 'not set'}, ad_user_data ${userData ?? 'not set'}`;
      if (this.waiting()) return { consent: 'pending', shown: `${shown}; waiting for an update (wait_for_update)` };
      if (!storage) return undefined;
      if (storage === 'denied') return updated ? { consent: 'denied', shown } : { consent: 'pending', shown: `${shown}; no choice yet (default)` };
      return userData === 'granted' ? { consent: 'granted', shown } : { consent: 'granted', userData: false, shown };
    },
  };
}

/** Follows Consent Mode in the data layer: entries before and after this call, and the end of a `wait_for_update`. */
export const watchGcm: Watch = (report, { region }) => {
  const mode = createConsentMode(region);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    clearTimeout(timer);
    const state = mode.state();
    if (state) report(state);
    const wait = mode.waiting();
    if (wait) timer = setTimeout(check, wait + 1);
  };
  const stop = watchDataLayer((entry) => mode.take(entry) && check());
  return () => {
    stop();
    clearTimeout(timer);
  };
};

/** Makes this signal available (its file runs this when it loads). */
export function install(): void {
  register('gcm', watchGcm);
}
