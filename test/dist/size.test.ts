// The size budget of what shoppers download. `npm test` fails when the built script grows past it.
// The figures are gzip -9 of the files as shipped (scripts/size.mjs prints them all).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUDGETS } from '../../scripts/budgets.mjs';

const gzip = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe('size budget', () => {
  it(`dist/pinterest-tag.min.js is at most ${BUDGETS.script} B gzip`, () => {
    expect(gzip('dist/pinterest-tag.min.js')).toBeLessThanOrEqual(BUDGETS.script);
  });

  it(`the debug panel (loaded only in debug mode) is at most ${BUDGETS.debugPanel} B gzip`, () => {
    expect(gzip('dist/pinterest-tag-debug.min.js')).toBeLessThanOrEqual(BUDGETS.debugPanel);
  });

  it(`a tree-shaken import { createPinterestTag } bundle is at most ${BUDGETS.treeShaken} B gzip`, () => {
    // What an SPA's bundler keeps of the npm entry: rollup + terser over dist/index.mjs, dependencies included.
    const dir = mkdtempSync(join(tmpdir(), 'spt-size-'));
    writeFileSync(join(dir, 'entry.mjs'), `import { createPinterestTag } from ${JSON.stringify(process.cwd() + '/dist/index.mjs')};\nwindow.t = createPinterestTag;\n`);
    execFileSync(process.execPath, ['scripts/tree-shaken.mjs', join(dir, 'entry.mjs'), join(dir, 'out')], { stdio: 'pipe' });
    expect(gzip(join(dir, 'out', 'entry.js'))).toBeLessThanOrEqual(BUDGETS.treeShaken);
  });
});
