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
import { pageDataLayer, watchDataLayer } from '../sources/datalayer';
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
  // Consent commands are gtag calls (`gtag('consent', 'update', {…})`, and Tag Manager's consent templates push the
  // same arguments).
  const stop = watchDataLayer(pageDataLayer(), (entry) => entry.kind === 'gtag' && mode.take(entry.args) && check());
  return () => {
    stop();
    clearTimeout(timer);
  };
};

/** Makes this signal available (its file runs this when it loads). */
export function install(): void {
  register('gcm', watchGcm);
}
