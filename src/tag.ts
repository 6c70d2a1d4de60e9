// createPinterestTag: wires options, events, IDs, consent, identity and the loader into one instance.
import { readClickId, removeClickId, storeClickId } from './clickid';
import { createConsent } from './consent';
import { logEvent } from './debug';
import { ACTIONS, buildEventData, TAG_TO_API_EVENT } from './events';
import { loadMatch, MATCH_STORAGE_KEY, saveMatch, watchEmailFields } from './identity';
import { checkoutEventId, randomEventId } from './ids';
import { command, installTag, pageState } from './loader';
import { mustBe, warn } from './log';
import { hashCustomer, hashMatchValue } from './normalize';
import { resolveOptions } from './options';
import { relayEvent } from './relay';
import { watchRoutes } from './spa';
import { readStored, writeStored } from './storage';
import type { ActionName, EventListener, MatchData, PinterestTag, PinterestTagOptions, TrackedEvent, TrackResult } from './types';

/** Name of the DOM event dispatched on `window` for each released event; `detail` is the `TrackedEvent`. */
export const EVENT_NAME = 'pinterest-tag:event';

/** Where the IDs of the last checkouts sent from this browser are kept, so a reloaded thank-you page sends none. */
export const SENT_CHECKOUTS_KEY = 'pinterest_tag_checkouts';

const sentCheckouts = (): string[] => {
  const list = readStored(SENT_CHECKOUTS_KEY);
  return Array.isArray(list) ? list : [];
};

/**
 * Puts the Pinterest Tag on the page for `options.tagId` and returns one function per storefront action.
 * Nothing it does throws: bad input gets a console warning and is not sent. In Node, or without a valid Tag ID,
 * it returns an instance whose calls do nothing but return `status: 'inactive'`.
 *
 * @example
 * const pinterest = createPinterestTag({ tagId: '2612345678901', currency: 'USD' });
 * const { eventId } = pinterest.addToCart({ product: { id: 'SKU-1', price: 25 } });
 * // your server sends its add_to_cart event to the Conversions API with the same eventId
 */
export function createPinterestTag(options: PinterestTagOptions): PinterestTag {
  const settings = typeof window === 'object' && typeof document === 'object' ? safely('start', () => resolveOptions(options)) : undefined;
  const tagId = settings?._tagId;
  const listeners = new Set<EventListener>();
  const consent = createConsent(settings?._consent ?? 'denied');
  const seen = new Set<string>();
  const report = (where: string) => (message: string) => warn(`${where}: ${message}`);
  let match: MatchData = {};
  let clickId: string | undefined;
  let ldp: Record<string, string> | undefined;
  let started = false;

  /** Loads the tag: only ever with consent granted. */
  const start = (): void => {
    if (started || !settings) return;
    started = true;
    const page = installTag(settings._scriptUrl, settings._nonce);
    if (page.loaded[tagId!]) {
      if (Object.keys(match).length) command('set', { ...match });
    } else {
      const others = Object.keys(page.loaded);
      if (others.length) warn(`another Pinterest tag (${others}) is loaded on this page; events go to it too`);
      else command('load', tagId, { ...match });
      page.loaded[tagId!] = true;
    }
    // LDP goes before any event (SPEC §10), so before `page` too.
    if (ldp) command('set', ldp);
    if (!page.paged) command('page');
    page.paged = true;
    if (clickId) storeClickId(clickId);
    saveMatch(match);
  };

  /** Adds hashed match data: given to the tag before the next event, and remembered for later pages. */
  const remember = (added: MatchData): void => {
    if (Object.entries(added).every(([key, value]) => match[key as keyof MatchData] === value)) return;
    match = { ...match, ...added };
    if (started && consent._state === 'granted') {
      command('set', added);
      saveMatch(match);
    }
  };

  const release = (tracked: TrackedEvent): void => {
    if (tracked.event === 'checkout') {
      if (seen.has(tracked.eventId) || sentCheckouts().includes(tracked.eventId)) return;
      seen.add(tracked.eventId);
      writeStored(SENT_CHECKOUTS_KEY, [...sentCheckouts(), tracked.eventId].slice(-50));
    }
    start();
    command('track', tracked.event, tracked.data);
    if (Object.keys(match).length) tracked.match = match;
    // Everyone downstream gets a copy, so a listener that edits it cannot change what the tag sends.
    const event = JSON.parse(JSON.stringify(tracked)) as TrackedEvent;
    if (settings!._debug) logEvent(event);
    for (const listener of listeners) safely('an onEvent listener', () => listener(event));
    safely(EVENT_NAME, () => window.dispatchEvent(new CustomEvent(EVENT_NAME, { detail: event })));
    if (settings!._relay) relayEvent(settings!._relay, event);
  };

  const track = (action: ActionName, input: unknown): TrackResult => {
    const event = ACTIONS[action];
    const result: TrackResult = { event, apiEvent: TAG_TO_API_EVENT[event], eventId: '', status: 'inactive' };
    safely(action, () => {
      const given = (input as { eventId?: unknown } | null)?.eventId;
      const data = settings && buildEventData(action, input, settings._currency, report(action));
      result.eventId =
        typeof given === 'string' && given.trim()
          ? given.trim()
          : action === 'checkout'
            ? data
              ? checkoutEventId(data.order_id as string)
              : ''
            : randomEventId();
      if (!settings) return;
      result.status = 'invalid';
      if (given != null && (typeof given !== 'string' || !given.trim())) return report(action)(mustBe('eventId', 'a non-empty string', given));
      if (!data) return;
      data.event_id = result.eventId;
      if (action === 'checkout' && (seen.has(result.eventId) || sentCheckouts().includes(result.eventId))) {
        result.status = 'duplicate';
        return;
      }
      const { event: name, apiEvent, eventId } = result;
      const tracked: TrackedEvent = { event: name, apiEvent, eventId, data, time: Date.now(), url: location.href };
      if (clickId) tracked.clickId = clickId;
      if (ldp) tracked.ldp = true;
      result.status = ({ granted: 'sent', pending: 'pending', denied: 'denied' } as const)[consent._hold(() => release(tracked))];
    });
    return result;
  };

  const tag = {
    identify(customer) {
      if (settings) safely('identify', () => remember(hashCustomer(customer, report('identify'))));
    },
    setConsent(next) {
      if (!settings) return;
      if (next !== 'granted' && next !== 'denied') return warn(mustBe('setConsent', "'granted' or 'denied'", next));
      safely('setConsent', () => {
        const before = consent._state;
        if (next === before) return;
        if (next === 'granted') {
          if (started) command('setconsent', true);
          start();
        } else {
          // Stop a loaded tag, which clears its own cookies, and forget what this SDK stored (SPEC §10).
          if (started) command('setconsent', false);
          writeStored(MATCH_STORAGE_KEY);
          removeClickId();
          match = {};
          clickId = undefined;
        }
        consent._set(next);
      });
    },
    onEvent(listener) {
      if (typeof listener !== 'function') {
        warn(mustBe('onEvent', 'a function', listener));
        return () => {};
      }
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    clickId: () => clickId,
  } as PinterestTag;
  for (const action in ACTIONS) (tag as unknown as Record<string, unknown>)[action] = (input?: unknown) => track(action as ActionName, input);

  if (settings) {
    safely('start', () => {
      if (settings._onEvent) listeners.add(settings._onEvent);
      if (settings._consent !== 'denied') {
        match = { ...loadMatch(), ...hashCustomer(settings._customer, report('customer')) };
        clickId = readClickId();
      }
      if (settings._ldp) {
        ldp = { opt_out_type: 'LDP' };
        for (const [field, key] of [['state', 'st'], ['country', 'country']] as const) {
          const value = settings._ldp[field];
          const hash = value ? hashMatchValue(key, value) : '';
          if (hash) ldp[key] = hash;
          else if (value) warn(`limitedDataProcessing.${mustBe(field, "a two-letter code such as 'CA'", value)}; left out`);
        }
      }
      if (consent._state === 'granted') start();
      if (settings._enhancedMatch) watchEmailFields((em) => consent._state !== 'denied' && remember({ em }));
      const page = pageState();
      if (settings._autoPageVisit && !page.visited[tagId!]) {
        page.visited[tagId!] = true;
        tag.pageVisit();
      }
      if (settings._spa) watchRoutes(() => tag.pageVisit());
    });
  }
  return tag;
}

/** Runs `fn`, turning anything it throws into one warning: nothing in this SDK may throw into the page. */
function safely<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    warn(`${what} failed: ${String(e)}`);
    return undefined;
  }
}
