// Every event Pinterest defines, once. The instance methods, the script tag's commands, the types, the
// Conversions API mapping and the README's event table all derive from `EVENTS` below: adding an event is one
// line there.
//
// Source: Pinterest, "Track conversion events in the API", table "Conversion event types" (Name in API / Name in
// Tag): https://developers.pinterest.com/docs/conversions/event/ (read 2026-11-30). The tag's names are sent
// lower-case and concatenated, the spelling Pinterest's tag library checks its standard list against (an
// underscore name such as `add_to_cart` is not standard on the tag). `app_install` and `app_open` are app-only
// (no tag name) and are left out.

/**
 * Event-data text fields beside the common ones, by input name: the tag's name for each (Pinterest's event data:
 * https://developers.pinterest.com/docs/api-features/pinterest-tag/).
 */
export const TEXT_FIELDS = {
  orderId: 'order_id',
  promoCode: 'promo_code',
  query: 'search_query',
  leadType: 'lead_type',
  videoTitle: 'video_title',
  pageName: 'page_name',
} as const;

/** Line-item fields by input name: the tag's name for each (same source). `price` and `quantity` are numbers. */
export const ITEM_FIELDS = {
  id: 'product_id',
  name: 'product_name',
  category: 'product_category',
  brand: 'product_brand',
  variant: 'product_variant',
  variantId: 'product_variant_id',
  price: 'product_price',
  quantity: 'product_quantity',
} as const;

/** A field of `TEXT_FIELDS`, or `category` (sent on each line item as `product_category`). */
export type EventField = keyof typeof TEXT_FIELDS | 'category';

/** One row of the event table. */
export interface EventSpec {
  /** The tag's event name. */
  readonly tag: string;
  /** The Conversions API's `event_name`. */
  readonly api: string;
  /** What the event takes beside `items`/`product`, `value`, `currency` and `eventId`, which every event takes. */
  readonly fields: readonly EventField[];
  /** The field the event cannot do without. */
  readonly required?: EventField;
  /** Items are bought or picked, not just shown: `order_quantity` is their count, `value` their sum when not given. */
  readonly totals?: true;
}

/**
 * The storefront actions, with the tag's and the Conversions API's name for each and the data they take.
 *
 * @example
 * EVENTS.addToCart.tag // 'addtocart'
 * EVENTS.addToCart.api // 'add_to_cart'
 */
export const EVENTS = {
  pageVisit: { tag: 'pagevisit', api: 'page_visit', fields: ['pageName', 'category'] },
  viewCategory: { tag: 'viewcategory', api: 'view_category', fields: ['pageName', 'category'] },
  search: { tag: 'search', api: 'search', fields: ['query'], required: 'query' },
  addToCart: { tag: 'addtocart', api: 'add_to_cart', fields: [], totals: true },
  checkout: { tag: 'checkout', api: 'checkout', fields: ['orderId', 'promoCode'], required: 'orderId', totals: true },
  signup: { tag: 'signup', api: 'signup', fields: ['leadType'] },
  lead: { tag: 'lead', api: 'lead', fields: ['leadType'] },
  watchVideo: { tag: 'watchvideo', api: 'watch_video', fields: ['videoTitle'] },
  custom: { tag: 'custom', api: 'custom', fields: ['orderId'], totals: true },
  initiateCheckout: { tag: 'initiatecheckout', api: 'initiate_checkout', fields: ['promoCode'], totals: true },
  addToWishlist: { tag: 'addtowishlist', api: 'add_to_wishlist', fields: [], totals: true },
  addPaymentInfo: { tag: 'addpaymentinfo', api: 'add_payment_info', fields: ['promoCode'], totals: true },
  viewContent: { tag: 'viewcontent', api: 'view_content', fields: ['pageName', 'category'] },
  subscribe: { tag: 'subscribe', api: 'subscribe', fields: [] },
  contact: { tag: 'contact', api: 'contact', fields: ['leadType'] },
  startTrial: { tag: 'starttrial', api: 'start_trial', fields: [] },
  submitApplication: { tag: 'submitapplication', api: 'submit_application', fields: ['leadType'] },
  schedule: { tag: 'schedule', api: 'schedule', fields: ['leadType'] },
  findLocation: { tag: 'findlocation', api: 'find_location', fields: [] },
  customizeProduct: { tag: 'customizeproduct', api: 'customize_product', fields: [], totals: true },
} as const satisfies Record<string, EventSpec>;

/** A storefront action: an instance method and a command of `pinterestTag(name, data)`. */
export type ActionName = keyof typeof EVENTS;

/** The tag's event names, lower-case and concatenated. */
export type TagEventName = (typeof EVENTS)[ActionName]['tag'];

/** The Conversions API's `event_name` values for the same events. */
export type ApiEventName = (typeof EVENTS)[ActionName]['api'];

/**
 * The actions, in the order of the table: the nine of the first Pinterest tag first.
 *
 * @example
 * ACTIONS.includes('addToCart') // true
 */
export const ACTIONS = Object.keys(EVENTS) as ActionName[];

/** The action whose tag name is `tag`, or `undefined`. Reads own keys only: `'constructor'` is no event. */
export const actionOfTag = (tag: unknown): ActionName | undefined => ACTIONS.find((action) => EVENTS[action].tag === tag);

/** The action whose Conversions API name is `api`, or `undefined`. */
export const actionOfApi = (api: unknown): ActionName | undefined => ACTIONS.find((action) => EVENTS[action].api === api);

/**
 * Whether `name` is one of the actions: own keys only, so `'toString'` or `'__proto__'` is not.
 *
 * @example
 * isAction('addToCart') // true
 */
export const isAction = (name: unknown): name is ActionName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);

/**
 * An object with one entry per action, made by `make`: how the instance gets one method per row of the table.
 *
 * @example
 * forEachAction((action) => EVENTS[action].api).addToCart // 'add_to_cart'
 */
export const forEachAction = <T>(make: (action: ActionName) => T): Record<ActionName, T> =>
  Object.fromEntries(ACTIONS.map((action) => [action, make(action)])) as Record<ActionName, T>;
