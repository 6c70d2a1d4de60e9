// The script-tag build of the consent signals' resolver (dist/pinterest-tag-consent.min.js), loaded by the SDK when
// the options name signals (`data-consent-from`).
import { install } from './resolver';

try {
  install();
} catch {
  // Must never break the page: without the resolver the SDK stays pending, which sends nothing.
}
