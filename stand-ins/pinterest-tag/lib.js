// Stand-in for Pinterest's tag library, https://s.pinimg.com/ct/lib/main.<hash>.js, for the tests, the demo and
// the benchmarks. Never shipped.
// Written from the behaviour described in SPEC §1.2, §2, §3, §4.1, §6, §9.1 and §10 (Pinterest's 2022 build):
// the same commands, console texts, hashing, cookies and /v3/ requests, so a browser test sees what Pinterest
// would receive. Differences from the real library, all deliberate:
// - no /user/ call: no automatic enhanced match (form scraping), no `_derived_epik`/`_pin_unauth` from the reply,
//   and the first `track` is not held until that reply arrives (SPEC §11.13);
// - `ad` carries loc, ref, if, sh, sw and mh only (no User-Agent client hints, is_eu or ecm_enabled);
// - console texts are formatted here ("… for tag id '1', now …") rather than passed as `%s` arguments, so that
//   a test reading the console sees the same words a person sees in DevTools;
// - no Tag Helper (postMessage) handshake, no Shopify thank-you-page scraping, no `ssp_*` markers.
// Like the 2022 build, nothing here is wrapped in try/catch: a command that throws throws into the page.
(function () {
  'use strict';

  var ERROR = 'Pinterest Tag Error: ';
  var WARNING = 'Pinterest Tag Warning: ';
  var COMMANDS = ['load', 'page', 'set', 'track', 'setConsent'];
  // The 2022 build's list, plus the names Pinterest's events page lists as "Name in Tag" since 2025
  // (https://developers.pinterest.com/docs/conversions/event/), which the current tag counts.
  var STANDARD_EVENTS = [
    'pagevisit',
    'viewcategory',
    'search',
    'addtocart',
    'checkout',
    'watchvideo',
    'signup',
    'lead',
    'custom',
    'externalmeasurement',
    'initiatecheckout',
    'addtowishlist',
    'addpaymentinfo',
    'viewcontent',
    'subscribe',
    'contact',
    'starttrial',
    'submitapplication',
    'schedule',
    'findlocation',
    'customizeproduct',
  ];
  // `em` and the other enhanced-match keys the tag hashes in `load`/`set` options (SPEC §2, §4.1).
  var HASHED_KEYS = ['em', 'fn', 'ln', 'ph', 'ge', 'db', 'ct', 'st', 'zp', 'country', 'external_id'];
  var COOKIES = ['_epik', '_derived_epik', '_pin_unauth'];
  var COOKIE_DAYS = 365;
  var ALREADY_HASHED = /^(?:[a-f0-9]{64}|[a-f0-9]{40}|[a-f0-9]{32})$/i;
  // Unanchored and case-sensitive before the top-level domain, as in the real library: "shopper@example.com"
  // anywhere in a string value is found, "Shopper@Example.com" is not (SPEC §3.2).
  var EMAIL_IN_TEXT = /[a-z0-9!#$%&'*+\/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+\/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[A-Za-z]{2,}/;
  var MAX_GET_URL = 2048;

  var pintrk = window.pintrk;
  if (!pintrk || !pintrk.queue) return;

  // Where requests go: Pinterest's endpoint when this file came from Pinterest's CDN (or a route standing in for
  // it), else the origin that served it, so a local demo server can receive the beacons itself.
  var ENDPOINT = (function () {
    var src = document.currentScript && document.currentScript.src;
    var url = src ? new URL(src) : null;
    return !url || /(^|\.)pinimg\.com$/i.test(url.hostname) ? 'https://ct.pinterest.com/v3/' : `${url.origin}/v3/`;
  })();

  var consent = true;
  var cookiesRead = false;

  // --- SHA-256 (FIPS 180-4), synchronous so that requests leave in the order of the commands -----------------
  var K = [];
  var H0 = [];
  (function () {
    for (var n = 2; K.length < 64; n++) {
      var prime = true;
      for (var d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
      if (!prime) continue;
      if (H0.length < 8) H0.push(((Math.sqrt(n) % 1) * 4294967296) | 0);
      K.push(((Math.cbrt(n) % 1) * 4294967296) | 0);
    }
  })();

  function sha256(text) {
    var bytes = new TextEncoder().encode(text);
    var length = ((bytes.length + 8) >> 6) * 64 + 64;
    var padded = new Uint8Array(length);
    padded.set(bytes);
    padded[bytes.length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(length - 8, Math.floor(bytes.length / 0x20000000));
    view.setUint32(length - 4, bytes.length << 3);
    var h = H0.slice();
    var w = new Array(64);
    var rotr = function (x, n) {
      return (x >>> n) | (x << (32 - n));
    };
    for (var offset = 0; offset < length; offset += 64) {
      for (var i = 0; i < 64; i++) {
        if (i < 16) w[i] = view.getUint32(offset + i * 4) | 0;
        else {
          var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
          var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
          w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
        }
      }
      var a = h[0],
        b = h[1],
        c = h[2],
        d = h[3],
        e = h[4],
        f = h[5],
        g = h[6],
        hh = h[7];
      for (var j = 0; j < 64; j++) {
        var t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[j] + w[j]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0;
      h[1] = (h[1] + b) | 0;
      h[2] = (h[2] + c) | 0;
      h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0;
      h[5] = (h[5] + f) | 0;
      h[6] = (h[6] + g) | 0;
      h[7] = (h[7] + hh) | 0;
    }
    return h
      .map(function (x) {
        return `0000000${(x >>> 0).toString(16)}`.slice(-8);
      })
      .join('');
  }

  // --- helpers ---------------------------------------------------------------------------------------------
  function error(text) {
    console.error(ERROR + text);
  }

  function warning(text) {
    console.warn(WARNING + text);
  }

  /** The tag's type check: silent for null/undefined, else one error naming the field. */
  function expectType(field, value, type) {
    if (value != null && typeof value !== type) error(`Expected '${field}' to be a ${type}, but found '${value}'`);
  }

  /** Enhanced-match hashing: toString, trim, lower-case; 64/40/32 hex passes through, anything else SHA-256. */
  function hashValue(value) {
    if (value === undefined) return value;
    var text = value.toString().trim().toLowerCase();
    return ALREADY_HASHED.test(text) ? text : sha256(text);
  }

  function isConsent(value) {
    return value === true || value == 1 || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
  }

  /** A tag id: a trimmed string, or an integer as a string; anything else is reported and ignored. */
  function toTagId(value) {
    if (typeof value === 'string') return value.trim();
    if (typeof value === 'number' && value % 1 === 0) return String(value).trim();
    expectType('Pinterest Tag ID', value, 'string');
    return null;
  }

  function mergePartnerData(data) {
    pintrk.partnerData = Object.assign({}, pintrk.partnerData || {}, data);
  }

  function setOptions(options) {
    if (!options || typeof options !== 'object') return;
    // In place, as the real library does: the caller's object ends up hashed too.
    HASHED_KEYS.forEach(function (key) {
      if (key in options) options[key] = hashValue(options[key]);
    });
    mergePartnerData(options);
  }

  function readCookies() {
    var cookies = {};
    document.cookie.split('; ').forEach(function (pair) {
      var at = pair.indexOf('=');
      var name = pair.substring(0, at);
      var value = pair.substring(at + 1);
      if (name && value) cookies[name] = value;
    });
    return cookies;
  }

  // First-party cookies as the tag writes them: no encoding, a year, on the hostname without "www." (SPEC §6).
  function writeCookie(name, value, expires) {
    document.cookie = `${name}=${value}; expires=${expires.toUTCString()}; path=/; domain=.${location.hostname.replace('www.', '')};`;
  }

  function clearFirstParty() {
    COOKIES.forEach(function (name) {
      writeCookie(name, '', new Date(0));
    });
    if (pintrk.partnerData) delete pintrk.partnerData.epik_localstore;
    ['ssp_nsc', 'ssp_iaba', 'ssp_iabi'].forEach(function (key) {
      try {
        sessionStorage.removeItem(key);
      } catch (e) {
        // Storage may be forbidden; there is nothing to remove then.
      }
    });
  }

  function firstPartyAllowed() {
    var data = pintrk.partnerData || {};
    return consent && (!('fp_cookie' in data) || !!data.fp_cookie);
  }

  /** Once per page, on the first request: the click ID from ?epik= or the _epik cookie, and the other cookies. */
  function readIdentity() {
    if (cookiesRead) return;
    cookiesRead = true;
    var cookies = readCookies();
    if (!firstPartyAllowed()) return clearFirstParty();
    var epik = new URLSearchParams(location.search).get('epik') || cookies._epik;
    if (epik) {
      mergePartnerData({ epik: epik });
      var expires = new Date();
      expires.setDate(expires.getDate() + COOKIE_DAYS);
      writeCookie('_epik', epik, expires);
    }
    if (cookies._pin_unauth) mergePartnerData({ pin_unauth: cookies._pin_unauth });
    if (cookies._derived_epik) mergePartnerData({ derived_epik: cookies._derived_epik });
  }

  function automaticData() {
    var data = { loc: location.href, ref: document.referrer, if: window.top !== window, sh: screen ? screen.height : null, sw: screen ? screen.width : null };
    if (pintrk.mh) data.mh = pintrk.mh;
    return data;
  }

  /** GET <img> under 2048 characters, else a POST form into a hidden iframe (SPEC §3.2, §9.1). */
  function send(params, callback) {
    if (!consent) {
      if (callback) callback(false, 'No consent');
      return;
    }
    var ad = automaticData();
    // The real library waits for the User-Agent client hints here, so a request leaves after the call returns.
    Promise.resolve().then(function () {
      params.push(['ad', ad], ['cb', Date.now()]);
      var fields = params.map(function (param) {
        return [param[0], typeof param[1] === 'object' ? JSON.stringify(param[1]) : param[1]];
      });
      var url =
        ENDPOINT +
        '?' +
        fields
          .map(function (field) {
            return `${field[0]}=${encodeURIComponent(field[1])}`;
          })
          .join('&');
      if (url.length < MAX_GET_URL) {
        var img = document.createElement('img');
        img.onload = function () {
          img.onload = null;
          if (callback) callback(true);
        };
        img.src = url;
      } else {
        postForm(fields, callback);
      }
    });
  }

  function postForm(fields, callback) {
    var name = `pintrk${Date.now()}`;
    var form = document.createElement('form');
    form.method = 'post';
    form.action = ENDPOINT;
    form.acceptCharset = 'utf-8';
    form.style.display = 'none';
    form.target = name;
    var frame = document.createElement('iframe');
    frame.src = '';
    frame.id = name;
    frame.name = name;
    form.appendChild(frame);
    frame.onload = function () {
      fields.forEach(function (field) {
        var input = document.createElement('input');
        input.name = field[0];
        input.value = field[1];
        form.appendChild(input);
      });
      frame.onload = function () {
        frame.onload = null;
        form.parentNode.removeChild(form);
        if (callback) callback(true);
      };
      form.submit();
    };
    var attach = function () {
      document.body.appendChild(form);
    };
    if (document.readyState === 'complete') attach();
    else window.addEventListener('load', attach);
  }

  // --- commands --------------------------------------------------------------------------------------------
  var commands = {
    load: function (args) {
      var tagId = toTagId(args[0]);
      if (tagId) {
        if (pintrk.tagId) error(`'load' command was called multiple times. Previously for tag id '${pintrk.tagId}', now for tag id '${tagId}'.`);
        pintrk.tagId = tagId;
      }
      setOptions(args[1]);
    },

    set: function (args) {
      setOptions(args[0]);
    },

    setconsent: function (args) {
      consent = isConsent(args[0]);
      if (!consent) clearFirstParty();
    },

    page: function (args) {
      var pageData = args[0];
      var tagId = pintrk.tagId;
      if (!tagId) return error("'page' command was called without first calling the 'load' command. Forthcoming Pinterest tag events may fail.");
      var params = [['tid', tagId]];
      if (pageData) {
        if (typeof pageData === 'object') {
          if ('em' in pageData) pageData.em = hashValue(pageData.em);
          params.push(['ov', pageData]);
        } else {
          warning('Unexpected value passed to page command. Please consult the Pinterest Tag Guide for correct notation.');
        }
      }
      readIdentity();
      if (pintrk.partnerData) params.push(['pd', pintrk.partnerData]);
      params.push(['event', 'init']);
      send(params);
    },

    track: function (args) {
      var name = args[0];
      var data = args[1];
      var callback = args[2];
      var params = [];
      if (name && typeof name === 'string') {
        name = name.trim();
        if (STANDARD_EVENTS.indexOf(name.toLowerCase()) < 0) {
          warning(
            "'" +
              name +
              "' is not a standard event name. You may use it to build audiences, but conversion reporting will not be available. Standard event names are: [" +
              STANDARD_EVENTS +
              ']',
          );
        }
        params.push(['event', name]);
      } else {
        expectType('eventName', name, 'string');
      }
      if (data && typeof data === 'object') {
        if (data.value !== undefined && !isNaN(data.value)) data.value = Number(data.value);
        expectType('value', data.value, 'number');
        var quantity = data.order_quantity;
        if (!(quantity == null || (Number(quantity) == quantity && quantity % 1 == 0))) {
          error(`Expected 'order_quantity' to be an integer, but found '${quantity}'`);
        }
        var eventData = {};
        Object.keys(data).forEach(function (key) {
          var value = data[key];
          eventData[key] = typeof value === 'string' && EMAIL_IN_TEXT.test(value) ? hashValue(value) : value;
        });
        params.push(['ed', eventData]);
      } else {
        expectType('eventData', data, 'object');
      }
      if (typeof callback !== 'function') {
        expectType('callback', callback, 'function');
        callback = null;
      }
      var tagId = toTagId(args[3]) || pintrk.tagId;
      if (!tagId) {
        error("'load' command was not called before 'track'. Did you install the base code?");
        if (callback) callback(false, 'The Pinterest Tag ID is missing.');
        return;
      }
      params.push(['tid', String(tagId).trim()]);
      var overrides = args[4];
      if (overrides && typeof overrides === 'object') {
        if ('em' in overrides) overrides.em = hashValue(overrides.em);
        params.push(['ov', overrides]);
      }
      readIdentity();
      if (pintrk.partnerData) params.push(['pd', pintrk.partnerData]);
      send(params, callback);
    },
  };

  /** One queued or live call: an array, or an array-like `arguments` object. */
  function dispatch(call) {
    var args = call instanceof Array ? call.slice() : Array.prototype.slice.call(call);
    var name = args.shift();
    if (typeof name !== 'string') return expectType('pintrk command', name, 'string');
    name = name.trim().toLowerCase();
    if (Object.prototype.hasOwnProperty.call(commands, name)) commands[name](args);
    else error(`'${name}' is not a supported pintrk command. Expected one of [${COMMANDS}]`);
  }

  // Activation: replay the queue in order, then make `queue.push` (which the stub calls) the live dispatcher.
  if (!pintrk.version) pintrk.version = '3.0';
  var queue = pintrk.queue;
  if (queue.push === Array.prototype.push) {
    for (var count = queue.length; count > 0; count--) dispatch(queue.shift());
    queue.push = dispatch;
  }
})();
