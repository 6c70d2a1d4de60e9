// What the unit tests read off the page: the pintrk queue, injected scripts, cookies, storage, listener payloads.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, vi } from 'vitest';
import type { TrackedEvent } from '../../../src/common/types';

export const TAG_ID = '2612345678901';
export const CORE_JS = 'https://s.pinimg.com/ct/core.js';
export const STATE_KEY = Symbol.for('storefront-pinterest-tag');

/** SHA-256 hex from Node's crypto: an independent reference for the SDK's own hash. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const HEX64 = /^[a-f0-9]{64}$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const STATUSES = ['sent', 'pending', 'denied', 'duplicate', 'invalid', 'inactive'];

export type Command = unknown[];
type Pintrk = ((...args: unknown[]) => void) & { queue: Command[]; version?: string; tagId?: string };

export const pintrk = (): Pintrk | undefined => (window as unknown as { pintrk?: Pintrk }).pintrk;

/** `window.pintrk.queue` as it is (empty when there is no pintrk). */
export const queue = (): Command[] => pintrk()?.queue ?? [];

const isEmptyObject = (value: unknown): boolean =>
  !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * The queue without `['set', {}]`, a command that changes nothing in Pinterest's partner data. The SDK queues one
 * when it finds the tag already loaded (base code or a second instance); the tests compare everything else exactly.
 */
export const commands = (): Command[] => queue().filter((c) => !(c[0] === 'set' && c.length === 2 && isEmptyObject(c[1])));

export const named = (name: string): Command[] => queue().filter((c) => c[0] === name);
export const tracks = (event?: string): Command[] => queue().filter((c) => c[0] === 'track' && (event === undefined || c[1] === event));

/** `<script>` elements whose src is `url` (core.js by default). */
export const scriptsWithSrc = (url = CORE_JS): HTMLScriptElement[] =>
  Array.from(document.querySelectorAll('script')).filter((s) => s.src === url);

/** Every TrackedEvent dispatched as `pinterest-tag:event` on window from now on. */
export function domEvents(): TrackedEvent[] {
  const seen: TrackedEvent[] = [];
  window.addEventListener('pinterest-tag:event', (e) => seen.push((e as CustomEvent<TrackedEvent>).detail));
  return seen;
}

/** Console spies that keep the output quiet and count calls. */
export function quietConsole() {
  return {
    warn: vi.spyOn(console, 'warn').mockImplementation(() => {}),
    error: vi.spyOn(console, 'error').mockImplementation(() => {}),
    info: vi.spyOn(console, 'info').mockImplementation(() => {}),
  };
}

/** The messages of a console spy's calls, as strings. */
export const messages = (spy: { mock: { calls: unknown[][] } }): string[] => spy.mock.calls.map((args) => args.map(String).join(' '));

/** Parsed `document.cookie`. */
export function cookies(): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const part of document.cookie.split('; ')) {
    const at = part.indexOf('=');
    if (at > 0) jar[part.slice(0, at)] = part.slice(at + 1);
  }
  return jar;
}

export const storageSnapshot = (storage: Storage): Record<string, string | null> =>
  Object.fromEntries(Array.from({ length: storage.length }, (_, i) => storage.key(i)!).map((key) => [key, storage.getItem(key)]));

/** Sets the page URL (same origin), e.g. `/?epik=abc`, as a landing page would have it. */
export const setUrl = (url: string): void => History.prototype.replaceState.call(history, null, '', url);

// --- Isolation -----------------------------------------------------------------------------------------------
// The SDK adds listeners to document and window (email capture, popstate) and wraps history methods (spa).
// In a browser a reload ends them; in one jsdom document they would outlive the test and act on the next one.

type Added = [EventTarget, string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined];
const added: Added[] = [];
const originalAdd = EventTarget.prototype.addEventListener;

/** Removes every document/window listener added since the last call, and any history wrappers. */
export function endPage(): void {
  for (const [target, type, listener, options] of added.splice(0)) target.removeEventListener(type, listener, options);
  delete (history as unknown as Record<string, unknown>).pushState;
  delete (history as unknown as Record<string, unknown>).replaceState;
}

/** Call at the top of a test file: each test's page listeners and history wrappers end with the test. */
export function isolatePages(): void {
  beforeEach(() => {
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (listener && (this === document || this === window)) added.push([this, type, listener, options]);
      return originalAdd.call(this, type, listener, options);
    };
  });
  afterEach(() => {
    endPage();
    EventTarget.prototype.addEventListener = originalAdd;
  });
}

/**
 * The next page load in the same browser: a new document state (no pintrk, no SDK page state, no scripts, no
 * listeners of the old page) but the same cookies and localStorage.
 */
export function simulateReload(url?: string): void {
  endPage();
  const win = window as unknown as Record<string | symbol, unknown>;
  delete win.pintrk;
  delete win.pinterestTag;
  delete win[STATE_KEY];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  if (url) setUrl(url);
}

/**
 * Runs Pinterest's own base code (SPEC §1.1, verbatim apart from the tag ID) as a page would, inside an inline
 * <script> so that it finds a first script to insert core.js before. jsdom does not fetch the script.
 */
export function runPinterestBaseCode(tagId: string): void {
  const inline = document.createElement('script');
  inline.text = '/* theme */';
  document.head.appendChild(inline);
  const baseCode =
    '!function(e){if(!window.pintrk){window.pintrk=function(){window.pintrk.queue.push(Array.prototype.slice.call(arguments))};var n=window.pintrk;n.queue=[],n.version="3.0";var t=document.createElement("script");t.async=!0,t.src=e;var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r)}}("https://s.pinimg.com/ct/core.js");' +
    `pintrk('load','${tagId}');pintrk('page');`;
  (0, eval)(baseCode);
}

/** Types `value` into `input` and fires the `change` event a browser fires when the field loses focus. */
export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Adds HTML to the body and returns its first element. */
export function html<T extends Element = HTMLElement>(markup: string): T {
  const holder = document.createElement('div');
  holder.innerHTML = markup;
  document.body.appendChild(holder);
  return holder.firstElementChild as T;
}
