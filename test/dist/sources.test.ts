// The event sources as npm ships them (`storefront-pinterest-tag/sources/<name>`), in plain Node (SSR, build
// tools): each loads through the package's exports map for import and require, touches no browser global, exports
// its function and nothing that is not documented, and, called on the inactive instance Node gets, returns a stop
// function and throws nothing. Run in a child `node` process, as test/dist/node.test.ts does.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const SOURCES = { ga4: 'ga4Source', shopify: 'shopifySource', shopline: 'shoplineSource', adobe: 'adobeSource' } as const;

const script = (load: string, fn: string) => `
  const lib = ${load};
  const seen = {};
  for (const name of Object.keys(lib).sort()) seen[name] = typeof lib[name];
  const { createPinterestTag } = ${load.replace(/\/sources\/\w+/, '')};
  const tag = createPinterestTag({ tagId: '2612345678901' });
  const stop = lib.${fn}(tag);
  stop();
  lib.${fn}(null)();
  console.log(JSON.stringify({ seen, stop: typeof stop, globals: ['window', 'document', 'localStorage', 'location', 'dataLayer'].filter((g) => g in globalThis) }));`;

function run(code: string, type: 'module' | 'commonjs'): Record<string, unknown> {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: 'utf8' }));
}

describe.each(Object.entries(SOURCES))('storefront-pinterest-tag/sources/%s in plain Node', (name, fn) => {
  it.each([
    ['import', 'module', `await import('storefront-pinterest-tag/sources/${name}')`],
    ['require', 'commonjs', `require('storefront-pinterest-tag/sources/${name}')`],
  ] as const)('by %s: exports its function only, defines no browser global, and throws nothing', (_how, type, load) => {
    const result = run(script(load, fn), type);
    expect(result).toEqual({ seen: { [fn]: 'function' }, stop: 'function', globals: [] });
  });
});
