const PREFIX = '[pinterest-tag] ';

/** One console warning. A console that is missing or broken must not break the storefront. */
export function warn(message: string, level: 'warn' | 'error' = 'warn'): void {
  try {
    console[level](PREFIX + message);
  } catch {
    // See above.
  }
}

/** Shows a value in a warning without echoing a long string back in full. */
export function show(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)
    : value == null || typeof value !== 'object'
      ? String(value)
      : Array.isArray(value)
        ? 'an array'
        : 'an object';
}

/** The warning for a value of the wrong kind: names the field, what it must be, and what it was. */
export function mustBe(field: string, expected: string, got: unknown): string {
  return `${field} must be ${expected} (got ${show(got)})`;
}
