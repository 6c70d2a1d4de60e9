// The script tag's Adobe Commerce source file (dist/pinterest-tag-source-adobe.min.js): loaded by the script tag
// for `data-sources="adobe"`. The storefront's data layer keeps its events, so nothing is missed however late it
// loads. Options: `pinterestTag('source', 'adobe', { productId: 'product' })`.
import { type AdobeSourceOptions, adobeSource } from '../adobe';
import { attachSource } from '../side-file';

attachSource('adobe', (tag, options) => adobeSource(tag, options as AdobeSourceOptions | undefined));
