// Pinterest's base code, done once per page however many copies of it (or of this SDK) run (SPEC §1, §11.1):
// the `pintrk` stub, `core.js` injected once, and every command given through one bounded door.

import { describe } from './common/values';
import { type DebugEntry, type PageState, type Pintrk, pageState } from './page-state';
import { warn } from './warn';

export const DEFAULT_SCRIPT_URL = 'https://s.pinimg.com/ct/core.js';

/** Past this many commands waiting for `core.js`, it is taken as never coming and nothing more is queued. */
export const MAX_QUEUE = 500;

/** The first word of a queued command, as the tag reads it (trimmed, lower-cased); '' for anything odd. */
function commandName(entry: unknown): string {
  try {
    const name = (entry as ArrayLike<unknown> | null)?.[0];
    return typeof name === 'string' ? name.trim().toLowerCase() : '';
  } catch {
    // Whatever else shares the queue, an odd entry must not stop the tag from starting.
    return '';
  }
}

/** Pinterest's stub, exactly as the base code makes it (SPEC §1.1): a queue of argument arrays, `version` "3.0". */
export function pinterestStub(): Pintrk {
  const stub = function () {
    // biome-ignore lint/complexity/noArguments: the same shape as Pinterest's base code (SPEC §1.1).
    stub.queue.push(Array.prototype.slice.call(arguments));
  };
  stub.queue = [] as unknown[];
  stub.version = '3.0';
  return stub;
}

/**
 * Injects `core.js` from `url` (absolute) unless a script on the page has it already, with `nonce` (the only script
 * that gets it). Its outcome is kept in the page state: `loaded`, or `failed` with a warning.
 */
export function injectCore(state: PageState, url: string, nonce: string | undefined): void {
  const scripts = document.scripts;
  for (let i = 0; i < scripts.length; i++) {
    // `src` reads back absolute, as `url` is.
    const src = (scripts[i] as HTMLScriptElement).src;
    if (src === url || src.includes('//s.pinimg.com/ct/core.js')) return;
  }
  const script = document.createElement('script');
  script.async = true;
  script.src = url;
  if (nonce) script.nonce = nonce;
  script.onload = () => (state.core = 'loaded');
  script.onerror = () => {
    state.core = 'failed';
    warn('core-failed', url);
  };
  document.head.appendChild(script);
}

/**
 * Installs Pinterest's stub unless a `pintrk` is already there, and injects `core.js` once. Notes what an earlier
 * base code queued, so its `load` and `page` are not sent twice.
 */
export function installTag(scriptUrl: string, nonce: string | undefined): PageState {
  const state = pageState();
  if (typeof window.pintrk !== 'function') window.pintrk = pinterestStub();
  const { queue, tagId } = window.pintrk!;
  for (const entry of Array.isArray(queue) ? queue : []) {
    const name = commandName(entry);
    if (name === 'load') state.loaded[describe((entry as unknown[])[1]).trim()] = true;
    if (name === 'page') state.paged = true;
  }
  if (tagId) {
    // The library has already run the base code's queue, `load` and `page` included.
    state.loaded[tagId] = state.paged = true;
    state.core = 'loaded';
  }
  // Compare absolute URLs, or a relative scriptUrl would be injected by every copy.
  injectCore(state, scriptUrl === DEFAULT_SCRIPT_URL ? scriptUrl : new URL(scriptUrl, document.baseURI).href, nonce);
  return state;
}

/**
 * Gives one command to `pintrk`. Nothing is queued once `core.js` has failed, nor past `MAX_QUEUE` commands
 * waiting for it, so a blocked tag cannot grow the page's memory without bound (SPEC §11.9).
 */
export function command(...args: unknown[]): void {
  const state = pageState();
  const tag = window.pintrk;
  const queue = tag?.queue;
  debugLog({ command: args });
  // The library replaces `queue.push` with its dispatcher when it runs (SPEC §1.2): from then on nothing waits.
  if (!state.core && queue?.push === Array.prototype.push && queue.length >= MAX_QUEUE) {
    if (!state.full) warn('queue-full', 'core.js');
    state.full = true;
  } else if (tag && state.core !== 'failed') {
    try {
      tag(...args);
    } catch (error) {
      warn('failed', `pintrk('${describe(args[0])}')`, error);
    }
  }
}

/** In debug mode, logs a command or a call that sent nothing, for the debug panel. */
export function debugLog(entry: Omit<DebugEntry, 'url' | 'time'>): void {
  const state = pageState();
  if (!state.log) return;
  const logged = { ...entry, url: document.URL, time: Date.now() };
  state.log.push(logged);
  state.onLog?.(logged);
}

/** Whether `core.js` failed to load on this page: events are then `blocked`, not `sent`. */
export const coreFailed = (): boolean => pageState().core === 'failed';
