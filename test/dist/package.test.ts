// The published package: its exports map resolves to built files, and publint (strict) finds nothing wrong.
import { existsSync, readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, it } from 'vitest';
import { FILES } from '../../scripts/budgets.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

describe('package.json', () => {
  it('publint --strict reports no error, warning or suggestion', async () => {
    const { messages } = await publint({ pkgDir: '.', strict: true });
    expect(messages.map((message) => formatMessage(message, pkg))).toEqual([]);
  }, 30_000);

  it('every file the exports map names is built', () => {
    const files = JSON.stringify(pkg.exports).match(/\.\/dist\/[^"]+/g)!;
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  it('is free of side effects for bundlers, needs Node 20.19, and points CDNs at the script', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe('>=20.19.0');
    expect(pkg.unpkg).toBe('./dist/pinterest-tag.min.js');
    expect(pkg.jsdelivr).toBe('./dist/pinterest-tag.min.js');
    // Exact pins for development: the toolchain is verified at these versions (TypeScript 7, vitest 5 and jsdom
    // 30 break here). Caret ranges for what installs with the package, so a store's own copy of js-cookie or uuid
    // can serve both; the lockfile pins them for development.
    for (const [name, version] of Object.entries(pkg.devDependencies)) expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [name, version] of Object.entries(pkg.dependencies)) expect(version, name).toMatch(/^\^\d+\.\d+\.\d+$/);
  });

  it('builds dist/ before it is packed, ships a licence, and lets bundlers resolve both script files', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'LICENSE', 'README.md']));
    expect(existsSync('LICENSE')).toBe(true);
    // Every file of the script tag (each has a size budget), side files included.
    for (const file of Object.keys(FILES).map((path) => path.replace('dist/', ''))) expect(pkg.exports[`./${file}`]).toBe(`./dist/${file}`);
    expect(pkg.exports['./globals']).toEqual({ types: './dist/globals.d.ts' });
  });
});
