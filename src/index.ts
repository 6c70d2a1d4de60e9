export { createPinterestTag, EVENT_NAME } from './tag';
export { checkoutEventId, randomEventId, CHECKOUT_NAMESPACE } from './ids';
export { ACTIONS, TAG_TO_API_EVENT, API_TO_TAG_EVENT, buildEventData, tagEventName, apiEventName } from './events';
export { hashMatchValue, normalizeMatchValue, hashCustomer } from './normalize';
export { sha256 } from './hash';
export type * from './types';
