// Size budgets in bytes, gzip -9 (test/dist/size.test.ts enforces them; the README quotes the figures).
//
// The script's budget is NOT the 5 KB the product brief asks for. Measured on 2026-11-29 the complete script is
// about 7.8 KB gzip: js-cookie and uuid (required, bundled) are about 1.1 KB of it, the SHA-256/SHA-1 code that
// enhanced match and checkout IDs need without crypto.subtle about 0.7 KB, and the rest is the SDK itself
// (loader, nine validated actions, consent, identity, click ID, SPA, relay, data attributes, queue replay).
// Every warning string taken out would still leave it near 6.9 KB. The budget below stops it from growing while
// that trade-off is decided; see README "Limitations" and BENCHMARKS.md for the breakdown.
export const BUDGETS = {
  script: 7900,
  debugPanel: 3200,
  treeShaken: 7400,
};
