// The Pinterest click ID (SPEC §6): `?epik=` on the landing URL, kept in the first-party `_epik` cookie as
// Pinterest's tag keeps it, so the server has it for `user_data.click_id` even when `core.js` is blocked.
import Cookies from 'js-cookie';

export const CLICK_ID_COOKIE = '_epik';

/** Click IDs are URL-safe base64 in practice; anything else (or absurdly long) is not stored. */
const VALID = /^[\w.~=+/-]{1,512}$/;

/** The click ID on the landing URL, or else the one in the `_epik` cookie. */
export function readClickId(): string | undefined {
  let fromUrl: string | null = null;
  try {
    fromUrl = new URLSearchParams(location.search).get('epik');
  } catch {
    // An unparsable URL has no click ID.
  }
  const value = fromUrl ?? Cookies.get(CLICK_ID_COOKIE);
  return value && VALID.test(value) ? value : undefined;
}

/** Where Pinterest's tag sets its cookies: the hostname without `www.`; none for `localhost` or an IP address. */
function cookieDomain(): string | undefined {
  const host = location.hostname.replace(/^www\./, '');
  return /\./.test(host) && !/^[\d.]+$|:/.test(host) ? host : undefined;
}

/** Stores the click ID for 365 days, as Pinterest's tag does. */
export function storeClickId(value: string): void {
  const attributes: Cookies.CookieAttributes = {
    expires: 365,
    path: '/',
    sameSite: 'Lax',
    secure: location.protocol === 'https:',
    domain: cookieDomain(),
  };
  Cookies.set(CLICK_ID_COOKIE, value, attributes);
  // A browser refuses a domain it considers public (a hosting platform's suffix): keep a host-only cookie then.
  if (Cookies.get(CLICK_ID_COOKIE) !== value) Cookies.set(CLICK_ID_COOKIE, value, { ...attributes, domain: undefined });
}

export function removeClickId(): void {
  Cookies.remove(CLICK_ID_COOKIE, { path: '/', domain: cookieDomain() });
  Cookies.remove(CLICK_ID_COOKIE, { path: '/' });
}
