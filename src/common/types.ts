// The public types of both entries. The action names, event names and inputs derive from the event table in
// catalog.ts, so the types cannot disagree with what the code sends.
import type { ActionName, ApiEventName, EVENTS, EventField, TagEventName } from './catalog';

export type { ActionName, ApiEventName, TagEventName };

export type ConsentState = 'granted' | 'pending' | 'denied';

/**
 * Match keys as Pinterest names them in the tag's partner data and the Conversions API's `user_data`:
 * https://developers.pinterest.com/docs/api/v5/events-create/
 */
export type MatchKey = 'em' | 'ph' | 'fn' | 'ln' | 'ge' | 'db' | 'ct' | 'st' | 'zp' | 'country' | 'external_id';

/** SHA-256 hex of each known match key. Never holds a plain value. */
export type MatchData = Partial<Record<MatchKey, string>>;

/**
 * A shopper, as the storefront knows them. Plain values are normalized and SHA-256 hashed in the browser
 * before they reach the tag, a cookie, storage or a listener; a value that is already 64 hex characters is
 * taken as a SHA-256 hash and passed through.
 */
export interface Customer {
  email?: string;
  /** With the country code, in any notation: `+1 (555) 010-9999`. */
  phone?: string;
  firstName?: string;
  lastName?: string;
  /** `f`, `m` or `n`; `female`, `male` and `non-binary` are understood too. */
  gender?: string;
  /** `YYYY-MM-DD`, `YYYYMMDD` or a `Date`. */
  dateOfBirth?: string | Date;
  city?: string;
  /** Two-letter state or region code, e.g. `CA`. */
  state?: string;
  zip?: string;
  /** Two-letter ISO-3166 country code, e.g. `US`. */
  country?: string;
  /** The store's own customer ID. */
  externalId?: string | number;
}

/** A product in a cart, an order or on a page. */
export interface LineItem {
  /** The product ID as it appears in the catalog you gave Pinterest. Required. */
  id: string | number;
  name?: string;
  /** Unit price. Numeric strings such as `"19.99"` are accepted. */
  price?: number | string;
  /** A positive whole number. Defaults to 1. */
  quantity?: number | string;
  category?: string;
  brand?: string;
  variant?: string;
  variantId?: string | number;
}

/** What every action takes, beside its own fields. */
export interface CommonInput {
  /** Reuse an event ID made elsewhere (for example by your server) instead of a new one. */
  eventId?: string;
  /** The products of the event. */
  items?: LineItem[];
  /** Shorthand for `items: [product]`. */
  product?: LineItem;
  /** Total value. For a cart or an order, summed from the items' prices and quantities when left out. */
  value?: number | string;
  /** ISO-4217 code. Defaults to the `currency` option. */
  currency?: string;
}

/** The fields of the event table (catalog.ts), as callers give them. Each action takes those its row names. */
export interface FieldInputs {
  /** The completed order's ID. A checkout's event ID is derived from it. */
  orderId: string | number;
  promoCode: string;
  /** What the shopper searched for. */
  query: string;
  leadType: string;
  videoTitle: string;
  pageName: string;
  /** Sent on each line item as `product_category`; without items, as a line item of its own. */
  category: string;
}

type Row<A extends ActionName> = (typeof EVENTS)[A];
type FieldsOf<A extends ActionName> = Row<A>['fields'][number] & EventField;
type RequiredOf<A extends ActionName> = Row<A> extends { required: infer R extends EventField } ? R : never;

/**
 * The input of one action: the common fields, the action's own (optional), and its required one.
 *
 * @example
 * const order: ActionInput<'checkout'> = { orderId: '1001', items: [{ id: 'SKU-1', price: 25 }] };
 */
export type ActionInput<A extends ActionName> = CommonInput & Partial<Pick<FieldInputs, FieldsOf<A>>> & Pick<FieldInputs, RequiredOf<A>>;

/** The input each action takes. */
export type ActionInputs = { [A in ActionName]: ActionInput<A> };

export type PageVisitInput = ActionInput<'pageVisit'>;
export type SearchInput = ActionInput<'search'>;
export type AddToCartInput = ActionInput<'addToCart'>;
export type CheckoutInput = ActionInput<'checkout'>;
export type LeadInput = ActionInput<'lead'>;
export type SignupInput = ActionInput<'signup'>;
export type WatchVideoInput = ActionInput<'watchVideo'>;
export type CustomInput = ActionInput<'custom'>;

/** One method per action; an action with a required field needs its data. */
export type ActionMethods = {
  [A in ActionName]: [RequiredOf<A>] extends [never] ? (data?: ActionInput<A>) => TrackResult : (data: ActionInput<A>) => TrackResult;
};

/**
 * What became of a call:
 * - `sent`: given to Pinterest's tag, and released to listeners and the relay;
 * - `blocked`: `core.js` could not load (an ad blocker, CSP, offline), so the tag will not send it; listeners and
 *   the relay still got it, so your server can send its Conversions API twin;
 * - `pending`: waiting for consent, sent in order on grant;
 * - `dropped`: consent is pending and its buffer is full (see the console), this one will not be sent;
 * - `denied`: consent is denied, nothing was sent;
 * - `duplicate`: a checkout for this order was already sent from this browser;
 * - `invalid`: the input was unusable (see the console), nothing was sent;
 * - `inactive`: no browser, or no valid Tag ID.
 */
export type TrackStatus = 'sent' | 'blocked' | 'pending' | 'dropped' | 'denied' | 'duplicate' | 'invalid' | 'inactive';

/** What a call returns. */
export interface TrackResult {
  event: TagEventName;
  apiEvent: ApiEventName;
  /** Reuse this as `event_id` when your server sends the same event to the Conversions API. */
  eventId: string;
  status: TrackStatus;
}

/**
 * What `userDefined()` returns: the event's name is yours, spaces removed, on the tag and in the API alike.
 *
 * @example
 * const { event } = pinterest.userDefined('Quiz Completed'); // event === 'QuizCompleted'
 */
export interface UserDefinedResult extends Omit<TrackResult, 'event' | 'apiEvent'> {
  event: string;
  apiEvent: string;
}

/** An event as it was released: what listeners, the DOM event and the relay receive. */
export interface TrackedEvent {
  event: TagEventName;
  apiEvent: ApiEventName;
  eventId: string;
  /** Exactly what went to `pintrk` as event data, `event_id` included. */
  data: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  time: number;
  /** The page URL at the time of the event (an email in it hashed). */
  url: string;
  /** SHA-256 hex of the match keys known then; never plain values. */
  match?: MatchData;
  /** The Pinterest click ID (`epik`), when known. */
  clickId?: string;
  /** Limited Data Processing applies to this shopper. */
  ldp?: boolean;
  /**
   * The store's consent platform denied `ad_user_data` (Google Consent Mode): the event carries no match keys
   * or click ID, and a server that sends its twin adds none.
   */
  adUserData?: 'denied';
}

/** A function that receives each released event (`onEvent`). */
export type TrackedEventListener = (event: TrackedEvent) => void;

export interface PinterestTagOptions {
  /** Your Pinterest Tag ID: digits only. Anything else: one console error and an inert instance. */
  tagId: string;
  /** ISO-4217 currency for value-bearing events that name none. No default. */
  currency?: string;
  /** `pending` waits for `setConsent()`; `denied` sends nothing. Defaults to `'granted'`. */
  consent?: ConsentState;
  /** Send one `pagevisit` when the page loads. Defaults to `true`. */
  autoPageVisit?: boolean;
  /** Send one `pagevisit` per history route change (pushState, replaceState, popstate). Defaults to `false`. */
  spa?: boolean;
  /** Hash emails shoppers type into the page's email fields and give them to the tag. Defaults to `true`. */
  enhancedMatch?: boolean;
  /** A known shopper: plain values are normalized and hashed in the browser. No default. */
  customer?: Customer;
  /** Log each event and full warnings to the console, and show the debug panel. Defaults to `false`. */
  debug?: boolean;
  /** Where Pinterest's base code lives: https, or http on localhost. Defaults to `'https://s.pinimg.com/ct/core.js'`. */
  scriptUrl?: string;
  /** CSP nonce for the scripts the SDK adds. No default. */
  nonce?: string;
  /**
   * Limited Data Processing for US state privacy laws: `true`, or the shopper's state and country. No default.
   * See https://developers.pinterest.com/docs/track-conversions/use-limited-data-processing-flag/
   */
  limitedDataProcessing?: boolean | { state?: string; country?: string };
  /** URL of your endpoint that receives each released event (hashed data only) for the Conversions API: https, or http on localhost. No default. */
  relay?: string;
  /** Called with each released event. No default. */
  onEvent?: TrackedEventListener;
  /**
   * Follow the consent the store already keeps, live: Google Consent Mode v2 (`'gcm'`), the IAB TCF v2.2 CMP
   * (`'tcf'`), Global Privacy Control (`'gpc'`), Shopify's Customer Privacy API (`'shopify'`). Nothing is loaded,
   * stored or sent until every signal named has spoken (or counted as a denial after 3 s of silence); the most
   * restrictive wins, and `setConsent()` counts as one more signal. See the README's "Consent". No default.
   *
   * @example
   * createPinterestTag({ tagId: '2612345678901', consentFrom: ['gcm', 'gpc'] });
   */
  consentFrom?: ConsentSignal[];
  /** What Global Privacy Control turns on with `consentFrom: ['gpc']`: Limited Data Processing, a denial, or nothing. Defaults to `'ldp'`. */
  gpc?: 'ldp' | 'deny' | 'ignore';
  /** Pinterest's vendor ID on the IAB Global Vendor List, should your CMP have one for it (Pinterest is not listed there yet); `'tcf'` then needs that vendor's consent too. No default. */
  tcfVendorId?: number;
  /**
   * In a Shopify web pixel, with `consentFrom: ['shopify']`: the object `register()` gives the pixel (its `init`
   * and `customerPrivacy`). No default.
   */
  shopifyPixel?: { init?: unknown; customerPrivacy?: unknown };
}

/** A place consent is kept that `consentFrom` can follow. */
export type ConsentSignal = 'gcm' | 'tcf' | 'gpc' | 'shopify';

/**
 * The Pinterest Tag on a page, one method per storefront action (see the README's event table), each returning
 * its event ID.
 *
 * @example
 * const { eventId, status } = pinterest.addToCart({ product: { id: 'SKU-1', price: 25 } });
 */
export interface PinterestTag extends ActionMethods {
  /**
   * Sends an event of your own name (spaces removed): Pinterest uses it for audiences, and counts it in conversion
   * reporting only once you map it to a standard event in Ads Manager.
   * See https://developers.pinterest.com/docs/track-conversions/define-your-own-event-types/
   */
  userDefined(name: string, data?: CommonInput): UserDefinedResult;
  /** Hashes the shopper's details and gives them to the tag before the next event. */
  identify(customer: Customer): void;
  /** Grants or denies consent (see the `consent` option). */
  setConsent(state: 'granted' | 'denied'): void;
  /** Calls `listener` with each released event. Returns a function that unsubscribes. */
  onEvent(listener: TrackedEventListener): () => void;
  /** The Pinterest click ID (`epik`) for this shopper, if any. */
  clickId(): string | undefined;
}

/**
 * The script tag's command function, `window.pinterestTag`: the instance's methods by name. Before the script
 * has loaded, the pre-load snippet queues each call and returns `undefined`; the calls run, in order, once it
 * has. Typed for pages that opt in to `storefront-pinterest-tag/globals`.
 *
 * @example
 * const result = window.pinterestTag('addToCart', { product: { id: 'SKU-1', price: 25 } }); // undefined if queued
 */
export interface PinterestTagCommand {
  <A extends ActionName>(name: A, ...data: Parameters<ActionMethods[A]>): TrackResult | undefined;
  (name: 'userDefined', eventName: string, data?: CommonInput): UserDefinedResult | undefined;
  (name: 'identify', customer: Customer): void;
  (name: 'setConsent', state: 'granted' | 'denied'): void;
  (name: 'onEvent', listener: TrackedEventListener): (() => void) | undefined;
  (name: 'clickId'): string | undefined;
}
