// The demo store's catalog, its product art and its cart, shared by the theme pages and the SPA.
// Plain script, no build step: it defines `window.Store`.
(function () {
  'use strict';

  var categories = [
    { slug: 'mugs', name: 'Mugs & Cups', blurb: 'Wheel-thrown, dishwasher safe, made for slow mornings.' },
    { slug: 'vases', name: 'Vases', blurb: 'Bud vases and statement pieces in earthy glazes.' },
    { slug: 'tableware', name: 'Tableware', blurb: 'Plates and bowls for every day and long dinners.' },
    { slug: 'planters', name: 'Planters', blurb: 'Drainage holes, saucers, and room to grow.' },
  ];

  // `id` is what the store's Pinterest catalog calls the product: it becomes `line_items[].product_id`.
  var products = [
    {
      id: 'KC-1001',
      name: 'Speckled Stoneware Mug',
      price: 28,
      category: 'mugs',
      shape: 'mug',
      glaze: '#e9dcc7',
      bg: '#f4ede2',
      speckle: true,
      text: 'A generous 12 oz mug in oatmeal stoneware with iron speckles that come through the glaze. The handle fits three fingers.',
    },
    {
      id: 'KC-1002',
      name: 'Pour-over Coffee Set',
      price: 72,
      category: 'mugs',
      shape: 'pourover',
      glaze: '#3f4a3c',
      bg: '#dfe5d8',
      text: 'A cone dripper that sits on its own carafe, in a deep moss glaze. Brews two cups; takes standard #2 filters.',
    },
    {
      id: 'KC-2001',
      name: 'Terracotta Bud Vase',
      price: 34,
      category: 'vases',
      shape: 'bud',
      glaze: '#c0643f',
      bg: '#f6e0d4',
      text: 'Raw terracotta outside, glazed inside so it holds water. Just right for a single stem.',
    },
    {
      id: 'KC-2002',
      name: 'Ribbed Floor Vase',
      price: 118,
      category: 'vases',
      shape: 'tall',
      glaze: '#d8cfc0',
      bg: '#eeeae2',
      text: 'Hand-carved ribs under a chalky white glaze, 45 cm tall. Dried pampas looks at home in it.',
    },
    {
      id: 'KC-3001',
      name: 'Linen Glaze Serving Bowl',
      price: 54,
      category: 'tableware',
      shape: 'bowl',
      glaze: '#8aa2a8',
      bg: '#e1e9ea',
      text: 'A wide, shallow bowl in a soft blue-grey glaze that pools darker at the rim. Salads, pasta, fruit.',
    },
    {
      id: 'KC-3002',
      name: 'Dinner Plates, Set of 4',
      price: 96,
      category: 'tableware',
      shape: 'plate',
      glaze: '#f1ebe1',
      bg: '#e8e0d3',
      text: 'Four 27 cm plates with an unglazed foot and a warm cream glaze. Oven and microwave safe.',
    },
    {
      id: 'KC-4001',
      name: 'Hanging Planter',
      price: 42,
      category: 'planters',
      shape: 'planter',
      glaze: '#b9c6a6',
      bg: '#e7ecdf',
      text: 'A sage planter on a cotton cord, with a drainage hole and a cork plug. Made for trailing pothos.',
    },
    {
      id: 'KC-4002',
      name: 'Sculpted Candle Holder',
      price: 26,
      category: 'planters',
      shape: 'candle',
      glaze: '#efc6a9',
      bg: '#f7e6da',
      text: 'A low dish with a sculpted cup for a taper candle. Looks just as good holding rings by the sink.',
    },
  ];

  function category(slug) {
    return categories.filter(function (c) {
      return c.slug === slug;
    })[0];
  }

  function product(id) {
    return products.filter(function (p) {
      return p.id === id;
    })[0];
  }

  function money(amount) {
    return `$${Number(amount).toFixed(2)}`;
  }

  /** A product as a Pinterest line item: the fields `line_items[]` takes, and a quantity when one is given. */
  function lineItem(p, quantity) {
    var item = { id: p.id, name: p.name, price: p.price, category: category(p.category).name, brand: 'Kiln & Co.' };
    if (quantity) item.quantity = quantity;
    return item;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Product art: a few lines of SVG per shape instead of photos, so the demo has no binary assets.
  var shapes = {
    mug: function (g) {
      return (
        '<path d="M138 92c26 0 28 44 0 44" fill="none" stroke="' +
        g +
        '" stroke-width="11" stroke-linecap="round"/>' +
        '<rect x="58" y="74" width="84" height="86" rx="16" fill="' +
        g +
        '"/>' +
        '<ellipse cx="100" cy="76" rx="42" ry="8" fill="#00000014"/>'
      );
    },
    pourover: function (g) {
      return (
        '<path d="M66 150c0-30 12-44 34-44s34 14 34 44c0 8-6 12-34 12s-34-4-34-12z" fill="' +
        g +
        '"/>' +
        '<path d="M62 60h76l-22 40H84z" fill="' +
        g +
        '"/><rect x="84" y="98" width="32" height="10" rx="3" fill="' +
        g +
        '"/>' +
        '<ellipse cx="100" cy="61" rx="38" ry="6" fill="#ffffff26"/>'
      );
    },
    bud: function (g) {
      return (
        '<path d="M90 52h20v26c30 14 36 46 25 70-5 11-16 13-35 13s-30-2-35-13c-11-24-5-56 25-70z" fill="' +
        g +
        '"/>' +
        '<path d="M100 52c-2-14 4-26 14-34" fill="none" stroke="#6f8a5a" stroke-width="3"/><circle cx="116" cy="16" r="7" fill="#e9a23b"/>'
      );
    },
    tall: function (g) {
      var ribs = '';
      for (var x = 78; x <= 122; x += 11) ribs += `<path d="M${x} 58v110" stroke="#0000000f" stroke-width="4"/>`;
      return (
        '<path d="M80 30h40v14c14 20 18 60 12 100-2 14-10 22-32 22s-30-8-32-22c-6-40-2-80 12-100z" fill="' +
        g +
        '"/>' +
        ribs +
        '<path d="M92 30c-8-14-20-20-30-22M104 30c4-12 14-18 26-20" fill="none" stroke="#b59c75" stroke-width="3"/>'
      );
    },
    bowl: function (g) {
      return (
        '<path d="M34 96h132c0 42-30 64-66 64S34 138 34 96z" fill="' +
        g +
        '"/>' +
        '<ellipse cx="100" cy="96" rx="66" ry="14" fill="#3d5a61"/><ellipse cx="100" cy="96" rx="58" ry="10" fill="#ffffff1f"/>' +
        '<circle cx="84" cy="90" r="9" fill="#e9a23b"/><circle cx="104" cy="88" r="10" fill="#d2553f"/><circle cx="120" cy="92" r="8" fill="#7c9a4e"/>'
      );
    },
    plate: function (g) {
      return (
        '<ellipse cx="100" cy="108" rx="74" ry="44" fill="#00000012"/><ellipse cx="100" cy="102" rx="74" ry="44" fill="' +
        g +
        '"/>' +
        '<ellipse cx="100" cy="102" rx="48" ry="28" fill="#0000000a"/><ellipse cx="100" cy="86" rx="56" ry="30" fill="' +
        g +
        '" opacity=".9"/>' +
        '<ellipse cx="100" cy="86" rx="36" ry="19" fill="#0000000a"/>'
      );
    },
    planter: function (g) {
      return (
        '<path d="M100 8L62 96M100 8l38 88M100 8v88" stroke="#a08868" stroke-width="2"/>' +
        '<path d="M58 96h84l-10 50c-2 10-14 14-32 14s-30-4-32-14z" fill="' +
        g +
        '"/>' +
        '<path d="M76 98c-6 22-22 40-30 62M96 98c0 24 4 44-4 66M118 98c10 20 26 34 34 58" fill="none" stroke="#4f7a43" stroke-width="3"/>' +
        '<circle cx="48" cy="150" r="6" fill="#5f8f4f"/><circle cx="92" cy="160" r="6" fill="#5f8f4f"/><circle cx="150" cy="150" r="6" fill="#5f8f4f"/>'
      );
    },
    candle: function (g) {
      return (
        '<rect x="93" y="50" width="14" height="80" rx="3" fill="#faf6ee"/>' +
        '<path d="M100 26c8 10 8 18 0 22-8-4-8-12 0-22z" fill="#f0a33a"/>' +
        '<path d="M40 132h120c0 18-26 28-60 28s-60-10-60-28z" fill="' +
        g +
        '"/><ellipse cx="100" cy="132" rx="60" ry="10" fill="' +
        g +
        '"/>' +
        '<path d="M84 132c0-8 6-12 16-12s16 4 16 12" fill="' +
        g +
        '" stroke="#0000001a" stroke-width="2"/>'
      );
    },
  };

  function art(p) {
    var speckles = '';
    if (p.speckle) {
      // Iron speckles at fixed pseudo-random spots on the mug's body (a tiny LCG: the same art on every load).
      for (var i = 0, seed = 7; i < 34; i++) {
        seed = (seed * 16807) % 2147483647;
        var x = 62 + (seed % 76);
        seed = (seed * 16807) % 2147483647;
        speckles += `<circle cx="${x}" cy="${80 + (seed % 76)}" r="${i % 3 ? 1.2 : 2}" fill="#6b5a45" opacity=".5"/>`;
      }
    }
    return (
      '<svg viewBox="0 0 200 200" role="img" aria-label="' +
      escapeHtml(p.name) +
      '" style="background:' +
      p.bg +
      '">' +
      '<ellipse cx="100" cy="172" rx="62" ry="8" fill="#0000000f"/>' +
      shapes[p.shape](p.glaze) +
      speckles +
      '</svg>'
    );
  }

  // The cart lives in localStorage so every page (and a reload) sees it.
  var CART_KEY = 'kiln_cart';

  function cart() {
    try {
      return JSON.parse(localStorage.getItem(CART_KEY)) || [];
    } catch (e) {
      return []; // Storage off or garbled: an empty cart.
    }
  }

  function saveCart(lines) {
    try {
      localStorage.setItem(CART_KEY, JSON.stringify(lines));
    } catch (e) {
      // Private mode: the cart just does not survive the page.
    }
    dispatchEvent(new CustomEvent('store:cart'));
  }

  function addToCart(id, quantity) {
    var lines = cart();
    var line = lines.filter(function (l) {
      return l.id === id;
    })[0];
    if (line) line.quantity += quantity || 1;
    else lines.push({ id: id, quantity: quantity || 1 });
    saveCart(lines);
  }

  function setQuantity(id, quantity) {
    saveCart(
      cart()
        .map(function (l) {
          return l.id === id ? { id: id, quantity: quantity } : l;
        })
        .filter(function (l) {
          return l.quantity > 0;
        }),
    );
  }

  /** The cart as line items, ready for `checkout` (a line whose product is gone is left out). */
  function cartItems() {
    return cart()
      .filter(function (l) {
        return product(l.id);
      })
      .map(function (l) {
        return lineItem(product(l.id), l.quantity);
      });
  }

  function cartTotal(items) {
    return (items || cartItems()).reduce(function (sum, item) {
      return sum + item.price * item.quantity;
    }, 0);
  }

  function cartCount() {
    return cart().reduce(function (n, l) {
      return n + l.quantity;
    }, 0);
  }

  // Orders placed in this browser, so a reloaded thank-you page still knows what was bought.
  var ORDERS_KEY = 'kiln_orders';

  function orders() {
    try {
      return JSON.parse(localStorage.getItem(ORDERS_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function saveOrder(orderId, items) {
    var all = orders();
    all[orderId] = items;
    try {
      localStorage.setItem(ORDERS_KEY, JSON.stringify(all));
    } catch (e) {
      // Nothing to do: the thank-you page then shows the order without its items on reload.
    }
  }

  /** The next order number: 1001, 1002, … per browser. */
  function nextOrderId() {
    var ids = Object.keys(orders()).map(Number).filter(isFinite);
    return String(Math.max.apply(null, [1000].concat(ids)) + 1);
  }

  window.Store = {
    categories: categories,
    products: products,
    category: category,
    product: product,
    money: money,
    lineItem: lineItem,
    escapeHtml: escapeHtml,
    art: art,
    cart: cart,
    addToCart: addToCart,
    setQuantity: setQuantity,
    cartItems: cartItems,
    cartTotal: cartTotal,
    cartCount: cartCount,
    clearCart: function () {
      saveCart([]);
    },
    orders: orders,
    saveOrder: saveOrder,
    nextOrderId: nextOrderId,
  };
})();
