// Main-thread time in Chromium, from script start to the first event in `pintrk.queue`: the SDK's script tag
// against Pinterest's own base code doing the same `load` + `page` + `track('pagevisit')`, page load by page load.
// The script tag is its first stage (dist/pinterest-tag.min.js), which sends the first events itself on a plain
// page; the second stage (dist/pinterest-tag-full.min.js) then loads as the first stage loads it, and every task
// it runs is watched for long ones. The complete SDK alone (a page where the first stage steps aside) is measured
// too.
import { readFileSync } from 'node:fs';
import { BASE_CODE } from './bytes.mjs';
import { inline, TAG_ID } from './lib/browser.mjs';
import { ratio, summarize } from './lib/stats.mjs';

const FIRST_STAGE = readFileSync(new URL('../dist/pinterest-tag.min.js', import.meta.url), 'utf8');
const FULL = readFileSync(new URL('../dist/pinterest-tag-full.min.js', import.meta.url), 'utf8');
/**
 * The second stage, loaded as the first stage loads it: a script element made right after the first events (an
 * inline first stage has no src, so the page does it, after the end mark). Not a `<script async src>` in the HTML:
 * the browser's preload scanner would fetch it from the page's start, and its arrival would land in the start
 * window, which in a store it never does. Its `load` event fires in the task that ran it, so the long task around
 * that moment is the second stage's own.
 */
const SECOND_STAGE = `<script>
(function () {
  var next = document.createElement('script');
  next.src = '/dist/pinterest-tag-full.min.js';
  next.onload = function () { window.__secondRan = performance.now(); };
  document.head.appendChild(next);
})();
</script>`;

// Before the code under test: the long-task observer, then the start mark. After it: the end mark, set as soon as
// the parser reaches the next script, once the first `track` is in the queue. Both marks sit in scripts of their
// own, so each figure covers tokenizing, compiling and running the code under test, and nothing else.
const BEFORE = `<script>
window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) __longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
window.__scripts = [];
try {
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) for (const s of frame.scripts) __scripts.push({ url: s.sourceURL, invoker: s.invoker, start: s.startTime, duration: s.duration });
  }).observe({ type: 'long-animation-frame', buffered: true });
} catch (e) {}
performance.mark('start');
</script>`;
const AFTER = `<script>
(function () {
  var queue = (window.pintrk && window.pintrk.queue) || [];
  var tracked = Array.prototype.some.call(queue, function (c) { return c && c[0] === 'track'; });
  if (tracked) performance.mark('queued');
  // core.js running between the two marks would put Pinterest's time into ours: noted, never expected.
  window.__interleaved = !!(window.pintrk && window.pintrk.mh);
})();
</script>`;

/** The page for one load. A unique comment per load defeats V8's compilation cache: every load compiles cold. */
function pageFor(variant, run) {
  const code = {
    // The README's install, with a store currency: the first stage, then (after the end mark) the second.
    sdk: `<script data-tag-id="${TAG_ID}" data-currency="USD">${inline(FIRST_STAGE)}\n//# run=${run}</script>`,
    // The complete SDK doing everything itself, as on a page where the first stage steps aside.
    'sdk-full': `<script data-tag-id="${TAG_ID}" data-currency="USD">${inline(FULL)}\n//# run=${run}</script>`,
    // The same three commands, with an event ID made as a merchant would make one for deduplication.
    snippet: `<script>${BASE_CODE}\npintrk('track', 'pagevisit', { event_id: crypto.randomUUID() });\n//# run=${run}</script>`,
  }[variant];
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench</title>${BEFORE}${code}${AFTER}${variant === 'sdk' ? SECOND_STAGE : ''}</head><body><h1>Shop</h1></body></html>`;
}

/**
 * Where the SDK's time goes: the first use, in a fresh page, of the browser APIs it touches at start-up
 * (the currency check's Intl.DisplayNames, localStorage, document.cookie), each timed alone.
 */
const PROBE = `<!doctype html><html><head><script>
var t = performance.now(), r = {};
new Intl.DisplayNames('en', { type: 'currency' }).of('USD'); r.intlDisplayNames = performance.now() - t; t = performance.now();
localStorage.getItem('pinterest_tag_match'); r.localStorage = performance.now() - t; t = performance.now();
document.cookie; r.cookie = performance.now() - t;
window.__probe = r;
</script></head><body></body></html>`;

async function probe(chromium, cpuThrottle) {
  const session = await chromium.open({ cpuThrottle });
  try {
    await session.load(PROBE);
    return await session.page.evaluate(() => window.__probe);
  } finally {
    await session.close();
  }
}

async function oneLoad(chromium, variant, run, cpuThrottle) {
  const session = await chromium.open({ cpuThrottle });
  try {
    await session.load(pageFor(variant, run));
    // Let the second stage, its set-up steps, core.js and the stand-in library run, so a long task any of them
    // causes is seen too.
    await session.page.waitForTimeout(600);
    return await session.page.evaluate(() => {
      const start = performance.getEntriesByName('start')[0];
      const queued = performance.getEntriesByName('queued')[0];
      const ms = queued ? queued.startTime - start.startTime : NaN;
      const overlapping = window.__longTasks.filter((t) => queued && t.start < queued.startTime && t.start + t.duration > start.startTime);
      // Long animation frames name the script each piece of their work ran in: the second stage's file covers its
      // evaluation and every set-up step it runs later (a timer's callback is a function from that file).
      const secondStageScripts = window.__scripts.filter((script) => script.url.includes('pinterest-tag-full'));
      // The code under test's own runs in long frames: every inline script, all with the page's URL as their source.
      // That is the first stage (or the base code), the timer it sets (it inserts core.js in a task of its own), and
      // on the SDK's page the script that injects the second stage, standing in for the first stage's own injection
      // (an inline first stage has no src to load it from); the marks' scripts, the same on both pages, too.
      const firstStageScripts = window.__scripts.filter((script) => script.url === location.href);
      const ran = window.__secondRan;
      const secondStageTasks = window.__longTasks.filter((t) => ran !== undefined && t.start <= ran && ran <= t.start + t.duration);
      return {
        ms,
        isolated: crossOriginIsolated,
        interleaved: window.__interleaved,
        longTasksInWindow: overlapping.length,
        longTasksOnPage: window.__longTasks.length,
        longestTaskOnPage: Math.max(0, ...window.__longTasks.map((t) => t.duration)),
        // The task that ran the second stage, if it was a long one (over 50 ms); 0 when it was not.
        secondStageTask: Math.max(0, ...secondStageTasks.map((t) => t.duration)),
        // The longest piece of work the second stage's code ran at once, in a frame over 50 ms (0: none was seen).
        secondStageScriptMs: Math.max(0, ...secondStageScripts.map((script) => script.duration)),
        firstStageScriptMs: Math.max(0, ...firstStageScripts.map((script) => script.duration)),
        secondStageScripts: secondStageScripts.map((script) => `${script.invoker} ${Math.round(script.duration)}`),
        loafSupported: PerformanceObserver.supportedEntryTypes.includes('long-animation-frame'),
        commands: (window.pintrk.queue.length ? window.pintrk.queue : []).map((c) => c[0]),
        secondStage: !!window.pinterestTag?.live,
      };
    });
  } finally {
    await session.close();
  }
}

/**
 * `loads` page loads of each variant, interleaved (SDK, snippet, SDK, …) so that drift on the machine hits both
 * alike; once at full speed and once with the CPU slowed down `throttle` times (Lighthouse's mobile setting is 4).
 */
export async function measureMainThread(chromium, { loads = 30, throttles = [1, 4], log = () => {} } = {}) {
  const results = [];
  const VARIANTS = ['sdk', 'snippet', 'sdk-full'];
  for (const cpuThrottle of throttles) {
    const samples = { sdk: [], snippet: [], 'sdk-full': [] };
    const probes = [];
    for (let run = 0; run < loads + 1; run++) {
      // Each round starts with a different variant.
      for (const variant of [...VARIANTS.slice(run % 3), ...VARIANTS.slice(0, run % 3)]) {
        const sample = await oneLoad(chromium, variant, `${cpuThrottle}-${run}`, cpuThrottle);
        // The first load of each variant warms up the browser process, not the page: left out.
        if (run > 0) samples[variant].push(sample);
      }
      if (run > 0) probes.push(await probe(chromium, cpuThrottle));
    }
    const stats = (variant) => {
      const all = samples[variant];
      return {
        ms: summarize(all.map((s) => s.ms)),
        samplesMs: all.map((s) => Math.round(s.ms * 1000) / 1000),
        loads: all.length,
        crossOriginIsolated: all.every((s) => s.isolated),
        missingMark: all.filter((s) => Number.isNaN(s.ms)).length,
        interleaved: all.filter((s) => s.interleaved).length,
        loadsWithLongTaskInWindow: all.filter((s) => s.longTasksInWindow > 0).length,
        loadsWithLongTaskOnPage: all.filter((s) => s.longTasksOnPage > 0).length,
        longestTaskOnPageMs: summarize(all.map((s) => s.longestTaskOnPage)).max,
        loadsWithoutSecondStage: all.filter((s) => !s.secondStage).length,
        loadsWithLongSecondStageTask: all.filter((s) => s.secondStageTask > 0).length,
        longestSecondStageTaskMs: Math.max(0, ...all.map((s) => s.secondStageTask)),
        longAnimationFramesSeen: all.every((s) => s.loafSupported),
        longestSecondStageScriptMs: Math.max(0, ...all.map((s) => s.secondStageScriptMs)),
        loadsWithSecondStageScriptOver50Ms: all.filter((s) => s.secondStageScriptMs > 50).length,
        secondStageScripts: all.flatMap((s) => s.secondStageScripts),
        // The code under test's own run, where a long animation frame held it (0: it was never part of one).
        longestFirstStageScriptMs: Math.max(0, ...all.map((s) => s.firstStageScriptMs)),
        loadsWithFirstStageScriptOver50Ms: all.filter((s) => s.firstStageScriptMs > 50).length,
      };
    };
    const sdk = stats('sdk');
    const snippet = stats('snippet');
    const full = stats('sdk-full');
    const firstUseMs = Object.fromEntries(Object.keys(probes[0]).map((api) => [api, summarize(probes.map((p) => p[api]))]));
    const row = {
      cpuThrottle,
      sdk,
      snippet,
      sdkFull: full,
      ratio: ratio(sdk.ms, snippet.ms),
      ratioFull: ratio(full.ms, snippet.ms),
      addedMs: sdk.ms.median - snippet.ms.median,
      firstUseMs,
    };
    log(
      `main thread, CPU ${cpuThrottle}x: first stage ${sdk.ms.median.toFixed(2)} ms, complete SDK alone ${full.ms.median.toFixed(2)} ms, snippet ${snippet.ms.median.toFixed(2)} ms; longest task on an SDK page ${sdk.longestTaskOnPageMs.toFixed(1)} ms, second stage's own task over 50 ms in ${sdk.loadsWithLongSecondStageTask} loads`,
    );
    results.push(row);
  }
  return results;
}
