/** One console message. A console that is missing or broken must not break the storefront. */
export function warn(message: string, level: 'warn' | 'error' = 'warn'): void {
  try {
    console[level]('[pinterest-tag] ' + message);
  } catch {
    // See above.
  }
}

/** Any value as text for a message: `${value}` throws for a Symbol or an object without `toString`. */
export function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/**
 * The warning for a value of the wrong kind: the field, what it must be, and briefly what it was. A text that
 * may be personal data (an email, a long number) is not repeated, and no value can make this throw.
 */
export const mustBe = (field: string, expected: string, got: unknown): string => {
  let shown: string;
  try {
    shown =
      typeof got === 'string'
        ? /@|\d{6}/.test(got) ? 'a text that is not shown' : `"${got.slice(0, 40)}"`
        : typeof got === 'function'
          ? 'a function'
          : got && typeof got === 'object'
            ? Array.isArray(got) ? 'an array' : 'an object'
            : String(got);
  } catch {
    shown = typeof got;
  }
  return `${field} must be ${expected}, not ${shown}`;
};
