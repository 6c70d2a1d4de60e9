// The tables of BENCHMARKS.md, in Markdown, from bench/results.json: `node bench/report.mjs` after
// `npm run bench`, so that no figure is copied by hand. The prose around the tables is BENCHMARKS.md's own.
import { readFileSync } from 'node:fs';
import { fmt } from './lib/stats.mjs';

const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
const { environment: env, parts } = results;

const row = (cells) => `| ${cells.join(' | ')} |`;
const md = (header, rows, align = header.map((_, i) => (i ? '---:' : '---'))) => [row(header), row(align), ...rows.map(row)].join('\n');
/** `median (min–max)` */
const mm = (s, digits = 0) => (s?.n ? `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})` : '–');
const out = [];

out.push(
  '### Machine and versions',
  '',
  md(
    ['', ''],
    [
      ['date', env.date],
      ['command', `\`${env.command}\` (\`npm run bench\`)`],
      ['package', `${env.package}, commit ${env.commit}${env.dirty ? ' + uncommitted changes in src/' : ''}`],
      ['CPU', `${env.cpu}, ${env.cores} cores`],
      ['memory', `${env.memoryGiB} GiB`],
      ['OS', env.os],
      ['Node', env.node],
      ['Chromium', env.chromium ?? '–'],
      [
        'tools',
        Object.entries(env.versions)
          .map(([name, version]) => `${name} ${version}`)
          .join(', '),
      ],
      [
        'load per core at each part’s start',
        Object.entries(results.loadPerCore ?? {})
          .map(([part, load]) => `${part} ${load.start}`)
          .join(', ') || '–',
      ],
      [
        'requests off 127.0.0.1',
        results.traffic ? `${results.traffic.abortedOffMachine} (answered locally in place of Pinterest: ${results.traffic.answeredByStandIn})` : '–',
      ],
    ],
    ['---', '---'],
  ),
);

if (parts.bytes) {
  out.push(
    '',
    '### Bytes',
    '',
    md(
      ['what', 'version', 'file measured', 'raw B', 'gzip B', 'brotli B', 'gzip after terser B', 'gzip over the base code B'],
      parts.bytes.rows.map((r) =>
        r.error
          ? [r.label, r.version ?? '–', `\`${r.file}\``, `npm pack failed: ${r.error}`, '', '', '', '']
          : [r.label, r.version, `\`${r.file}\``, fmt(r.raw), fmt(r.gzip), fmt(r.brotli), fmt(r.reminifiedGzip), fmt(r.overFloorGzip)],
      ),
      ['---', '---', '---', '---:', '---:', '---:', '---:', '---:'],
    ),
  );
  if (parts.bytes.scriptBreakdown) {
    out.push(
      '',
      'Where `dist/pinterest-tag.min.js` comes from (minified bytes per source file, from its source map):',
      '',
      md(
        ['source', 'minified B', 'share', '≈ gzip B'],
        parts.bytes.scriptBreakdown.map((r) => [
          r.group.startsWith('src/') ? `\`${r.group}\`` : r.group,
          fmt(r.raw),
          `${fmt(r.share * 100, 1)} %`,
          fmt(r.gzipEstimate),
        ]),
      ),
    );
  }
}

if (parts.mainThread) {
  out.push(
    '',
    '### Main-thread time',
    '',
    md(
      [
        'CPU',
        'page loads each',
        'first stage ms',
        'complete SDK alone ms',
        'base code ms',
        'first stage ÷ base code',
        'first stage − base code ms',
        'loads with a long task in the window: first stage / complete SDK / base code',
        'loads with a task over 50 ms anywhere on the page: SDK (both stages) / base code',
      ],
      parts.mainThread.map((r) => [
        r.cpuThrottle === 1 ? 'full speed' : `${r.cpuThrottle}× slower`,
        r.sdk.loads,
        mm(r.sdk.ms, 2),
        mm(r.sdkFull.ms, 2),
        mm(r.snippet.ms, 2),
        `${fmt(r.ratio, 2)}×`,
        fmt(r.addedMs, 2),
        `${r.sdk.loadsWithLongTaskInWindow} / ${r.sdkFull.loadsWithLongTaskInWindow} / ${r.snippet.loadsWithLongTaskInWindow}`,
        `${r.sdk.loadsWithLongTaskOnPage} / ${r.snippet.loadsWithLongTaskOnPage}`,
      ]),
    ),
    '',
    md(
      [
        'CPU',
        'complete SDK alone ÷ base code',
        'first use of localStorage ms',
        'first read of document.cookie ms',
        'longest task on the page, SDK / base code ms',
        'loads where the task that ran the second stage was over 50 ms (longest ms)',
        'longest run of the second stage’s code in a long animation frame ms (runs over 50 ms)',
        'longest run of the first stage / base code in a long animation frame ms (runs over 50 ms)',
        'loads whose window alone was over 50 ms: first stage / base code',
        'core.js ran inside the window',
        'cross-origin isolated (5 µs timers)',
      ],
      parts.mainThread.map((r) => [
        r.cpuThrottle === 1 ? 'full speed' : `${r.cpuThrottle}× slower`,
        `${fmt(r.ratioFull, 1)}×`,
        mm(r.firstUseMs.localStorage, 2),
        mm(r.firstUseMs.cookie, 2),
        `${fmt(r.sdk.longestTaskOnPageMs)} / ${fmt(r.snippet.longestTaskOnPageMs)}`,
        `${r.sdk.loadsWithLongSecondStageTask} (${fmt(r.sdk.longestSecondStageTaskMs)})`,
        r.sdk.longAnimationFramesSeen ? `${fmt(r.sdk.longestSecondStageScriptMs, 1)} (${r.sdk.loadsWithSecondStageScriptOver50Ms})` : 'not supported',
        r.sdk.longAnimationFramesSeen
          ? `${fmt(r.sdk.longestFirstStageScriptMs, 1)} (${r.sdk.loadsWithFirstStageScriptOver50Ms}) / ${fmt(r.snippet.longestFirstStageScriptMs, 1)} (${r.snippet.loadsWithFirstStageScriptOver50Ms})`
          : 'not supported',
        `${r.sdk.samplesMs.filter((ms) => ms > 50).length} / ${r.snippet.samplesMs.filter((ms) => ms > 50).length}`,
        `${r.sdk.interleaved + r.snippet.interleaved} loads`,
        r.sdk.crossOriginIsolated && r.snippet.crossOriginIsolated ? 'yes' : 'no',
      ]),
    ),
  );
}

if (parts.perEvent) {
  out.push(
    '',
    '### Per-event cost',
    '',
    md(
      ['action', 'items', 'calls per round', 'SDK calls/s', 'bare `pintrk` calls/s', 'SDK call ÷ bare call', 'µs per SDK call', 'µs per bare call'],
      parts.perEvent.rows.map((r) => [
        `\`${r.action}\``,
        r.items,
        fmt(r.callsPerRound),
        mm(r.sdkPerSecond),
        mm(r.barePerSecond),
        `${fmt(r.ratio, 1)}×`,
        fmt(r.sdkMicrosecondsPerCall, 1),
        fmt(r.bareMicrosecondsPerCall, 1),
      ]),
    ),
  );
}

if (parts.memory) {
  const { checkpoints, chromium, jsdom } = parts.memory;
  out.push(
    '',
    '### Memory',
    '',
    `Chromium, heap growth in KB (${chromium[0].runs} page loads each):`,
    '',
    md(
      ['scenario', ...checkpoints.map((n) => `after ${fmt(n)} events`), 'from 10,000 to 20,000', '`pintrk.queue` length at the end', 'statuses returned'],
      chromium.map((r) => [
        r.scenario,
        ...checkpoints.map((n) => mm(r.growthKB[n])),
        mm(r.growthKB10kTo20k),
        fmt(r.queueAfter20k.median),
        Object.entries(r.status)
          .map(([status, count]) => `${status} ${fmt(count)}`)
          .join(', ') || '–',
      ]),
    ),
    '',
    `jsdom (\`bench/memory-jsdom.mjs\`, the probe \`test/dist/memory.test.ts\` bounds; ${jsdom[0].runs} runs each), 10,000 events:`,
    '',
    md(
      ['scenario', 'heap growth KB', '`pintrk.queue` length', 'released on grant'],
      jsdom.map((r) => [r.scenario, mm(r.growthKB, 1), fmt(r.queue.median), r.releasedOnGrant ?? '–']),
    ),
  );
}

if (parts.server) {
  out.push(
    '',
    '### Server',
    '',
    md(
      ['path', 'events per round', 'events/s'],
      parts.server.rows.map((r) => [r.what, fmt(r.eventsPerRound), mm(r.perSecond)]),
    ),
  );
}

console.log(out.join('\n'));
