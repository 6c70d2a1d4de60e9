// createPinterestTag: wires options, events, IDs, consent, identity and the loader into one instance.
import { readClickId, removeClickId, storeClickId } from './clickid';
import { createConsent } from './consent';
import { logEvent, startDebug } from './debug';
import { ACTIONS, apiEventName, buildEventData, tagEventName } from './events';
import { loadMatch, MATCH_STORAGE_KEY, saveMatch, watchEmailFields } from './identity';
import { checkoutEventId, randomEventId } from './ids';
import { command, installTag, pageState } from './loader';
import { describe, mustBe, warn } from './log';
import { hashCustomer, hashEmailsInUrl, hashMatchValue } from './normalize';
import { resolveOptions } from './options';
import { relayEvent } from './relay';
import { watchRoutes } from './spa';
import { readStored, writeStored } from './storage';
import type { ActionName, EventListener, MatchData, PinterestTag, PinterestTagOptions, TrackedEvent, TrackResult } from './types';

/** Name of the DOM event dispatched on `window` for each released event; `detail` is the `TrackedEvent`. */
export const EVENT_NAME = 'pinterest-tag:event';

/** Where the IDs of the last checkouts sent from this browser are kept, so a reloaded thank-you page sends none. */
export const SENT_CHECKOUTS_KEY = 'pinterest_tag_checkouts';

/** Runs `fn`, turning anything it throws into one warning: nothing in this SDK may throw into the page. */
function safely(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    warn(`${what} failed: ${describe(e)}`);
  }
}

/**
 * Puts the Pinterest Tag on the page for `options.tagId` and returns one function per storefront action.
 * Nothing it does throws: bad input gets a console warning and is not sent. In Node, or without a valid Tag ID,
 * it returns an instance whose calls send nothing and return `status: 'inactive'`.
 *
 * @example
 * const pinterest = createPinterestTag({ tagId: '2612345678901', currency: 'USD' });
 * const { eventId } = pinterest.addToCart({ product: { id: 'SKU-1', price: 25 } });
 * // your server sends its add_to_cart event to the Conversions API with the same eventId
 */
export function createPinterestTag(options: PinterestTagOptions): PinterestTag {
  let settings: ReturnType<typeof resolveOptions>;
  if (typeof document === 'object') safely('start', () => (settings = resolveOptions(options)));
  const listeners = new Set<EventListener>();
  const consent = createConsent(settings?.consent ?? 'denied');
  // Checkout event IDs sent from this browser: this page's, and (read each time, since another copy of the SDK
  // or another tab may have added one) those in storage.
  const sent = new Set<string>();
  const stored = (): string[] => {
    const list = readStored(SENT_CHECKOUTS_KEY);
    return Array.isArray(list) ? list : [];
  };
  const wasSent = (eventId: string): boolean => sent.has(eventId) || stored().includes(eventId);
  const report = (where: string) => (message: string) => warn(`${where}: ${message}`);
  let match: MatchData = {};
  let clickId: string | undefined;
  let ldp: Record<string, string> | undefined;
  let started = false;
  // An instance belongs to its page: if the page's state is ever replaced (a test harness resetting the page),
  // the old instance's listeners (route changes, email fields) stop acting instead of writing to the new one.
  const page = settings && pageState();
  const current = (): boolean => page === pageState();

  /** Loads the tag: only ever with consent granted. */
  const start = (): void => {
    if (started) return;
    started = true;
    const { tagId, scriptUrl, nonce } = settings!;
    installTag(scriptUrl, nonce);
    // With the base code or another copy of the SDK already on the page, `load` and `page` are done once.
    if (!page!.loaded[tagId]) command('load', tagId, match);
    else if (Object.keys(match).length) command('set', match);
    page!.loaded[tagId] = true;
    // LDP before any event, so before `page` too (SPEC §10).
    if (ldp) command('set', ldp);
    if (!page!.paged) command('page');
    page!.paged = true;
    if (clickId) storeClickId(clickId);
    saveMatch(match);
  };

  /** What is known of the shopper, read only once consent is not denied: remembered match data, the customer
   * option, the click ID. */
  const know = (): void => {
    match = { ...loadMatch(), ...hashCustomer(settings!.customer, report('customer')), ...match };
    clickId ??= readClickId();
  };

  /** Adds hashed match data: given to the tag before the next event, and remembered for later pages. */
  const remember = (added: MatchData): void => {
    if (!current() || consent._get() === 'denied' || Object.entries(added).every(([key, value]) => match[key as keyof MatchData] === value)) return;
    match = { ...match, ...added };
    if (started) {
      command('set', added);
      saveMatch(match);
    }
  };

  const release = (tracked: TrackedEvent): void => {
    const { event, eventId, data } = tracked;
    if (event === 'checkout') {
      // Checked again here: the same order may have been queued twice while consent was pending.
      if (wasSent(eventId)) return;
      sent.add(eventId);
      writeStored(SENT_CHECKOUTS_KEY, [...stored(), eventId].slice(-50));
    }
    start();
    command('track', event, data);
    if (Object.keys(match).length) tracked.match = match;
    // Everyone downstream gets a copy of their own, so a listener that edits its event changes nothing for the
    // tag, the other listeners or the relay.
    const json = JSON.stringify(tracked);
    const copy = (): TrackedEvent => JSON.parse(json);
    if (settings!.debug) logEvent(copy());
    listeners.forEach((listener) => safely('onEvent listener', () => listener(copy())));
    safely(EVENT_NAME, () => dispatchEvent(new CustomEvent(EVENT_NAME, { detail: copy() })));
    if (settings!.relay) relayEvent(settings!.relay, json);
  };

  const track = (action: ActionName, input: unknown): TrackResult => {
    const result: TrackResult = { event: tagEventName(action), apiEvent: apiEventName(action), eventId: '', status: 'inactive' };
    if (settings && current()) {
      result.status = 'invalid';
      safely(action, () => {
        const given = (input as { eventId?: unknown } | null)?.eventId;
        const data = buildEventData(action, input, settings!.currency, report(action));
        result.eventId = (typeof given === 'string' && given.trim()) || (action !== 'checkout' ? randomEventId() : data ? checkoutEventId(data.order_id as string) : '');
        if (given != null && !(typeof given === 'string' && given.trim())) report(action)(mustBe('eventId', 'a non-empty string', given));
        else if (action === 'checkout' && wasSent(result.eventId)) result.status = 'duplicate';
        else if (data) {
          data.event_id = result.eventId;
          const tracked: TrackedEvent = { event: result.event, apiEvent: result.apiEvent, eventId: result.eventId, data, time: Date.now(), url: hashEmailsInUrl(location.href) };
          if (clickId) tracked.clickId = clickId;
          if (ldp) tracked.ldp = true;
          result.status = consent._hold(() => release(tracked));
        }
      });
    }
    return result;
  };

  const tag = {
    identify(customer) {
      if (settings) safely('identify', () => remember(hashCustomer(customer, report('identify'))));
    },
    setConsent(next) {
      if (!settings || next === consent._get()) return;
      if (next !== 'granted' && next !== 'denied') return warn(mustBe('setConsent', "'granted' or 'denied'", next));
      safely('setConsent', () => {
        if (started) command('setconsent', next === 'granted');
        if (next === 'denied') {
          // The tag clears its own cookies on setconsent false (SPEC §10); this clears what the SDK stored.
          writeStored(MATCH_STORAGE_KEY);
          removeClickId();
          match = {};
          clickId = undefined;
        } else if (consent._get() === 'denied') know();
        consent._set(next);
        if (next === 'granted') start();
      });
    },
    onEvent(listener) {
      if (typeof listener === 'function') listeners.add(listener);
      else warn(mustBe('onEvent', 'a function', listener));
      return () => void listeners.delete(listener);
    },
    clickId: () => clickId ?? undefined,
  } as PinterestTag;
  for (const action of ACTIONS) (tag as unknown as Record<string, unknown>)[action] = (input?: unknown) => track(action, input);

  safely('start', () => {
    if (!settings) return;
    const { tagId, consent: initial, limitedDataProcessing } = settings;
    if (settings.onEvent) listeners.add(settings.onEvent);
    if (settings.debug) startDebug(settings.nonce);
    if (initial !== 'denied') know();
    if (limitedDataProcessing) {
      ldp = { opt_out_type: 'LDP' };
      for (const [field, key] of [['state', 'st'], ['country', 'country']] as const) {
        const value = limitedDataProcessing[field];
        if ((ldp[key] = hashMatchValue(key, value))) continue;
        delete ldp[key];
        if (value) warn(`limitedDataProcessing.${mustBe(field, "a two-letter code such as 'CA'", value)}; left out`);
      }
    }
    if (initial === 'granted') start();
    if (settings.enhancedMatch) watchEmailFields((em) => remember({ em }));
    // One page visit per page load and per route, page-wide: a second copy of the SDK finds it sent.
    const visit = (): void => {
      if (page!.visited[tagId] === location.href) return;
      page!.visited[tagId] = location.href;
      tag.pageVisit();
    };
    if (settings.autoPageVisit) visit();
    if (settings.spa) watchRoutes(visit);
  });
  return tag;
}
