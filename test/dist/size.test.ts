// The size budgets of what shoppers download. `npm test` fails when a built file grows past its budget.
// The figures are gzip -9 of the files as shipped (`npm run size` prints them all).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUDGETS, EVERY_FILE, FILES } from '../../scripts/budgets.mjs';

const gzip = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe('size budgets', () => {
  it.each(Object.entries(FILES))('%s is within its budget (%s)', (file, budget) => {
    expect(gzip(file)).toBeLessThanOrEqual(BUDGETS[budget]);
  });

  it(`the first stage, what runs at page start, is at most 2 KB gzip (${BUDGETS.firstStage} B)`, () => {
    expect(BUDGETS.firstStage).toBeLessThanOrEqual(2048);
    expect(gzip('dist/pinterest-tag.min.js')).toBeLessThanOrEqual(2048);
  });

  it(`a store using every file downloads at most ${BUDGETS.everything} B gzip`, () => {
    const total = EVERY_FILE.reduce((sum, file) => sum + gzip(file), 0);
    expect(total).toBeLessThanOrEqual(BUDGETS.everything);
  });

  it(`a tree-shaken import { createPinterestTag } bundle is at most ${BUDGETS.treeShaken} B gzip`, () => {
    // What an SPA's bundler keeps of the npm entry: rollup + terser over dist/index.mjs, dependencies included.
    const dir = mkdtempSync(join(tmpdir(), 'spt-size-'));
    writeFileSync(
      join(dir, 'entry.mjs'),
      `import { createPinterestTag } from ${JSON.stringify(`${process.cwd()}/dist/index.mjs`)};\nwindow.t = createPinterestTag;\n`,
    );
    execFileSync(process.execPath, ['scripts/tree-shaken.mjs', join(dir, 'entry.mjs'), join(dir, 'out')], { stdio: 'pipe' });
    expect(gzip(join(dir, 'out', 'entry.js'))).toBeLessThanOrEqual(BUDGETS.treeShaken);
    // A rollup and terser run of its own, every lazy chunk included: seconds on a loaded machine, past vitest's 5 s.
  }, 60_000);
});
