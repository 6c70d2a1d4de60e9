// localStorage as JSON, for the few things this SDK remembers. Storage can be missing, full or forbidden
// (privacy modes, sandboxed iframes): then nothing is remembered and nothing throws.

export function readStored(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    // See above: nothing was remembered.
    return null;
  }
}

/** Stores `value`, or removes the key when `value` is undefined. */
export function writeStored(key: string, value?: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // See above: this page still works, later pages just do not remember.
  }
}
