// Consent (DESIGN rule 6): granted sends, pending holds events in order, denied drops them.
import { warn } from './log';
import type { ConsentState, TrackStatus } from './types';

/** How many events wait for consent at most. The first are kept: a page's first events matter most. */
export const MAX_PENDING = 100;

export interface Consent {
  /** The current state. */
  _get(): ConsentState;
  /** Runs `release` now when granted, later (in order) when pending, never when denied. Says which it did. */
  _hold(release: () => void): TrackStatus;
  _set(state: ConsentState): void;
}

export const toConsentState = (value: unknown): ConsentState | undefined =>
  value === 'granted' || value === 'pending' || value === 'denied' ? value : undefined;

export function createConsent(state: ConsentState): Consent {
  let waiting: Array<() => void> = [];
  let dropped = 0;
  return {
    _get: () => state,
    _hold(release) {
      if (state === 'granted') release();
      else if (state === 'pending') {
        if (waiting.length < MAX_PENDING) waiting.push(release);
        else {
          if (!dropped++) warn(`more than ${MAX_PENDING} events wait for consent; later ones are dropped`);
          return 'dropped';
        }
      }
      return state === 'granted' ? 'sent' : state;
    },
    _set(next) {
      const released = waiting;
      state = next;
      waiting = [];
      dropped = 0;
      if (next === 'granted') released.forEach((release) => release());
    },
  };
}
