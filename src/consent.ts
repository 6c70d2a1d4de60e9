// Consent (DESIGN rule 6): granted sends, pending holds events in order, denied drops them.
import type { ConsentState, TrackStatus } from './common/types';
import type { Settings } from './options';
import { warn } from './warn';

/** How many events wait for consent at most. The first are kept: a page's first events matter most. */
export const MAX_PENDING = 100;

export interface Consent {
  /** The current state. */
  _get(): ConsentState;
  /** Runs `release` now when granted (and says what it did), later (in order) when pending, never when denied. */
  _hold(release: () => TrackStatus): TrackStatus;
  /** Sets the state. Held events go when it becomes granted, unless `_release` is to send them later. */
  _set(state: ConsentState, later?: boolean): void;
  /** Sends the held events, in order (after `_set('granted', true)`). */
  _release(): void;
}

export const toConsentState = (value: unknown): ConsentState | undefined =>
  value === 'granted' || value === 'pending' || value === 'denied' ? value : undefined;

export function createConsent(state: ConsentState): Consent {
  let waiting: Array<() => TrackStatus> = [];
  let dropped = 0;
  return {
    _get: () => state,
    _hold(release) {
      if (state === 'granted') return release();
      if (state === 'denied') return 'denied';
      if (waiting.length < MAX_PENDING) {
        waiting.push(release);
        return 'pending';
      }
      if (!dropped++) warn('consent-full', 'consent');
      return 'dropped';
    },
    _set(next, later) {
      state = next;
      dropped = 0;
      if (next === 'denied') waiting = [];
      else if (next === 'granted' && !later) this._release();
    },
    _release() {
      const released = waiting;
      waiting = [];
      if (state === 'granted') for (const release of released) release();
    },
  };
}

/**
 * What the store's consent signals decide (src/consent-signals/ resolves them, the most restrictive wins): whether
 * the tag may run, whether match keys may leave (Google Consent Mode's `ad_user_data`), and whether Limited Data
 * Processing applies (Global Privacy Control, Shopify's sale-of-data opt-out, or the `limitedDataProcessing` option).
 */
export interface Decision {
  consent: ConsentState;
  userData: boolean;
  ldp: boolean;
}

/** What an instance gives the consent signals add-on (`consentFrom`), which drives it from then on. */
export interface SignalHooks {
  settings: Settings;
  /** The store's last `setConsent()`, if any (before it, the `consent` option): with signals, one signal among them. */
  told?: 'granted' | 'denied';
  /** Called after each `setConsent()`, once the add-on has set it. */
  onTold?: () => void;
  /** Applies a decision: loads the tag and sends the held events, holds them, or stops the tag. */
  decide(decision: Decision): void;
}
