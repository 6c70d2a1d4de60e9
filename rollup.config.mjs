import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! ${pkg.name} v${pkg.version} | MIT */`;
const external = Object.keys(pkg.dependencies);
const ts = (tsconfig = './tsconfig.json') => typescript({ tsconfig, outDir: 'dist' });

const minify = terser({
  ecma: 2020,
  compress: { passes: 3, unsafe: true, pure_getters: true },
  // Private fields start with `_` (STYLE.md) and may be renamed. Names shared by every copy of the SDK on a
  // page (the page state, `live`) deliberately have no underscore.
  mangle: { properties: { regex: /^_/ } },
  format: { comments: /^!/ },
});

/** The script-tag build loads the debug panel as a file of its own, not as a chunk. */
const iifeDebugLoader = {
  name: 'iife-debug-loader',
  resolveId: (source) => (source === './debug-load' ? fileURLToPath(new URL('./src/debug-load.iife.ts', import.meta.url)) : null),
};

export default [
  // The npm library: ESM + CJS; js-cookie and uuid stay dependencies; the debug panel is a lazy chunk.
  {
    input: { index: 'src/index.ts' },
    external,
    // Lets the debug chunk import from index.mjs itself instead of a third, shared chunk.
    preserveEntrySignatures: 'allow-extension',
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name].mjs', sourcemap: true, banner },
      { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs', sourcemap: true, banner },
    ],
    plugins: [ts()],
  },
  // The server entry (Node): Conversions API payloads, sending and the relay; built from the same modules.
  {
    input: 'src/server/index.ts',
    external: [...external, /^node:/],
    output: [
      { file: 'dist/server.mjs', format: 'es', sourcemap: true, banner },
      { file: 'dist/server.cjs', format: 'cjs', sourcemap: true, banner },
    ],
    plugins: [ts('./tsconfig.server.json')],
  },
  // One self-contained declaration file per entry.
  // The same declarations as .d.cts for `require`, so TypeScript reads them as CommonJS there.
  { input: 'src/index.ts', output: [{ file: 'dist/index.d.ts' }, { file: 'dist/index.d.cts' }], plugins: [dts()] },
  {
    input: 'src/server/index.ts',
    output: [{ file: 'dist/server.d.ts' }, { file: 'dist/server.d.cts' }],
    external: [/^node:/],
    plugins: [dts({ tsconfig: './tsconfig.server.json' })],
  },
  // The script-tag build: one minified file with its dependencies, starting itself.
  {
    input: 'src/browser.ts',
    output: { file: 'dist/pinterest-tag.min.js', format: 'iife', sourcemap: true, banner, plugins: [minify] },
    plugins: [iifeDebugLoader, resolve({ browser: true }), ts()],
  },
  // The debug panel for the script-tag build, loaded by it only in debug mode.
  {
    input: 'src/debug-browser.ts',
    output: { file: 'dist/pinterest-tag-debug.min.js', format: 'iife', sourcemap: true, banner, plugins: [minify] },
    plugins: [resolve({ browser: true }), ts()],
  },
];
