// The script tag's event sources (README, "Event sources"): in pinterest-tag-full-sources.min.js only
// (build-flags.ts), which the first stage loads for a script with `data-sources`. For each known name it loads a
// file next to the script (`pinterest-tag-source-<name>.min.js`), never a URL from the page. The file attaches to
// the instance through the page state (src/sources/side-file.ts), and the page's automatic page visit waits for
// the source's product: asked for here, before that visit goes at the end of the script's task.
import type { PageState } from './page-state';
// The script-tag build's loader, by its own name: this module is in the script-tag build only.
import { loadSideFile } from './side-files.iife';
import { SOURCE_HOLD_MS, SOURCE_NAMES } from './sources/names';
import { HOST, type TagHost } from './tag-host';
import { warn } from './warn';

/**
 * Starts the event sources of the script tag's instance `tag`: those of the calls the page queued with
 * `pinterestTag('source', name, options)`, then those its script's `data-sources` names. Returns the `source`
 * command.
 */
export function startSources(state: PageState, tag: unknown, queued: unknown[][], nonce: string | undefined): (name: unknown, options?: unknown) => void {
  const host = (tag as { [HOST]?: TagHost })[HOST];
  state.tag = tag;
  const source = (given: unknown, options?: unknown): void => {
    const name = SOURCE_NAMES.find((known) => typeof given === 'string' && known === given.trim().toLowerCase());
    if (!name) return void warn('not-source', 'source', given);
    const slot = ((state.sources ??= {})[name] ??= {});
    if (options !== undefined) slot.options = options;
    if (!host) return;
    host.holdPageVisits(SOURCE_HOLD_MS);
    if (slot.run) slot.run();
    else if (!slot.asked) {
      slot.asked = true;
      // Not hosted next to the script: said once, and the held page visit goes when its wait ends.
      void loadSideFile(`source-${name}`, nonce).then((loaded) => loaded || warn('module-failed', `pinterest-tag-source-${name}.min.js`));
    }
  };
  // Those given options first, so that a source file already on the page starts with them.
  for (const [command, name, options] of queued) if (command === 'source') source(name, options);
  const named = ((state.script ?? document.currentScript) as Element | null)?.getAttribute('data-sources') ?? '';
  for (const name of named.split(',')) if (name.trim()) source(name);
  return source;
}
