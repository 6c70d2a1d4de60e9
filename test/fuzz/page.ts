// One jsdom page that runs the shipped script as a browser would, for the fuzz suites of the script tag and of
// form input: scripts run in the page's own window (runScripts: 'dangerously'), what a script or an event
// listener throws is reported as in a browser (jsdom's virtual console, `jsdomError`), and the relay's beacons
// are recorded, never sent. jsdom loads no subresource, so core.js is never fetched. The page is reused from
// case to case and reset in between, which is what makes 100,000 cases affordable.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSDOM, VirtualConsole } from 'jsdom';

export const TAG_ID = '2612345678901';
const SDK = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/pinterest-tag.min.js'), 'utf8');
const SNIPPET = 'window.pinterestTag = window.pinterestTag || function () { (pinterestTag.q = pinterestTag.q || []).push(arguments) };';
const URL_NOW = 'https://shop.example.com/products/1';

type Command = unknown[];
export type PageWindow = Window &
  typeof globalThis & {
    pintrk?: { queue?: Command[] };
    pinterestTag?: ((name: unknown, arg?: unknown) => unknown) & { q?: unknown[] };
  };

export interface FuzzPage {
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
  /** Runs dist/pinterest-tag.min.js from an inline <script> with these attributes. */
  runScript(attributes: Record<string, string>): void;
  queue(): Command[];
  tracks(): Command[];
  /** Every window personal data could leave by: the queue, cookies (decoded too), storage, listeners, beacons. */
  everything(): string;
}

export function createFuzzPage(): FuzzPage {
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
  (window as unknown as { fetch: unknown }).fetch = (_url: unknown, init?: { body?: unknown }) => (beacons.push(String(init?.body)), Promise.resolve({ ok: true }));

  // Listeners the SDK adds to the document or the window during a case, removed when it ends (a reload would).
  const added: [EventTarget, string, EventListenerOrEventListenerObject, unknown][] = [];
  const proto = (window as unknown as { EventTarget: typeof EventTarget }).EventTarget.prototype;
  const add = proto.addEventListener;
  proto.addEventListener = function (this: EventTarget | undefined, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
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
    runScript(attributes) {
      const script = document.createElement('script');
      for (const [attribute, value] of Object.entries(attributes)) script.setAttribute(attribute, value);
      script.text = SDK;
      document.head.appendChild(script);
    },
    queue,
    tracks: () => queue().filter((command) => command[0] === 'track'),
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
