// Platform payloads in the shapes their documentation gives, for the event sources' tests (unit and Chromium).
// Each fixture cites the page its shape comes from; the values are made up (a mug shop), the field names and
// nesting are the platform's. Where a page did not spell a shape out, the comment says what it follows instead.

// --- GA4 (Google Analytics 4 recommended ecommerce events) ------------------------------------------------------
// https://developers.google.com/analytics/devguides/collection/ga4/reference/events?client_type=gtm (event and
// parameter names), https://developers.google.com/analytics/devguides/collection/ga4/ecommerce?client_type=gtm (the
// `dataLayer.push({ ecommerce: null })` before each event, `item_*` fields).

/** An item as GA4's reference lists its fields (item_id, item_name, item_brand, item_category, item_variant, price, quantity, plus fields no Pinterest field takes). */
export const GA4_ITEM = {
  item_id: 'KC-1001',
  item_name: 'Speckled Stoneware Mug',
  affiliation: 'Kiln & Co.',
  coupon: 'SUMMER_FUN',
  discount: 2.22,
  index: 0,
  item_brand: 'Kiln & Co.',
  item_category: 'Mugs & Cups',
  item_category2: 'Stoneware',
  item_list_id: 'related_products',
  item_list_name: 'Related Products',
  item_variant: 'speckled',
  price: 28,
  quantity: 2,
};

export const GA4_ITEM_2 = {
  item_id: 'KC-2001',
  item_name: 'Terracotta Bud Vase',
  item_brand: 'Kiln & Co.',
  item_category: 'Vases',
  price: '34.00',
  quantity: '1',
};

/** `view_item` (currency, value, items). */
export const GA4_VIEW_ITEM = { event: 'view_item', ecommerce: { currency: 'USD', value: 28, items: [{ ...GA4_ITEM, quantity: 1 }] } };

/** `view_item_list` (item_list_id, item_list_name, items). */
export const GA4_VIEW_ITEM_LIST = {
  event: 'view_item_list',
  ecommerce: { item_list_id: 'mugs', item_list_name: 'Mugs & Cups', items: [GA4_ITEM, GA4_ITEM_2] },
};

/** `search` (search_term). */
export const GA4_SEARCH = { event: 'search', search_term: 'speckled mug' };

/** `add_to_cart` (currency, value, items). */
export const GA4_ADD_TO_CART = { event: 'add_to_cart', ecommerce: { currency: 'USD', value: 56, items: [GA4_ITEM] } };

/** `add_to_wishlist` (currency, value, items). */
export const GA4_ADD_TO_WISHLIST = { event: 'add_to_wishlist', ecommerce: { currency: 'USD', value: 34, items: [GA4_ITEM_2] } };

/** `begin_checkout` (currency, value, coupon, items). */
export const GA4_BEGIN_CHECKOUT = { event: 'begin_checkout', ecommerce: { currency: 'USD', value: 90, coupon: 'SUMMER_FUN', items: [GA4_ITEM, GA4_ITEM_2] } };

/** `add_payment_info` (currency, value, coupon, payment_type, items). */
export const GA4_ADD_PAYMENT_INFO = {
  event: 'add_payment_info',
  ecommerce: { currency: 'USD', value: 90, coupon: 'SUMMER_FUN', payment_type: 'Credit Card', items: [GA4_ITEM, GA4_ITEM_2] },
};

/** `purchase` (transaction_id, value, tax, shipping, currency, coupon, items). */
export const GA4_PURCHASE = {
  event: 'purchase',
  ecommerce: { transaction_id: 'T_12345', value: 95.99, tax: 4.5, shipping: 5.99, currency: 'USD', coupon: 'SUMMER_FUN', items: [GA4_ITEM, GA4_ITEM_2] },
};

/** `sign_up` (method). */
export const GA4_SIGN_UP = { event: 'sign_up', method: 'Google' };

/** `generate_lead` (currency, value, lead_source): not an ecommerce event, its parameters beside `event`. */
export const GA4_GENERATE_LEAD = { event: 'generate_lead', currency: 'USD', value: 10, lead_source: 'Trade show' };

// --- Shopify Web Pixels API standard events ---------------------------------------------------------------------
// https://shopify.dev/docs/api/web-pixels-api/standard-events and one page per event (…/standard-events/<name>):
// every event is { id, name, type: 'standard', timestamp, clientId, context, data }; ProductVariant, CartLine,
// Checkout, CheckoutLineItem, MoneyV2 as on those pages (IDs are numbers as text).

const SHOPIFY_PRODUCT = {
  id: '7808926384363',
  title: 'Speckled Stoneware Mug',
  untranslatedTitle: 'Speckled Stoneware Mug',
  vendor: 'Kiln & Co.',
  type: 'Mugs',
  url: '/products/speckled-mug',
};
/** A ProductVariant (…/standard-events/product_viewed, `data.productVariant`). */
export const SHOPIFY_VARIANT = {
  id: '43218082857195',
  image: { src: '//shop.example.com/cdn/shop/products/mug.jpg' },
  price: { amount: 28, currencyCode: 'USD' },
  product: SHOPIFY_PRODUCT,
  sku: 'KC-1001-SP',
  title: 'Speckled',
  untranslatedTitle: 'Speckled',
};
const SHOPIFY_VARIANT_2 = {
  id: '43218082726123',
  image: null,
  price: { amount: 34, currencyCode: 'USD' },
  product: {
    id: '7808926253291',
    title: 'Terracotta Bud Vase',
    untranslatedTitle: 'Terracotta Bud Vase',
    vendor: 'Kiln & Co.',
    type: 'Vases',
    url: '/products/bud-vase',
  },
  sku: null,
  title: 'Default Title',
  untranslatedTitle: 'Default Title',
};

const pixelEvent = (name: string, data: unknown) => ({
  id: `sh-${name}`,
  name,
  type: 'standard',
  timestamp: '2026-11-30T10:00:00.000Z',
  clientId: 'c-1',
  context: {},
  data,
});

/** product_viewed: data.productVariant. */
export const PIXEL_PRODUCT_VIEWED = pixelEvent('product_viewed', { productVariant: SHOPIFY_VARIANT });
/** collection_viewed: data.collection { id, title, productVariants }. */
export const PIXEL_COLLECTION_VIEWED = pixelEvent('collection_viewed', {
  collection: { id: '408385257707', title: 'Mugs & Cups', productVariants: [SHOPIFY_VARIANT, SHOPIFY_VARIANT_2] },
});
/** search_submitted: data.searchResult { query, productVariants }. */
export const PIXEL_SEARCH_SUBMITTED = pixelEvent('search_submitted', { searchResult: { query: 'speckled mug', productVariants: [SHOPIFY_VARIANT] } });
/** product_added_to_cart: data.cartLine { cost: { totalAmount }, merchandise, quantity }. */
export const PIXEL_PRODUCT_ADDED = pixelEvent('product_added_to_cart', {
  cartLine: { cost: { totalAmount: { amount: 56, currencyCode: 'USD' } }, merchandise: SHOPIFY_VARIANT, quantity: 2 },
});

/** A Checkout (…/standard-events/checkout_completed, `data.checkout`), with `order.id` for a completed one. */
export const shopifyCheckout = (orderId: string | null) => ({
  attributes: [],
  billingAddress: null,
  buyerAcceptsEmailMarketing: false,
  buyerAcceptsSmsMarketing: false,
  currencyCode: 'USD',
  delivery: null,
  discountApplications: [
    {
      allocationMethod: 'ACROSS',
      targetSelection: 'ALL',
      targetType: 'LINE_ITEM',
      title: 'SUMMER_FUN',
      type: 'DISCOUNT_CODE',
      value: { amount: 5, currencyCode: 'USD' },
    },
  ],
  discountsAmount: { amount: 5, currencyCode: 'USD' },
  email: 'Jane.Doe@Example.COM',
  lineItems: [
    {
      discountAllocations: [],
      finalLinePrice: { amount: 56, currencyCode: 'USD' },
      id: 'li-1',
      properties: [],
      quantity: 2,
      sellingPlanAllocation: null,
      title: 'Speckled Stoneware Mug',
      variant: SHOPIFY_VARIANT,
    },
    {
      discountAllocations: [],
      finalLinePrice: { amount: 34, currencyCode: 'USD' },
      id: 'li-2',
      properties: [],
      quantity: 1,
      sellingPlanAllocation: null,
      title: 'Terracotta Bud Vase',
      variant: SHOPIFY_VARIANT_2,
    },
  ],
  localization: {},
  order: orderId === null ? null : { id: orderId, customer: { id: '115310627314723954', isFirstOrder: true } },
  phone: '+16135551111',
  shippingAddress: {
    address1: '1 Main St',
    city: 'Ottawa',
    country: 'Canada',
    countryCode: 'CA',
    firstName: 'Jane',
    lastName: 'Doe',
    phone: '+16135551111',
    province: 'Ontario',
    provinceCode: 'ON',
    zip: 'K2P 1L4',
  },
  shippingLine: null,
  smsMarketingPhone: null,
  subtotalPrice: { amount: 90, currencyCode: 'USD' },
  token: 'b1946ac92492d2347c6235b4d2611184',
  totalPrice: { amount: 95.99, currencyCode: 'USD' },
  totalTax: { amount: 4.5, currencyCode: 'USD' },
  transactions: [],
});

/** checkout_started, payment_info_submitted, checkout_completed: data.checkout. */
export const PIXEL_CHECKOUT_STARTED = pixelEvent('checkout_started', { checkout: shopifyCheckout(null) });
export const PIXEL_PAYMENT_INFO = pixelEvent('payment_info_submitted', { checkout: shopifyCheckout(null) });
export const pixelCheckoutCompleted = (orderId: string) => pixelEvent('checkout_completed', { checkout: shopifyCheckout(orderId) });
/** page_viewed: data {} (…/standard-events/page_viewed). */
export const PIXEL_PAGE_VIEWED = pixelEvent('page_viewed', {});
/** init (…/standard-api/init): data.customer { email, phone, … } for a logged-in customer. */
export const PIXEL_INIT = {
  context: {},
  data: {
    customer: { email: 'jane.doe@example.com', firstName: 'Jane', id: '1', lastName: 'Doe', ordersCount: 3, phone: '+16135551111' },
    cart: null,
    shop: {},
  },
};

// --- Shopify standard storefront events (themes) ------------------------------------------------------------------
// https://shopify.dev/docs/api/storefront-events-and-actions/events (and one page per event): DOM events on the
// element of the interaction, bubbling to document, the payload on the event itself; IDs are Storefront API GIDs.

/** shopify:page:view { page: { template, title, url } } (…/events/page-view). */
export const themePageView = (template: string) => ({
  page: { template, title: 'Speckled Stoneware Mug', url: 'https://shop.example.com/products/speckled-mug' },
});
/**
 * shopify:product:view { context, selectedOptions, product } (…/events/product-view); the product's fields follow
 * the Storefront API Product (id, title, handle, vendor, productType) and `selectedVariant` its ProductVariant.
 */
export const THEME_PRODUCT_VIEW = {
  context: 'page',
  selectedOptions: [{ name: 'Glaze', value: 'Speckled' }],
  product: {
    id: 'gid://shopify/Product/7808926384363',
    title: 'Speckled Stoneware Mug',
    handle: 'speckled-mug',
    vendor: 'Kiln & Co.',
    productType: 'Mugs',
  },
  selectedVariant: { id: 'gid://shopify/ProductVariant/43218082857195', sku: 'KC-1001-SP', title: 'Speckled', price: { amount: '28.0', currencyCode: 'USD' } },
};
/** shopify:cart:lines-update for an add { action, context, lines } (…/events/cart-lines-update); lines as CartLineInput. */
export const THEME_CART_ADD = { action: 'add', context: 'product', lines: [{ merchandiseId: 'gid://shopify/ProductVariant/43218082857195', quantity: 2 }] };
/** What its promise resolves with: { cart, userErrors }, the cart as the Storefront API's Cart (lines.nodes). */
export const THEME_CART_RESULT = {
  cart: {
    id: 'gid://shopify/Cart/c1',
    cost: { totalAmount: { amount: '56.0', currencyCode: 'USD' } },
    lines: {
      nodes: [
        {
          id: 'gid://shopify/CartLine/1',
          quantity: 2,
          cost: { totalAmount: { amount: '56.0', currencyCode: 'USD' } },
          merchandise: { ...THEME_PRODUCT_VIEW.selectedVariant, product: THEME_PRODUCT_VIEW.product },
        },
      ],
    },
  },
  userErrors: [],
};
/** shopify:search:update { search: { query, productFilters, sortKey } } (…/events/search-update). */
export const THEME_SEARCH = { search: { query: 'speckled mug', sortKey: 'RELEVANCE' } };
/** shopify:collection:update { collection: { id, title, handle, productsCount } } (…/events/collection-update). */
export const THEME_COLLECTION_UPDATE = {
  collection: { id: 'gid://shopify/Collection/408385257707', title: 'Mugs & Cups', handle: 'mugs', productsCount: 12 },
  sortKey: 'PRICE',
};

// --- SHOPLINE theme events ---------------------------------------------------------------------------------------
// Online Store 3.0: https://developer.shopline.com/docs/online-store-3-0-themes/best-practice/theme-events
// (`product:viewed` with this detail is the page's own example); `variant:added` as the standard theme Bottle's
// product form dispatches it (public theme code): price is the unit price times the quantity.
export const SHOPLINE_PRODUCT_VIEWED = {
  productId: '16069825781843611825520845',
  productHandle: 'Shirt',
  variantId: '18066825256105052042503900',
  price: 9999,
  currency: 'USD',
};
export const SHOPLINE_VARIANT_ADDED = {
  productId: '16069825781843611825520845',
  productHandle: 'Shirt',
  variantId: '18066825256105052042503900',
  quantity: 2,
  price: 19998,
  currency: 'USD',
  lineItemKey: 'k1',
};
// Online Store 2.0/1.0: https://developer.shopline.com/docs/themes-2-0/best-practices/theme-event/online-store-2-0-1-0-events
// `Product::SkuChanged` payload `{ data: { type, quantity, spuSeq, skuSeq, price, … } }`.
export const SHOPLINE_SKU_INIT = {
  data: {
    type: 'init',
    quantity: 1,
    spuSeq: '16057015267425735441880',
    skuSeq: '18057015267434023986710',
    price: 9999,
    originPrice: 12999,
    stock: 10,
    available: true,
  },
};

// --- Adobe Commerce Storefront Events SDK ------------------------------------------------------------------------
// A handler gets { event, eventInfo } (github.com/adobe/commerce-events packages/storefront-events-sdk
// src/types/events.ts); eventInfo holds the contexts (src/types/schemas: product.ts, shoppingCart.ts, order.ts,
// account.ts, searchInput.ts, storefrontInstance.ts), as
// https://developer.adobe.com/commerce/services/shared-services/storefront-events/reference/storefront-events lists.
const ADOBE_PRODUCT = {
  productId: 1001,
  name: 'Speckled Stoneware Mug',
  sku: 'KC-1001',
  topLevelSku: 'KC-1001',
  categories: ['Mugs & Cups'],
  pricing: { regularPrice: 30, specialPrice: 28, currencyCode: 'USD' },
};
const ADOBE_CART_ITEM = {
  canApplyMsrp: false,
  formattedPrice: '$28.00',
  id: 'q1',
  prices: { price: { value: 28, currency: 'USD' } },
  product: ADOBE_PRODUCT,
  quantity: 2,
};
const ADOBE_INSTANCE = {
  environmentId: 'e1',
  environment: 'Production',
  storeUrl: 'https://shop.example.com',
  websiteId: 1,
  storeId: 1,
  storeViewId: 1,
  websiteName: 'Main',
  storeName: 'Main',
  storeViewName: 'Default',
  baseCurrencyCode: 'USD',
  storeViewCurrencyCode: 'USD',
};
const ADOBE_CART = { id: 'cart-1', items: [ADOBE_CART_ITEM], prices: { subtotalIncludingTax: { value: 56, currency: 'USD' } }, totalQuantity: 2 };
const adobeEvent = (event: string, contexts: Record<string, unknown>) => ({ event, eventInfo: { storefrontInstanceContext: ADOBE_INSTANCE, ...contexts } });
export const ADOBE_PRODUCT_PAGE_VIEW = adobeEvent('product-page-view', { productContext: ADOBE_PRODUCT });
export const ADOBE_ADD_TO_CART = adobeEvent('add-to-cart', {
  productContext: ADOBE_PRODUCT,
  changedProductsContext: { items: [ADOBE_CART_ITEM] },
  shoppingCartContext: ADOBE_CART,
});
export const ADOBE_INITIATE_CHECKOUT = adobeEvent('initiate-checkout', { shoppingCartContext: ADOBE_CART });
export const adobePlaceOrder = (orderId: string) =>
  adobeEvent('place-order', {
    shoppingCartContext: ADOBE_CART,
    orderContext: {
      appliedCouponCode: 'SUMMER_FUN',
      email: 'Jane.Doe@Example.COM',
      grandTotal: 61.99,
      orderId,
      otherTax: 0,
      paymentMethodCode: 'checkmo',
      paymentMethodName: 'Check',
      salesTax: 0,
      subtotalExcludingTax: 56,
      subtotalIncludingTax: 56,
    },
    accountContext: { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane.doe@example.com' },
  });
export const ADOBE_SEARCH = adobeEvent('search-request-sent', {
  searchUnitId: 'productPage',
  searchInputContext: {
    units: [
      {
        searchUnitId: 'productPage',
        searchRequestId: 'r1',
        queryTypes: ['products'],
        phrase: 'speckled mug',
        pageSize: 12,
        currentPage: 1,
        filter: [],
        sort: [],
      },
    ],
  },
});
export const ADOBE_CREATE_ACCOUNT = adobeEvent('create-account', {
  accountContext: { firstName: 'Jane', lastName: 'Doe', emailAddress: 'jane.doe@example.com' },
});
