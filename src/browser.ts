// The script-tag build: reads the <script>'s data attributes, starts the tag, replays the calls the page
// queued on `window.pinterestTag.q` in order, then makes `window.pinterestTag` the live command function.
import { ACTIONS, isAction } from './events';
import { warn } from './log';
import { readScriptOptions } from './options';
import { createPinterestTag } from './tag';
import type { PinterestTag, PinterestTagOptions } from './types';

type CommandFunction = ((name: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; live?: boolean };

const COMMANDS = [...Object.keys(ACTIONS), 'identify', 'setConsent', 'onEvent', 'clickId'];

function main(): void {
  const global = window as unknown as { pinterestTag?: CommandFunction };
  const existing = global.pinterestTag;
  // A second copy of this script finds the first one's live function and does nothing.
  if (existing?.live) return;
  const script = document.currentScript;
  const queued = Array.prototype.slice.call(existing?.q ?? []) as ArrayLike<unknown>[];
  const options = readScriptOptions(script);
  let tag: PinterestTag | undefined;

  const run = (name: unknown, args: unknown[]): unknown => {
    if (name === 'init') {
      if (tag) warn(`pinterestTag('init') was called again; the tag is already started.`);
      else tag = createPinterestTag({ ...(args[0] as object), ...options } as PinterestTagOptions);
      return undefined;
    }
    if (!tag) {
      warn(`pinterestTag('${String(name)}') came before the tag was started: give the script a data-tag-id.`);
      return undefined;
    }
    if (isAction(name)) return tag[name](args[0] as never);
    if (name === 'identify' || name === 'setConsent' || name === 'onEvent' || name === 'clickId') {
      return (tag[name] as (arg: unknown) => unknown)(args[0]);
    }
    warn(`pinterestTag(${JSON.stringify(String(name))}) is not a command. Use one of: ${COMMANDS.join(', ')}.`);
    return undefined;
  };
  const live: CommandFunction = (name, ...args) => {
    try {
      return run(name, args);
    } catch (e) {
      warn(`pinterestTag('${String(name)}') failed: ${String(e)}`);
      return undefined;
    }
  };
  live.live = true;

  // Options may also come from a queued pinterestTag('init', {...}), for tag managers that cannot set attributes;
  // the script's own attributes win.
  const init = queued.find((args) => args[0] === 'init');
  if (options.tagId || init) run('init', [init?.[1]]);
  else warn(`no Tag ID yet: add data-tag-id="…" to the script, or call pinterestTag('init', { tagId: '…' }).`);
  global.pinterestTag = live;
  for (const args of queued) if (args !== init) live(...(Array.prototype.slice.call(args) as [string, ...unknown[]]));
}

try {
  main();
} catch (e) {
  warn(`could not start: ${String(e)}`);
}
