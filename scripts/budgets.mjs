// Size budgets in bytes, gzip -9, of what shoppers download (test/dist/size.test.ts enforces them; the README and
// BENCHMARKS.md quote the figures, `npm run size` prints them).
//
// What runs at page start is held to Pinterest's own scale: the first stage (pinterest-tag.min.js) does what the
// base code does plus the first page visit, at most 2 KB. The complete SDK (pinterest-tag-full.min.js) loads after
// the first event and may weigh more; every capability a store may not use is a file of its own, loaded only when
// used, so a store pays only for what it turns on. `everything` is the sum a store using every file downloads.
//
// Consent signals (`data-consent-from`): the second stage carries only their plumbing (the option and attribute, the
// hook the resolver drives, `ad_user_data` and live LDP: 244 B at the measure, 9750 -> 9994 B, and 268 B of the
// tree-shaken bundle); the resolver and each signal are files of their own, loaded only when named.
//
// Speed bought with bytes in the second stage (measured in `npm run bench`, BENCHMARKS.md): a line item's fields read
// by name, the checkout guard a Set, the take-over in a task of its own and V8's compile hint (10,231 -> 10,399 B);
// the DOM event a class of its own and the Tag ID rule one loop shared with the first stage (10,399 -> 10,512 B: an
// add to cart 14.2 -> 9.6 µs, BENCHMARKS.md "Per-event cost"), while the first stage fell 1,546 -> 1,332 B.
export const BUDGETS = {
  firstStage: 2048,
  secondStage: 10600,
  // The sentences of every warning code, the event sources' included (debug mode only).
  debugPanel: 5000,
  treeShaken: 10500,
  // Consent signals (`data-consent-from`): the resolver and each signal, loaded only when named.
  consentResolver: 1800,
  consentGcm: 1350,
  consentTcf: 1000,
  consentGpc: 450,
  consentShopify: 1050,
  // Event sources (src/sources/): a store that lists a source in data-sources downloads the second stage with their
  // wiring instead of the plain one, and the source's own file; a store that uses none downloads neither.
  secondStageWithSources: 10850,
  sourceGa4: 3450,
  sourceShopify: 4050,
  sourceShopline: 4400,
  sourceAdobe: 3350,
};

/** The files of the script tag, and which budget each is held to. */
export const FILES = {
  'dist/pinterest-tag.min.js': 'firstStage',
  'dist/pinterest-tag-full.min.js': 'secondStage',
  'dist/pinterest-tag-debug.min.js': 'debugPanel',
  'dist/pinterest-tag-consent.min.js': 'consentResolver',
  'dist/pinterest-tag-consent-gcm.min.js': 'consentGcm',
  'dist/pinterest-tag-consent-tcf.min.js': 'consentTcf',
  'dist/pinterest-tag-consent-gpc.min.js': 'consentGpc',
  'dist/pinterest-tag-consent-shopify.min.js': 'consentShopify',
  'dist/pinterest-tag-full-sources.min.js': 'secondStageWithSources',
  'dist/pinterest-tag-source-ga4.min.js': 'sourceGa4',
  'dist/pinterest-tag-source-shopify.min.js': 'sourceShopify',
  'dist/pinterest-tag-source-shopline.min.js': 'sourceShopline',
  'dist/pinterest-tag-source-adobe.min.js': 'sourceAdobe',
};

/** What a store that turns everything on downloads: the second stage with the sources' wiring, not the plain one. */
export const EVERY_FILE = Object.keys(FILES).filter((file) => FILES[file] !== 'secondStage');

BUDGETS.everything = EVERY_FILE.reduce((sum, file) => sum + BUDGETS[FILES[file]], 0);
