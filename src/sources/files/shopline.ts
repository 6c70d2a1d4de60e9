// The script tag's SHOPLINE source file (dist/pinterest-tag-source-shopline.min.js): loaded by the script tag for
// `data-sources="shopline"`, or included by the theme with `defer` so that it hears `product:viewed` when the
// product page mounts. Options: `pinterestTag('source', 'shopline', { productId: 'variant', prices: 'units' })`.

import { listenShoplineThemes, type ShoplineSourceOptions, type ShoplineThemeEvent, startShopline } from '../shopline';
import { attachSource } from '../side-file';

attachSource<ShoplineThemeEvent>(
  'shopline',
  (tag, options, backlog) => startShopline(tag, options as ShoplineSourceOptions | undefined, backlog),
  (record) => listenShoplineThemes(undefined, record),
);
