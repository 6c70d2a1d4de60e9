// The script tag's Shopify source file (dist/pinterest-tag-source-shopify.min.js): loaded by the script tag for
// `data-sources="shopify"`, or included by the theme with `defer` so that it hears `shopify:page:view` (dispatched
// once the document is ready, too early for a file loaded after the SDK). Options: `pinterestTag('source',
// 'shopify', { productId: 'variant', analytics, init })`.
import { listenThemeEvents, type ShopifySourceOptions, startShopify } from '../shopify';
import { attachSource } from '../side-file';

attachSource<Event>(
  'shopify',
  (tag, options, backlog) => startShopify(tag, options as ShopifySourceOptions | undefined, backlog),
  (record) => listenThemeEvents(document, record),
);
