// Option defaults, validation, and the script tag's data attributes.
import { toConsentState } from './consent';
import { toCurrency } from './events';
import { DEFAULT_SCRIPT_URL } from './loader';
import { mustBe, warn } from './log';
import { CUSTOMER_KEYS } from './normalize';
import type { ConsentState, EventListener, PinterestTagOptions } from './types';

export interface Settings {
  tagId: string;
  currency?: string;
  consent: ConsentState;
  autoPageVisit: boolean;
  spa: boolean;
  enhancedMatch: boolean;
  debug: boolean;
  scriptUrl: string;
  nonce?: string;
  limitedDataProcessing?: { state?: unknown; country?: unknown };
  relay?: string;
  customer?: unknown;
  onEvent?: EventListener;
}

type Given = Record<string, unknown>;

/** The options that are a switch or a text, with their defaults ('' for none). */
const DEFAULTS: Given = {
  autoPageVisit: true,
  spa: false,
  enhancedMatch: true,
  debug: false,
  currency: '',
  consent: 'granted',
  scriptUrl: DEFAULT_SCRIPT_URL,
  nonce: '',
  relay: '',
};

/**
 * Settings from the options. Each bad option gets a warning naming it and is replaced by its default;
 * without a valid Tag ID there are no settings at all.
 */
export function resolveOptions(options: PinterestTagOptions | undefined): Settings | undefined {
  const given: Given = { ...options };
  const settings: Given = { ...given };
  const bad = (name: string, expected: string, fallback?: unknown): unknown => {
    warn(`option ${mustBe(name, expected, given[name])}; using ${fallback || 'none'}`);
    return fallback;
  };
  if (typeof given.tagId === 'number') given.tagId = String(given.tagId);
  for (const name in DEFAULTS) {
    const fallback = DEFAULTS[name] || undefined;
    const value = typeof given[name] === 'string' ? (given[name] as string).trim() || undefined : given[name];
    settings[name] =
      value == null ? fallback : typeof value === typeof DEFAULTS[name] ? value : bad(name, typeof fallback === 'boolean' ? 'true or false' : 'a string', fallback);
  }
  settings.tagId = typeof given.tagId === 'string' ? given.tagId.trim() : '';
  if (!/^\d{1,20}$/.test(settings.tagId as string)) {
    return void warn(`${mustBe('tagId', 'your Pinterest Tag ID, digits only (Ads Manager > Conversions)', given.tagId)}. Nothing will be sent`, 'error');
  }
  if (settings.currency && !(settings.currency = toCurrency(settings.currency))) bad('currency', "an ISO-4217 code such as 'USD'");
  // Unclear consent is not consent: wait for setConsent() rather than send.
  if (!toConsentState(settings.consent)) settings.consent = bad('consent', "'granted', 'pending' or 'denied'", 'pending');
  const ldp = given.limitedDataProcessing;
  settings.limitedDataProcessing =
    ldp == null || ldp === false ? undefined : ldp === true ? {} : typeof ldp === 'object' ? ldp : bad('limitedDataProcessing', 'true, false or { state, country }', {});
  if (given.onEvent != null && typeof given.onEvent !== 'function') settings.onEvent = bad('onEvent', 'a function');
  settings.debug ||= /[?&]pinterest_tag_debug=(1|true)\b/.test(location.search);
  return settings as unknown as Settings;
}

/**
 * Options from a `<script>`'s attributes: `data-` and the option's name in kebab case (`data-tag-id`,
 * `data-currency`, `data-consent`, `data-script-url`, `data-relay`, and the switches `data-auto-page-visit`,
 * `data-spa`, `data-enhanced-match`, `data-debug`, on when present unless `"false"`); `data-ldp`,
 * `data-ldp-state`, `data-ldp-country`; `data-customer-*` for each `Customer` field (`data-customer-email`,
 * `data-customer-email-sha256`, `data-customer-first-name`, …); and the script's `nonce`.
 */
export function readScriptOptions(script: Element | null): Given {
  const options: Given = {};
  const attr = (name: string): string | undefined =>
    script?.getAttribute('data-' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()))?.trim();
  for (const name in { ...DEFAULTS, tagId: '', ldp: 0 }) {
    const value = attr(name);
    if (value != null) options[name] = typeof DEFAULTS[name] === 'boolean' || name === 'ldp' ? !/^(false|0|no|off)$/i.test(value) : value;
  }
  options.nonce ??= (script as HTMLScriptElement | null)?.nonce || undefined;
  const state = attr('ldpState');
  const country = attr('ldpCountry');
  if (options.ldp != null || state || country) options.limitedDataProcessing = options.ldp !== false && { state, country };
  const customer: Given = (options.customer = {});
  for (const field in CUSTOMER_KEYS) customer[field] = attr(`customer-${field}-sha256`) || attr(`customer-${field}`);
  return options;
}
