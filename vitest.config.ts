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
      // Property-based fuzzing (fast-check): every public call, the script tag and its command function, form
      // input, the relay handler. A short run here; `npm run fuzz` sets FUZZ_RUNS for the long one. jsdom by
      // default; the files that run the shipped script in a page of their own, and the relay's, say
      // `@vitest-environment node`.
      { extends: true, test: { name: 'fuzz', environment: 'jsdom', include: ['test/fuzz/**/*.test.ts'] } },
      // Real Chromium against a local server: what Pinterest would receive.
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
