// Size budgets in bytes, gzip -9, of what shoppers download (test/dist/size.test.ts enforces them; the README and
// BENCHMARKS.md quote the figures, `npm run size` prints them).
//
// What runs at page start is held to Pinterest's own scale: the first stage (pinterest-tag.min.js) does what the
// base code does plus the first page visit, at most 2 KB. The complete SDK (pinterest-tag-full.min.js) loads after
// the first event and may weigh more; every capability a store may not use is a file of its own, loaded only when
// used, so a store pays only for what it turns on. `everything` is the sum a store using every file downloads.
export const BUDGETS = {
  firstStage: 2048,
  secondStage: 10000,
  debugPanel: 4700,
  treeShaken: 10300,
};

/** The files of the script tag, and which budget each is held to. */
export const FILES = {
  'dist/pinterest-tag.min.js': 'firstStage',
  'dist/pinterest-tag-full.min.js': 'secondStage',
  'dist/pinterest-tag-debug.min.js': 'debugPanel',
};

BUDGETS.everything = Object.values(FILES).reduce((sum, budget) => sum + BUDGETS[budget], 0);
