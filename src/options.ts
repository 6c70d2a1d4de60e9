// Option defaults, validation, and the script tag's data attributes.
import { toConsentState } from './consent';
import { toCurrency } from './events';
import { DEFAULT_SCRIPT_URL } from './loader';
import { mustBe, warn } from './log';
import { CUSTOMER_KEYS } from './normalize';
import type { ConsentState, EventListener, PinterestTagOptions } from './types';

export interface Settings {
  _tagId: string;
  _currency: string | undefined;
  _consent: ConsentState;
  _autoPageVisit: boolean;
  _spa: boolean;
  _enhancedMatch: boolean;
  _debug: boolean;
  _scriptUrl: string;
  _nonce: string | undefined;
  _ldp: { state?: unknown; country?: unknown } | undefined;
  _relay: string | undefined;
  _customer: unknown;
  _onEvent: EventListener | undefined;
}

type Given = Partial<Record<keyof PinterestTagOptions, unknown>>;

/** Settings from the options; each bad option gets a warning and its default. `undefined` without a Tag ID. */
export function resolveOptions(options: PinterestTagOptions | undefined): Settings | undefined {
  const given: Given = options && typeof options === 'object' ? options : {};
  const bad = (name: keyof PinterestTagOptions, expected: string, fallback: string): void =>
    warn(`option ${mustBe(name, expected, given[name])}; using ${fallback}`);
  const flag = (name: keyof PinterestTagOptions, fallback: boolean): boolean => {
    const value = given[name];
    if (value == null || typeof value === 'boolean') return (value ?? fallback) as boolean;
    bad(name, 'true or false', String(fallback));
    return fallback;
  };
  const text = (name: keyof PinterestTagOptions): string | undefined => {
    const value = given[name];
    if (typeof value === 'string' && value.trim()) return value.trim();
    if (value != null && value !== '') bad(name, 'a string', 'none');
    return undefined;
  };

  const tagId = String(typeof given.tagId === 'number' ? given.tagId : text('tagId')).trim();
  if (!/^\d{1,20}$/.test(tagId)) {
    warn(`${mustBe('tagId', 'your Pinterest Tag ID, digits only (Ads Manager > Conversions)', given.tagId)}. Nothing will be sent`, 'error');
    return undefined;
  }
  const currency = given.currency == null ? undefined : toCurrency(given.currency);
  if (given.currency != null && !currency) bad('currency', "an ISO-4217 code such as 'USD'", 'none');
  let consent = toConsentState(given.consent ?? 'granted');
  // Unclear consent is not consent: wait for setConsent() rather than send.
  if (!consent) bad('consent', "'granted', 'pending' or 'denied'", (consent = 'pending'));
  const limited = given.limitedDataProcessing;
  let ldp: Settings['_ldp'];
  if (limited && typeof limited === 'object') ldp = limited;
  else if (limited != null && limited !== false) {
    if (limited !== true) bad('limitedDataProcessing', 'true, false or { state, country }', 'true');
    ldp = {};
  }
  const onEvent = given.onEvent;
  if (onEvent != null && typeof onEvent !== 'function') bad('onEvent', 'a function', 'none');
  let debug = flag('debug', false);
  try {
    debug ||= /[?&]pinterest_tag_debug=(1|true)\b/.test(location.search);
  } catch {
    // No location: no URL switch.
  }
  return {
    _tagId: tagId,
    _currency: currency,
    _consent: consent,
    _autoPageVisit: flag('autoPageVisit', true),
    _spa: flag('spa', false),
    _enhancedMatch: flag('enhancedMatch', true),
    _debug: debug,
    _scriptUrl: text('scriptUrl') ?? DEFAULT_SCRIPT_URL,
    _nonce: text('nonce'),
    _ldp: ldp,
    _relay: text('relay'),
    _customer: given.customer,
    _onEvent: typeof onEvent === 'function' ? (onEvent as EventListener) : undefined,
  };
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/**
 * Options from a `<script>`'s attributes: `data-tag-id`, `data-currency`, `data-consent`, `data-script-url`,
 * `data-relay`; the switches `data-auto-page-visit`, `data-spa`, `data-enhanced-match`, `data-debug` (present
 * means on, unless `"false"`); `data-ldp`, `data-ldp-state`, `data-ldp-country`; `data-customer-*` for each
 * `Customer` field (`data-customer-email`, `data-customer-email-sha256`, …); and the script's `nonce`.
 */
export function readScriptOptions(script: Element | null): Given {
  const options: Given & Record<string, unknown> = {};
  if (!script) return options;
  const attr = (name: string): string | undefined => script.getAttribute('data-' + kebab(name))?.trim() || undefined;
  const on = (name: string): boolean | undefined => {
    const value = script.getAttribute('data-' + kebab(name));
    return value == null ? undefined : !/^(false|0|no|off)$/i.test(value.trim());
  };
  for (const name of ['tagId', 'currency', 'consent', 'scriptUrl', 'relay']) options[name] = attr(name);
  for (const name of ['autoPageVisit', 'spa', 'enhancedMatch', 'debug']) options[name] = on(name);
  options.nonce = (script as HTMLScriptElement).nonce || script.getAttribute('nonce') || undefined;
  const ldp = on('ldp');
  const state = attr('ldpState');
  const country = attr('ldpCountry');
  if (ldp !== undefined || state || country) options.limitedDataProcessing = ldp !== false && { state, country };
  const customer: Record<string, string> = {};
  for (const field in CUSTOMER_KEYS) {
    const value = attr(`customer-${field}-sha256`) || attr(`customer-${field}`);
    if (value) customer[field] = value;
  }
  if (Object.keys(customer).length) options.customer = customer;
  for (const name in options) if (options[name] === undefined) delete options[name];
  return options;
}
