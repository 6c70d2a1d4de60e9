// Bytes a shopper downloads: the SDK's script and a tree-shaken `import { createPinterestTag }`, beside
// Pinterest's own base code (the floor) and peers' browser bundles, fetched with `npm pack` at bench time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { minify } from 'terser';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Pinterest's base code as Ads Manager gives it (SPEC §1.1), with `load` and `page`: what a merchant pastes. */
export const BASE_CODE =
  '!function(e){if(!window.pintrk){window.pintrk=function(){window.pintrk.queue.push(Array.prototype.slice.call(arguments))};var n=window.pintrk;n.queue=[],n.version="3.0";var t=document.createElement("script");t.async=!0,t.src=e;var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r)}}("https://s.pinimg.com/ct/core.js");\n' +
  "pintrk('load','2612345678901');\npintrk('page');";

/** The peers of research/peers.md §5, and the file of each that a browser loads first. */
export const PEERS = [
  { name: 'react-pinterest-tag', file: 'dist/react-pinterest-tag.js', note: 'whole library (UMD), Pinterest only' },
  { name: 'analytics', file: 'dist/analytics.min.js', note: 'core only, no Pinterest plugin exists' },
  { name: '@segment/analytics-next', file: 'dist/umd/standalone.js', note: 'initial chunk; Pinterest integration loads later from Segment’s CDN' },
  { name: '@rudderstack/analytics-js', file: 'dist/npm/modern/umd/index.js', note: 'shipped unminified; PinterestTag integration loads later' },
];

/** Raw, gzip -9 and brotli q11 bytes: the same settings as scripts/size.mjs and the size budget. */
export function compressed(code) {
  const bytes = Buffer.from(code);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** gzip -9 after terser (compress + mangle), so a file shipped unminified compares fairly. */
async function reminifiedGzip(code) {
  try {
    const out = await minify(code, { ecma: 2020, compress: { passes: 2 }, mangle: true, module: false });
    return gzipSync(Buffer.from(out.code), { level: 9 }).length;
  } catch {
    // terser cannot parse it: leave the column empty rather than guess.
    return undefined;
  }
}

/** What an SPA's bundler keeps of the npm entry for `import { createPinterestTag }` (scripts/tree-shaken.mjs). */
function treeShaken() {
  const dir = mkdtempSync(join(tmpdir(), 'spt-bench-tree-'));
  try {
    writeFileSync(
      join(dir, 'entry.mjs'),
      `import { createPinterestTag } from ${JSON.stringify(join(ROOT, 'dist/index.mjs'))};\nwindow.t = createPinterestTag;\n`,
    );
    execFileSync(process.execPath, [join(ROOT, 'scripts/tree-shaken.mjs'), join(dir, 'entry.mjs'), join(dir, 'out')], { cwd: ROOT, stdio: 'pipe' });
    return readFileSync(join(dir, 'out', 'entry.js'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The segments of a source map's `mappings`, as [line, column, source index] (source map v3, base64 VLQ). */
function segments(mappings) {
  const out = [];
  let source = 0;
  mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      out.push([lineIndex, column, fields.length > 1 ? source : -1]);
    }
  });
  return out;
}

/**
 * Where the script's bytes come from: each minified byte is given to the source file its source-map segment
 * points at, then files are grouped (js-cookie, uuid, the SDK's modules). gzip does not add up by file, so the
 * gzip column is each group's share of the raw bytes applied to the whole file's gzip: an estimate.
 */
function breakdown(file, gzip) {
  const code = readFileSync(join(ROOT, file), 'utf8');
  const map = JSON.parse(readFileSync(join(ROOT, `${file}.map`), 'utf8'));
  const lines = code.split('\n');
  const bytes = new Map();
  const all = segments(map.mappings);
  all.forEach(([line, column, source], index) => {
    const next = all[index + 1];
    const end = next && next[0] === line ? next[1] : lines[line].length;
    const name = source < 0 ? '(no source)' : map.sources[source];
    const group = /js-cookie/.test(name) ? 'js-cookie' : /uuid/.test(name) ? 'uuid' : name.replace(/^.*?src\//, 'src/');
    bytes.set(group, (bytes.get(group) ?? 0) + Buffer.byteLength(lines[line].slice(column, end)));
  });
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  return [...bytes].map(([group, raw]) => ({ group, raw, share: raw / total, gzipEstimate: Math.round((raw / total) * gzip) })).sort((a, b) => b.raw - a.raw);
}

/** `npm pack` each peer into a scratch folder and untar it; returns { name, version, code } or { name, error }. */
function fetchPeers(dir) {
  return PEERS.map((peer) => {
    try {
      const packed = JSON.parse(
        execFileSync('npm', ['pack', peer.name, '--pack-destination', dir, '--json', '--silent'], {
          cwd: dir,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      const { version, filename } = packed[0];
      const into = join(dir, filename.replace(/\.tgz$/, ''));
      mkdirSync(into);
      execFileSync('tar', ['-xzf', join(dir, filename), '-C', into]);
      return { ...peer, version, code: readFileSync(join(into, 'package', peer.file), 'utf8') };
    } catch (error) {
      return {
        ...peer,
        error: String(error.stderr || error.message)
          .trim()
          .split('\n')[0],
      };
    }
  });
}

/**
 * Every row: what was measured (package, version, file) and its bytes. Sizes are deterministic, so each is
 * computed `runs` times and checked to agree: the spread is zero, not assumed.
 */
export async function measureBytes({ runs = 3, log = () => {} } = {}) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const rows = [
    {
      kind: 'floor',
      label: 'Pinterest base code (inline snippet)',
      package: 'Pinterest Ads Manager',
      version: 'SPEC §1.1',
      file: 'base code + load + page',
      code: BASE_CODE,
    },
    {
      kind: 'sdk',
      label: 'this SDK, script tag',
      package: pkg.name,
      version: pkg.version,
      file: 'dist/pinterest-tag.min.js',
      code: readFileSync(join(ROOT, 'dist/pinterest-tag.min.js'), 'utf8'),
    },
    {
      kind: 'sdk',
      label: 'this SDK, import { createPinterestTag }',
      package: pkg.name,
      version: pkg.version,
      file: 'dist/index.mjs, rollup + terser (scripts/tree-shaken.mjs)',
      code: treeShaken(),
    },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'spt-bench-peers-'));
  try {
    log(`npm pack: ${PEERS.map((peer) => peer.name).join(', ')}`);
    for (const peer of fetchPeers(dir))
      rows.push({
        kind: 'peer',
        label: peer.name,
        package: peer.name,
        version: peer.version,
        file: peer.file,
        note: peer.note,
        code: peer.code,
        error: peer.error,
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const row of rows) {
    if (row.code === undefined) continue;
    const all = Array.from({ length: runs }, () => compressed(row.code));
    if (all.some((sizes) => JSON.stringify(sizes) !== JSON.stringify(all[0]))) throw new Error(`sizes of ${row.file} differ between runs`);
    Object.assign(row, all[0], { runs, reminifiedGzip: await reminifiedGzip(row.code) });
    delete row.code;
  }
  const floor = rows[0];
  for (const row of rows) if (row.gzip !== undefined) row.overFloorGzip = row.gzip - floor.gzip;
  return { rows, scriptBreakdown: breakdown('dist/pinterest-tag.min.js', rows[1].gzip) };
}
