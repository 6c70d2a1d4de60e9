import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! ${pkg.name} v${pkg.version} | MIT */`;
const external = Object.keys(pkg.dependencies);

const minify = terser({
  ecma: 2020,
  compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true },
  // Private fields start with `_` (STYLE.md): safe to rename inside one file. Names shared across copies of
  // the SDK on a page (the page state, `live`) deliberately have no underscore.
  mangle: { properties: { regex: /^_/ } },
  format: { comments: /^!/ },
});

export default [
  // The npm library: ESM + CJS with declarations; js-cookie and uuid stay dependencies.
  {
    input: 'src/index.ts',
    external,
    output: [
      { file: 'dist/index.mjs', format: 'es', sourcemap: true, banner },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, banner },
    ],
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist' })],
  },
  // The server entry (Node): Conversions API payloads, sending and the relay; built from the same modules.
  {
    input: 'src/server/index.ts',
    external: [...external, /^node:/],
    output: [
      { file: 'dist/server.mjs', format: 'es', sourcemap: true, banner },
      { file: 'dist/server.cjs', format: 'cjs', sourcemap: true, banner },
    ],
    plugins: [typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist' })],
  },
  // One self-contained declaration file per entry.
  { input: 'src/index.ts', output: { file: 'dist/index.d.ts', format: 'es' }, plugins: [dts()] },
  { input: 'src/server/index.ts', output: { file: 'dist/server.d.ts', format: 'es' }, plugins: [dts()] },
  // The script-tag build: one minified file with its dependencies, starting itself.
  {
    input: 'src/browser.ts',
    output: { file: 'dist/pinterest-tag.min.js', format: 'iife', sourcemap: true, banner, plugins: [minify] },
    plugins: [resolve({ browser: true }), typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist' })],
  },
];
