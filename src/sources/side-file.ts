// How an event source's file for the script tag (`pinterest-tag-source-<name>.min.js`) attaches to the script
// tag's instance. The script tag (script-tag.ts) keeps, in the page state, the instance and each source asked for
// with its options; the file adds the slot's `run`, which starts the source, and starts it again when the options
// change. The file may load before the instance exists (a theme includes it with `defer` so that it hears the
// theme's first events): then it records those events until the script tag asks for the source.
import { pageState } from '../page-state';
import type { SourceName } from './names';
import type { SourceTag, StopSource } from './shared';

/** Whether two options objects hold the same values (own keys, compared with `===`): a repeated call changes nothing. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}

/** Most platform events a file records before the instance exists. */
export const MAX_BACKLOG = 100;

/**
 * Attaches a source's file: `start(tag, options, backlog)` starts the source; `early(record)`, if given, listens
 * from the file's load and records each event until then (it returns a function that stops). A second copy of the
 * file on the page does nothing. Never throws.
 */
export function attachSource<E>(
  name: SourceName,
  start: (tag: SourceTag, options: unknown, backlog: E[]) => StopSource,
  early?: (record: (event: E) => void) => StopSource,
): void {
  try {
    const state = pageState();
    const slot = ((state.sources ??= {})[name] ??= {});
    if (slot.run) return;
    const backlog: E[] = [];
    let stopEarly = early?.((event) => void (backlog.length < MAX_BACKLOG && backlog.push(event)));
    let stop: StopSource | undefined;
    let startedWith: unknown;
    slot.run = () => {
      try {
        if (!state.tag || (stop && same(slot.options, startedWith))) return;
        stopEarly?.();
        stopEarly = undefined;
        stop?.();
        startedWith = slot.options;
        stop = start(state.tag as SourceTag, slot.options, backlog.splice(0));
      } catch {
        // A source that cannot start sends nothing; the page carries on.
      }
    };
    // Loaded by the script tag, which asked for it: start now. Loaded before it: wait to be asked.
    if (slot.asked) slot.run();
  } catch {
    // See above.
  }
}
