// The debug panel: every command this SDK gave `pintrk`, each event with its ID and data, each call that sent
// nothing and why, and warnings in the spirit of Pinterest's Tag Helper (SPEC §9.2), in the page and on the
// console. It also brings the sentences of the SDK's warnings. Loaded only in debug mode.

import { ACTIONS, EVENTS } from '../common/catalog';
import { explain } from '../common/messages';
import { sha256 } from '../common/sha256';
import { toCurrency } from '../common/values';
import { type DebugEntry, pageState } from '../page-state';
import { warn } from '../warn';

/** The tag's standard event names; anything else is counted for audiences only. */
const STANDARD: string[] = ACTIONS.map((action) => EVENTS[action].tag);

/** Hashes Tag Helper flags: the base code's placeholder left in place, and values of a missing email (SPEC §4.1, §9.2). */
const PLACEHOLDERS = new Set(['<user_email_address>', '<email_address>', 'undefined', 'null', 'n/a', 'none', ''].map(sha256));

interface Row {
  entry: DebugEntry;
  warnings: string[];
}

/** The checks, kept between entries: what was seen so far on this page. */
function createChecker(): (entry: DebugEntry) => string[] {
  const tags = new Set<string>();
  const ids = new Map<string, string>();
  let lastVisit: string | undefined;
  const checkEm = (data: unknown, warnings: string[]): void => {
    const em = (data as { em?: unknown } | undefined)?.em;
    if (em == null) return;
    if (typeof em !== 'string' || !/^[a-f0-9]{64}$/i.test(em)) warnings.push('em is not a SHA-256 hash: hash emails before they reach the tag');
    else if (PLACEHOLDERS.has(em.toLowerCase())) warnings.push("em is the hash of a placeholder or an empty value, not of a shopper's email");
  };
  return ({ command, url, call }) => {
    const warnings: string[] = [];
    if (call) return warnings;
    const [name, first, data] = command as [string, unknown, Record<string, unknown> | undefined];
    switch (String(name).toLowerCase()) {
      case 'load':
        tags.add(String(first));
        if (tags.size > 1) warnings.push(`a second Pinterest tag is loaded on this page (${[...tags].join(', ')}): Pinterest supports one`);
        checkEm(data, warnings);
        break;
      case 'set':
        checkEm(first, warnings);
        break;
      case 'track': {
        const event = String(first);
        const eventId = data?.event_id;
        if (!STANDARD.includes(event)) warnings.push(`'${event}' is not a standard event name: no conversion reporting for it`);
        if (event === 'checkout' || event === 'addtocart') {
          if (data?.value == null) warnings.push(`${event} without value`);
          if (data?.currency == null) warnings.push(`${event} without currency`);
          const items = data?.line_items as Array<{ product_id?: unknown }> | undefined;
          if (!items?.length || items.some((item) => !item.product_id)) warnings.push(`${event} without product IDs (line_items[].product_id)`);
        }
        if (data?.currency != null && !toCurrency(data.currency)) warnings.push(`currency ${JSON.stringify(data.currency)} is not an ISO-4217 code`);
        if (typeof eventId !== 'string') warnings.push(`${event} without event_id: it cannot be deduplicated with the Conversions API`);
        else if (ids.has(eventId)) warnings.push(`event_id ${eventId} was already used for ${ids.get(eventId)}: Pinterest will count one of them`);
        else ids.set(eventId, event);
        // Two in a row for one URL is a double count; coming back to a route later is a real visit.
        if (event === 'pagevisit') {
          if (lastVisit === url) warnings.push(`a second page visit for ${url}`);
          lastVisit = url;
        }
        break;
      }
    }
    return warnings;
  };
}

const STYLE = `
:host{all:initial}
.panel{position:fixed;right:12px;bottom:12px;z-index:2147483647;width:min(460px,calc(100vw - 24px));max-height:45vh;display:flex;flex-direction:column;
font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#1f2328;background:#fff;border:1px solid #d0d7de;border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.18)}
header{display:flex;gap:8px;align-items:center;padding:8px 10px;background:#e60023;color:#fff;border-radius:7px 7px 0 0;font-weight:600}
header span{font-weight:400;opacity:.9;margin-left:auto}
button{all:unset;cursor:pointer;padding:0 4px;color:#fff}
ol{list-style:none;margin:0;padding:0;overflow:auto}
li{padding:6px 10px;border-top:1px solid #eaeef2}
.name{font-weight:700}.id{color:#57606a}.data{color:#0550ae;word-break:break-all}
.warn{color:#b42318;margin-top:2px}.warn::before{content:"⚠ "}
.consent{padding:6px 10px;background:#f6f8fa;white-space:pre-line}
.collapsed ol,.collapsed .consent{display:none}`;

const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

/**
 * Prints the SDK's warnings as sentences from now on, and those held until now; shows the panel and checks every
 * logged command, from the first one. Safe to call more than once.
 */
export function install(): void {
  const state = pageState();
  if (state.panel || typeof document !== 'object') return;
  state.panel = true;
  state.explain = explain;
  const held = state.held ?? [];
  state.held = undefined;
  for (const [code, field, got] of held) warn(code, field, got);
  state.log ??= [];
  const check = createChecker();
  const rows: Row[] = [];
  let list: HTMLOListElement | undefined;
  let status: HTMLElement | undefined;
  let consentLine: HTMLElement | undefined;

  // Consent signals (`consentFrom`): each signal's value now and the decision they make, kept current.
  const showConsent = (): void => {
    const { consent } = state;
    if (!consentLine || !consent) return;
    consentLine.hidden = false;
    consentLine.textContent = [`consent: ${consent.decision}`, ...Object.entries(consent.signals).map(([name, value]) => `  ${name}: ${value}`)].join('\n');
  };
  state.onConsent = showConsent;

  const render = (row: Row): void => {
    if (!list) return;
    const { call, status: outcome } = row.entry;
    const [name, first, data] = row.entry.command;
    const item = document.createElement('li');
    // A call that sent nothing shows as the call and what became of it (duplicate, invalid, dropped…).
    const title = call ? `${call} (${outcome})` : String(name) === 'track' ? String(first) : String(name);
    const details = call ? undefined : String(name) === 'track' ? data : first;
    const eventId = call ? row.entry.eventId : (details as { event_id?: string } | undefined)?.event_id;
    item.innerHTML = '<div><span class="name"></span> <span class="id"></span></div><div class="data"></div>';
    item.querySelector('.name')!.textContent = title;
    item.querySelector('.id')!.textContent = eventId ?? '';
    item.querySelector('.data')!.textContent = details === undefined ? '' : text(details);
    for (const warning of row.warnings) {
      const line = document.createElement('div');
      line.className = 'warn';
      line.textContent = warning;
      item.appendChild(line);
    }
    list.prepend(item);
    showStatus();
  };
  const showStatus = (): void => {
    if (status) status.textContent = `${rows.filter((r) => r.entry.command[0] === 'track').length} events · core.js ${state.core ?? 'loading'}`;
  };

  const add = (entry: DebugEntry, extra?: string[]): void => {
    try {
      const row = { entry, warnings: extra ?? check(entry) };
      rows.push(row);
      for (const warning of row.warnings) console.warn(`[pinterest-tag debug] ${warning}`);
      render(row);
    } catch {
      // The panel is a diagnostic: it must never break the page it inspects.
    }
  };

  const mount = (): void => {
    const host = document.createElement('pinterest-tag-debug');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${STYLE}</style><section class="panel" role="log" aria-label="Pinterest Tag debug"><header>Pinterest Tag debug<span></span><button aria-label="Collapse">▾</button></header><div class="consent" hidden></div><ol></ol></section>`;
    list = root.querySelector('ol')!;
    consentLine = root.querySelector('.consent') as HTMLElement;
    showConsent();
    status = root.querySelector('header span') as HTMLElement;
    const panel = root.querySelector('.panel')!;
    // On a phone the open panel would cover the page it inspects: it starts folded to its header there.
    if (innerWidth < 720) panel.classList.add('collapsed');
    root.querySelector('button')!.addEventListener('click', () => panel.classList.toggle('collapsed'));
    document.body.appendChild(host);
    for (const row of rows) render(row);
    // core.js finishes loading (or fails) on its own time: keep the header's word on it current.
    setInterval(showStatus, 1000);
    const cores = document.querySelectorAll('script[src*="/ct/core.js"]').length;
    if (cores > 1) add({ command: ['core.js'], url: location.href, time: Date.now() }, [`core.js is on this page ${cores} times`]);
  };

  for (const entry of state.log) add(entry);
  state.onLog = add;
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
}
