// Options: defaults, checks, and the script tag's data attributes. Only the store's own settings are read: an
// option is an own property of the object given (never one inherited from a polluted `Object.prototype`), and a
// URL the SDK loads from or sends to must be https (http only on this machine).

import { CUSTOMER_KEYS } from './common/match-keys';
import type { ConsentState, TrackedEventListener } from './common/types';
import { isTagId, own, toCurrency } from './common/values';
import { toConsentState } from './consent';
import { DEFAULT_SCRIPT_URL } from './loader';
import { warn } from './warn';

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
  onEvent?: TrackedEventListener;
  /** The options as given, when they name consent signals (`consentFrom`): the consent-signals file reads them. */
  signals?: unknown;
}

/** The switches, with their defaults. */
const SWITCHES = { autoPageVisit: true, spa: false, enhancedMatch: true, debug: false };

/** The texts; `scriptUrl` and `relay` are checked as URLs. */
const TEXTS = ['currency', 'consent', 'scriptUrl', 'nonce', 'relay'] as const;

/** Whether `host` is this machine: the only place plain http is allowed. */
const isLoopback = (host: string): boolean =>
  host === 'localhost' ||
  host === '[::1]' ||
  (host.startsWith('127.') && host.split('.').length === 4 && host.split('.').every((part) => /^\d{1,3}$/.test(part)));

/**
 * `value` as an absolute URL the SDK may load from or send to: https, or http on this machine. `data:`,
 * `javascript:`, `blob:` and the like are never that. `undefined` for anything else.
 *
 * @example
 * safeUrl('/pinterest-relay') // 'https://shop.example/pinterest-relay' on an https page
 * safeUrl('data:text/javascript,alert(1)') // undefined
 */
export function safeUrl(value: string): string | undefined {
  try {
    const url = new URL(value, document.baseURI);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) return url.href;
  } catch {
    // Not a URL at all.
  }
  return undefined;
}

/**
 * Settings from the options. Each bad option gets a warning naming it and is replaced by its default; without
 * a valid Tag ID there are no settings at all.
 */
export function resolveOptions(options: unknown): Settings | undefined {
  const given = (name: string): unknown => own(options, name);
  const bad = (name: string, value: unknown): void => warn('bad-option', `option ${name}`, value);

  const tagId = typeof given('tagId') === 'number' ? String(given('tagId')) : given('tagId');
  if (!(typeof tagId === 'string' && isTagId(tagId.trim()))) return void warn('bad-tag-id', 'option tagId', tagId, 'error');

  // Every field set, `undefined` included: an absent one would be read through the prototype.
  const settings: Settings = {
    tagId: tagId.trim(),
    consent: 'granted',
    scriptUrl: DEFAULT_SCRIPT_URL,
    ...SWITCHES,
    currency: undefined,
    nonce: undefined,
    relay: undefined,
    limitedDataProcessing: undefined,
    customer: undefined,
    onEvent: undefined,
  };
  for (const name of Object.keys(SWITCHES) as (keyof typeof SWITCHES)[]) {
    const value = given(name);
    if (typeof value === 'boolean') settings[name] = value;
    else if (value != null) bad(name, value);
  }
  for (const name of TEXTS) {
    const value = given(name);
    const text = typeof value === 'string' ? value.trim() : undefined;
    if (value == null || text === '') continue;
    if (name === 'currency' ? !(settings.currency = toCurrency(text)) : text === undefined) bad(name, value);
    else if (name === 'consent') {
      // Unclear consent is not consent: wait for setConsent() rather than send.
      settings.consent = toConsentState(text) ?? 'pending';
      if (settings.consent !== text) bad(name, value);
    } else if (name === 'scriptUrl' || name === 'relay') {
      const url = text === DEFAULT_SCRIPT_URL ? text : safeUrl(text!);
      if (url) settings[name] = url;
      else warn('bad-url', `option ${name}`, value);
    } else if (name === 'nonce') settings.nonce = text;
  }

  const ldp = given('limitedDataProcessing');
  if (ldp === true) settings.limitedDataProcessing = {};
  else if (ldp && typeof ldp === 'object' && !Array.isArray(ldp)) settings.limitedDataProcessing = { state: own(ldp, 'state'), country: own(ldp, 'country') };
  else if (ldp != null && ldp !== false) {
    bad('limitedDataProcessing', ldp);
    settings.limitedDataProcessing = {};
  }
  settings.customer = given('customer');
  if (given('consentFrom') != null) settings.signals = options;
  const onEvent = given('onEvent');
  if (typeof onEvent === 'function') settings.onEvent = onEvent as TrackedEventListener;
  else if (onEvent != null) warn('not-function', 'option onEvent', onEvent);
  settings.debug ||= location.search.includes('pinterest_tag_debug=1') || location.search.includes('pinterest_tag_debug=true');
  return settings;
}

/** Options a data attribute may give (`data-` and the name in kebab case); the switches are on when present, unless `"false"`, `"0"`, `"no"` or `"off"`. */
const ATTRIBUTE_OPTIONS = ['tagId', ...TEXTS, ...Object.keys(SWITCHES), 'consentFrom', 'gpc', 'tcfVendorId'];

const off = (value: string): boolean => ['false', '0', 'no', 'off'].includes(value.toLowerCase());

/** `tag-id` -> `tagId`. */
const camel = (kebab: string): string => kebab.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Options from a `<script>`'s attributes: `data-` and the option's name in kebab case (`data-tag-id`,
 * `data-currency`, `data-consent`, `data-script-url`, `data-relay`, `data-nonce`, the switches
 * `data-auto-page-visit`, `data-spa`, `data-enhanced-match`, `data-debug`; the consent signals'
 * `data-consent-from`, `data-gpc`, `data-tcf-vendor-id`); `data-ldp`, `data-ldp-state`,
 * `data-ldp-country`; `data-customer-<field>` for each `Customer` field (`data-customer-email`,
 * `data-customer-email-sha256`, `data-customer-first-name`, …); and the script's `nonce`. Only the attributes the
 * script has are read.
 */
export function readScriptOptions(script: Element | null): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  const customer: Record<string, string> = {};
  const ldp: Record<string, string> = {};
  let ldpOn: boolean | undefined;
  for (const { name, value: raw } of Array.from(script?.attributes ?? [])) {
    if (!name.startsWith('data-')) continue;
    const value = raw.trim();
    const option = camel(name.slice(5));
    if (ATTRIBUTE_OPTIONS.includes(option)) options[option] = option in SWITCHES ? !off(value) : value;
    else if (option === 'ldp') ldpOn = !off(value);
    else if (option === 'ldpState' || option === 'ldpCountry') ldp[option.slice(3).toLowerCase()] = value;
    else if (option.startsWith('customer')) {
      const hashed = option.endsWith('Sha256');
      const field = option.slice(8, hashed ? -6 : undefined);
      const key = field.charAt(0).toLowerCase() + field.slice(1);
      // A hash given beside a plain value wins: it is what the store meant to share.
      if (Object.prototype.hasOwnProperty.call(CUSTOMER_KEYS, key) && value && (hashed || !customer[key])) customer[key] = value;
    }
  }
  options.nonce ??= (script as HTMLScriptElement | null)?.nonce || undefined;
  if (ldpOn !== undefined || Object.keys(ldp).length) options.limitedDataProcessing = ldpOn !== false && ldp;
  if (Object.keys(customer).length) options.customer = customer;
  return options;
}
