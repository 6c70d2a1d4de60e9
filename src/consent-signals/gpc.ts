// Global Privacy Control (`consentFrom: ['gpc']`): `navigator.globalPrivacyControl === true` is the shopper's
// request that their data not be sold or shared (https://privacycg.github.io/gpc-spec/, "Do Not Sell or Share").
// US state laws make it a valid opt-out of the sale and sharing of personal data: California (CCPA regulations,
// 11 CCR § 7025), Colorado, Connecticut and others. That opt-out is what Pinterest's Limited Data Processing flag is
// for ("for users who have opted out of the sale or sharing of their data under US state privacy laws":
// https://developers.pinterest.com/docs/track-conversions/use-limited-data-processing-flag/). Hence the default,
// `gpc: 'ldp'`: GPC turns LDP on (with the state and country the store gives in `limitedDataProcessing`, if any),
// and the tag still measures. `'deny'` treats GPC as a denial (stores that want it to stop the tag altogether);
// `'ignore'` reads it but changes nothing. GPC is not consent under the GDPR, where consent is asked for first: a
// CMP (`gcm`, `tcf`) covers that. It does not change within a page.
import { register, type SignalState, type Watch, type WatchOptions } from './signal';

/** What GPC says with `gpc` as the store chose. */
export function gpcState(on: boolean, gpc: WatchOptions['gpc']): SignalState {
  if (!on) return { consent: 'granted', shown: 'off' };
  if (gpc === 'deny') return { consent: 'denied', shown: "on: denied (gpc: 'deny')" };
  if (gpc === 'ignore') return { consent: 'granted', shown: "on: ignored (gpc: 'ignore')" };
  return { consent: 'granted', ldp: true, shown: 'on: Limited Data Processing' };
}

export const watchGpc: Watch = (report, { gpc }) => {
  let on = false;
  try {
    on = (navigator as Navigator & { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
  } catch {
    // A getter that throws says nothing: GPC is off.
  }
  report(gpcState(on, gpc));
  return () => {};
};

/** Makes this signal available (its file runs this when it loads). */
export function install(): void {
  register('gpc', watchGpc);
}
