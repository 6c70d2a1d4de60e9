// Size budgets in bytes, gzip -9 (see test/dist/size.test.ts and the README's size figures).
export const BUDGETS = {
  script: 5000,
  debugPanel: 3500,
  treeShaken: 7600,
};
