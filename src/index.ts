// storefront-pinterest-tag: the npm entry for the browser. Re-exports only; importing it touches no browser
// global, so it is safe in Node and during server-side rendering.
export { EVENTS } from './common/catalog';
export { checkoutEventId } from './common/event-id';
export { hashCustomer, hashMatchValue, normalizeMatchValue } from './common/match-keys';
export { sha256 } from './common/sha256';
export type * from './common/types';
export { createPinterestTag, EVENT_NAME } from './tag';
