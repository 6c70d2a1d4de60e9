// Page visits on SPA route changes (SPEC §11.1: one `pagevisit` per route, never a second `load`).

/** The URL without its fragment: jumping to an anchor is not a new page. */
const page = (): string => location.href.replace(/#.*/, '');

/**
 * Calls `onRoute` after each history navigation to a new URL: `pushState`, `replaceState` that changes the path,
 * and `popstate`. Never twice in a row for the same URL, never for a change of fragment alone, and never for the
 * URL the page loaded with until it has changed. Returns a function that stops watching.
 */
export function watchRoutes(onRoute: () => void): () => void {
  let last = page();
  const check = (pathOnly: boolean): void => {
    try {
      const url = page();
      if (url === last) return;
      const samePath = new URL(last).pathname === location.pathname;
      last = url;
      if (!(pathOnly && samePath)) onRoute();
    } catch {
      // Route tracking must never break the router that called pushState.
    }
  };
  const history = window.history;
  const push = history.pushState;
  const replace = history.replaceState;
  const ownPush = function (this: History, ...args: Parameters<History['pushState']>): void {
    push.apply(this, args);
    check(false);
  };
  const ownReplace = function (this: History, ...args: Parameters<History['replaceState']>): void {
    replace.apply(this, args);
    check(true);
  };
  history.pushState = ownPush;
  history.replaceState = ownReplace;
  const onPop = (): void => check(false);
  window.addEventListener('popstate', onPop);
  return () => {
    // Only undo our own patch: a router may have wrapped ours since.
    if (history.pushState === ownPush) history.pushState = push;
    if (history.replaceState === ownReplace) history.replaceState = replace;
    window.removeEventListener('popstate', onPop);
  };
}
