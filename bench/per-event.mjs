// Per-event cost in Chromium: calls per second of addToCart (3 items) and checkout (20 items) through the SDK's
// command function, against a bare pintrk('track', …) whose payload the theme builds by hand from the same cart.
import { readFileSync } from 'node:fs';
import { inline, TAG_ID } from './lib/browser.mjs';
import { ratio, summarize } from './lib/stats.mjs';

// The complete SDK (the script tag's second stage), which runs every call a page makes.
const SDK = readFileSync(new URL('../dist/pinterest-tag-full.min.js', import.meta.url), 'utf8');

// `pintrk` here is what Pinterest's library leaves once it has run: a function that takes each command at once
// (its `tagId` tells the SDK the tag is loaded). Both sides call the same one, so the difference between them is
// the SDK's own work: validation, mapping, IDs, the checkout guard in localStorage, listeners and the DOM event.
// core.js answers with an empty script so that nothing replaces this pintrk.
const PAGE = `<!doctype html><html><head><meta charset="utf-8">
<script>
window.__sink = 0;
window.pintrk = function () { window.__sink++; window.__last = arguments; };
pintrk.queue = []; pintrk.version = '3.0'; pintrk.tagId = '${TAG_ID}';
</script>
<script data-tag-id="${TAG_ID}" data-currency="USD">${inline(SDK)}</script>
<script>
(function () {
  var cart = function (n) {
    return Array.from({ length: n }, function (_, k) { return { id: 'SKU-' + (1000 + k), name: 'Product ' + k, price: 10 + k + 0.99, quantity: 1 + (k % 3) }; });
  };
  var carts = { 3: cart(3), 20: cart(20) };
  var order = 0;
  // What a theme writes without the SDK: the same event data, mapped from the cart by hand, with an event ID.
  var handBuilt = function (items, extra) {
    var value = 0, quantity = 0;
    var lineItems = items.map(function (i) {
      value += i.price * i.quantity; quantity += i.quantity;
      return { product_id: String(i.id), product_name: i.name, product_price: i.price, product_quantity: i.quantity };
    });
    var data = { line_items: lineItems, order_quantity: quantity, value: Math.round(value * 100) / 100, currency: 'USD', event_id: crypto.randomUUID() };
    for (var key in extra) data[key] = extra[key];
    return data;
  };
  var calls = {
    'sdk addToCart': function () { return pinterestTag('addToCart', { items: carts[3] }); },
    'bare addToCart': function () { pintrk('track', 'addtocart', handBuilt(carts[3], {})); },
    'sdk checkout': function () { return pinterestTag('checkout', { orderId: 'B-' + ++order, items: carts[20] }); },
    'bare checkout': function () { pintrk('track', 'checkout', handBuilt(carts[20], { order_id: 'B-' + ++order })); },
  };
  // Calls per second over n calls, after checking that each SDK call was sent and reached pintrk.
  window.__bench = function (name, n) {
    var call = calls[name], before = window.__sink, status = {};
    if (name.indexOf('sdk') === 0) { var r = call(); status[r.status] = 1; n--; }
    var start = performance.now();
    for (var i = 0; i < n; i++) call();
    var ms = performance.now() - start;
    return { perSecond: n / (ms / 1000), reached: window.__sink - before, calls: n + (name.indexOf('sdk') === 0 ? 1 : 0), status: status };
  };
})();
</script></head><body></body></html>`;

/**
 * `rounds` rounds (after one warm-up round) of `calls` calls of each of the four, their order rotating per round.
 */
export async function measurePerEvent(chromium, { rounds = 15, calls = { addToCart: 2000, checkout: 500 }, log = () => {} } = {}) {
  const session = await chromium.open({ core: 'empty' });
  try {
    await session.load(PAGE);
    const names = ['sdk addToCart', 'bare addToCart', 'sdk checkout', 'bare checkout'];
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    const problems = [];
    for (let round = 0; round <= rounds; round++) {
      for (const name of [...names.slice(round % 4), ...names.slice(0, round % 4)]) {
        const n = calls[name.split(' ')[1]];
        const result = await session.page.evaluate(([name, n]) => window.__bench(name, n), [name, n]);
        if (result.reached !== result.calls || (name.startsWith('sdk') && !result.status.sent)) problems.push({ name, ...result });
        if (round > 0) samples[name].push(result.perSecond);
      }
    }
    if (problems.length) throw new Error(`per-event bench: calls that did not reach pintrk: ${JSON.stringify(problems.slice(0, 3))}`);
    const rows = ['addToCart', 'checkout'].map((action) => {
      const sdk = summarize(samples[`sdk ${action}`]);
      const bare = summarize(samples[`bare ${action}`]);
      const row = {
        action,
        items: action === 'addToCart' ? 3 : 20,
        callsPerRound: calls[action],
        sdkPerSecond: sdk,
        barePerSecond: bare,
        samples: { sdk: samples[`sdk ${action}`].map(Math.round), bare: samples[`bare ${action}`].map(Math.round) },
        // How many times longer one SDK call takes than the hand-built one.
        ratio: ratio(bare, sdk),
        sdkMicrosecondsPerCall: 1e6 / sdk.median,
        bareMicrosecondsPerCall: 1e6 / bare.median,
      };
      log(`per event, ${action}: SDK ${Math.round(sdk.median)}/s, bare ${Math.round(bare.median)}/s`);
      return row;
    });
    return { rows, pageErrors: session.errors };
  } finally {
    await session.close();
  }
}
