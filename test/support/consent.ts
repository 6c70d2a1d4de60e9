// The places stores keep consent, for the consent signals' tests (`consentFrom`), as real as they can be:
// - Google Consent Mode: the real gtag snippet (its `gtag()` pushes its `arguments` object onto `window.dataLayer`,
//   https://developers.google.com/tag-platform/gtagjs/install), and a stand-in for Tag Manager's wrapping of
//   `dataLayer.push` as Google's data-layer-helper does it (github.com/google/data-layer-helper: it keeps the `push` it
//   found and calls it, then processes the new entries);
// - IAB TCF: the IAB Tech Lab's own libraries, @iabtechlabtcf/core to encode TC strings and @iabtechlabtcf/cmpapi to
//   stand up a real `__tcfapi` (with @iabtechlabtcf/stub for a CMP whose stub comes first);
// - Shopify: fakes in the documented shapes of the Customer Privacy API (https://shopify.dev/docs/api/customer-privacy)
//   and of a web pixel's `init.customerPrivacy` and `customerPrivacy.subscribe`
//   (https://shopify.dev/docs/api/web-pixels-api/pixel-privacy).
import { CmpApiModel } from '@iabtechlabtcf/cmpapi';
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';

// --- Google Consent Mode ---------------------------------------------------------------------------------------

/** The gtag snippet's two lines, verbatim, run as a page runs them (indirect eval: global scope, real `arguments`). */
export const GTAG_SNIPPET = 'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}';

/** Installs the gtag snippet and returns the page's `gtag`. */
export function installGtag(): (...args: unknown[]) => void {
  (0, eval)(GTAG_SNIPPET);
  return (globalThis as unknown as { gtag: (...args: unknown[]) => void }).gtag;
}

/**
 * Tag Manager's hold on the data layer: it wraps `push` as Google's data-layer-helper does (the `push` it found is
 * called first, then the new entries are processed), and records what it processed.
 */
export function wrapLikeTagManager(): unknown[] {
  const layer = ((window as unknown as { dataLayer?: unknown[] }).dataLayer ??= []);
  const processed: unknown[] = [...layer];
  const found = layer.push;
  layer.push = function (...items: unknown[]): number {
    const result = found.apply(layer, items);
    processed.push(...items);
    return result;
  };
  return processed;
}

// --- IAB TCF ---------------------------------------------------------------------------------------------------

/** The TCF v2.2 purposes (Appendix A of the TCF Policies), for a small Global Vendor List of the tests' own. */
const PURPOSES = [
  'Store and/or access information on a device',
  'Use limited data to select advertising',
  'Create profiles for personalised advertising',
  'Use profiles to select personalised advertising',
  'Create profiles to personalise content',
  'Use profiles to select personalised content',
  'Measure advertising performance',
  'Measure content performance',
  'Understand audiences through statistics or combinations of data from different sources',
  'Develop and improve services',
  'Use limited data to select content',
];

/** A vendor the tests' GVL lists, standing for a Pinterest vendor ID (`tcfVendorId`). */
export const TEST_VENDOR_ID = 1001;

/** A Global Vendor List of the tests' own, in the GVL v3 shape (TCF policy version 5 = TCF v2.2). */
export function testGvl(): GVL {
  const vendor = (id: number) => ({
    id,
    name: `Test vendor ${id}`,
    purposes: [1, 3, 4, 7],
    legIntPurposes: [],
    flexiblePurposes: [],
    specialPurposes: [],
    features: [],
    specialFeatures: [],
    cookieMaxAgeSeconds: 31536000,
    usesCookies: true,
    cookieRefresh: false,
    usesNonCookieAccess: false,
    urls: [],
  });
  return new GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 106,
    tcfPolicyVersion: 5,
    lastUpdated: '2025-05-08T16:00:32Z',
    purposes: Object.fromEntries(PURPOSES.map((name, i) => [i + 1, { id: i + 1, name, description: name, illustrations: [] }])),
    specialPurposes: {},
    features: {},
    specialFeatures: {},
    stacks: {},
    dataCategories: {},
    vendors: { [TEST_VENDOR_ID]: vendor(TEST_VENDOR_ID), 1002: vendor(1002) },
  } as never);
}

/** A TC string, encoded by the IAB's own encoder, with consent for `purposes` and `vendors`. */
export function tcString({ purposes = [] as number[], vendors = [] as number[] } = {}): string {
  const model = new TCModel(testGvl());
  model.cmpId = 10;
  model.cmpVersion = 1;
  model.publisherCountryCode = 'FR';
  if (purposes.length) model.purposeConsents.set(purposes);
  if (vendors.length) model.vendorConsents.set(vendors);
  return TCString.encode(model);
}

/** Every purpose the tag needs (1, 3, 4, 7) and the test vendor: what "accept all" gives. */
export const ACCEPT_ALL = { purposes: [1, 3, 4, 7, 8, 9, 10], vendors: [TEST_VENDOR_ID, 1002] };

// --- Shopify ---------------------------------------------------------------------------------------------------

export interface ShopifyChoice {
  marketing?: boolean;
  saleOfData?: boolean;
  /** The banner shows: a choice is still to be made where one is required. */
  banner?: boolean;
}

/**
 * `window.Shopify` with the Customer Privacy API in its documented shape. `loaded: false` puts only `loadFeatures`
 * there, which adds `customerPrivacy` when called (as Shopify's does, asynchronously). `choose()` is the shopper
 * using the banner: the API's answers change and `visitorConsentCollected` is dispatched on `document`.
 */
export function fakeShopifyTheme(initial: ShopifyChoice = {}, { loaded = true } = {}) {
  let choice: Required<ShopifyChoice> = { marketing: false, saleOfData: true, banner: false, ...initial };
  const calls: string[] = [];
  const customerPrivacy = {
    marketingAllowed: () => choice.marketing,
    saleOfDataAllowed: () => choice.saleOfData,
    analyticsProcessingAllowed: () => choice.marketing,
    preferencesProcessingAllowed: () => choice.marketing,
    shouldShowBanner: () => choice.banner,
    currentVisitorConsent: () => ({ marketing: choice.banner ? '' : choice.marketing ? 'yes' : 'no', sale_of_data: choice.saleOfData ? '' : 'no' }),
  };
  const shopify: Record<string, unknown> = {
    loadFeatures(features: Array<{ name: string; version: string }>, callback: (error?: unknown) => void) {
      calls.push(`loadFeatures ${features.map((f) => `${f.name}@${f.version}`).join(',')}`);
      setTimeout(() => {
        shopify.customerPrivacy = customerPrivacy;
        callback();
      }, 5);
    },
  };
  if (loaded) shopify.customerPrivacy = customerPrivacy;
  (window as unknown as { Shopify?: unknown }).Shopify = shopify;
  return {
    calls,
    choose(next: ShopifyChoice) {
      choice = { ...choice, banner: false, ...next };
      document.dispatchEvent(
        new CustomEvent('visitorConsentCollected', {
          detail: {
            marketingAllowed: choice.marketing,
            saleOfDataAllowed: choice.saleOfData,
            analyticsAllowed: choice.marketing,
            preferencesAllowed: choice.marketing,
          },
        }),
      );
    },
  };
}

/** The object a Shopify web pixel's `register()` callback gets, with `init.customerPrivacy` and `customerPrivacy.subscribe`. */
export function fakeShopifyPixel(initial: ShopifyChoice = {}) {
  const subscribers: Array<(event: unknown) => void> = [];
  const status = (choice: ShopifyChoice) => ({
    analyticsProcessingAllowed: !!choice.marketing,
    marketingAllowed: !!choice.marketing,
    preferencesProcessingAllowed: !!choice.marketing,
    saleOfDataAllowed: choice.saleOfData ?? true,
  });
  return {
    api: {
      init: { customerPrivacy: status(initial), context: {}, data: {} },
      customerPrivacy: {
        subscribe(name: string, callback: (event: unknown) => void) {
          if (name === 'visitorConsentCollected') subscribers.push(callback);
          return Promise.resolve(undefined);
        },
      },
      analytics: { subscribe() {} },
    },
    choose(choice: ShopifyChoice) {
      for (const callback of subscribers) callback({ customerPrivacy: status(choice) });
    },
  };
}

// --- Global Privacy Control ------------------------------------------------------------------------------------

/** Sets `navigator.globalPrivacyControl` as a browser with GPC on does (a read-only boolean). */
export function setGpc(on: boolean | undefined): void {
  if (on === undefined) Reflect.deleteProperty(navigator, 'globalPrivacyControl');
  else Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => on });
}

// --- the page's end --------------------------------------------------------------------------------------------

/**
 * Removes what the consent places left on the page: the data layer, the CMP's API and frame (and the CMP API
 * library's state, which it keeps in static fields: one CMP per page), Shopify, GPC.
 */
export function removeConsentPlaces(): void {
  CmpApiModel.reset();
  const win = window as unknown as Record<string, unknown>;
  for (const name of ['dataLayer', 'gtag', '__tcfapi', 'Shopify']) delete win[name];
  for (const frame of Array.from(document.querySelectorAll('iframe[name="__tcfapiLocator"]'))) frame.remove();
  setGpc(undefined);
}
