import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! ${pkg.name} v${pkg.version} | MIT */`;
const external = Object.keys(pkg.dependencies);
// Types are checked once, by `npm run typecheck` (tsconfig.check.json, .common.json, .server.json): the build only
// transpiles (`noCheck`), which takes a third of the time.
const ts = (tsconfig = './tsconfig.json') => typescript({ tsconfig, outDir: 'dist', noCheck: true });

/** terser for the script-tag files; `preamble` goes first in the file, before the banner (the source map allows for it). */
const minifier = (preamble) =>
  terser({
    ecma: 2020,
    compress: { passes: 3, unsafe: true, pure_getters: true },
    // Private fields start with `_` and may be renamed. Names shared by every copy of the SDK on a
    // page (the page state, `live`) deliberately have no underscore.
    mangle: { properties: { regex: /^_/ } },
    format: { comments: /^!/, ...(preamble && { preamble }) },
  });
const minify = minifier();

/** The script-tag build loads side files (the debug panel, …) as files of their own, not as chunks. */
const iifeSideFiles = {
  name: 'iife-side-files',
  resolveId: (source) => (source.endsWith('/side-files') ? fileURLToPath(new URL('./src/side-files.iife.ts', import.meta.url)) : null),
};

/** The switches of src/build-flags.ts for one script-tag file: what it leaves out is not in it at all. */
const buildFlags = (flags) => ({
  name: 'build-flags',
  resolveId: (source) => (source.endsWith('/build-flags') ? '\0build-flags' : null),
  load: (id) =>
    id === '\0build-flags'
      ? Object.entries(flags)
          .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
          .join('\n')
      : null,
});

/**
 * V8's explicit compile hint (Chrome 136+): every function of the file is compiled with the file, not parsed a
 * second time at its first call. For the two stages: every function of the first runs at page start, and the
 * second's take-over calls most of its own at once (measured in `npm run bench`: without the hint the take-over
 * was a task over 50 ms in some slowed loads, most of it compiling functions at their first call).
 */
const EAGER = '//# allFunctionsCalledOnLoad';

/** A minified script-tag file, dependencies included. */
const script = (input, file, { flags = { WITH_SOURCES: false }, eager = false } = {}) => ({
  input,
  output: { file: `dist/${file}`, format: 'iife', sourcemap: true, banner, plugins: [eager ? minifier(EAGER) : minify] },
  plugins: [buildFlags(flags), iifeSideFiles, resolve({ browser: true }), ts()],
});

/** The event sources (src/sources/): each an npm subpath of its own and a script-tag file of its own. */
const SOURCES = ['ga4', 'shopify', 'shopline', 'adobe'];
const sourceEntries = Object.fromEntries(SOURCES.map((name) => [`sources/${name}`, `src/sources/npm/${name}.ts`]));

export default [
  // The npm library: ESM + CJS; js-cookie and uuid stay dependencies; side files are lazy chunks.
  {
    input: { index: 'src/index.ts' },
    external,
    // The entry exports what the README documents and nothing else: what a lazy chunk shares with it goes in a
    // chunk of its own.
    preserveEntrySignatures: 'strict',
    output: ['mjs', 'cjs'].map((ext) => ({
      dir: 'dist',
      format: ext === 'mjs' ? 'es' : 'cjs',
      entryFileNames: `[name].${ext}`,
      // Side files (the debug panel, …) as `lazy-<name>`; what they share with the entry as `common`.
      chunkFileNames: (chunk) => (chunk.isDynamicEntry ? `lazy-[name].${ext}` : `common.${ext}`),
      sourcemap: true,
      banner,
    })),
    plugins: [ts()],
  },
  // The server entry (Node): Conversions API payloads, sending and the relay; built from the same shared modules.
  {
    input: 'src/server.ts',
    external: [...external, /^node:/],
    output: [
      { file: 'dist/server.mjs', format: 'es', sourcemap: true, banner },
      { file: 'dist/server.cjs', format: 'cjs', sourcemap: true, banner },
    ],
    plugins: [ts('./tsconfig.server.json')],
  },
  // The event sources for npm (`storefront-pinterest-tag/sources/<name>`): apart from the main entry, so a store that
  // imports none pays nothing; each imports the instance's hooks (src/host.ts), not the SDK.
  {
    input: sourceEntries,
    external,
    preserveEntrySignatures: 'strict',
    output: ['mjs', 'cjs'].map((ext) => ({
      dir: 'dist',
      format: ext === 'mjs' ? 'es' : 'cjs',
      entryFileNames: `[name].${ext}`,
      chunkFileNames: `sources/shared-[name].${ext}`,
      sourcemap: true,
      banner,
    })),
    plugins: [ts()],
  },
  ...['d.ts', 'd.cts'].map((ext) => ({
    input: sourceEntries,
    output: { dir: 'dist', entryFileNames: `[name].${ext}`, chunkFileNames: `sources/shared-[name].${ext}` },
    plugins: [dts()],
  })),
  // One self-contained declaration file per entry, and the same as .d.cts for `require`, so TypeScript reads them
  // as CommonJS there.
  { input: 'src/index.ts', output: [{ file: 'dist/index.d.ts' }, { file: 'dist/index.d.cts' }], plugins: [dts()] },
  {
    input: 'src/server.ts',
    output: [{ file: 'dist/server.d.ts' }, { file: 'dist/server.d.cts' }],
    external: [/^node:/],
    plugins: [dts({ tsconfig: './tsconfig.server.json' })],
  },
  // Opt-in global types: `window.pinterestTag` and the `pinterest-tag:event` DOM event.
  { input: 'src/globals.d.ts', output: { file: 'dist/globals.d.ts' }, plugins: [dts()] },
  // The script tag: the first stage themes install, and the complete SDK it loads next to itself.
  script('src/first-stage.ts', 'pinterest-tag.min.js', { eager: true }),
  script('src/script-tag.ts', 'pinterest-tag-full.min.js', { eager: true }),
  // The same, with the wiring of the event sources: the first stage loads it instead for a script with data-sources.
  script('src/script-tag.ts', 'pinterest-tag-full-sources.min.js', { flags: { WITH_SOURCES: true }, eager: true }),
  // The debug panel for the script-tag build, loaded by it only in debug mode.
  script('src/debug/panel-file.ts', 'pinterest-tag-debug.min.js'),
  // Consent signals (`data-consent-from`): the resolver, then the file of each signal named, loaded only then.
  script('src/consent-signals/resolver-file.ts', 'pinterest-tag-consent.min.js'),
  ...['gcm', 'tcf', 'gpc', 'shopify'].map((name) => script(`src/consent-signals/${name}-file.ts`, `pinterest-tag-consent-${name}.min.js`)),
  // The event sources for the script tag, each loaded by it only for `data-sources` that name it.
  ...SOURCES.map((name) => script(`src/sources/files/${name}.ts`, `pinterest-tag-source-${name}.min.js`)),
];
