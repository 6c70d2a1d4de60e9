// What the consent signals (`consentFrom`) share: each signal is a file of its own (gcm.ts, tcf.ts, gpc.ts,
// shopify.ts) that registers a watcher when it runs; the resolver (resolver.ts) starts the watchers the options
// name and turns what they report into one decision, the most restrictive.
import type { ConsentState } from '../common/types';
import { pageState } from '../page-state';

/** The signals, by the names `consentFrom` and `data-consent-from` use. */
export const SIGNALS = ['gcm', 'tcf', 'gpc', 'shopify'] as const;
export type SignalName = (typeof SIGNALS)[number];

/** What a signal says now. */
export interface SignalState {
  /** Whether the tag may load, store and send at all. */
  consent: ConsentState;
  /** `false`: events may go, but without match keys or the click ID (Consent Mode's `ad_user_data` denied). */
  userData?: false;
  /** Limited Data Processing applies (US state privacy laws). */
  ldp?: true;
  /** The signal's value in words, for the debug panel. */
  shown: string;
}

/** The options the watchers need, checked by the resolver. */
export interface WatchOptions {
  /** What Global Privacy Control turns on. */
  gpc: 'ldp' | 'deny' | 'ignore';
  /** Pinterest's vendor ID on the IAB Global Vendor List, if the store gives one (it has none there yet). */
  tcfVendorId?: number;
  /** A Shopify web pixel's API object (`{ init, customerPrivacy }`), in a pixel. */
  shopifyPixel?: unknown;
  /** The shopper's region as the store knows it, most specific first: `['US-CA', 'US']`; empty when unknown. */
  region: string[];
}

/** Starts following a signal: `report` is called with its state once known and at each change. Returns a stop. */
export type Watch = (report: (state: SignalState) => void, options: WatchOptions) => () => void;

/** Makes a signal's watcher available to the resolver: each signal file calls it when it runs. */
export function register(name: SignalName, watch: Watch): void {
  (pageState().watchers ??= {})[name] = watch;
}

/** The longest a signal file looks for an API that is not on the page yet (a CMP's stub, Shopify's API). */
export const LOOK_MS = 10_000;

/**
 * Calls `found` every 100 ms until it returns true or `LOOK_MS` passed: a bounded wait for an API that a script
 * added after this SDK provides. Returns a stop.
 */
export function lookFor(found: () => boolean): () => void {
  const until = Date.now() + LOOK_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const look = (): void => {
    timer = undefined;
    let done = true;
    try {
      done = found() || Date.now() > until;
    } catch {
      // An API that throws is not there: looking again later costs nothing.
      done = Date.now() > until;
    }
    if (!done) timer = setTimeout(look, 100);
  };
  look();
  return () => clearTimeout(timer);
}

/**
 * `object[key]` when it is the object's own property (a value inherited from a polluted `Object.prototype` never
 * counts as consent), or `undefined`; never a throw, whatever getter the page put there.
 */
export function field(object: unknown, key: string | number): unknown {
  try {
    return object != null && (typeof object === 'object' || typeof object === 'function') && Object.prototype.hasOwnProperty.call(object, key)
      ? (object as Record<string, unknown>)[key]
      : undefined;
  } catch {
    return undefined;
  }
}

/** Calls the page API's method `name` (its own or its class's) and returns what it returns; `undefined` if it has none or it throws. */
export function call(object: unknown, name: string, ...args: unknown[]): unknown {
  try {
    const method = (object as Record<string, unknown> | null | undefined)?.[name];
    return typeof method === 'function' ? method.apply(object, args) : undefined;
  } catch {
    return undefined;
  }
}
