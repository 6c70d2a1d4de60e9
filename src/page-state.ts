// What every copy of this SDK on a page shares (the script tag's two stages, an npm build, a second copy of
// either): kept on `window` under a `Symbol.for` key, which gives every copy the same key. Its fields have no
// leading underscore, so that no minifier renames them differently in different builds.
import type { MessageCode } from './common/messages';
import type { TrackedEvent, TrackStatus } from './common/types';
import type { SignalHooks } from './consent';

/** The key of the page state on `window`. */
export const PAGE_STATE: unique symbol = Symbol.for('storefront-pinterest-tag');

/** Pinterest's `pintrk`: the base code's stub (a queue of argument arrays) until its library replaces `queue.push`. */
export type Pintrk = ((...args: unknown[]) => void) & { queue?: unknown[]; version?: string; tagId?: string };

/** The script tag's command function, or the pre-load snippet's queueing stand-in for it. */
export type CommandFunction = ((name: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; live?: boolean };

/** A command given to `pintrk`, or a call that sent nothing (logged in debug mode only). */
export interface DebugEntry {
  command: unknown[];
  url: string;
  time: number;
  /** A call that did not reach the tag: its name, status and event ID. */
  call?: string;
  status?: TrackStatus;
  eventId?: string;
}

/** A warning given in debug mode before the debug file (which holds the sentences) arrived. */
export type HeldWarning = [code: MessageCode, field: string, got?: unknown];

export interface PageState {
  /** `core.js`: still loading, loaded, or failed (blocked, 404, CSP). */
  core?: 'loaded' | 'failed';
  /** Tag IDs `load`ed on this page, by anyone. */
  loaded: Record<string, boolean>;
  /** Whether `page` was sent on this page load. */
  paged?: boolean;
  /** Per tag ID, the URL of the last page visit sent: one per page load and per SPA route, page-wide. */
  visited: Record<string, string>;
  /** The first stage's <script>, whose data attributes the second stage reads. */
  script?: Element | null;
  /** The first stage's page visit, for the second stage to give its listeners and relay (`pinterest-tag.min.js`). */
  firstVisit?: TrackedEvent;
  /** The queue-full warning was given. */
  full?: boolean;
  /** Debug mode: every command given to `pintrk`, with the page URL then, for the debug panel. */
  log?: DebugEntry[];
  /** The debug panel's hook for each entry logged after it loaded. */
  onLog?: (entry: DebugEntry) => void;
  /** Debug mode: warnings waiting for the debug file's sentences. */
  held?: HeldWarning[];
  /** The debug file's sentence for a warning, once it has loaded. */
  explain?: (code: MessageCode, field: string, got?: unknown) => string;
  /** The debug panel is on the page. */
  panel?: boolean;
  /** The event IDs of the last checkouts sent from this browser, read from storage once (checkout-guard.ts). */
  checkouts?: Set<string>;
  /** Their write to storage is scheduled. */
  writing?: boolean;
  /** Set-up work waiting to run, one step per task (steps.ts). */
  steps?: Array<() => void>;
  /** A task to run the next step is scheduled. */
  scheduled?: boolean;
  /** The consent signals file, once loaded: follows the signals the options name, for an instance (`consentFrom`). */
  signals?: (hooks: SignalHooks) => void;
  /** The files of the signals, once loaded, by name (`gcm`, `tcf`, `gpc`, `shopify`). */
  watchers?: Record<string, unknown>;
  /** For the debug panel: each signal's current value and the decision, as text; `onConsent` hears each change. */
  consent?: { signals: Record<string, string>; decision: string };
  onConsent?: () => void;
  /** The script tag's instance, which the event sources' side files attach to (script-tag.ts). */
  tag?: unknown;
  /** The event sources asked for on this page, by name (src/sources/side-file.ts). */
  sources?: Record<string, SourceSlot>;
}

/** An event source asked for on this page: its options, and how its side file starts once it has loaded. */
export interface SourceSlot {
  /** What `pinterestTag('source', name, options)` gave. */
  options?: unknown;
  /** The side file, once loaded: starts the source on `tag` with `options` (again when they changed). */
  run?: () => void;
  /** The side file was asked for. */
  asked?: boolean;
}

declare global {
  interface Window {
    pintrk?: Pintrk;
    pinterestTag?: CommandFunction;
    [PAGE_STATE]?: PageState;
  }
}

/** An object that inherits nothing, so that a polluted `Object.prototype` cannot put a field in it. */
const blank = <T extends object>(fields: T): T => Object.assign(Object.create(null), fields);

/** This page's state, made on first use. */
export const pageState = (): PageState => (window[PAGE_STATE] ??= blank({ loaded: blank({}), visited: blank({}) }));
