// Page visits on SPA route changes (SPEC §11.1: one `pagevisit` per route, never a second `load`).

/**
 * Calls `onRoute` after each history navigation to a new URL: `pushState`, `replaceState` when the path changes,
 * and `popstate`. Never twice in a row for the same URL, never for a new fragment alone, and never for the URL the
 * page loaded with until it has changed.
 */
export function watchRoutes(onRoute: () => void): void {
  const url = (): string => location.href.split('#')[0]!;
  let last = url();
  const check = (pathOnly?: boolean): void => {
    try {
      const path = new URL(last).pathname;
      if (url() !== last && !(pathOnly && path === location.pathname)) onRoute();
      last = url();
    } catch {
      // Route tracking must never break the router that changed the URL.
    }
  };
  const history = window.history;
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check(name > 'r');
    };
  }
  addEventListener('popstate', () => check());
}
