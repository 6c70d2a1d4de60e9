// Kiln & Co. as a single-page app: the npm (ESM) build, client-side routes with history.pushState, and the
// instance API, whose calls return the event ID and what became of the event.
import { createPinterestTag } from 'storefront-pinterest-tag';

const pinterest = createPinterestTag({
  tagId: '2612345678901',
  currency: 'USD',
  // One `pagevisit` when the app loads (autoPageVisit, on by default) and one per route change after it.
  spa: true,
  // Demo only, like scriptUrl: logs each event and shows the SDK's debug panel.
  debug: true,
  // Demo only: a local stand-in of Pinterest's core.js whose beacons come back to the demo server.
  // Production leaves this out and the SDK loads https://s.pinimg.com/ct/core.js.
  scriptUrl: '/pinterest/core.js',
});

const { Store } = window;
const esc = Store.escapeHtml;
const app = document.getElementById('app');

// ---------------------------------------------------------------------------------------------------------
// Routing: /spa/, /spa/shop, /spa/category/<slug>, /spa/search?q=, /spa/product/<id>, /spa/cart,
// /spa/thank-you?order=<id>. The demo server answers every such path with index.html.

function navigate(path) {
  // The SDK wraps history.pushState: this sends the route's `pagevisit` before the view below renders.
  history.pushState(null, '', path);
  render();
  scrollTo(0, 0);
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="/spa"]');
  if (!link || link.target || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
addEventListener('popstate', render);

function render() {
  const [section, id] = location.pathname
    .replace(/^\/spa\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const params = new URLSearchParams(location.search);
  const views = {
    '': home,
    shop: () => category(),
    category: () => category(Store.category(id)),
    search: () => search(params.get('q') || ''),
    product: () => product(Store.product(id)),
    cart,
    'thank-you': () => thankYou(params.get('order')),
  };
  (Object.hasOwn(views, section ?? '') ? views[section ?? ''] : notFound)();
  for (const a of document.querySelectorAll('.nav a')) a.toggleAttribute('aria-current', a.getAttribute('href') === location.pathname);
  updateCartCount();
}

// ---------------------------------------------------------------------------------------------------------
// Views. Each one renders, then sends the event that belongs to it (the route's pagevisit is already sent).

const card = (p) => `
  <article class="card">
    <a class="media" href="/spa/product/${p.id}">${Store.art(p)}</a>
    <div class="body">
      <span class="muted" style="font-size:.8rem">${esc(Store.category(p.category).name)}</span>
      <a class="name" href="/spa/product/${p.id}">${esc(p.name)}</a>
      <div class="meta"><span class="price">${Store.money(p.price)}</span>
        <button class="btn small ghost" data-add="${p.id}">Add to cart</button></div>
    </div>
  </article>`;

function home() {
  document.title = 'Kiln & Co. · Single-page demo';
  app.innerHTML = `
    <section class="hero">
      <div>
        <div class="eyebrow">Small-batch ceramics</div>
        <h1>Made by hand, fired slow, used every day.</h1>
        <p class="lead">The same shop as the script-tag pages, as one app: move around and watch a <code>pagevisit</code> go out for each route.</p>
        <div class="actions"><a class="btn accent" href="/spa/category/mugs">Shop mugs</a><a class="btn ghost" href="/spa/shop">See everything</a></div>
      </div>
      <div class="hero-art">${Store.products
        .slice(0, 3)
        .map((p) => `<a href="/spa/product/${p.id}">${Store.art(p)}</a>`)
        .join('')}</div>
    </section>
    <section class="section">
      <div class="section-head"><h2>Shop by category</h2></div>
      <div class="tiles">${Store.categories.map((c) => `<a class="tile" href="/spa/category/${c.slug}"><h3>${esc(c.name)}</h3><p>${esc(c.blurb)}</p></a>`).join('')}</div>
    </section>
    <section class="section">
      <div class="section-head"><h2>New from the kiln</h2><a href="/spa/shop">All products →</a></div>
      <div class="grid">${[0, 2, 4, 6].map((i) => card(Store.products[i])).join('')}</div>
    </section>
    <section class="section">
      <div class="split">
        <div><div class="eyebrow">Saturday workshops</div><h2>Throw your own mug</h2>
          <p class="muted" style="margin:0">Leave your email and we will send the next dates. (Sends <code>lead</code>.)</p></div>
        <form id="workshop"><input type="email" name="email" placeholder="you@example.com" aria-label="Email address" required>
          <button class="btn accent">Send me dates</button></form>
      </div>
    </section>`;
  app.querySelector('#workshop').addEventListener('submit', (event) => {
    event.preventDefault();
    const result = pinterest.lead({ leadType: 'workshop' });
    event.target.reset();
    toast('Thanks! We will email you the next workshop dates.', result);
  });
}

function listing({ eyebrow, title, blurb, products, current }) {
  app.innerHTML = `
    <div class="page-head">
      <div class="eyebrow">${esc(eyebrow)}</div><h1>${esc(title)}</h1><p>${esc(blurb)}</p>
      <nav class="chips" aria-label="Categories">
        <a class="chip" href="/spa/shop"${current === null ? ' aria-current="page"' : ''}>All</a>
        ${Store.categories.map((c) => `<a class="chip" href="/spa/category/${c.slug}"${current === c ? ' aria-current="page"' : ''}>${esc(c.name)}</a>`).join('')}
      </nav>
    </div>
    <div class="grid">${products.length ? products.map(card).join('') : '<div class="empty">Nothing matches. Try “mug” or “vase”.</div>'}</div>`;
}

function category(current) {
  const products = current ? Store.products.filter((p) => p.category === current.slug) : Store.products;
  document.title = `${current ? current.name : 'Shop'} · Kiln & Co.`;
  listing({
    eyebrow: 'Shop',
    title: current ? current.name : 'All ceramics',
    blurb: current ? current.blurb : 'Everything from the studio, in one place.',
    products,
    current: current || null,
  });
  pinterest.viewCategory({
    category: current ? current.name : 'All ceramics',
    items: products.map((p) => ({ id: p.id, name: p.name, price: p.price })),
  });
}

function search(query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const products = Store.products.filter((p) => {
    const text = `${p.name} ${p.text} ${Store.category(p.category).name}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  document.title = `Search: ${query} · Kiln & Co.`;
  document.querySelector('#search input').value = query;
  listing({ eyebrow: 'Search', title: `Results for “${query}”`, blurb: `${products.length} ${products.length === 1 ? 'piece' : 'pieces'} found.`, products });
  if (query.trim()) pinterest.search({ query: query.trim() });
}

function product(p) {
  if (!p) return notFound();
  let quantity = 1;
  document.title = `${p.name} · Kiln & Co.`;
  app.innerHTML = `
    <div class="crumbs"><a href="/spa/shop">Shop</a> / <a href="/spa/category/${p.category}">${esc(Store.category(p.category).name)}</a> / ${esc(p.name)}</div>
    <section class="product">
      <div class="media">${Store.art(p)}
        <button class="play" id="play" type="button"><i>▶</i> Watch how it is made</button>
        <div class="video" id="video" aria-live="polite"></div>
      </div>
      <div>
        <div class="eyebrow">${esc(Store.category(p.category).name)}</div>
        <h1>${esc(p.name)}</h1>
        <div class="price">${Store.money(p.price)}</div>
        <p class="muted">${esc(p.text)}</p>
        <div class="buy">
          <div class="qty" aria-label="Quantity"><button type="button" id="less" aria-label="One fewer">−</button><span id="qty">1</span><button type="button" id="more" aria-label="One more">+</button></div>
          <button class="btn accent" id="add" type="button">Add to cart</button>
          <button class="btn ghost" id="wishlist" type="button" title="Sends a custom event">♡ Save</button>
        </div>
        <ul class="perks"><li>✓ Ships in 3–5 days, wrapped in recycled paper</li><li>✓ Dishwasher and microwave safe</li><li>✓ 30-day returns, breakage covered</li></ul>
      </div>
    </section>
    <section class="section"><div class="section-head"><h2>You may also like</h2></div>
      <div class="grid">${Store.products
        .filter((other) => other !== p)
        .slice(0, 4)
        .map(card)
        .join('')}</div></section>`;

  const setQuantity = (n) => {
    quantity = Math.max(1, Math.min(9, n));
    app.querySelector('#qty').textContent = quantity;
  };
  app.querySelector('#less').onclick = () => setQuantity(quantity - 1);
  app.querySelector('#more').onclick = () => setQuantity(quantity + 1);
  app.querySelector('#add').onclick = () => {
    Store.addToCart(p.id, quantity);
    toast(`Added ${quantity} × ${p.name} to your cart`, pinterest.addToCart({ product: Store.lineItem(p, quantity) }));
  };
  app.querySelector('#wishlist').onclick = (event) => {
    event.currentTarget.textContent = '♥ Saved';
    toast('Saved to your wishlist', pinterest.custom({ product: Store.lineItem(p) }));
  };
  app.querySelector('#play').onclick = () => {
    const title = `How the ${p.name} is made`;
    const video = app.querySelector('#video');
    video.innerHTML = `<div><div class="eyebrow" style="color:#ffd6b8">Now playing</div><h3>${esc(title)}</h3><div class="bar"><span></span></div></div>`;
    video.classList.add('on');
    setTimeout(() => video.classList.remove('on'), 6500);
    toast(`Playing “${title}”`, pinterest.watchVideo({ videoTitle: title }));
  };
}

function cart() {
  document.title = 'Your cart · Kiln & Co.';
  const items = Store.cartItems();
  const total = Store.cartTotal(items);
  app.innerHTML = `
    <div class="page-head"><h1>Your cart</h1></div>
    <div class="layout">
      <div>
        <div class="cart-lines">${
          items.length
            ? items
                .map((item) => {
                  const p = Store.product(item.id);
                  return `<div class="line">${Store.art(p)}
            <div><a class="name" href="/spa/product/${p.id}">${esc(p.name)}</a><div class="muted" style="font-size:.85rem">${Store.money(p.price)} each</div>
              <button class="remove" data-set="${p.id}" data-n="0">Remove</button></div>
            <div class="qty"><button data-set="${p.id}" data-n="${item.quantity - 1}" aria-label="One fewer">−</button><span>${item.quantity}</span>
              <button data-set="${p.id}" data-n="${item.quantity + 1}" aria-label="One more">+</button></div>
            <div class="price">${Store.money(p.price * item.quantity)}</div></div>`;
                })
                .join('')
            : '<div class="empty" style="margin-top:20px">Your cart is empty. <a href="/spa/shop">Find something you love →</a></div>'
        }</div>
        ${
          items.length
            ? `
        <form class="panel" id="checkout" style="margin-top:24px">
          <h2>Checkout</h2>
          <div class="field"><label for="email">Email</label>
            <input type="email" id="email" name="email" autocomplete="email" placeholder="you@example.com" required>
            <div class="hint">Hashed in your browser for enhanced match (automatic: no code); never sent as typed.</div></div>
          <div class="row">
            <div class="field"><label for="first">First name</label><input type="text" id="first" name="first_name" autocomplete="given-name" required></div>
            <div class="field"><label for="zip">ZIP code</label><input type="text" id="zip" name="zip" autocomplete="postal-code" required></div>
          </div>
          <div class="note">Demo checkout: no payment is taken. The thank-you view sends <code>checkout</code> with the order ID.</div>
          <button class="btn accent block" style="margin-top:18px">Place order</button>
        </form>`
            : ''
        }
      </div>
      <aside class="summary"><h3>Order summary</h3>
        <div class="sline"><span>Subtotal</span><span>${Store.money(total)}</span></div>
        <div class="sline"><span>Shipping</span><span>Free</span></div>
        <div class="total"><span>Total</span><span>${Store.money(total)}</span></div></aside>
    </div>`;
  app.querySelector('.cart-lines').onclick = (event) => {
    const button = event.target.closest('[data-set]');
    if (!button) return;
    Store.setQuantity(button.dataset.set, Number(button.dataset.n));
    cart();
  };
  app.querySelector('#checkout')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const orderId = Store.nextOrderId();
    Store.saveOrder(orderId, items);
    Store.clearCart();
    navigate(`/spa/thank-you?order=${orderId}`);
  });
}

function thankYou(orderId) {
  document.title = 'Thank you · Kiln & Co.';
  const items = orderId && Store.orders()[orderId];
  if (!items) {
    app.innerHTML =
      '<section class="thanks"><h1>No order here</h1><p class="muted">Place an order from your <a href="/spa/cart">cart</a> to see this page.</p></section>';
    return;
  }
  // A completed order: the event ID is derived from the order ID, so the server's Conversions API event gets
  // the same one, and coming back to this view (Back, then Forward) reports `duplicate` instead of a second sale.
  const result = pinterest.checkout({ orderId, items });
  app.innerHTML = `
    <section class="thanks">
      <div class="check">✓</div><div class="eyebrow">Order #${esc(orderId)}</div>
      <h1>Thank you! Your order is in.</h1><p class="muted">We will email you when it ships. (This is a demo: it will not.)</p>
      <div class="summary">${items.map((item) => `<div class="sline"><span>${item.quantity} × ${esc(item.name)}</span><span>${Store.money(item.price * item.quantity)}</span></div>`).join('')}
        <div class="total"><span>Total</span><span>${Store.money(Store.cartTotal(items))}</span></div></div>
      <div class="note">${
        result.status === 'duplicate'
          ? `<code>checkout</code> for order ${esc(orderId)} was already sent from this browser, so it was not sent again (status <code>duplicate</code>, event ID <code>${esc(result.eventId)}</code>).`
          : `<code>checkout</code>: status <code>${esc(result.status)}</code>, event ID <code>${esc(result.eventId)}</code>, derived from order ${esc(orderId)}. Go Back and Forward: it is not sent twice.`
      }</div>
      <p style="margin-top:24px"><a class="btn ghost" href="/spa/">Keep shopping</a></p>
    </section>`;
}

function notFound() {
  document.title = 'Not found · Kiln & Co.';
  app.innerHTML = '<section class="thanks"><h1>Nothing here</h1><p class="muted"><a href="/spa/">Back to the shop</a></p></section>';
}

// ---------------------------------------------------------------------------------------------------------
// What every view shares: quick add-to-cart, search, the newsletter, the cart badge and the toast.

document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-add]');
  if (!button) return;
  const p = Store.product(button.dataset.add);
  Store.addToCart(p.id, 1);
  toast(`Added ${p.name} to your cart`, pinterest.addToCart({ product: Store.lineItem(p, 1) }));
});

document.getElementById('search').addEventListener('submit', (event) => {
  event.preventDefault();
  navigate(`/spa/search?q=${encodeURIComponent(event.target.q.value.trim())}`);
});

document.getElementById('newsletter').addEventListener('submit', (event) => {
  event.preventDefault();
  const result = pinterest.signup({ leadType: 'newsletter' });
  event.target.reset();
  toast('Thanks! You are on the list.', result);
});

function updateCartCount() {
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = Store.cartCount();
}
addEventListener('store:cart', updateCartCount);

let toastTimer;
/** A short message with what the SDK returned: the event, its status and its ID. */
function toast(message, result) {
  let el = document.querySelector('.toast');
  if (!el) {
    el = Object.assign(document.createElement('div'), { className: 'toast' });
    el.setAttribute('role', 'status');
    document.body.append(el);
  }
  el.innerHTML = `${esc(message)}<small>${esc(`${result.event} · ${result.status} · ${result.eventId}`)}</small>`;
  el.classList.add('on');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('on'), 3200);
}

render();
