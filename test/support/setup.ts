// A clean page for every unit test: no pintrk, no SDK state, no scripts, cookies or storage from the last test.
import { afterEach, beforeEach, vi } from 'vitest';

export function resetPage(): void {
  const win = window as unknown as Record<string | symbol, unknown>;
  delete win.pintrk;
  delete win.pinterestTag;
  delete win[Symbol.for('storefront-pinterest-tag')];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  for (const cookie of document.cookie.split('; ')) {
    const name = cookie.split('=')[0];
    if (name) {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; domain=${location.hostname}`;
    }
  }
  localStorage.clear();
  sessionStorage.clear();
  // The SDK patches history for SPA page visits: drop the patches so each test starts from the browser's own.
  delete (history as unknown as Record<string, unknown>).pushState;
  delete (history as unknown as Record<string, unknown>).replaceState;
  history.replaceState(null, '', '/');
}

beforeEach(() => {
  resetPage();
  vi.restoreAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
});
