// How the npm build loads the debug panel: a chunk of its own, fetched only in debug mode.
// (The script-tag build uses debug-load.iife.ts instead; rollup.config.mjs swaps them.)
export function loadDebugPanel(_nonce?: string): void {
  import('./debug-panel').then(
    (panel) => panel.attachDebugPanel(),
    () => {
      // No panel (offline, CSP): debug mode still logs to the console.
    },
  );
}
