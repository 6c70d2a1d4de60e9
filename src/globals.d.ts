// Opt-in global types for the script-tag build, shipped as `storefront-pinterest-tag/globals`: add it to
// `compilerOptions.types`, or `/// <reference types="storefront-pinterest-tag/globals" />`, to type
// `window.pinterestTag(...)` and `addEventListener('pinterest-tag:event', …)`. Not part of the SDK's own build.
import type { PinterestTagCommand, TrackedEvent } from './common/types';

declare global {
  interface Window {
    /** The script tag's command function (or, before the script has loaded, the pre-load snippet's queue). */
    pinterestTag: PinterestTagCommand;
  }
  interface WindowEventMap {
    /** Dispatched for each released event; `detail` is the `TrackedEvent`. */
    'pinterest-tag:event': CustomEvent<TrackedEvent>;
  }
}
