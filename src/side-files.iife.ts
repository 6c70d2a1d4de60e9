// How the script-tag build loads the parts a store may not use (the debug panel, the event sources, …): `pinterest-tag-<name>.min.js`
// from the same folder as this script, which installs itself when it runs. `currentScript` is read now, while the
// script first runs. (The npm build imports chunks instead: side-files.ts.)
import type { SideFile } from './side-files';
import type { SourceName } from './sources/names';

const base = typeof document === 'object' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined;

/** Loads a side file; resolves with whether it could. Never rejects. */
export function loadSideFile(name: SideFile | `source-${SourceName}`, nonce?: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const script = document.createElement('script');
      script.src = new URL(`pinterest-tag-${name}.min.js`, base || location.href).href;
      if (nonce) script.nonce = nonce;
      script.onload = () => resolve(true);
      script.onerror = () => resolve(false);
      document.head.appendChild(script);
    } catch {
      resolve(false);
    }
  });
}
