// The script-tag build of the debug panel (dist/pinterest-tag-debug.min.js), loaded by the SDK in debug mode.
import { attachDebugPanel } from './debug-panel';

try {
  attachDebugPanel();
} catch {
  // A diagnostic must never break the page.
}
