// How the script-tag build loads the debug panel: `pinterest-tag-debug.min.js` from the same folder as this
// script, fetched only in debug mode. `currentScript` is read now, while the script first runs.
const base = typeof document === 'object' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

export function loadDebugPanel(nonce?: string): void {
  const script = document.createElement('script');
  script.src = new URL('pinterest-tag-debug.min.js', base || location.href).href;
  if (nonce) script.nonce = nonce;
  document.head.appendChild(script);
}
