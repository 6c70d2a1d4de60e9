// The script tag's GA4 source file (dist/pinterest-tag-source-ga4.min.js): loaded by the script tag for
// `data-sources="ga4"`. Options: `pinterestTag('source', 'ga4', { dataLayer: 'myDataLayer' })` for a data layer of
// another name (GTM's `l` parameter).
import { ga4Source } from '../ga4';
import { at } from '../shared';
import { attachSource } from '../side-file';

attachSource('ga4', (tag, options) => {
  const layer = at(options, 'dataLayer');
  const named = typeof layer === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(layer) ? ((window as unknown as Record<string, unknown>)[layer] ??= []) : layer;
  return ga4Source(tag, Array.isArray(named) ? named : undefined);
});
