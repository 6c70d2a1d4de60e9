// Reads a Pinterest tag request (`/v3/`, SPEC §9.1) back into what the tag sent: the GET beacon's query string,
// or the form body of the POST the tag uses for URLs of 2048 characters or more.

export interface DecodedBeacon {
  method: 'GET' | 'POST';
  /** The request URL (for a POST, without the fields). */
  url: string;
  /** Parameter names in the order they were sent, e.g. `['event', 'ed', 'tid', 'pd', 'ad', 'cb']`. */
  params: string[];
  /** `init` for `page`, else the event name as given to `track` (trimmed, case kept). */
  event: string;
  tid: string;
  /** Event data (`track` only). */
  ed?: Record<string, unknown>;
  /** Partner data: `em`, `epik`, `opt_out_type`, … */
  pd?: Record<string, unknown>;
  /** Automatic data: `loc`, `ref`, `if`, `sh`, `sw`, `mh`. */
  ad?: Record<string, unknown>;
  /** Page data / overrides. */
  ov?: Record<string, unknown>;
  /** Cache buster: `Date.now()` when the request was built. */
  cb: number;
}

const JSON_PARAMS = ['ed', 'pd', 'ad', 'ov'] as const;

function parseJson(name: string, text: string, url: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below with the request, which says more than JSON.parse's message.
  }
  throw new Error(`Pinterest request ${url}: '${name}' is not a JSON object: ${text}`);
}

/**
 * Decodes one request to `https://ct.pinterest.com/v3/` (or a local stand-in's `/v3/`). Throws when a JSON
 * parameter is not a JSON object, or when `event`, `tid` or `cb` is missing: the test should fail loudly then.
 *
 * @example
 * decodeBeacon('https://ct.pinterest.com/v3/?event=checkout&ed=%7B%22value%22%3A116%7D&tid=123&cb=1')
 * // { method: 'GET', event: 'checkout', ed: { value: 116 }, tid: '123', cb: 1, params: ['event', 'ed', 'tid', 'cb'], … }
 */
export function decodeBeacon(url: string, formBody?: string): DecodedBeacon {
  const parsed = new URL(url);
  const fields = new URLSearchParams(formBody ?? parsed.search);
  const params = [...fields.keys()];
  const get = (name: string): string => {
    const values = fields.getAll(name);
    if (values.length !== 1) throw new Error(`Pinterest request ${url}: expected one '${name}', found ${values.length}`);
    return values[0]!;
  };
  const beacon: DecodedBeacon = {
    method: formBody === undefined ? 'GET' : 'POST',
    url: formBody === undefined ? url : parsed.origin + parsed.pathname,
    params,
    event: get('event'),
    tid: get('tid'),
    cb: Number(get('cb')),
  };
  for (const name of JSON_PARAMS) if (fields.has(name)) beacon[name] = parseJson(name, get(name), url);
  return beacon;
}
