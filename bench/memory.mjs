// Heap growth in Chromium after 10,000 add-to-cart events when the tag cannot send them: core.js blocked by an ad
// blocker, core.js that never answers, and consent never given; beside Pinterest's own base code with core.js
// blocked, whose queue keeps every event. Plus the same in jsdom (bench/memory-jsdom.mjs), the probe whose
// figures the memory test in `npm test` bounds.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE_CODE } from './bytes.mjs';
import { inline, TAG_ID } from './lib/browser.mjs';
import { summarize } from './lib/stats.mjs';

// The complete SDK (the script tag's second stage), which runs every call a page makes: the first stage only queues
// calls until it arrives, and an inline first stage has no folder to load it from.
const SDK = readFileSync(new URL('../dist/pinterest-tag-full.min.js', import.meta.url), 'utf8');
const PROBE = fileURLToPath(new URL('./memory-jsdom.mjs', import.meta.url));

/** Event counts at which the heap is read; growth between the last two shows whether it levels off. */
export const CHECKPOINTS = [1_000, 10_000, 20_000];

const SCENARIOS = {
  'SDK, core.js blocked': { core: 'blocked', script: `<script data-tag-id="${TAG_ID}" data-currency="USD">${inline(SDK)}</script>` },
  'SDK, core.js never answers': { core: 'hang', script: `<script data-tag-id="${TAG_ID}" data-currency="USD">${inline(SDK)}</script>` },
  'SDK, consent pending': { core: 'blocked', script: `<script data-tag-id="${TAG_ID}" data-currency="USD" data-consent="pending">${inline(SDK)}</script>` },
  'base code, core.js blocked': { core: 'blocked', script: `<script>${BASE_CODE}</script>` },
};

// The same event each way: through the SDK, or by hand with the base code.
const SEND = `<script>
window.__send = function (from, to) {
  var status = {};
  for (var i = from; i < to; i++) {
    var product = { id: 'SKU-' + (i % 50), name: 'Product ' + (i % 50), price: 19.99, quantity: 1 };
    if (window.pinterestTag) {
      var s = pinterestTag('addToCart', { product: product }).status;
      status[s] = (status[s] || 0) + 1;
    } else {
      pintrk('track', 'addtocart', { line_items: [{ product_id: product.id, product_name: product.name, product_price: 19.99, product_quantity: 1 }], order_quantity: 1, value: 19.99, currency: 'USD', event_id: crypto.randomUUID() });
    }
  }
  return status;
};
</script>`;

async function oneRun(chromium, name) {
  const { core, script } = SCENARIOS[name];
  const session = await chromium.open({ core });
  try {
    await session.load(`<!doctype html><html><head><meta charset="utf-8">${script}${SEND}</head><body></body></html>`);
    // Blocked: wait for the SDK to hear of it (its page state says 'failed'), so the events meet the steady state.
    if (core === 'blocked' && name.startsWith('SDK') && !name.includes('consent')) {
      await session.page.waitForFunction(() => window[Symbol.for('storefront-pinterest-tag')]?.core === 'failed');
    }
    const base = await session.heapUsed();
    const growthKB = {};
    const status = {};
    let sent = 0;
    for (const checkpoint of CHECKPOINTS) {
      while (sent < checkpoint) {
        const to = Math.min(checkpoint, sent + 1000);
        for (const [key, count] of Object.entries(await session.page.evaluate(([from, to]) => window.__send(from, to), [sent, to])))
          status[key] = (status[key] ?? 0) + count;
        sent = to;
      }
      growthKB[checkpoint] = ((await session.heapUsed()) - base) / 1024;
    }
    const queue = await session.page.evaluate(() => window.pintrk?.queue?.length ?? 0);
    return { growthKB, queue, status, errors: session.errors.length };
  } finally {
    await session.close();
  }
}

/** The jsdom probe in a child Node with --expose-gc: the figure test/dist/memory.test.ts bounds. */
function jsdomRun(scenario, events) {
  const out = execFileSync(process.execPath, ['--expose-gc', PROBE, '--scenario', scenario, '--events', String(events)], { encoding: 'utf8' });
  return JSON.parse(out);
}

export async function measureMemory(chromium, { runs = 5, jsdomRuns = 5, log = () => {} } = {}) {
  const chromiumRows = [];
  for (const name of Object.keys(SCENARIOS)) {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await oneRun(chromium, name));
    const row = {
      scenario: name,
      runs,
      growthKB: Object.fromEntries(CHECKPOINTS.map((n) => [n, summarize(all.map((r) => r.growthKB[n]))])),
      // From 10,000 to 20,000 events: about zero when memory is bounded, about as much again when it is not.
      growthKB10kTo20k: summarize(all.map((r) => r.growthKB[20_000] - r.growthKB[10_000])),
      queueAfter20k: summarize(all.map((r) => r.queue)),
      status: all[0].status,
      pageErrors: all.reduce((sum, r) => sum + r.errors, 0),
    };
    log(`memory, ${name}: +${Math.round(row.growthKB[10_000].median)} KB after 10,000 events, queue ${row.queueAfter20k.median}`);
    chromiumRows.push(row);
  }
  const jsdomRows = [];
  for (const scenario of ['blocked', 'hang', 'pending', 'base-code']) {
    const all = Array.from({ length: jsdomRuns }, () => jsdomRun(scenario, 10_000));
    const row = {
      scenario,
      runs: jsdomRuns,
      growthKB: summarize(all.map((r) => r.growthKB)),
      queue: summarize(all.map((r) => r.queue)),
      releasedOnGrant: all[0].releasedOnGrant,
      status: all[0].status,
    };
    log(`memory (jsdom), ${scenario}: +${Math.round(row.growthKB.median)} KB after 10,000 events`);
    jsdomRows.push(row);
  }
  return { checkpoints: CHECKPOINTS, chromium: chromiumRows, jsdom: jsdomRows };
}
