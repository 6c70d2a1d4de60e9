// Page visits on SPA route changes (SPEC §11.1: one `pagevisit` per route, never a second `load`).

/**
 * Calls `onRoute` after each history navigation to a new URL: `pushState`, `replaceState` when the path changes,
 * and `popstate`. Never twice in a row for the same URL, never for a new fragment alone, and never for the URL the
 * page loaded with until it has changed. Returns a function that stops watching.
 */
export function watchRoutes(onRoute: () => void): () => void {
  const url = (): string => document.URL.split('#')[0]!;
  let last = url();
  let active = true;
  const check = (pathOnly?: boolean): void => {
    try {
      const path = new URL(last).pathname;
      if (active && url() !== last && !(pathOnly && path === location.pathname)) onRoute();
      last = url();
    } catch {
      // Route tracking must never break the router that changed the URL.
    }
  };
  const wrapped: Array<[name: 'pushState' | 'replaceState', original: History['pushState'], wrapper: History['pushState']]> = [];
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    const wrapper = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      check(name === 'replaceState');
    };
    history[name] = wrapper;
    wrapped.push([name, original, wrapper]);
  }
  const onPop = (): void => check();
  addEventListener('popstate', onPop);
  return () => {
    active = false;
    removeEventListener('popstate', onPop);
    // Unwrapped only where nothing wrapped it since; otherwise the wrapper stays, inactive, in the chain.
    for (const [name, original, wrapper] of wrapped) if (history[name] === wrapper) history[name] = original;
  };
}
