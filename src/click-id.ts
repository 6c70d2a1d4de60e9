// The Pinterest click ID (SPEC §6): `?epik=` on the landing URL, kept in the first-party `_epik` cookie as
// Pinterest's tag keeps it, so the server has it for `user_data.click_id` even when `core.js` is blocked.
import Cookies from 'js-cookie';
import { CLICK_ID } from './common/match-keys';

export const CLICK_ID_COOKIE = '_epik';

/** The click ID on the landing URL, or else the one in the `_epik` cookie, whichever is valid first. */
export function readClickId(): string | undefined {
  return [new URLSearchParams(location.search).get('epik'), Cookies.get(CLICK_ID_COOKIE)].find(
    (value): value is string => typeof value === 'string' && CLICK_ID.test(value),
  );
}

/** Where Pinterest's tag sets its cookies: the hostname without `www.`; none for `localhost` or an IP address. */
const attributes = (): Cookies.CookieAttributes => {
  const host = location.hostname.replace(/^www\./, '');
  return { path: '/', domain: /[a-z-]\.[a-z]/i.test(host) && !host.includes(':') ? host : undefined };
};

/** Stores the click ID for 365 days, as Pinterest's tag does. */
export function storeClickId(value: string): void {
  const options: Cookies.CookieAttributes = { ...attributes(), expires: 365, sameSite: 'Lax', secure: location.protocol === 'https:' };
  Cookies.set(CLICK_ID_COOKIE, value, options);
  // A browser refuses a domain it counts as public (a hosting platform's suffix): keep a host-only cookie then.
  if (Cookies.get(CLICK_ID_COOKIE) !== value) Cookies.set(CLICK_ID_COOKIE, value, { ...options, domain: undefined });
}

export function removeClickId(): void {
  Cookies.remove(CLICK_ID_COOKIE, attributes());
  Cookies.remove(CLICK_ID_COOKIE, { path: '/' });
}
