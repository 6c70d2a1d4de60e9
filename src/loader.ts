// Pinterest's base code, done once per page however many copies of it (or of this SDK) run (SPEC §1, §11.1).
import { warn } from './log';

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
  core: 'loading' | 'loaded' | 'failed';
  /** Tag IDs `load`ed on this page, by anyone. */
  loaded: Record<string, boolean>;
  /** Whether `page` was sent on this page load. */
  paged: boolean;
  /** Tag IDs whose automatic page visit was sent on this page load. */
  visited: Record<string, boolean>;
  /** `core.js` load and error are being watched. */
  watched?: boolean;
  /** The queue-full warning was given. */
  full?: boolean;
}

const KEY = Symbol.for('storefront-pinterest-tag');

/** The page's shared state, made on first use. `Symbol.for` is the same key in every copy of the SDK. */
export function pageState(): PageState {
  const holder = window as unknown as Record<symbol, PageState | undefined>;
  return (holder[KEY] ??= { core: 'loading', loaded: {}, paged: false, visited: {} });
}

function pintrk(): Pintrk | undefined {
  const fn = (window as unknown as { pintrk?: unknown }).pintrk;
  return typeof fn === 'function' ? (fn as Pintrk) : undefined;
}

/**
 * Installs Pinterest's stub exactly as the base code does (queue of argument arrays, `version` "3.0") unless a
 * `pintrk` is already there, and injects `core.js` once. Reads what an earlier base code queued, so its `load`
 * and `page` are not sent twice.
 */
export function installTag(scriptUrl: string, nonce: string | undefined): PageState {
  const state = pageState();
  let tag = pintrk();
  if (!tag) {
    const stub: Pintrk = function () {
      // eslint-disable-next-line prefer-rest-params -- the same shape as Pinterest's base code.
      stub.queue!.push(Array.prototype.slice.call(arguments));
    };
    stub.queue = [];
    stub.version = '3.0';
    (window as unknown as { pintrk: Pintrk }).pintrk = tag = stub;
  }
  for (const entry of tag.queue ?? []) {
    const [command, id] = entry as unknown[];
    const name = String(command).toLowerCase();
    if (name === 'load') state.loaded[String(id).trim()] = true;
    if (name === 'page') state.paged = true;
  }
  if (tag.tagId) {
    // The library already ran the base code's queue: `load` and, with it, `page` are done.
    state.loaded[tag.tagId] = true;
    state.paged = true;
    state.core = 'loaded';
  }

  const found = Array.prototype.find.call(
    document.scripts,
    (s: HTMLScriptElement) => s.src === scriptUrl || /\/\/s\.pinimg\.com\/ct\/core\.js/.test(s.src),
  ) as HTMLScriptElement | undefined;
  const script = found ?? document.createElement('script');
  if (!found) {
    script.async = true;
    script.src = scriptUrl;
    if (nonce) script.nonce = nonce;
    const first = document.getElementsByTagName('script')[0];
    if (first?.parentNode) first.parentNode.insertBefore(script, first);
    else (document.head || document.documentElement).appendChild(script);
  }
  if (!state.watched) {
    state.watched = true;
    script.addEventListener('load', () => (state.core = 'loaded'));
    script.addEventListener('error', () => {
      state.core = 'failed';
      warn(`could not load ${script.src} (blocked or offline): events still get IDs and reach listeners and the relay.`);
    });
  }
  return state;
}

/**
 * Gives one command to `pintrk`. Nothing is queued once `core.js` has failed, nor past `MAX_QUEUE` commands
 * waiting for it, so a blocked tag cannot grow the page's memory without bound (SPEC §11.9).
 */
export function command(...args: unknown[]): void {
  const state = pageState();
  const tag = pintrk();
  if (!tag || state.core === 'failed') return;
  const queue = tag.queue;
  // The library replaces `queue.push` with its dispatcher once it runs (SPEC §1.2): then nothing waits.
  if (state.core !== 'loaded' && Array.isArray(queue) && queue.push === Array.prototype.push) {
    if (queue.length >= MAX_QUEUE) {
      if (!state.full) warn(`core.js has not run after ${MAX_QUEUE} commands; later ones are not queued.`);
      state.full = true;
      return;
    }
  }
  try {
    tag(...args);
  } catch (e) {
    warn(`pintrk('${String(args[0])}') threw: ${String(e)}`);
  }
}
