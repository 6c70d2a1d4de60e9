// The hooks an instance offers this SDK's own add-ons (event sources, consent signals): a module of its own, so
// that an add-on imports them without the rest of the SDK.
import type { PageVisitInput, TrackResult } from './common/types';

/** The key under which an instance offers its hooks to this SDK's own add-ons (event sources, consent signals). */
export const HOST: unique symbol = Symbol.for('storefront-pinterest-tag.host');

/** Hooks for this SDK's own add-ons, not for stores: `instance[HOST]`. */
export interface TagHost {
  /**
   * From now on, each automatic page visit waits up to `ms` (at most 5 s; or until the page is hidden) for
   * `pageVisit(data)` to give it the product viewed, so that the page's one page visit carries it.
   */
  holdPageVisits(ms: number): void;
  /**
   * Sends this page's automatic page visit now, with `data`, if it is still to go (waiting for its turn or held);
   * `undefined` when it has gone already, or when the store turned automatic page visits off.
   */
  pageVisit(data?: PageVisitInput): TrackResult | undefined;
}
