/** Tag event names, lower-case and concatenated as Pinterest's tag lists them (SPEC §3.1). */
export type TagEventName =
  | 'pagevisit'
  | 'viewcategory'
  | 'search'
  | 'addtocart'
  | 'checkout'
  | 'signup'
  | 'lead'
  | 'watchvideo'
  | 'custom';

/** Conversions API `event_name` values for the same events (SPEC §8.1). */
export type ApiEventName =
  | 'page_visit'
  | 'view_category'
  | 'search'
  | 'add_to_cart'
  | 'checkout'
  | 'signup'
  | 'lead'
  | 'watch_video'
  | 'custom';

/** The storefront actions, named as the instance methods and commands that send them. */
export type ActionName =
  | 'pageVisit'
  | 'viewCategory'
  | 'search'
  | 'addToCart'
  | 'checkout'
  | 'signup'
  | 'lead'
  | 'watchVideo'
  | 'custom';

export type ConsentState = 'granted' | 'pending' | 'denied';

/** Match keys as Pinterest names them in `pd` and in the Conversions API `user_data`. */
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

/** Fields that every action accepts. */
export interface BaseEventInput {
  /** Reuse an event ID made elsewhere (for example by your server) instead of a new one. */
  eventId?: string;
}

export interface ProductEventInput extends BaseEventInput {
  items?: LineItem[];
  /** Shorthand for `items: [product]`. */
  product?: LineItem;
  /** Total value. Computed from the items' prices and quantities when left out. */
  value?: number | string;
  /** ISO-4217 code. Defaults to the `currency` option. */
  currency?: string;
}

export interface PageVisitInput extends BaseEventInput {
  items?: LineItem[];
  product?: LineItem;
  /** Sent as `line_items[].product_category` when there are items. */
  category?: string;
  pageName?: string;
  value?: number | string;
  currency?: string;
}

export interface SearchInput extends BaseEventInput {
  /** What the shopper searched for. Required. */
  query: string;
}

export type AddToCartInput = ProductEventInput;

export interface CheckoutInput extends ProductEventInput {
  /** The completed order's ID. Required: the event ID is derived from it. */
  orderId: string | number;
  promoCode?: string;
}

export interface LeadInput extends BaseEventInput {
  leadType?: string;
}

export type SignupInput = LeadInput;

export interface WatchVideoInput extends BaseEventInput {
  videoTitle?: string;
}

export interface CustomInput extends ProductEventInput {
  orderId?: string | number;
}

/** The input each action takes. */
export interface ActionInputs {
  pageVisit: PageVisitInput;
  viewCategory: PageVisitInput;
  search: SearchInput;
  addToCart: AddToCartInput;
  checkout: CheckoutInput;
  signup: SignupInput;
  lead: LeadInput;
  watchVideo: WatchVideoInput;
  custom: CustomInput;
}

/**
 * What became of a call:
 * - `sent`: given to the tag (or, with `core.js` blocked, released to listeners and the relay);
 * - `pending`: waiting for consent, sent in order on grant;
 * - `dropped`: consent is pending and its buffer is full (see the console), this one will not be sent;
 * - `denied`: consent is denied, nothing was sent;
 * - `duplicate`: a checkout for this order was already sent from this browser;
 * - `invalid`: the input was unusable (see the console), nothing was sent;
 * - `inactive`: no browser, or no valid Tag ID.
 */
export type TrackStatus = 'sent' | 'pending' | 'dropped' | 'denied' | 'duplicate' | 'invalid' | 'inactive';

export interface TrackResult {
  event: TagEventName;
  apiEvent: ApiEventName;
  /** Reuse this as `event_id` when your server sends the same event to the Conversions API. */
  eventId: string;
  status: TrackStatus;
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
  /** The page URL at the time of the event. */
  url: string;
  /** SHA-256 hex of the match keys known then; never plain values. */
  match?: MatchData;
  /** The Pinterest click ID (`epik`), when known. */
  clickId?: string;
  /** Limited Data Processing applies to this shopper. */
  ldp?: boolean;
}

export type EventListener = (event: TrackedEvent) => void;

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
  /** A known shopper: plain values are normalized and hashed in the browser. */
  customer?: Customer;
  /** Log each event and validation warnings to the console, and show the debug panel. Defaults to `false`. */
  debug?: boolean;
  /** Where Pinterest's base code lives. Defaults to `'https://s.pinimg.com/ct/core.js'`. */
  scriptUrl?: string;
  /** CSP nonce for the injected `core.js` script. */
  nonce?: string;
  /** Limited Data Processing for US state privacy laws: `true`, or the shopper's state and country. */
  limitedDataProcessing?: boolean | { state?: string; country?: string };
  /** URL of your endpoint that receives each released event (hashed data only) for the Conversions API. */
  relay?: string;
  /** Called with each released event. */
  onEvent?: EventListener;
}

export interface PinterestTag {
  /** Sends `pagevisit`. */
  pageVisit(data?: PageVisitInput): TrackResult;
  /** Sends `viewcategory`. */
  viewCategory(data?: PageVisitInput): TrackResult;
  /** Sends `search`. */
  search(data: SearchInput): TrackResult;
  /** Sends `addtocart`. */
  addToCart(data: AddToCartInput): TrackResult;
  /** Sends `checkout` (a completed order) with an event ID derived from the order ID. */
  checkout(data: CheckoutInput): TrackResult;
  /** Sends `signup`. */
  signup(data?: SignupInput): TrackResult;
  /** Sends `lead`. */
  lead(data?: LeadInput): TrackResult;
  /** Sends `watchvideo`. */
  watchVideo(data?: WatchVideoInput): TrackResult;
  /** Sends `custom`. */
  custom(data?: CustomInput): TrackResult;
  /** Hashes the shopper's details and gives them to the tag before the next event. */
  identify(customer: Customer): void;
  /** Grants or denies consent (see the `consent` option). */
  setConsent(state: 'granted' | 'denied'): void;
  /** Calls `listener` with each released event. Returns a function that unsubscribes. */
  onEvent(listener: EventListener): () => void;
  /** The Pinterest click ID (`epik`) for this shopper, if any. */
  clickId(): string | undefined;
}
