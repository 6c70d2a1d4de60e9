// The event sources: the names the script tag knows (it loads `pinterest-tag-source-<name>.min.js` next to itself
// for each, never a file a page names), and how long the automatic page visit waits for a source's product.

/**
 * The event sources, by the name `data-sources` and `pinterestTag('source', name, options)` take.
 *
 * @example
 * SOURCE_NAMES.includes('ga4') // true
 */
export const SOURCE_NAMES = ['ga4', 'shopify', 'shopline', 'adobe'] as const;

/** An event source's name. */
export type SourceName = (typeof SOURCE_NAMES)[number];

/**
 * How long, in milliseconds, each automatic page visit waits for a source to report the product viewed on the
 * page, so that the page's one page visit carries it (Pinterest's catalog ads read product IDs on PageVisit). It
 * goes sooner when the product is reported, when the source knows the page shows none, or when the page is hidden
 * (a shopper who leaves at once is still counted). 1.5 s covers loading the source file after the SDK on a slow
 * phone connection; a product reported later is not sent as a second page visit.
 */
export const SOURCE_HOLD_MS = 1500;
