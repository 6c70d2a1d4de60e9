// Bundles an entry the way an SPA's build would (node-resolve for the browser, tree-shaking, terser, lazy
// chunks kept apart), so the size test and the benchmark can measure what `import { createPinterestTag }`
// really costs on page load. Usage: node scripts/tree-shaken.mjs <entry.mjs> <out-dir>; the entry's bundle is
// <out-dir>/entry.js.
import resolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

const [entry, dir] = process.argv.slice(2);
const bundle = await rollup({ input: { entry }, plugins: [resolve({ browser: true, rootDir: process.cwd() })], onwarn: () => {} });
await bundle.write({ dir, format: 'es', plugins: [terser({ ecma: 2020, compress: { passes: 3 } })] });
await bundle.close();
