// Demo only, not part of the SDK: the "Events sent" panel at the bottom left of every demo page.
// It lists each `pinterest-tag:event` the SDK dispatches on `window` (name, event ID, a summary of the data),
// and the beacons that the demo server received at /v3/ from the Pinterest tag, polled from /__beacons.
// A beacon whose `ed.event_id` is an event's ID is marked on both, so you can follow each event to the wire.
// (The SDK's own debug panel, shown with data-debug, is a different thing and sits at the bottom right.)
(function () {
  'use strict';
  if (window.__pinterestDemoPanel) return;
  window.__pinterestDemoPanel = true;

  var EVENT_NAME = 'pinterest-tag:event';
  var COLLAPSED_KEY = 'pinterest_demo_panel_collapsed';
  // Beacons sent by this page load (the demo server and the page share a clock: both run on this machine).
  var since = Math.floor(performance.timeOrigin || Date.now() - performance.now()) - 50;
  var events = [];
  var beacons = [];
  var beaconLog = 'waiting';
  var open = {};
  var root;

  // Listen at once: this script runs before the SDK can dispatch anything.
  addEventListener(EVENT_NAME, function (event) {
    events.push(event.detail);
    render();
  });

  var COLORS = {
    init: '#64748b',
    pagevisit: '#475569',
    viewcategory: '#0f766e',
    search: '#4f46e5',
    addtocart: '#b4532a',
    checkout: '#15803d',
    signup: '#7e22ce',
    lead: '#a21caf',
    watchvideo: '#be185d',
    custom: '#57534e',
  };

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function clock(ms) {
    return new Date(ms).toTimeString().slice(0, 8);
  }

  function short(id) {
    return id ? `${String(id).slice(0, 8)}…` : '';
  }

  /** One line about what an event carries: items, value, query, order, match keys. */
  function summary(data, match) {
    var parts = [];
    var items = (data && data.line_items) || [];
    if (items.length === 1 && items[0].product_id) {
      parts.push((items[0].product_quantity > 1 ? `${items[0].product_quantity} × ` : '') + items[0].product_id);
    } else if (items.length === 1 && items[0].product_category) {
      parts.push(items[0].product_category);
    } else if (items.length) {
      var shared = items.every(function (item) {
        return item.product_category === items[0].product_category;
      });
      parts.push(`${items.length} items${shared && items[0].product_category ? ` in ${items[0].product_category}` : ''}`);
    }
    if (data && data.value != null) parts.push(`${data.value} ${data.currency || ''}`);
    if (data && data.search_query) parts.push(`“${data.search_query}”`);
    if (data && data.order_id) parts.push(`order ${data.order_id}`);
    if (data && data.lead_type) parts.push(data.lead_type);
    if (data && data.video_title) parts.push(data.video_title);
    var keys = Object.keys(match || {});
    if (keys.length) parts.push(`${keys.join(', ')} hashed`);
    return parts.join(' · ');
  }

  function badge(name) {
    return `<b class="badge" style="background:${COLORS[name] || '#334155'}">${esc(name || '?')}</b>`;
  }

  function coreState() {
    // The SDK's page-wide state (shared by every copy of it on the page) says whether core.js loaded.
    var state = window[Symbol.for('storefront-pinterest-tag')];
    return state && state.core;
  }

  function row(key, head, body, detail) {
    return (
      '<li class="' +
      (open[key] ? 'open' : '') +
      '" data-key="' +
      esc(key) +
      '"><div class="head">' +
      head +
      '</div>' +
      (body ? `<div class="sum">${body}</div>` : '') +
      '<pre>' +
      esc(JSON.stringify(detail, null, 2)) +
      '</pre></li>'
    );
  }

  function render() {
    if (!root) return;
    var beaconIds = {};
    beacons.forEach(function (b) {
      if (b.ed && b.ed.event_id) beaconIds[b.ed.event_id] = true;
    });
    var eventIds = {};
    events.forEach(function (e) {
      eventIds[e.eventId] = true;
    });

    root.querySelector('.count').textContent =
      events.length + (events.length === 1 ? ' event · ' : ' events · ') + beacons.length + (beacons.length === 1 ? ' beacon' : ' beacons');

    var core = coreState();
    root.querySelector('.events').innerHTML = events.length
      ? events
          .slice()
          .reverse()
          .map(function (e) {
            var wire = beaconIds[e.eventId]
              ? '<span class="ok">✓ beacon</span>'
              : core === 'failed'
                ? '<span class="warn">core.js blocked</span>'
                : '<span class="dim">no beacon yet</span>';
            return row(
              `e${e.eventId}`,
              `${badge(e.event) + wire}<time>${clock(e.time)}</time>`,
              `<code title="${esc(e.eventId)}">${esc(e.eventId)}</code><br>${esc(summary(e.data, e.match))}`,
              { event: e.event, apiEvent: e.apiEvent, eventId: e.eventId, data: e.data, match: e.match, clickId: e.clickId, ldp: e.ldp },
            );
          })
          .join('')
      : '<li class="none">No events yet on this page.</li>';

    var note =
      beaconLog === 'unavailable'
        ? 'This server keeps no beacon log (/__beacons): run <code>npm run demo</code>.'
        : core === 'failed'
          ? 'core.js did not load (/pinterest/core.js missing or blocked), so no beacons: the SDK still gives every event an ID.'
          : 'None yet: Pinterest’s tag sends one per event once core.js has loaded.';
    root.querySelector('.beacons').innerHTML = beacons.length
      ? beacons
          .slice()
          .reverse()
          .map(function (b, i) {
            var id = b.ed && b.ed.event_id;
            var pd = Object.keys(b.pd || {}).filter(function (k) {
              return /^(em|ph|fn|ln|external_id|epik|aem)$/.test(k);
            });
            return row(
              `b${b.id != null ? b.id : beacons.length - i}`,
              badge(b.event) +
                (id && eventIds[id] ? '<span class="ok">↔ event</span>' : '') +
                '<span class="dim">' +
                esc(b.method || 'GET') +
                ' /v3/</span><time>' +
                clock(b.time) +
                '</time>',
              (id ? `<code title="${esc(id)}">event_id ${esc(id)}</code><br>` : '') +
                esc([`tid ${b.tid}`, summary(b.ed), pd.length ? `pd: ${pd.join(', ')}` : ''].filter(Boolean).join(' · ')),
              { event: b.event, tid: b.tid, ed: b.ed, pd: b.pd, ad: b.ad },
            );
          })
          .join('')
      : `<li class="none">${note}</li>`;
  }

  function poll() {
    if (beaconLog === 'unavailable') return;
    fetch(`/__beacons?since=${since}`, { cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw response.status;
        return response.json();
      })
      .then(function (list) {
        beaconLog = 'ok';
        if (list.length !== beacons.length) {
          beacons = list;
          render();
        }
      })
      .catch(function (status) {
        if (status === 404) beaconLog = 'unavailable';
        render();
      })
      .then(function () {
        setTimeout(poll, document.hidden ? 4000 : 1000);
      });
  }

  var CSS =
    ':host{all:initial}' +
    '.panel{position:fixed;left:16px;bottom:16px;z-index:2147483646;width:min(370px,calc(100vw - 32px));max-height:min(50vh,460px);display:flex;flex-direction:column;' +
    'font:12px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#e7e5e4;background:#1c1917f2;border:1px solid #44403c;border-radius:14px;' +
    'box-shadow:0 18px 40px -12px #0009;overflow:hidden;backdrop-filter:blur(6px)}' +
    '.bar{display:flex;align-items:center;gap:8px;padding:10px 12px;cursor:pointer;user-select:none;background:#292524}' +
    '.bar h2{margin:0;font-size:13px;font-weight:700;color:#fff}.count{color:#a8a29e;flex:1}' +
    '.dot{width:8px;height:8px;border-radius:50%;background:#e60023;box-shadow:0 0 0 3px #e6002333}' +
    '.toggle{border:0;background:#44403c;color:#fff;border-radius:6px;width:24px;height:22px;cursor:pointer;font-size:11px}' +
    '.body{overflow:auto;padding:4px 0 8px}.collapsed .body{display:none}' +
    'h3{margin:10px 12px 6px;font-size:10.5px;text-transform:uppercase;letter-spacing:.08em;color:#a8a29e;font-weight:600}' +
    'h3 code{text-transform:none;letter-spacing:0}' +
    'ul{list-style:none;margin:0;padding:0 8px}li{padding:7px 8px;border-radius:8px;cursor:pointer}li:hover{background:#292524}' +
    'li+li{border-top:1px solid #292524}li.none{cursor:default;color:#a8a29e}li.none:hover{background:none}' +
    '.head{display:flex;align-items:center;gap:8px}.head time{margin-left:auto;color:#78716c;font-variant-numeric:tabular-nums}' +
    '.badge{color:#fff;border-radius:5px;padding:1px 7px;font-size:11px;font-weight:700}' +
    '.ok{color:#86efac}.warn{color:#fdba74}.dim{color:#78716c}' +
    '.sum{margin-top:3px;color:#d6d3d1;overflow-wrap:anywhere}code{font:11px ui-monospace,SFMono-Regular,Menlo,monospace;color:#fcd9bd}' +
    'pre{display:none;margin:6px 0 0;padding:8px;background:#0c0a09;border-radius:6px;font:10.5px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;' +
    'color:#d6d3d1;white-space:pre-wrap;overflow-wrap:anywhere;max-height:220px;overflow:auto}li.open pre{display:block}' +
    '.foot{padding:6px 12px 0;color:#78716c}.foot a{color:#a8a29e}';

  function mount() {
    var host = document.createElement('div');
    host.id = 'pinterest-demo-panel';
    var shadow = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
    // Open unless the visitor closed it; on a phone-sized screen it starts closed, so the page stays usable.
    var collapsed = innerWidth < 720;
    try {
      var saved = localStorage.getItem(COLLAPSED_KEY);
      if (saved) collapsed = saved === '1';
    } catch (e) {
      // Storage off: the default above.
    }
    shadow.innerHTML =
      '<style>' +
      CSS +
      '</style><section class="panel' +
      (collapsed ? ' collapsed' : '') +
      '" aria-label="Pinterest events sent (demo)">' +
      '<div class="bar"><span class="dot"></span><h2>Events sent</h2><span class="count"></span>' +
      '<button class="toggle" aria-label="Show or hide">' +
      (collapsed ? '▴' : '▾') +
      '</button></div>' +
      '<div class="body"><h3>SDK events · <code>pinterest-tag:event</code></h3><ul class="events"></ul>' +
      '<h3>Beacons the demo server received · <code>/v3/</code></h3><ul class="beacons"></ul>' +
      '<div class="foot">Click a row for its data. All beacons: <a href="/__beacons" target="_blank">/__beacons</a></div></div></section>';
    root = shadow;
    shadow.querySelector('.bar').addEventListener('click', function () {
      var panel = shadow.querySelector('.panel');
      var now = !panel.classList.contains('collapsed');
      panel.classList.toggle('collapsed', now);
      shadow.querySelector('.toggle').textContent = now ? '▴' : '▾';
      try {
        localStorage.setItem(COLLAPSED_KEY, now ? '1' : '0');
      } catch (e) {
        // Storage off: the panel just forgets.
      }
    });
    shadow.querySelector('.body').addEventListener('click', function (event) {
      var li = event.target.closest('li[data-key]');
      if (!li) return;
      open[li.getAttribute('data-key')] = !open[li.getAttribute('data-key')];
      li.classList.toggle('open');
    });
    document.body.appendChild(host);
    render();
    poll();
    // core.js may load or fail after the last event: show its state when it settles.
    addEventListener('load', function () {
      setTimeout(render, 300);
    });
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
