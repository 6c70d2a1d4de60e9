// How the resolver loads the file of each consent signal the options name, in the npm build: a chunk of its own,
// fetched only when named. In the script-tag build, rollup.config.mjs's `iifeSideFiles` swaps this module (as every
// `…/side-files` import) for src/side-files.iife.ts, so that the same call loads `pinterest-tag-consent-<name>.min.js`
// from next to the script.

/** The signals' files, each a module with an `install()` that registers its watcher. */
const FILES = {
  'consent-gcm': () => import('./gcm'),
  'consent-tcf': () => import('./tcf'),
  'consent-gpc': () => import('./gpc'),
  'consent-shopify': () => import('./shopify'),
};

export type SignalFile = keyof typeof FILES;

/** Loads and installs a signal's file; resolves with whether it could. Never rejects. */
export function loadSideFile(name: SignalFile, _nonce?: string): Promise<boolean> {
  return FILES[name]().then(
    (file) => {
      file.install();
      return true;
    },
    () => false,
  );
}
