// Pinterest's base code, done once per page however many copies of it (or of this SDK) run (SPEC §1, §11.1).
import { describe, warn } from './log';

export const DEFAULT_SCRIPT_URL = 'https://s.pinimg.com/ct/core.js';

/** Past this many commands waiting for `core.js`, it is taken as never coming and nothing more is queued. */
export const MAX_QUEUE = 500;

type Pintrk = ((...args: unknown[]) => void) & { queue?: unknown[]; version?: string; tagId?: string };

/**
 * Page-wide state shared by every copy of this SDK on the page, the script-tag build and an npm build alike.
 * Its keys have no leading underscore so that no minifier renames them differently in different builds.
 */
export interface PageState {
  /** `core.js`: still loading, loaded, or failed (blocked, 404, CSP). */
  core?: 'loaded' | 'failed';
  /** Tag IDs `load`ed on this page, by anyone. */
  loaded: Record<string, boolean>;
  /** Whether `page` was sent on this page load. */
  paged?: boolean;
  /** Per tag ID, the URL of the last page visit sent: one per page load and per SPA route, page-wide. */
  visited: Record<string, string>;
  /** The queue-full warning was given. */
  full?: boolean;
  /** Debug mode: every command given to `pintrk`, with the page URL then, for the debug panel. */
  log?: DebugEntry[];
  /** The debug panel's hook for each entry logged after it loaded. */
  onLog?: (entry: DebugEntry) => void;
}

/** A command given to `pintrk` (logged in debug mode only). */
export interface DebugEntry {
  command: unknown[];
  url: string;
  time: number;
}

/** `Symbol.for` gives the same key to every copy of the SDK on the page. */
const KEY = Symbol.for('storefront-pinterest-tag');

export const pageState = (): PageState => ((window as unknown as Record<symbol, PageState>)[KEY] ??= { loaded: {}, visited: {} });

/**
 * Installs Pinterest's stub exactly as the base code does (a queue of argument arrays, `version` "3.0") unless a
 * `pintrk` is already there, and injects `core.js` once. Notes what an earlier base code queued, so its `load`
 * and `page` are not sent twice.
 */
export function installTag(scriptUrl: string, nonce: string | undefined): PageState {
  const state = pageState();
  const win = window as unknown as { pintrk: Pintrk };
  if (typeof win.pintrk !== 'function') {
    win.pintrk = Object.assign(
      function () {
        // eslint-disable-next-line prefer-rest-params -- the same shape as Pinterest's base code (SPEC §1.1).
        win.pintrk.queue!.push(Array.prototype.slice.call(arguments));
      },
      { queue: [], version: '3.0' },
    );
  }
  const { queue, tagId } = win.pintrk;
  for (const entry of Array.isArray(queue) ? queue : []) {
    // Whatever else shares the queue, an odd entry must not stop the tag from starting.
    const [name, id] = Array.from((entry ?? []) as ArrayLike<unknown>, (part) => describe(part).trim());
    if (/^load$/i.test(name!)) state.loaded[id!] = true;
    if (/^page$/i.test(name!)) state.paged = true;
  }
  if (tagId) {
    // The library has already run the base code's queue, `load` and `page` included.
    state.loaded[tagId] = state.paged = true;
    state.core = 'loaded';
  }
  // `src` reads back absolute: compare absolute URLs, or a relative scriptUrl would be injected by every copy.
  const url = new URL(scriptUrl, document.baseURI).href;
  if (!Array.prototype.some.call(document.scripts, (s: HTMLScriptElement) => s.src === url || /\/\/s\.pinimg\.com\/ct\/core\.js/.test(s.src))) {
    const script = document.createElement('script');
    script.async = true;
    script.src = url;
    if (nonce) script.nonce = nonce;
    script.onload = () => (state.core = 'loaded');
    script.onerror = () => {
      state.core = 'failed';
      warn(`could not load ${scriptUrl}: blocked or offline. Events still get IDs and reach listeners and the relay`);
    };
    document.head.appendChild(script);
  }
  return state;
}

/**
 * Gives one command to `pintrk`. Nothing is queued once `core.js` has failed, nor past `MAX_QUEUE` commands
 * waiting for it, so a blocked tag cannot grow the page's memory without bound (SPEC §11.9).
 */
export function command(...args: unknown[]): void {
  const state = pageState();
  const tag = (window as unknown as { pintrk?: Pintrk }).pintrk;
  const queue = tag?.queue;
  if (state.log) {
    const entry = { command: args, url: location.href, time: Date.now() };
    state.log.push(entry);
    state.onLog?.(entry);
  }
  // The library replaces `queue.push` with its dispatcher when it runs (SPEC §1.2): from then on nothing waits.
  if (!state.core && queue?.push === [].push && queue.length >= MAX_QUEUE) {
    if (!state.full) warn(`core.js has not run after ${MAX_QUEUE} commands; later ones are not queued`);
    state.full = true;
  } else if (tag && state.core !== 'failed') {
    try {
      tag(...args);
    } catch (e) {
      warn(`pintrk('${args[0]}') threw: ${describe(e)}`);
    }
  }
}
