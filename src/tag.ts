// createPinterestTag: the Pinterest Tag on a page. A call flows one way: validate -> event data + event ID ->
// consent -> pintrk -> listeners and relay. Nothing slow happens before the first event: storage and cookies are
// read, and the page's form and route watchers set up, one step per task after it, or at once when a call needs
// them.
import { checkoutSent, recordCheckout } from './checkout-guard';
import { readClickId, removeClickId, storeClickId } from './click-id';
import { ACTIONS, type ActionName, EVENTS, forEachAction } from './common/catalog';
import { hashEmailsInUrl } from './common/emails';
import { buildEventData } from './common/event-data';
import { eventIdFor } from './common/event-id';
import { hashCustomer, hashMatchValue } from './common/match-keys';
import type {
  ActionMethods,
  CommonInput,
  ConsentState,
  MatchData,
  PageVisitInput,
  PinterestTag,
  PinterestTagOptions,
  TrackedEvent,
  TrackResult,
  TrackStatus,
  UserDefinedResult,
} from './common/types';
import { own } from './common/values';
import { createConsent, type SignalHooks } from './consent';
import { startDebug } from './debug/debug-mode';
import { watchEmailFields } from './email-fields';
import { createListeners } from './listeners';
import { command, coreFailed, debugLog, installTag } from './loader';
import { forgetMatch, loadMatch, saveMatch } from './match-store';
import { resolveOptions, type Settings } from './options';
import { pageState } from './page-state';
import { watchRoutes } from './routes';
import { loadSideFile } from './side-files';
import { later, runSteps } from './steps';
import { HOST, type TagHost } from './tag-host';
import { reporter, safely, warn } from './warn';

export { EVENT_NAME } from './listeners';
export { HOST, type TagHost } from './tag-host';

/** Longest page URL put in an event; the rest of a longer one is cut. */
const MAX_URL = 4096;

/** The `set` that turns on Limited Data Processing, with the hashed state and country when valid (SPEC §10). */
function ldpData(given: { state?: unknown; country?: unknown }): Record<string, string> {
  const ldp: Record<string, string> = { opt_out_type: 'LDP' };
  for (const [field, key] of [
    ['state', 'st'],
    ['country', 'country'],
  ] as const) {
    const value = given[field];
    const hash = hashMatchValue(key, value);
    if (hash) ldp[key] = hash;
    else if (value != null && value !== '') warn('bad-match-value', `limitedDataProcessing.${field}`);
  }
  return ldp;
}

/**
 * The page URL as events carry it: cut to `MAX_URL`, emails hashed. Worked out once per URL. The URL is read as
 * `document.URL`, the same text as `location.href` (both follow `history.pushState`) at a fifteenth of the cost
 * per read (Chromium: 0.06 against 1 µs), paid on every event.
 */
let lastUrl: [given: string, clean: string] | undefined;
function pageUrl(url: string): string {
  if (lastUrl?.[0] !== url) lastUrl = [url, hashEmailsInUrl(url.slice(0, MAX_URL))];
  return lastUrl[1];
}

/** A result for `action` with no event sent. */
const result = (action: ActionName, status: TrackStatus, eventId = ''): TrackResult => ({
  event: EVENTS[action].tag,
  apiEvent: EVENTS[action].api,
  eventId,
  status,
});

/** What a call returns where the tag cannot run: no browser (SSR, Node), or no valid Tag ID. */
function inactiveTag(): PinterestTag {
  // A checkout's event ID needs no page: the server derives the same one.
  const actions: ActionMethods = forEachAction(
    (action) => (input?: unknown) =>
      result(action, 'inactive', (action === 'checkout' && safely('checkout', () => eventIdFor(action, own(input, 'eventId'), own(input, 'orderId')))) || ''),
  );
  return {
    ...actions,
    userDefined: (name) => ({ event: typeof name === 'string' ? name : '', apiEvent: typeof name === 'string' ? name : '', eventId: '', status: 'inactive' }),
    identify() {},
    setConsent() {},
    onEvent: () => () => {},
    clickId: () => undefined,
  };
}

/**
 * Puts the Pinterest Tag on the page for `options.tagId` and returns one function per storefront action.
 * Nothing it does throws: bad input gets a console warning and is not sent. In Node, or without a valid Tag ID,
 * it returns an instance whose calls send nothing and return `status: 'inactive'`. The automatic page visit goes
 * at the end of the current task, so a listener added right after this call hears it.
 *
 * @example
 * const pinterest = createPinterestTag({ tagId: '2612345678901', currency: 'USD' });
 * const { eventId } = pinterest.addToCart({ product: { id: 'SKU-1', price: 25 } });
 * // your server sends its add_to_cart event to the Conversions API with the same eventId
 */
export function createPinterestTag(options: PinterestTagOptions): PinterestTag {
  return startTag(options);
}

/** `createPinterestTag` for options of any shape, such as those a script tag's attributes give: each is checked. */
export function startTag(options: unknown): PinterestTag {
  const settings = typeof document === 'object' ? safely('start', () => resolveOptions(options)) : undefined;
  return (settings && safely('start', () => activeTag(settings))) || inactiveTag();
}

function activeTag(settings: Settings): PinterestTag {
  const page = pageState();
  const { tagId, signals } = settings;
  // With consent signals nothing is loaded, stored or sent until they have spoken (src/consent-signals/).
  const consent = createConsent(signals ? 'pending' : settings.consent);
  const listeners = createListeners(settings.relay, settings.debug);
  /** The automatic page visit, until it has run (at the end of this task, or before an earlier call). */
  let firstVisit: (() => void) | undefined;
  if (settings.onEvent) listeners._add(settings.onEvent);
  if (settings.debug) startDebug(settings.nonce);

  // What is known of the shopper. The customer option and a click ID on the landing URL cost nothing to read;
  // what earlier pages remembered is read from storage later (`know`).
  const allowed = (): boolean => consent._get() !== 'denied';
  /** The customer option, hashed: read once, and only with consent not denied. */
  const customer = (): MatchData => {
    const report = reporter('customer');
    const hashed = hashCustomer(settings.customer, report);
    report.done();
    return hashed;
  };
  let match: MatchData = allowed() ? customer() : {};
  let clickId = allowed() && location.search.includes('epik=') ? readClickId() : undefined;
  let known = false;
  let started = false;
  /** The `set` that turns LDP on: by the option, or by a consent signal (GPC, Shopify's sale-of-data opt-out). */
  const ldpSet = ldpData(settings.limitedDataProcessing ?? {});
  let ldp = settings.limitedDataProcessing && ldpSet;
  /** Whether match keys and the click ID may leave (Google Consent Mode's `ad_user_data`, a consent signal). */
  let userData = true;

  /** Remembers what is known, for later pages: only once the tag may load. */
  const persist = (): void => {
    if (!started || !known) return;
    if (clickId) storeClickId(clickId);
    saveMatch(match);
  };

  /** Reads what earlier pages remembered; the tag gets it with `set` if it is already loaded. */
  const know = (): void => {
    if (known || !allowed()) return;
    known = true;
    const remembered = loadMatch();
    const added = Object.fromEntries(Object.entries(remembered).filter(([key]) => own(match, key) === undefined));
    match = { ...remembered, ...match };
    clickId ??= readClickId();
    if (started && userData && Object.keys(added).length) command('set', added);
    persist();
  };

  /** Loads the tag: only ever with consent granted. With the base code or another copy already on the page, `load` and `page` are done once. */
  const start = (): void => {
    if (started) return;
    started = true;
    installTag(settings.scriptUrl, settings.nonce);
    const given = userData ? match : {};
    if (!page.loaded[tagId]) command('load', tagId, given);
    else if (Object.keys(given).length) command('set', given);
    page.loaded[tagId] = true;
    // LDP before any event, so before `page` too (SPEC §10).
    if (ldp) command('set', ldp);
    if (!page.paged) command('page');
    page.paged = true;
    persist();
  };

  /** Adds hashed match data: given to the tag before the next event, and remembered for later pages. */
  const remember = (added: MatchData): void => {
    if (!allowed()) return;
    const fresh = Object.fromEntries(Object.entries(added).filter(([key, value]) => own(match, key) !== value));
    if (!Object.keys(fresh).length) return;
    match = { ...match, ...fresh };
    if (started && userData) command('set', fresh);
    persist();
  };

  /** Gives the event to the tag, then (unless it is a user-defined event) to listeners and the relay. */
  const release = (tracked: TrackedEvent, userDefined: boolean): TrackStatus => {
    if (tracked.event === 'checkout') {
      // Checked again here: the same order may have been held twice while consent was pending.
      if (checkoutSent(tracked.eventId)) return 'duplicate';
      recordCheckout(tracked.eventId);
    }
    start();
    command('track', tracked.event, tracked.data);
    // Denied `ad_user_data`: no match keys and no click ID, to the tag, listeners or the relay.
    if (userData) {
      if (Object.keys(match).length) tracked.match = { ...match };
      if (clickId) tracked.clickId = clickId;
    } else tracked.adUserData = 'denied';
    if (ldp) tracked.ldp = true;
    if (!userDefined) listeners._emit(tracked);
    return coreFailed() ? 'blocked' : 'sent';
  };

  /**
   * One call: validate, event data and ID, then consent decides when it goes. `ready: false` is only for the
   * page's first automatic page visit, which does not wait for the set-up steps; `named` is a user-defined
   * event's name; `url` the page a held page visit was for.
   */
  const send = (
    call: string,
    action: ActionName,
    input: unknown,
    { ready = true, named, url = document.URL }: { ready?: boolean; named?: string; url?: string } = {},
  ): TrackResult => {
    const report = reporter(call);
    const outcome = result(action, 'invalid');
    safely(call, () => {
      // The page's automatic page visit stays its first event, even when a call comes before its microtask.
      if (firstVisit && action !== 'pageVisit') firstVisit();
      if (ready) runSteps();
      const data = buildEventData(action, input, settings.currency, report);
      // A checkout's ID comes from its order: without a whole event there is none to derive.
      const eventId = data || action !== 'checkout' ? eventIdFor(action, own(input, 'eventId'), data?.order_id, report) : undefined;
      outcome.eventId = eventId ?? '';
      if (!data || !eventId) return;
      if (action === 'checkout' && checkoutSent(eventId)) return void (outcome.status = 'duplicate');
      data.event_id = eventId;
      const event = (named ?? outcome.event) as TrackedEvent['event'];
      const tracked: TrackedEvent = { event, apiEvent: outcome.apiEvent, eventId, data, time: Date.now(), url: pageUrl(url) };
      outcome.status = consent._hold(() => release(tracked, !!named));
    });
    report.done();
    if (outcome.status !== 'sent') debugLog({ command: [], call, status: outcome.status, eventId: outcome.eventId });
    return outcome;
  };

  /** Consent changes: granted loads the tag and sends the held events in order; denied stops the tag; pending holds events. */
  const apply = (next: ConsentState): void => {
    if (next === consent._get()) return;
    // Pending again (a consent signal): events are held from now on; the tag, if loaded, stays as it is.
    if (next === 'pending') return void consent._set(next);
    if (started) command('setconsent', next === 'granted');
    if (next === 'denied') {
      consent._set(next);
      // The tag clears its own cookies on setconsent false (SPEC §10); this clears what the SDK stored.
      forgetMatch();
      removeClickId();
      match = {};
      clickId = undefined;
      known = false;
      return;
    }
    // Granted: what is known is read and the tag loads before the held events go, in order. What a denial
    // kept from being read (the customer option, the click ID on the landing URL) is read now. (Consent signals
    // never turn a denial into pending: the resolver keeps it a denial.)
    const wasDenied = !allowed();
    consent._set(next, true);
    if (wasDenied) {
      match = { ...customer(), ...match };
      if (location.search.includes('epik=')) clickId = readClickId();
    }
    know();
    runSteps();
    start();
    consent._release();
  };

  /** The consent signals add-on's hooks (src/consent-signals/resolver.ts). */
  const hooks: SignalHooks = {
    settings,
    decide(decision) {
      // Within a page, denied `ad_user_data` and LDP stay so (the conservative reading: the next page reads them
      // afresh). What the tag already has changes at once: its match keys emptied, as Pinterest empties LDP's
      // fields (SPEC §10); LDP on. Nothing is sent before the next event.
      if (started) {
        if (userData && !decision.userData) command('set', Object.fromEntries(Object.keys(match).map((key) => [key, ''])));
        if (!ldp && decision.ldp) command('set', ldpSet);
      }
      userData &&= decision.userData;
      if (decision.ldp) ldp = ldpSet;
      apply(decision.consent);
    },
  };

  // One page visit per page load and per route, page-wide: a second copy of the SDK finds it sent, and a
  // `pageVisit()` made before the automatic one takes its place. A source that reports product views holds the
  // automatic one briefly, so that the page's one page visit carries the product (`holdPageVisits`).
  let holdMs = 0;
  let held: { url: string; timer: ReturnType<typeof setTimeout> } | undefined;
  /** Marks the page visit of `url` as sent; false when it already was. */
  const claim = (url = document.URL): boolean => {
    if (held) clearTimeout(held.timer);
    held = undefined;
    if (page.visited[tagId] === url) return false;
    page.visited[tagId] = url;
    return true;
  };
  const visitNow = (data?: PageVisitInput, ready?: boolean, url = document.URL): TrackResult | undefined =>
    claim(url) ? send('pageVisit', 'pageVisit', data, { ready, url }) : undefined;
  const visit = (ready?: boolean): void => {
    const url = document.URL;
    if (page.visited[tagId] === url || held?.url === url) return;
    // A new route while the last one's visit is held: that one goes first.
    if (held) visitNow(undefined, true, held.url);
    if (!holdMs) return void visitNow(undefined, ready);
    held = { url, timer: setTimeout(() => visitNow(undefined, true, url), holdMs) };
  };
  /** A shopper who leaves at once still counts: a held page visit goes as the page is hidden. */
  const onHide = (): void => void (held && visitNow(undefined, true, held.url));
  const host: TagHost = {
    holdPageVisits(ms) {
      holdMs = ms > 0 ? Math.min(ms, 5000) : 0;
      // The same listener again is not added twice.
      addEventListener('pagehide', onHide);
    },
    // Only the automatic page visit, while it is still to go: never a second one, nor one the store turned off.
    pageVisit: (data) => (held || firstVisit) && visitNow(data),
  };

  const actions: ActionMethods = forEachAction((action) => (input?: unknown) => send(action, action, input));
  // An explicit page visit is always sent; made before the automatic one, it takes its place.
  actions.pageVisit = (input) => {
    claim();
    return send('pageVisit', 'pageVisit', input);
  };

  const tag: PinterestTag & { [HOST]: TagHost } = {
    ...actions,
    userDefined(name, data?: CommonInput): UserDefinedResult {
      const event = typeof name === 'string' && /^[\w ]{1,100}$/.test(name) ? name.replace(/ /g, '') : '';
      // A name the tag reads as a standard event (it compares lower-cased) would count as that event.
      if (!event || ACTIONS.some((action) => EVENTS[action].tag === event.toLowerCase())) {
        warn('bad-name', 'userDefined', name);
        return { event, apiEvent: event, eventId: '', status: 'invalid' };
      }
      // Data like a custom event's. It goes to the tag only: the Conversions API counts it only once it is mapped.
      const { eventId, status } = send('userDefined', 'custom', data, { named: event });
      return { event, apiEvent: event, eventId, status };
    },
    identify(customer) {
      const report = reporter('identify');
      safely('identify', () => remember(hashCustomer(customer, report)));
      report.done();
    },
    setConsent(next) {
      if (next !== 'granted' && next !== 'denied') return warn('not-consent', 'setConsent', next);
      // With consent signals the store's word is one signal among them: the most restrictive wins.
      if (signals) hooks.told = next;
      safely('setConsent', () => (signals ? hooks.onTold?.() : apply(next)));
    },
    onEvent(listener) {
      if (typeof listener === 'function') return listeners._add(listener);
      warn('not-function', 'onEvent', listener);
      return () => {};
    },
    clickId() {
      runSteps();
      return clickId;
    },
    [HOST]: host,
  };

  if (consent._get() === 'granted') start();
  // Consent signals: a file of their own, which reads the options and from then on decides through `hooks`.
  if (signals) loadSideFile('consent', settings.nonce).then(() => (page.signals ? page.signals(hooks) : warn('module-failed', 'pinterest-tag-consent.min.js')));
  // The first stage of the script tag already gave this page's visit to the tag: its listeners and relay get it now.
  const adopted = page.firstVisit;
  if (adopted && page.visited[tagId] === adopted.url) {
    page.firstVisit = undefined;
    later(() => {
      know();
      const tracked = { ...adopted, url: pageUrl(adopted.url) };
      if (Object.keys(match).length) tracked.match = { ...match };
      if (clickId) tracked.clickId = clickId;
      listeners._emit(tracked);
    });
  }
  if (settings.autoPageVisit) {
    firstVisit = () => {
      firstVisit = undefined;
      visit(false);
    };
    queueMicrotask(() => firstVisit && safely('pageVisit', firstVisit));
  }
  later(know);
  if (settings.enhancedMatch) later(() => watchEmailFields((em) => remember({ em })));
  if (settings.spa) later(() => watchRoutes(() => visit()));
  return tag;
}
