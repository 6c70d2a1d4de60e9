// storefront-pinterest-tag/sources/shopline: SHOPLINE's theme and pixel events as an event source (README, "Event sources").
export type { SourceTag, StopSource } from '../shared';
export type { WebPixelsAnalytics } from '../shopify';
export { type ShoplineEventBus, type ShoplineSourceOptions, shoplineSource, type ThemeEventCenter } from '../shopline';
