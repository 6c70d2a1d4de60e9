// The script-tag build of this consent signal (dist/pinterest-tag-consent-gpc.min.js), loaded by the consent file.
import { install } from './gpc';

try {
  install();
} catch {
  // Consent signals must never break the page: the resolver counts a signal that never registers as a denial.
}
