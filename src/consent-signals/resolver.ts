// Consent from where stores already keep it (`consentFrom`, `data-consent-from`): Google Consent Mode, IAB TCF,
// Global Privacy Control, Shopify's Customer Privacy API. This file is loaded only when the options name signals
// (the core holds every event, loads and stores nothing until it decides); it checks the options, loads the file of
// each signal named, and turns what they report into one decision for the instance, live:
// - the most restrictive wins: any denial denies; else a signal still pending holds events; else granted;
// - the store's own word (the `consent` option, then each `setConsent()`) counts as one more signal: an explicit
//   grant cannot override a consent platform's denial (which would be a compliance bug in the store's favour), and an
//   explicit denial always stops the tag;
// - `ad_user_data` denied by any signal: no match keys or click ID leave; Limited Data Processing from any signal
//   (or from the `limitedDataProcessing` option) turns LDP on;
// - a signal that has said nothing `SIGNAL_TIMEOUT_MS` after the start (no consent command in the data layer, no
//   `__tcfapi`, no Shopify API) counts as a denial: held events are dropped, nothing is loaded. This is the
//   conservative choice: a CMP that is blocked, broken or missing has not given consent. If the signal speaks later,
//   its word counts from then on. A signal file that cannot be loaded counts as a denial too;
// - a denial stays a denial until every signal grants: a CMP that shows its banner again after a denial (pending)
//   does not make the SDK hold events again.
import { own } from '../common/values';
import type { Decision, SignalHooks } from '../consent';
import type { Settings } from '../options';
import { pageState } from '../page-state';
import { safely, warn } from '../warn';
import { loadSideFile, type SignalFile } from './side-files';
import { SIGNALS, type SignalName, type SignalState, type Watch, type WatchOptions } from './signal';

/** How long each signal has to say something before it counts as a denial. */
export const SIGNAL_TIMEOUT_MS = 3000;

/** What `gpc` may be. */
const GPC = ['ldp', 'deny', 'ignore'] as const;

/** The stops of every resolver running, so that a page (a test) can end them all. */
const running = new Set<() => void>();

/** The signals `consentFrom` names (an array, or a text such as `"gcm, tcf"`); each unknown one gets a warning. */
export function signalNames(value: unknown): SignalName[] {
  const given: unknown[] = typeof value === 'string' ? value.split(/[\s,]+/) : Array.isArray(value) ? value.slice(0, 20) : [value];
  const names: SignalName[] = [];
  for (const item of given) {
    const name = typeof item === 'string' ? item.trim().toLowerCase() : item;
    if (name === '') continue;
    if (SIGNALS.includes(name as SignalName)) {
      if (!names.includes(name as SignalName)) names.push(name as SignalName);
    } else warn('bad-option', 'option consentFrom', item);
  }
  return names;
}

/** The shopper's region as the store gave it (`limitedDataProcessing`, else `customer`): `['US-CA', 'US']`, or `[]`. */
export function regionOf(settings: Pick<Settings, 'limitedDataProcessing' | 'customer'>): string[] {
  for (const source of [settings.limitedDataProcessing, settings.customer]) {
    const text = (key: string): string => {
      const value = own(source, key);
      return typeof value === 'string' ? value.trim().toUpperCase() : '';
    };
    const country = text('country');
    if (!/^[A-Z]{2}$/.test(country)) continue;
    const state = text('state');
    return /^[A-Z0-9]{1,3}$/.test(state) ? [`${country}-${state}`, country] : [country];
  }
  return [];
}

/** The watchers' options, from the store's: each bad one gets a warning and its default. */
function watchOptions(settings: Settings): WatchOptions {
  const options = settings.signals;
  const gpc = own(options, 'gpc');
  const vendor = own(options, 'tcfVendorId');
  const vendorId = typeof vendor === 'string' && /^\d{1,6}$/.test(vendor.trim()) ? Number(vendor) : vendor;
  if (gpc != null && !GPC.includes(gpc as (typeof GPC)[number])) warn('bad-option', 'option gpc', gpc);
  if (vendor != null && !(Number.isInteger(vendorId) && (vendorId as number) > 0)) warn('bad-option', 'option tcfVendorId', vendor);
  return {
    gpc: GPC.includes(gpc as (typeof GPC)[number]) ? (gpc as WatchOptions['gpc']) : 'ldp',
    tcfVendorId: Number.isInteger(vendorId) && (vendorId as number) > 0 ? (vendorId as number) : undefined,
    shopifyPixel: own(options, 'shopifyPixel') ?? undefined,
    region: regionOf(settings),
  };
}

/**
 * Follows the signals the instance's options name and drives it through `hooks`, from now on. Returns a stop.
 *
 * @example
 * pageState().signals = follow; // what this file's install() does: the core calls it with its hooks
 */
export function follow(hooks: SignalHooks): () => void {
  const { settings } = hooks;
  const names = signalNames(own(settings.signals, 'consentFrom'));
  const options = watchOptions(settings);
  const states: Partial<Record<SignalName, SignalState>> = {};
  const stops: Array<() => void> = [];
  let stopped = false;
  let last = '';
  let lastConsent: Decision['consent'] = 'pending';
  // An unusable `consentFrom` is not consent: events wait for the store's own setConsent().
  let unclear = !names.length;

  const resolve = (): void => {
    if (stopped) return;
    const told = hooks.told ?? settings.consent;
    const all: SignalState[] = [
      { consent: told, shown: told },
      ...names.map((name): SignalState => states[name] ?? { consent: 'pending', shown: 'waiting' }),
      ...(unclear ? [{ consent: 'pending' as const, shown: '' }] : []),
    ];
    let consent: Decision['consent'] = all.some((s) => s.consent === 'denied') ? 'denied' : all.some((s) => s.consent === 'pending') ? 'pending' : 'granted';
    // A denial stays a denial until a grant (a CMP that reopens its banner does not bring back the dropped events):
    // the core cleared what it knew on the denial, and reads it again on the grant.
    if (consent === 'pending' && lastConsent === 'denied') consent = 'denied';
    lastConsent = consent;
    const decision: Decision = { consent, userData: !all.some((s) => s.userData === false), ldp: !!settings.limitedDataProcessing || all.some((s) => s.ldp) };
    const page = pageState();
    page.consent = {
      signals: Object.fromEntries([
        ['setConsent', unclear ? `${told}; consentFrom names no signal: waiting for setConsent()` : told],
        ...names.map((name, i) => [name, all[i + 1]!.shown]),
      ]),
      decision: `${consent}${decision.userData ? '' : ', without match keys'}${decision.ldp ? ', Limited Data Processing' : ''}`,
    };
    safely('consent panel', () => page.onConsent?.());
    const key = JSON.stringify(decision);
    if (key === last) return;
    last = key;
    safely('consentFrom', () => hooks.decide(decision));
  };

  hooks.onTold = () => {
    unclear = false;
    resolve();
  };

  const settle = (name: SignalName, state: SignalState): void => {
    if (stopped) return;
    states[name] = state;
    resolve();
  };

  for (const name of names) {
    const timer = setTimeout(() => {
      // Not a console warning: a signal may be silent by design where it does not apply (no CMP outside the EEA).
      // The debug panel says it.
      if (states[name]) return;
      settle(name, { consent: 'denied', shown: `no answer in ${SIGNAL_TIMEOUT_MS / 1000} s: counted as a denial until it gives one` });
    }, SIGNAL_TIMEOUT_MS);
    stops.push(() => clearTimeout(timer));
    loadSideFile(`consent-${name}` as SignalFile, settings.nonce).then((loaded) => {
      const watch = pageState().watchers?.[name] as Watch | undefined;
      if (stopped) return;
      if (!loaded || typeof watch !== 'function') {
        warn('module-failed', `pinterest-tag-consent-${name}.min.js`);
        return settle(name, { consent: 'denied', shown: 'its file could not be loaded: counted as a denial' });
      }
      const stop = safely(`consentFrom ${name}`, () => watch((state) => settle(name, state), options));
      if (stop) stops.push(stop);
    });
  }
  resolve();

  const stop = (): void => {
    stopped = true;
    running.delete(stop);
    for (const end of stops) safely('consentFrom', end);
  };
  running.add(stop);
  return stop;
}

/** Stops every resolver on this page and the signals it follows (a page that ends, a test). */
export function stopSignals(): void {
  for (const stop of [...running]) stop();
}

/** Makes the resolver available to the core (this file runs it when it loads). */
export function install(): void {
  // Whatever the options hold (a revoked Proxy as `consentFrom`…), nothing throws into the page: the SDK then stays
  // pending, which sends nothing.
  pageState().signals = (hooks) => void safely('consentFrom', () => follow(hooks));
}
