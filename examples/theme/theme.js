// What every theme page shares: the cart badge, the current nav link, a toast, product cards, and the footer's
// newsletter form. Each page's own Pinterest calls are in the page itself, where a theme developer looks first.
(function () {
  'use strict';

  var toastTimer;

  /**
   * Shows a short message. `result` is what `pinterestTag(...)` returned: the `TrackResult` once the SDK has
   * loaded, `undefined` while calls are still queued by the pre-load snippet (they are sent when it loads).
   */
  function toast(message, result) {
    var el = document.querySelector('.toast');
    if (!el) {
      el = document.createElement('div');
      el.className = 'toast';
      el.setAttribute('role', 'status');
      document.body.appendChild(el);
    }
    var detail = result ? `${result.event} · ${result.status} · ${result.eventId}` : 'queued: sent as soon as the SDK loads';
    el.innerHTML = `${Store.escapeHtml(message)}<small>${Store.escapeHtml(detail)}</small>`;
    el.classList.add('on');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      el.classList.remove('on');
    }, 3200);
  }

  /** A product card; its "Add" button has `data-add` with the product ID. */
  function card(p) {
    var href = `product.html?id=${encodeURIComponent(p.id)}`;
    return (
      '<article class="card">' +
      '<a class="media" href="' +
      href +
      '">' +
      Store.art(p) +
      '</a>' +
      '<div class="body"><span class="muted" style="font-size:.8rem">' +
      Store.escapeHtml(Store.category(p.category).name) +
      '</span>' +
      '<a class="name" href="' +
      href +
      '">' +
      Store.escapeHtml(p.name) +
      '</a>' +
      '<div class="meta"><span class="price">' +
      Store.money(p.price) +
      '</span>' +
      '<button class="btn small ghost" data-add="' +
      p.id +
      '">Add to cart</button></div></div></article>'
    );
  }

  function updateCartCount() {
    var count = Store.cartCount();
    document.querySelectorAll('[data-cart-count]').forEach(function (el) {
      el.textContent = count;
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    updateCartCount();
    addEventListener('store:cart', updateCartCount);

    var here = location.pathname.split('/').pop() + location.search;
    document.querySelectorAll('.nav a').forEach(function (a) {
      if (a.getAttribute('href') === here) a.setAttribute('aria-current', 'page');
    });
    var q = new URLSearchParams(location.search).get('q');
    if (q) document.querySelector('.search input').value = q;

    // Quick "Add to cart" on any product card.
    document.addEventListener('click', function (event) {
      var button = event.target.closest('[data-add]');
      if (!button) return;
      var p = Store.product(button.getAttribute('data-add'));
      Store.addToCart(p.id, 1);
      var result = pinterestTag('addToCart', { product: Store.lineItem(p, 1) });
      toast(`Added ${p.name} to your cart`, result);
    });

    // The newsletter: a `signup`. Its email field is `type="email"`, so automatic enhanced match also hashes
    // the address (in the browser) and later events carry it as `em`.
    document.querySelectorAll('form[data-newsletter]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var result = pinterestTag('signup', { leadType: 'newsletter' });
        form.reset();
        toast('Thanks! You are on the list.', result);
      });
    });
  });

  window.Theme = { toast: toast, card: card };
})();
