// Sizes of what ships, gzip -9 and brotli: the figures the README and the size budget use.
// `node scripts/size.mjs` prints a table; `--json` prints the numbers.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { FILES as SCRIPT_FILES } from './budgets.mjs';

export const FILES = [...Object.keys(SCRIPT_FILES), 'dist/index.mjs', 'dist/index.cjs'];

export function measure(file) {
  const code = readFileSync(new URL(`../${file}`, import.meta.url));
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = FILES.map(measure);
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      console.log(`${r.file.padEnd(28)} raw ${String(r.raw).padStart(6)} B   gzip ${String(r.gzip).padStart(5)} B   brotli ${String(r.brotli).padStart(5)} B`);
}
