// Consent (DESIGN rule 6): granted sends, pending holds events in order, denied drops them.
import { warn } from './log';
import type { ConsentState } from './types';

/** How many events wait for consent at most; the oldest are kept, since a page's first events matter most. */
export const MAX_PENDING = 100;

export interface Consent {
  readonly _state: ConsentState;
  /** Runs `release` now when granted, later (in order) when pending; never when denied. */
  _hold(release: () => void): ConsentState;
  _set(state: ConsentState): void;
}

export function toConsentState(value: unknown): ConsentState | undefined {
  return value === 'granted' || value === 'pending' || value === 'denied' ? value : undefined;
}

export function createConsent(initial: ConsentState): Consent {
  let state = initial;
  let waiting: Array<() => void> = [];
  let warned = false;
  return {
    get _state() {
      return state;
    },
    _hold(release) {
      if (state === 'granted') release();
      else if (state === 'pending') {
        if (waiting.length < MAX_PENDING) waiting.push(release);
        else if (!warned) {
          warned = true;
          warn(`more than ${MAX_PENDING} events are waiting for consent; later ones are dropped until setConsent() is called.`);
        }
      }
      return state;
    },
    _set(next) {
      state = next;
      const released = waiting;
      waiting = [];
      warned = false;
      if (next === 'granted') released.forEach((release) => release());
    },
  };
}
