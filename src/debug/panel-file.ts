// The script-tag build of the debug panel (dist/pinterest-tag-debug.min.js), loaded by the SDK in debug mode.
import { install } from './panel';

try {
  install();
} catch {
  // A diagnostic must never break the page.
}
