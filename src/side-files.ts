// How the npm build loads the parts a store may not use (the debug panel, …): each a chunk of its own, fetched
// only when asked for. The script-tag build loads files next to itself instead (side-files.iife.ts; rollup.config.mjs
// swaps the two).

/** The side files, each a module with an `install()` that starts it. */
const FILES = {
  debug: () => import('./debug/panel'),
  // Consent signals (`consentFrom`): the resolver, which loads the file of each signal named (consent-signals/side-files.ts).
  consent: () => import('./consent-signals/resolver'),
};

export type SideFile = keyof typeof FILES;

/** Loads and installs a side file; resolves with whether it could. Never rejects. */
export function loadSideFile(name: SideFile, _nonce?: string): Promise<boolean> {
  return FILES[name]().then(
    (file) => {
      file.install();
      return true;
    },
    () => false,
  );
}
