// The script-tag build: reads the <script>'s data attributes, starts the tag, replays the calls the page
// queued on `window.pinterestTag.q` in order, then makes `window.pinterestTag` the live command function.
import { warn } from './log';
import { readScriptOptions } from './options';
import { createPinterestTag } from './tag';
import type { PinterestTagOptions } from './types';

type CommandFunction = ((name: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; live?: boolean };

try {
  const global = window as unknown as { pinterestTag?: CommandFunction };
  const queued = global.pinterestTag?.q;
  // A second copy of this script finds the first one's live function and does nothing.
  if (!global.pinterestTag?.live) {
    const tag = createPinterestTag(readScriptOptions(document.currentScript) as unknown as PinterestTagOptions) as unknown as Record<string, (arg: unknown) => unknown>;
    const live: CommandFunction = (name, arg) => {
      try {
        if (Object.prototype.hasOwnProperty.call(tag, name)) return tag[name]!(arg);
        warn(`pinterestTag(${JSON.stringify(name)}) is not a command. Use one of: ${Object.keys(tag).join(', ')}`);
      } catch (e) {
        warn(`pinterestTag('${name}') failed: ${e}`);
      }
      return undefined;
    };
    live.live = true;
    global.pinterestTag = live;
    for (const args of Array.prototype.slice.call(queued ?? [])) live(...(args as [string, unknown]));
  }
} catch (e) {
  warn(`could not start: ${e}`);
}
