// One jsdom page that runs the shipped scripts as a browser would, for the tests of the built files and the fuzz
// suites of the script tag and of form input: scripts run in the page's own window (runScripts: 'dangerously'),
// what a script or an event listener throws is reported as in a browser (jsdom's virtual console, `jsdomError`),
// and the relay's beacons are recorded, never sent. jsdom loads no subresource, so core.js is never fetched.
// `runScript` runs both stages inline and at once: the first stage (dist/pinterest-tag.min.js) from a <script>
// with the theme's attributes, then the second (dist/pinterest-tag-full.min.js), as the first stage would load
// it. The page is reused from case to case and reset in between, which is what makes 100,000 cases affordable.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM, requestInterceptor, VirtualConsole } from 'jsdom';

export const TAG_ID = '2612345678901';
const dist = (file: string): string => readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../dist', file), 'utf8');
/** The two stages of the script tag, as shipped. */
export const FIRST_STAGE = dist('pinterest-tag.min.js');
export const SECOND_STAGE = dist('pinterest-tag-full.min.js');
const SNIPPET = 'window.pinterestTag = window.pinterestTag || function () { (pinterestTag.q = pinterestTag.q || []).push(arguments) };';
const URL_NOW = 'https://shop.example.com/products/1';

type Command = unknown[];
export type PageWindow = Window &
  typeof globalThis & {
    pintrk?: { queue?: Command[] };
    pinterestTag?: ((name: unknown, arg?: unknown) => unknown) & { q?: unknown[] };
  };

export interface ShippedPage {
  window: PageWindow;
  document: Document;
  /** Uncaught errors: thrown by a script or an event listener, into the page. */
  errors: string[];
  /** Relay bodies (sendBeacon or fetch), TrackedEvents heard by `listener`, `pinterest-tag:event` details. */
  beacons: string[];
  listened: string[];
  dom: string[];
  /** A listener that records what it hears, for `onEvent`. */
  listener: (event: unknown) => void;
  /** The next page load: no SDK, no listeners or history wrappers of the last, no cookies or storage. */
  reset(): void;
  /** Runs Pinterest-style pre-load snippet: `pinterestTag(...)` calls queue until the script runs. */
  snippet(): void;
  /** Runs the first stage from an inline <script> with these attributes, then the second stage, `copies` times. */
  runScript(attributes: Record<string, string>, copies?: number): void;
  queue(): Command[];
  tracks(): Command[];
  /** Waits for what the SDK does after the script's task: the automatic page visit, then its set-up steps. */
  settle(): Promise<void>;
  /** Every window personal data could leave by: the queue, cookies (decoded too), storage, listeners, beacons. */
  everything(): string;
}

export function createShippedPage(): ShippedPage {
  const errors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error: Error) => errors.push(String((error as { cause?: unknown }).cause ?? error)));
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: URL_NOW, runScripts: 'dangerously', virtualConsole });
  const window = dom.window as unknown as PageWindow;
  const { document } = window;
  const beacons: string[] = [];
  const listened: string[] = [];
  const domEvents: string[] = [];

  // The page's own listeners, added once and kept: the record of what the SDK dispatched.
  window.addEventListener('pinterest-tag:event', (event) => domEvents.push(JSON.stringify((event as CustomEvent).detail)));
  Object.defineProperty(window.navigator, 'sendBeacon', { configurable: true, value: (_url: string, body: unknown) => (beacons.push(String(body)), true) });
  (window as unknown as { fetch: unknown }).fetch = (_url: unknown, init?: { body?: unknown }) => (
    beacons.push(String(init?.body)), Promise.resolve({ ok: true })
  );

  // Listeners the SDK adds to the document or the window during a case, removed when it ends (a reload would).
  const added: [EventTarget, string, EventListenerOrEventListenerObject, unknown][] = [];
  const proto = (window as unknown as { EventTarget: typeof EventTarget }).EventTarget.prototype;
  const add = proto.addEventListener;
  proto.addEventListener = function (
    this: EventTarget | undefined,
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    const on = this ?? (window as unknown as EventTarget);
    if (listener && (on === document || on === (window as unknown as EventTarget))) added.push([on, type, listener, options]);
    return add.call(on, type, listener, options);
  };

  const queue = (): Command[] => window.pintrk?.queue ?? [];
  return {
    window,
    document,
    errors,
    beacons,
    listened,
    dom: domEvents,
    listener: (event) => void listened.push(JSON.stringify(event)),
    reset() {
      for (const [target, type, listener, options] of added.splice(0)) target.removeEventListener(type, listener, options as boolean);
      const win = window as unknown as Record<string | symbol, unknown>;
      delete win.pintrk;
      delete win.pinterestTag;
      delete win[Symbol.for('storefront-pinterest-tag')];
      Reflect.deleteProperty(window.history, 'pushState');
      Reflect.deleteProperty(window.history, 'replaceState');
      window.history.replaceState(null, '', URL_NOW);
      document.head.innerHTML = '';
      document.body.innerHTML = '';
      for (const cookie of document.cookie.split('; ')) {
        const name = cookie.split('=')[0];
        if (!name) continue;
        document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
        document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; domain=shop.example.com`;
      }
      window.localStorage.clear();
      window.sessionStorage.clear();
      for (const list of [errors, beacons, listened, domEvents]) list.length = 0;
    },
    snippet: () => void window.eval(SNIPPET),
    runScript(attributes, copies = 1) {
      for (let copy = 0; copy < copies; copy++) {
        for (const [code, own] of [
          [FIRST_STAGE, attributes],
          [SECOND_STAGE, {}],
        ] as const) {
          const script = document.createElement('script');
          for (const [attribute, value] of Object.entries(own)) script.setAttribute(attribute, value);
          script.text = code;
          document.head.appendChild(script);
        }
      }
    },
    queue,
    tracks: () => queue().filter((command) => command[0] === 'track'),
    async settle() {
      const state = () => (window as unknown as Record<symbol, { steps?: unknown[]; scheduled?: boolean } | undefined>)[Symbol.for('storefront-pinterest-tag')];
      for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (!state()?.steps?.length && !state()?.scheduled) return;
      }
    },
    everything() {
      const cookies = document.cookie
        .split('; ')
        .map((cookie) => {
          try {
            return `${cookie} ${decodeURIComponent(cookie)}`;
          } catch {
            // Not percent-encoding: the raw text is all there is.
            return cookie;
          }
        })
        .join('\n');
      const storage = JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage });
      return [JSON.stringify(queue()), cookies, storage, ...listened, ...domEvents, ...beacons].join('\n');
    },
  };
}

/** Where the served page loads the shipped scripts from. */
export const CDN = 'https://cdn.example.com/storefront-pinterest-tag/';

export interface ServedPage {
  window: PageWindow;
  /** Console warnings and errors of the page, and what a script threw. */
  warnings: string[];
  errors: string[];
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Resolves once the first stage has run. */
  ran(): Promise<void>;
  /** Resolves once the second stage has made `window.pinterestTag` the live command function. */
  live(): Promise<void>;
  close(): void;
}

/**
 * A page that loads the shipped first stage by `<script src>` from `CDN`, with `attributes`, after `before` (page
 * script, e.g. the pre-load snippet and queued calls): the first stage then loads the second from next to itself,
 * as in a browser. jsdom's requests are answered here: the dist files from `dist/` (unless `missing` lists one;
 * the second stage after `delayMs`), core.js with a script that does nothing (`idle`: jsdom runs scripts one at a
 * time, so one that never answers would stall the rest) or a network error (`blocked`), and anything else fails.
 */
export function servePage(
  attributes: string,
  {
    before = '',
    copies = 1,
    core = 'idle',
    missing = [],
    delayMs = 0,
  }: { before?: string; copies?: number; core?: 'idle' | 'blocked'; missing?: string[]; delayMs?: number } = {},
): ServedPage {
  const warnings: string[] = [];
  const errors: string[] = [];
  const requests: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('warn', (message: string) => warnings.push(message));
  virtualConsole.on('error', (message: string) => errors.push(message));
  virtualConsole.on('jsdomError', (error: Error) => errors.push(String(error)));
  const interceptor = requestInterceptor((request) => {
    requests.push(request.url);
    const file = request.url.startsWith(CDN) ? request.url.slice(CDN.length) : '';
    const script = (code: string): Response => new Response(code, { headers: { 'Content-Type': 'text/javascript' } });
    if (/^pinterest-tag[\w-]*\.min\.js$/.test(file) && !missing.includes(file)) {
      return file === 'pinterest-tag-full.min.js' && delayMs
        ? new Promise<Response>((resolve) => setTimeout(() => resolve(script(dist(file))), delayMs))
        : script(dist(file));
    }
    if (request.url === 'https://s.pinimg.com/ct/core.js' && core === 'idle') return script('/* core.js: never runs the queue */');
    if (file) return new Response('Not found', { status: 404 });
    throw new TypeError('offline: the test answers this page');
  });
  const script = `<script src="${CDN}pinterest-tag.min.js" ${attributes}></script>`;
  const dom = new JSDOM(`<!doctype html><html><head><script>${SNIPPET}${before}</script>${script.repeat(copies)}</head><body></body></html>`, {
    url: URL_NOW,
    runScripts: 'dangerously',
    resources: { interceptors: [interceptor] },
    virtualConsole,
  });
  const window = dom.window as unknown as PageWindow;
  return {
    window,
    warnings,
    errors,
    requests,
    async ran() {
      const state = () => (window as unknown as Record<symbol, { script?: unknown } | undefined>)[Symbol.for('storefront-pinterest-tag')];
      for (let i = 0; i < 200 && !state()?.script; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      if (!state()?.script) throw new Error(`the first stage did not run; requests: ${requests.join(', ')}`);
    },
    async live() {
      for (let i = 0; i < 200 && !(window.pinterestTag as { live?: boolean } | undefined)?.live; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      if (!(window.pinterestTag as { live?: boolean } | undefined)?.live) throw new Error(`the second stage did not start; requests: ${requests.join(', ')}`);
    },
    close: () => window.close(),
  };
}
