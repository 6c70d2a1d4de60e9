// The page of the jsdom tests: the one page reset (each test starts on a fresh page; `reload` is the next page load
// in the same browser), and what the tests read off the page: the pintrk queue, injected scripts, cookies,
// storage, listener payloads.
import { createHash } from 'node:crypto';
import { vi } from 'vitest';
import type { TrackedEvent, TrackStatus } from '../../src/common/types';

export const TAG_ID = '2612345678901';
export const CORE_JS = 'https://s.pinimg.com/ct/core.js';
export const STATE_KEY = Symbol.for('storefront-pinterest-tag');

/** SHA-256 hex from Node's crypto: an independent reference for the SDK's own hash. */
export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const HEX64 = /^[a-f0-9]{64}$/;
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Every `TrackStatus`: the check below fails to compile when the type gains one that is not listed. */
export const STATUSES = ['sent', 'blocked', 'pending', 'dropped', 'denied', 'duplicate', 'invalid', 'inactive'] as const satisfies readonly TrackStatus[];
const everyStatus: Exclude<TrackStatus, (typeof STATUSES)[number]> extends never ? true : never = true;
void everyStatus;

export type Command = unknown[];
type Pintrk = ((...args: unknown[]) => void) & { queue: Command[]; version?: string; tagId?: string };

export const pintrk = (): Pintrk | undefined => (window as unknown as { pintrk?: Pintrk }).pintrk;

/** `window.pintrk.queue` as it is (empty when there is no pintrk). */
export const queue = (): Command[] => pintrk()?.queue ?? [];

const isEmptyObject = (value: unknown): boolean => !!value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * The queue without `['set', {}]`, a command that changes nothing in Pinterest's partner data. The SDK queues one
 * when it finds the tag already loaded (base code or a second instance); the tests compare everything else exactly.
 */
export const commands = (): Command[] => queue().filter((c) => !(c[0] === 'set' && c.length === 2 && isEmptyObject(c[1])));

export const named = (name: string): Command[] => queue().filter((c) => c[0] === name);
export const tracks = (event?: string): Command[] => queue().filter((c) => c[0] === 'track' && (event === undefined || c[1] === event));

/** `<script>` elements whose src is `url` (core.js by default). */
export const scriptsWithSrc = (url = CORE_JS): HTMLScriptElement[] => Array.from(document.querySelectorAll('script')).filter((s) => s.src === url);

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

// --- the one page reset ----------------------------------------------------------------------------------
// The SDK adds listeners to document and window (email capture, popstate, pagehide) and wraps history methods
// (spa). In a browser a page load ends them; in one jsdom document they would outlive the test and act on the
// next one. So every listener added to document or window is recorded, and removed with its page.

type Added = [EventTarget, string, EventListenerOrEventListenerObject, boolean | AddEventListenerOptions | undefined];
const added: Added[] = [];
let recording = false;

/** Starts recording the listeners added to document and window (once per test file: setup.ts calls it). */
export function recordPageListeners(): void {
  if (recording) return;
  recording = true;
  const protoAdd = EventTarget.prototype.addEventListener;
  const windowAdd = globalThis.addEventListener;
  const record = (target: EventTarget, original: typeof protoAdd) =>
    function (this: EventTarget | undefined, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      const on = this ?? target;
      if (listener && (on === document || on === globalThis)) added.push([on, type, listener, options]);
      return original.call(on, type, listener, options);
    };
  EventTarget.prototype.addEventListener = record(document, protoAdd);
  // In vitest's jsdom `window` is Node's global with jsdom's methods copied on, so its own addEventListener is
  // not EventTarget.prototype's, and both are wrapped.
  globalThis.addEventListener = record(globalThis as unknown as EventTarget, windowAdd) as typeof windowAdd;
}

/**
 * Ends the page and starts the next: no pintrk, no SDK page state (so the old page's pending set-up steps are
 * gone with it), no scripts, no listeners or history wrappers of the old page. `reload` keeps cookies and
 * storage, as the next page load in the same browser does; otherwise they are cleared too.
 */
export function resetPage({ reload = false, url }: { reload?: boolean; url?: string } = {}): void {
  for (const [target, type, listener, options] of added.splice(0)) target.removeEventListener(type, listener, options);
  Reflect.deleteProperty(history, 'pushState');
  Reflect.deleteProperty(history, 'replaceState');
  const win = window as unknown as Record<string | symbol, unknown>;
  delete win.pintrk;
  delete win.pinterestTag;
  delete win[STATE_KEY];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  if (!reload) {
    for (const cookie of document.cookie.split('; ')) {
      const name = cookie.split('=')[0];
      if (!name) continue;
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; domain=${location.hostname}`;
    }
    localStorage.clear();
    sessionStorage.clear();
    History.prototype.replaceState.call(history, null, '', '/');
  }
  if (url) setUrl(url);
}

/** The next page load in the same browser: the same cookies and localStorage, optionally at `url`. */
export const simulateReload = (url?: string): void => resetPage({ reload: true, url });

/**
 * Waits until the SDK has done what it does after the first event: the automatic page visit (a microtask) and
 * the set-up steps it runs one per task (reading storage, watching forms and routes).
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const state = (window as unknown as Record<symbol, { steps?: unknown[]; scheduled?: boolean } | undefined>)[STATE_KEY];
    if (!state?.steps?.length && !state?.scheduled) return;
  }
  throw new Error('the set-up steps of the SDK did not finish');
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
