// The SDK's console messages. A shopper's phone gets the code alone (`[pinterest-tag] not-price items[0].price`,
// explained in the README's "Warnings" table); in debug mode each warning is printed as a sentence, with the
// words from the debug file, which is loaded only then.

import type { MessageCode, Report } from './common/messages';
import { describe } from './common/values';
import { pageState } from './page-state';

/** One console line. A console that is missing or broken must not break the storefront. */
function print(text: string, level: 'warn' | 'error'): void {
  try {
    console[level](`[pinterest-tag] ${text}`);
  } catch {
    // See above.
  }
}

/**
 * Reports a problem by its code. In debug mode, until the debug file has brought the sentences, it is held and
 * then printed in full.
 */
export function warn(code: MessageCode, field: string, got?: unknown, level: 'warn' | 'error' = 'warn'): void {
  try {
    const state = typeof window === 'object' ? pageState() : undefined;
    if (state?.explain) print(state.explain(code, field, got), level);
    else if (state?.held) state.held.push([code, field, got]);
    else print(`${code} ${field}${code === 'failed' && got !== undefined ? `: ${describe(got)}` : ''}`, level);
  } catch {
    // Nothing a warning is given can make it throw.
  }
}

/** Most warnings one call prints: past it, one `more-problems` line says how many more there were. */
export const MAX_WARNINGS = 5;

/**
 * A `Report` for one call (`addToCart`, `identify`…): each problem is named `<call>: <field>`, and at most
 * `MAX_WARNINGS` are printed, then one line that says how many more there were.
 */
export function reporter(call: string): Report & { done(): void } {
  let count = 0;
  const report = (code: MessageCode, field: string, got?: unknown): void => {
    if (++count <= MAX_WARNINGS) warn(code, `${call}: ${field}`, got);
  };
  return Object.assign(report, {
    done(): void {
      if (count > MAX_WARNINGS) warn('more-problems', `${call}: ${count - MAX_WARNINGS} more`);
    },
  });
}

/** Runs `fn`, turning anything it throws into one warning: nothing in this SDK may throw into the page. */
export function safely<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    warn('failed', what, error);
    return undefined;
  }
}
