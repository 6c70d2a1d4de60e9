// Test stand-in for Pinterest's loader, https://s.pinimg.com/ct/core.js (SPEC §1.2). Never shipped.
// Like the real one it does nothing but pick a library build (1% canary), note its hash in `pintrk.mh`
// (sent later as `ad.mh`) and inject the library before the page's first <script>. Like the real one it sets no
// nonce on that script and has no guard against being run twice.
// The library is looked up next to this file: https://s.pinimg.com/ct/lib/main.<hash>.js in the tests (answered
// by test/support/chromium.ts), <origin>/<dir>/lib/main.<hash>.js when a local demo serves this file itself.
(function () {
  var hash = Math.random() < 0.01 ? '55e552f9' : '3a217bc7';
  var self = document.currentScript && document.currentScript.src;
  var script = document.createElement('script');
  script.async = true;
  script.src = self ? new URL(`lib/main.${hash}.js`, self).href : `https://s.pinimg.com/ct/lib/main.${hash}.js`;
  window.pintrk.mh = hash;
  var first = document.getElementsByTagName('script')[0];
  first.parentNode.insertBefore(script, first);
})();
