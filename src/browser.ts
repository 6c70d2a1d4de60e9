// The script-tag build: reads the <script>'s data attributes, starts the tag, replays the calls the page
// queued on `window.pinterestTag.q` in order, then makes `window.pinterestTag` the live command function.
import { describe, warn } from './log';
import { readScriptOptions } from './options';
import { createPinterestTag } from './tag';
import type { EventListener, PinterestTagOptions } from './types';

type CommandFunction = ((name: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; live?: boolean };

try {
  const global = window as unknown as { pinterestTag?: CommandFunction };
  // A second copy of this script finds the first one's live function and does nothing.
  if (!global.pinterestTag?.live) {
    const queued: unknown[][] = Array.prototype.map.call(global.pinterestTag?.q ?? [], (args: ArrayLike<unknown>) => Array.from(args)) as unknown[][];
    const options = readScriptOptions(document.currentScript) as Partial<PinterestTagOptions> & Record<string, unknown>;
    // Setup calls queued before the script loaded take effect before anything is sent: a queued denial loads
    // nothing, a queued listener hears the first page visit, a queued identify() is in the first `load`.
    const listeners: EventListener[] = [];
    const rest = queued.filter(([name, arg]) => {
      if (name === 'setConsent' && (arg === 'granted' || arg === 'denied')) options.consent = arg;
      else if (name === 'onEvent' && typeof arg === 'function') listeners.push(arg as EventListener);
      else if (name === 'identify' && arg && typeof arg === 'object') options.customer = { ...options.customer, ...arg };
      else return true;
      return false;
    });
    if (listeners.length) {
      options.onEvent = (event) =>
        listeners.forEach((listener) => {
          try {
            listener(event);
          } catch (e) {
            warn(`an onEvent listener failed: ${describe(e)}`);
          }
        });
    }
    const tag = createPinterestTag(options as PinterestTagOptions) as unknown as Record<string, (arg: unknown) => unknown>;
    const live: CommandFunction = (name, arg) => {
      try {
        if (Object.prototype.hasOwnProperty.call(tag, name)) return tag[name]!(arg);
        warn(`pinterestTag(${JSON.stringify(describe(name))}) is not a command. Use one of: ${Object.keys(tag).join(', ')}`);
      } catch (e) {
        warn(`pinterestTag('${describe(name)}') failed: ${describe(e)}`);
      }
      return undefined;
    };
    live.live = true;
    global.pinterestTag = live;
    for (const args of rest) live(...(args as [string, unknown]));
  }
} catch (e) {
  warn(`could not start: ${describe(e)}`);
}
