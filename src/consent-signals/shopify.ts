// Shopify's Customer Privacy API (`consentFrom: ['shopify']`). Marketing consent is consent; a sale-of-data opt-out
// is Limited Data Processing.
// - In a theme (https://shopify.dev/docs/api/customer-privacy): `window.Shopify.customerPrivacy`, which a theme loads
//   with `Shopify.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], callback)` (this file does so
//   when it finds `loadFeatures` but no API yet). `marketingAllowed()` and `saleOfDataAllowed()` combine the
//   merchant's settings, the visitor's region and the visitor's choice; `shouldShowBanner()` is true while a choice
//   is still to be made where one is required (then: pending). Each choice is announced by the `visitorConsentCollected`
//   event on `document`, `detail` = { marketingAllowed, saleOfDataAllowed, analyticsAllowed, preferencesAllowed }.
// - In a web pixel (https://shopify.dev/docs/api/web-pixels-api/pixel-privacy,
//   https://shopify.dev/docs/api/web-pixels-api/standard-api/customerprivacy): the object `register()` gives the
//   pixel, passed as the `shopifyPixel` option: `init.customerPrivacy` = { marketingAllowed, saleOfDataAllowed,
//   analyticsProcessingAllowed, preferencesProcessingAllowed } at page render, then
//   `customerPrivacy.subscribe('visitorConsentCollected', (event) => event.customerPrivacy)` at each change.
import { call, field, lookFor, register, type SignalState, type Watch } from './signal';

/** What Shopify's answers say; `collecting`: a choice is still to be made (the banner shows). */
export function shopifyState(marketing: unknown, saleOfData: unknown, collecting = false): SignalState {
  const ldp = saleOfData === false ? ({ ldp: true } as const) : {};
  const sale = saleOfData === false ? ', sale of data opted out: Limited Data Processing' : '';
  if (marketing === true) return { consent: 'granted', ...ldp, shown: `marketing allowed${sale}` };
  if (collecting) return { consent: 'pending', ...ldp, shown: `waiting for the shopper's choice${sale}` };
  return { consent: 'denied', ...ldp, shown: `marketing not allowed${sale}` };
}

export const watchShopify: Watch = (report, { shopifyPixel }) => {
  // A pixel: the state at page render, then each change.
  if (shopifyPixel) {
    let stopped = false;
    const take = (privacy: unknown): void => {
      if (!stopped && privacy) report(shopifyState(field(privacy, 'marketingAllowed'), field(privacy, 'saleOfDataAllowed')));
    };
    take(field(field(shopifyPixel, 'init'), 'customerPrivacy'));
    call(field(shopifyPixel, 'customerPrivacy'), 'subscribe', 'visitorConsentCollected', (event: unknown) => take(field(event, 'customerPrivacy')));
    return () => void (stopped = true);
  }

  // A theme: the API once it is there, then each choice.
  const shopify = (): unknown => (window as unknown as { Shopify?: unknown }).Shopify;
  const fromApi = (): boolean => {
    const api = field(shopify(), 'customerPrivacy');
    if (!api) return false;
    report(shopifyState(call(api, 'marketingAllowed'), call(api, 'saleOfDataAllowed'), call(api, 'shouldShowBanner') === true));
    return true;
  };
  const onChoice = (event: Event): void => {
    let detail: unknown;
    try {
      detail = (event as CustomEvent).detail;
    } catch {
      // No detail: the API says the same, when it is there.
    }
    if (detail) report(shopifyState(field(detail, 'marketingAllowed'), field(detail, 'saleOfDataAllowed')));
    else fromApi();
  };
  const onLoaded = (): void => void fromApi();
  document.addEventListener('visitorConsentCollected', onChoice);
  document.addEventListener('shopifyCustomerPrivacyApiLoaded', onLoaded);
  let asked = false;
  const stopLooking = lookFor(() => {
    if (fromApi()) return true;
    if (!asked && typeof field(shopify(), 'loadFeatures') === 'function') {
      asked = true;
      call(shopify(), 'loadFeatures', [{ name: 'consent-tracking-api', version: '0.1' }], (error: unknown) => error || fromApi());
    }
    return false;
  });
  return () => {
    stopLooking();
    document.removeEventListener('visitorConsentCollected', onChoice);
    document.removeEventListener('shopifyCustomerPrivacyApiLoaded', onLoaded);
  };
};

/** Makes this signal available (its file runs this when it loads). */
export function install(): void {
  register('shopify', watchShopify);
}
