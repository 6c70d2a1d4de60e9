// Traffic that should not count: crawlers and scripts that say what they are in their user agent. Pinterest's own
// crawler ("Pinterest/0.2 (+https://www.pinterest.com/bot.html)", "Pinterestbot") renders pages and can fire the
// storefront's events; a shopper in Pinterest's app browser ("… [Pinterest/iOS]") is a shopper and counts.
// Headless browsers that do not say so are not "obvious" and are left to the store (`bots` option).

/** Longest user agent looked at: every real one is shorter, and the test costs the same for any input. */
const MAX_USER_AGENT = 512;

/**
 * Self-declared crawlers, link previewers and HTTP libraries. Plain alternatives, each a literal or a word with
 * boundaries: one pass over the (capped) user agent, no backtracking.
 */
const BOT =
  /bot\b|bot\/|crawl|spider|slurp|mediapartners|facebookexternalhit|facebookcatalog|pinterest\/0\.|pinterestbot|google-inspectiontool|apis-google|feedfetcher|bingpreview|whatsapp\/|lighthouse|pagespeed|gtmetrix|curl\/|wget\/|python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|libwww-perl|scrapy|axios\/|node-fetch|httpclient|phantomjs/i;

/** Phones whose model names end in "bot" (Cubot) are shoppers. */
const NOT_BOT = /cubot/i;

/**
 * Whether a user agent is an obvious bot or crawler (Pinterest's own crawler included): it names itself one, or
 * is an HTTP library. An empty user agent is not judged here (the event then needs an email to be sent at all).
 *
 * @example
 * isBot('Pinterest/0.2 (+https://www.pinterest.com/bot.html)')                        // true
 * isBot('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) … [Pinterest/iOS]')   // false
 */
export function isBot(userAgent: unknown, extra?: RegExp): boolean {
  if (typeof userAgent !== 'string' || !userAgent) return false;
  const text = userAgent.slice(0, MAX_USER_AGENT);
  return (BOT.test(text) && !NOT_BOT.test(text)) || (extra ? extra.test(text) : false);
}
