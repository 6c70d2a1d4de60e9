// Heap growth of the shipped script in jsdom after N add-to-cart events that cannot be sent. Run it in a Node of
// its own with --expose-gc, so nothing else lives in the heap it measures:
//   node --expose-gc bench/memory-jsdom.mjs --scenario blocked|hang|pending|base-code [--events 10000]
// and it prints one line of JSON: { scenario, events, growthKB, queue, status, releasedOnGrant }.
// `blocked`: core.js fails to load (the error event fires, as under an ad blocker); `hang`: it never answers;
// `pending`: consent is never given; `base-code`: Pinterest's own base code, core.js never answering, the same
// events by hand (its queue keeps them all: the unbounded reference). The bench reports these and
// test/dist/memory.test.ts bounds them.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JSDOM, requestInterceptor, VirtualConsole } from 'jsdom';

const { values } = parseArgs({ options: { scenario: { type: 'string', default: 'blocked' }, events: { type: 'string', default: '10000' } } });
const scenario = values.scenario;
const events = Number(values.events);
if (!['blocked', 'hang', 'pending', 'base-code'].includes(scenario) || !(events > 0)) {
  throw new Error('usage: node --expose-gc bench/memory-jsdom.mjs --scenario blocked|hang|pending|base-code [--events N]');
}
if (typeof gc !== 'function') throw new Error('run with node --expose-gc');

/** Pinterest's base code (SPEC §1.1), as bench/bytes.mjs measures it. */
const BASE_CODE =
  '!function(e){if(!window.pintrk){window.pintrk=function(){window.pintrk.queue.push(Array.prototype.slice.call(arguments))};var n=window.pintrk;n.queue=[],n.version="3.0";var t=document.createElement("script");t.async=!0,t.src=e;var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r)}}("https://s.pinimg.com/ct/core.js");' +
  "pintrk('load','2612345678901');pintrk('page');";
const dist = (file) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
const attributes = scenario === 'base-code' ? '' : `data-tag-id="2612345678901" data-currency="USD"${scenario === 'pending' ? ' data-consent="pending"' : ''}`;
const inline = (code, attributes = '') => `<script ${attributes}>${code.replace(/<\/script/g, '<\\/script')}</script>`;
// The script tag's two stages, inline and at once: the first with the theme's attributes, then the second, as the
// first would load it from next to itself.
const scripts = scenario === 'base-code' ? inline(BASE_CODE) : inline(dist('pinterest-tag.min.js'), attributes) + inline(dist('pinterest-tag-full.min.js'));
// `blocked` answers every request with a network error here, in jsdom's interceptor: nothing leaves the process.
// The other scenarios load no subresources at all (jsdom's default), so core.js never answers.
const resources =
  scenario === 'blocked'
    ? {
        interceptors: [
          requestInterceptor(() => {
            throw new TypeError('blocked by the bench');
          }),
        ],
      }
    : undefined;
const dom = new JSDOM(`<!doctype html><html><head>${scripts}</head><body></body></html>`, {
  url: 'https://shop.example.com/products/1',
  runScripts: 'dangerously',
  resources,
  virtualConsole: new VirtualConsole(),
});
const { window } = dom;
const state = () => window[Symbol.for('storefront-pinterest-tag')];

// The second stage takes over in a task of its own where the first stage sent the page's first events.
if (scenario !== 'base-code') {
  for (let i = 0; i < 500 && !window.pinterestTag?.live; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!window.pinterestTag?.live) throw new Error('the second stage never took over');
}

// Blocked: the events meet the steady state, after the SDK heard that core.js failed.
if (scenario === 'blocked') {
  for (let i = 0; i < 500 && state()?.core !== 'failed'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (state()?.core !== 'failed') throw new Error('core.js never failed in the blocked scenario');
}

const heap = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};
const status = {};
let made = 0;
const send = (from, to) => {
  for (let i = from; i < to; i++) {
    const product = { id: `SKU-${i % 50}`, name: `Product ${i % 50}`, price: 19.99, quantity: 1 };
    if (scenario === 'base-code') {
      const line = { product_id: product.id, product_name: product.name, product_price: product.price, product_quantity: 1 };
      window.pintrk('track', 'addtocart', { line_items: [line], order_quantity: 1, value: 19.99, currency: 'USD', event_id: `evt-${++made}` });
      status.queued = (status.queued ?? 0) + 1;
      continue;
    }
    const result = window.pinterestTag('addToCart', { product });
    status[result.status] = (status[result.status] ?? 0) + 1;
  }
};
// One round first, so the heap holds the compiled SDK and jsdom's own lazily built structures before the baseline.
send(0, 50);
const before = heap();
send(50, 50 + events);
const growthKB = (heap() - before) / 1024;
const queue = window.pintrk?.queue?.length ?? 0;
let releasedOnGrant;
if (scenario === 'pending') {
  window.pinterestTag('setConsent', 'granted');
  releasedOnGrant = window.pintrk.queue.filter((command) => command[0] === 'track').length;
}
console.log(JSON.stringify({ scenario, events, growthKB: Math.round(growthKB * 10) / 10, queue, status, releasedOnGrant }));
window.close();
