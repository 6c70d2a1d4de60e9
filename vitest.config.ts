import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test/.artifacts/vitest.json' }]],
    projects: [
      // The library's modules, in jsdom: what reaches the page (pintrk queue, scripts, cookies, storage).
      { extends: true, test: { name: 'unit', environment: 'jsdom', include: ['test/unit/**/*.test.ts'], setupFiles: ['test/support/setup.ts'] } },
      // The built files in plain Node and in jsdom: the artifacts that ship.
      { extends: true, test: { name: 'dist', environment: 'node', include: ['test/dist/**/*.test.ts'] } },
      // The Node server entry against a local fake of the Conversions API.
      { extends: true, test: { name: 'server', environment: 'node', include: ['test/server/**/*.test.ts'], testTimeout: 30_000 } },
      // Real Chromium against a local server: what Pinterest would receive.
      {
        extends: true,
        test: { name: 'browser', environment: 'node', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
    ],
  },
});
