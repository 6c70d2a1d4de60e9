// IAB TCF v2.2 (`consentFrom: ['tcf']`): the CMP's `__tcfapi('addEventListener', 2, callback)`, which calls back
// with the TC data at once and at every change (IAB Tech Lab, "CMP API v2",
// https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework/blob/master/TCFv2/IAB%20Tech%20Lab%20-%20CMP%20API%20v2.md).
//
// Vendor: Pinterest is not on the IAB Global Vendor List. The GVL of 2025-05-08 (version 106, TCF policy version 5,
// 987 vendors; a public copy: github.com/christianbernecker/json-explorer, public/vendor-list.json at commit
// b83c05e416d1cf2bfc69ee4904da280b665ee6ca) has no vendor named Pinterest, nor do the versions before it that were
// checked (v45 of 2024-03-21). So consent is read from the purposes alone; a store whose CMP gives Pinterest a vendor
// ID on the GVL (should Pinterest register) sets `tcfVendorId`, and that vendor's consent is required too.
//
// Purposes (TCF Policies v2.2, Appendix A; https://iabeurope.eu/tcf-for-vendors/): the tag needs
//  1 "Store and/or access information on a device": its cookies (`_epik`, `_pin_unauth`), consent only;
//  3 "Create profiles for personalised advertising" and 4 "Use profiles to select personalised advertising":
//    Pinterest builds audiences (retargeting) from tag events, and the tag has no switch to turn that off; since
//    v2.2 only consent may be the legal basis for 3 and 4 (https://iabeurope.eu/tcf-faqs/, "Removal of the
//    legitimate interest legal basis for advertising & content personalisation");
//  7 "Measure advertising performance": conversion reporting, what the tag is for. Legitimate interest would be
//    possible for 7, but only for a vendor that declared it on the GVL, which Pinterest has not: consent is required.
// Google maps the same purposes onto Consent Mode in the same spirit (1 -> ad_storage and ad_user_data, 3 and 4 ->
// ad_personalization, 7 -> ad_user_data: https://developers.google.com/tag-platform/security/guides/implement-TCF-strings).
// `gdprApplies === false`: TCF does not restrict. While the CMP shows its banner (`cmpuishown`), consent is pending.
// A CMP whose stub appears after this SDK is looked for every 100 ms for 10 s (bounded); one that never appears
// counts as a denial after the resolver's timeout. A page in an iframe is not served through `__tcfapiLocator`.
import { field, lookFor, register, type SignalState, type Watch } from './signal';

/** The purposes that need the shopper's consent (see above). */
export const TCF_PURPOSES = [1, 3, 4, 7] as const;

type TcfCallback = (data: unknown, success: boolean) => void;
type TcfApi = (command: string, version: number, callback: TcfCallback, parameter?: unknown) => void;

/** What TC data (from `addEventListener`) says; `undefined` for a status that says nothing yet. */
export function tcfState(data: unknown, success: unknown, vendorId?: number): SignalState | undefined {
  if (success === false || data == null || field(data, 'cmpStatus') === 'error') return { consent: 'denied', shown: 'the CMP reported an error' };
  if (field(data, 'gdprApplies') === false) return { consent: 'granted', shown: 'gdprApplies false: TCF does not restrict' };
  const status = field(data, 'eventStatus');
  if (status === 'cmpuishown') return { consent: 'pending', shown: 'the CMP shows its banner' };
  if (status !== 'tcloaded' && status !== 'useractioncomplete') return undefined;
  const consents = field(field(data, 'purpose'), 'consents');
  const missing = TCF_PURPOSES.filter((purpose) => field(consents, purpose) !== true);
  const vendor = vendorId === undefined || field(field(field(data, 'vendor'), 'consents'), vendorId) === true;
  if (!missing.length && vendor)
    return { consent: 'granted', shown: `purposes ${TCF_PURPOSES.join(', ')}${vendorId ? ` and vendor ${vendorId}` : ''} consented` };
  return {
    consent: 'denied',
    shown: `no consent for ${[...(missing.length ? [`purposes ${missing.join(', ')}`] : []), ...(vendor ? [] : [`vendor ${vendorId}`])].join(' and ')}`,
  };
}

/** Follows the CMP: now if its `__tcfapi` (or its stub) is on the page, else once it appears. */
export const watchTcf: Watch = (report, { tcfVendorId }) => {
  let api: TcfApi | undefined;
  let listenerId: unknown;
  let stopped = false;
  const stopLooking = lookFor(() => {
    const found = (window as unknown as { __tcfapi?: unknown }).__tcfapi;
    if (typeof found !== 'function') return false;
    api = found as TcfApi;
    api('addEventListener', 2, (data, success) => {
      if (stopped) return;
      listenerId ??= field(data, 'listenerId');
      const state = tcfState(data, success, tcfVendorId);
      if (state) report(state);
    });
    return true;
  });
  return () => {
    stopped = true;
    stopLooking();
    try {
      if (api && listenerId !== undefined) api('removeEventListener', 2, () => {}, listenerId);
    } catch {
      // The CMP's own error: the listener is stopped on this side anyway.
    }
  };
};

/** Makes this signal available (its file runs this when it loads). */
export function install(): void {
  register('tcf', watchTcf);
}
