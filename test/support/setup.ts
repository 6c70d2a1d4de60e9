// Every jsdom test starts on a fresh page (test/support/page.ts) with no mocks left from the last test.
import { afterEach, beforeEach, vi } from 'vitest';
import { recordPageListeners, resetPage } from './page';

recordPageListeners();

beforeEach(() => {
  resetPage();
  vi.restoreAllMocks();
});

afterEach(() => {
  vi.useRealTimers();
});
