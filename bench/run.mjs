// `npm run bench`: builds, then measures the SDK against Pinterest's base code and its peers (bytes, main-thread
// time, per-event cost, memory, server throughput), prints the tables and writes bench/results.json.
// BENCHMARKS.md explains each table. Options:
//   --only bytes,main-thread,per-event,memory,server   run some parts only
//   --quick                                            fewer repetitions (a smoke run, not for BENCHMARKS.md)
//   --no-build                                         measure dist/ as it is
//   --no-wait                                          start timing at once, however busy the machine is
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { measureBytes } from './bytes.mjs';
import { startBrowser } from './lib/browser.mjs';
import { environment, loadPerCore, waitForQuiet } from './lib/env.mjs';
import { fmt, spread, table } from './lib/stats.mjs';
import { measureMainThread } from './main-thread.mjs';
import { measureMemory } from './memory.mjs';
import { measurePerEvent } from './per-event.mjs';

const PARTS = ['bytes', 'main-thread', 'per-event', 'memory', 'server'];
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-wait': { type: 'boolean', default: false },
  },
});
const parts = values.only ? values.only.split(',') : PARTS;
for (const part of parts) if (!PARTS.includes(part)) throw new Error(`unknown part "${part}"; the parts are ${PARTS.join(', ')}`);
const quick = values.quick;
const log = (message) => console.error(`· ${message}`);

if (!values['no-build']) {
  log('npm run build');
  try {
    execFileSync('npm', ['run', 'build'], { stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(error.stdout + error.stderr);
    throw new Error('npm run build failed');
  }
}

const results = { environment: environment(), quick, parts: {}, loadPerCore: {} };
const started = Date.now();
/** Each timed part starts on a quiet machine (see waitForQuiet); the load at its start and end is kept. */
async function timed(name, measure) {
  const before = values['no-wait'] ? loadPerCore() : await waitForQuiet({ log });
  const result = await measure();
  results.loadPerCore[name] = { start: before, end: loadPerCore() };
  return result;
}

if (parts.includes('bytes')) results.parts.bytes = await measureBytes({ runs: 3, log });

const browserParts = ['main-thread', 'per-event', 'memory'].filter((part) => parts.includes(part));
if (browserParts.length) {
  const chromium = await startBrowser();
  results.environment.chromium = chromium.version;
  try {
    if (parts.includes('main-thread')) results.parts.mainThread = await timed('main-thread', () => measureMainThread(chromium, { loads: quick ? 5 : 30, log }));
    if (parts.includes('per-event')) results.parts.perEvent = await timed('per-event', () => measurePerEvent(chromium, { rounds: quick ? 3 : 15, log }));
    if (parts.includes('memory'))
      results.parts.memory = await timed('memory', () => measureMemory(chromium, { runs: quick ? 1 : 5, jsdomRuns: quick ? 1 : 5, log }));
  } finally {
    await chromium.close();
  }
  results.traffic = chromium.traffic();
  if (results.traffic.abortedOffMachine) log(`WARNING: ${results.traffic.abortedOffMachine} request(s) tried to leave 127.0.0.1 and were aborted`);
}

if (parts.includes('server')) {
  const { measureServer } = await import('./server.mjs');
  results.parts.server = await timed('server', () =>
    measureServer({ rounds: quick ? 3 : 10, scaleRounds: quick ? 2 : 5, beacons: quick ? 5_000 : 10_000, log }),
  );
}
results.durationSeconds = Math.round((Date.now() - started) / 1000);

writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);

// --- the tables ----------------------------------------------------------------------------------------------
const env = results.environment;
const out = [
  `storefront-pinterest-tag bench — ${env.date}, ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB, Node ${env.node}${env.chromium ? `, Chromium ${env.chromium}` : ''}${quick ? ' (QUICK: not for BENCHMARKS.md)' : ''}`,
];
const { bytes, mainThread, perEvent, memory, server } = results.parts;
if (bytes) {
  out.push(
    table(
      'Bytes (gzip -9, brotli q11; "re-min" = gzip after terser, for files shipped unminified)',
      ['what', 'version', 'file', 'raw', 'gzip', 'brotli', 're-min gzip', 'gzip over floor'],
      bytes.rows.map((r) =>
        r.error
          ? [r.label, r.version ?? '', r.file, `npm pack failed: ${r.error}`]
          : [r.label, r.version, r.file, fmt(r.raw), fmt(r.gzip), fmt(r.brotli), fmt(r.reminifiedGzip), fmt(r.overFloorGzip)],
      ),
    ),
    table(
      'Where dist/pinterest-tag.min.js comes from (minified bytes by source file, via its source map; gzip is an estimate)',
      ['source', 'minified bytes', 'share', '~gzip'],
      bytes.scriptBreakdown.map((r) => [r.group, fmt(r.raw), `${fmt(r.share * 100, 1)}%`, fmt(r.gzipEstimate)]),
    ),
  );
}
if (mainThread) {
  out.push(
    table(
      'Main thread, script start -> first event in pintrk.queue (ms, median (min–max) over page loads)',
      [
        'CPU',
        'loads',
        'first stage',
        'complete SDK alone',
        'base code',
        'ratio',
        'added ms',
        'loads with a task > 50 ms (SDK / base code)',
        'longest task on an SDK page',
        'second stage task > 50 ms (loads, longest)',
      ],
      mainThread.map((r) => [
        `${r.cpuThrottle}x`,
        r.sdk.loads,
        spread(r.sdk.ms, 2),
        spread(r.sdkFull.ms, 2),
        spread(r.snippet.ms, 2),
        `${fmt(r.ratio, 2)}x`,
        fmt(r.addedMs, 2),
        `${r.sdk.loadsWithLongTaskOnPage} / ${r.snippet.loadsWithLongTaskOnPage}`,
        fmt(r.sdk.longestTaskOnPageMs, 1),
        `${r.sdk.loadsWithLongSecondStageTask ?? '–'}, ${fmt(r.sdk.longestSecondStageTaskMs ?? 0, 1)}`,
      ]),
    ),
  );
}
if (perEvent) {
  out.push(
    table(
      'Per event (calls per second, median (min–max) over rounds)',
      ['action', 'items', 'SDK', 'bare pintrk, hand-built', 'ratio', 'µs per SDK call'],
      perEvent.rows.map((r) => [r.action, r.items, spread(r.sdkPerSecond), spread(r.barePerSecond), `${fmt(r.ratio, 1)}x`, fmt(r.sdkMicrosecondsPerCall, 1)]),
    ),
  );
}
if (memory) {
  out.push(
    table(
      'Memory, Chromium: heap growth in KB after N add-to-cart events (median (min–max))',
      ['scenario', ...memory.checkpoints.map((n) => `after ${fmt(n)}`), '10k -> 20k', 'queue'],
      memory.chromium.map((r) => [
        r.scenario,
        ...memory.checkpoints.map((n) => spread(r.growthKB[n])),
        spread(r.growthKB10kTo20k),
        fmt(r.queueAfter20k.median),
      ]),
    ),
    table(
      'Memory, jsdom (bench/memory-jsdom.mjs, the probe the test bounds): growth in KB after 10,000 events',
      ['scenario', 'growth KB', 'queue', 'released on grant'],
      memory.jsdom.map((r) => [r.scenario, spread(r.growthKB), fmt(r.queue.median), r.releasedOnGrant ?? '']),
    ),
  );
}
if (server) {
  out.push(
    table(
      'Server (events per second, median (min–max) over rounds)',
      ['path', 'events/round', 'events/s'],
      server.rows.map((r) => [r.what, fmt(r.eventsPerRound), spread(r.perSecond)]),
    ),
  );
  if (server.scaleOutRatio) out.push(`Redis scale-out (2 relays, 2 workers) against the in-memory relay process, same run: ${fmt(server.scaleOutRatio, 2)}x`);
}
if (results.traffic)
  out.push(
    `\nRequests off 127.0.0.1: ${results.traffic.abortedOffMachine} (aborted); answered by the local Pinterest stand-in: ${results.traffic.answeredByStandIn}`,
  );
out.push(
  `Load per core at the start of each timed part: ${
    Object.entries(results.loadPerCore)
      .map(([part, load]) => `${part} ${load.start}`)
      .join(', ') || '–'
  }`,
);
out.push(`Wrote bench/results.json in ${results.durationSeconds} s.`);
console.log(out.join('\n'));
