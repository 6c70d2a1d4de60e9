// storefront-pinterest-tag/server: the Conversions API half of deduplication (Node >= 20.19).
export { checkoutEventId, CHECKOUT_NAMESPACE } from '../ids';
export { TAG_TO_API_EVENT, API_TO_TAG_EVENT } from '../events';
