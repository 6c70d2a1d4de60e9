// storefront-pinterest-tag/sources/shopify: Shopify's Web Pixels and theme events as an event source (README, "Event sources").
export type { SourceTag, StopSource } from '../shared';
export { type ShopifyProductId, type ShopifySourceOptions, shopifySource, type WebPixelsAnalytics } from '../shopify';
