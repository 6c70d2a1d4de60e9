// storefront-pinterest-tag/server: the Conversions API half of deduplication (Node >= 20.19).
export { checkoutEventId, CHECKOUT_NAMESPACE } from '../ids';
export { TAG_TO_API_EVENT, API_TO_TAG_EVENT, buildEventData } from '../events';
// The browser's normalization and hashing, for a server that hashes its own customer records the same way.
export { hashMatchValue, normalizeMatchValue, hashCustomer } from '../normalize';
export { sha256 } from '../hash';
export { toConversionEvent, MAX_EVENT_AGE_MS, MAX_CLOCK_SKEW_MS } from './events';
export { createConversionsClient, ConversionsApiError, parseRetryAfter, MAX_BATCH_SIZE, DEFAULT_ENDPOINT } from './client';
export type { ConversionsClient, ConversionsClientOptions, EventResult, SendResult } from './client';
export { createRelayHandler, requestContext } from './relay';
export type { RelayHandler, RelayOptions, RelayRequest } from './relay';
export type * from './types';
export type { TrackedEvent, TagEventName, ApiEventName, ActionName, ActionInputs, LineItem, MatchKey } from '../types';
