// storefront-pinterest-tag/sources/adobe: Adobe Commerce's Storefront Events SDK as an event source (README, "Event sources").
export { type AdobeSourceOptions, adobeSource, type StorefrontEventsSdk } from '../adobe';
export type { SourceTag, StopSource } from '../shared';
