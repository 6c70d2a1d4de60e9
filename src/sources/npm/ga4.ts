// storefront-pinterest-tag/sources/ga4: the GA4 data layer as an event source (README, "Event sources").
export { ga4Source } from '../ga4';
export type { SourceTag, StopSource } from '../shared';
