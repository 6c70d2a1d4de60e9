// A local fake of Pinterest's Conversions API v5 for the tests, the examples and the benchmarks: node:http on
// 127.0.0.1:0.
// It validates every body against Pinterest's own request schema (ajv), checks the bearer token, answers with
// Pinterest's response shapes and error codes, injects faults on request, and records each accepted event.

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

// Pinterest's own schemas, vendored in schemas/ (see LICENSE there); a path, not a URL, so that jsdom's URL
// cannot interfere.
const schemaDir = resolve(dirname(fileURLToPath(import.meta.url)), 'schemas');
export const requestSchema = JSON.parse(readFileSync(resolve(schemaDir, 'capi-events.request.schema.json'), 'utf8')) as object;
export const responseSchema = JSON.parse(readFileSync(resolve(schemaDir, 'capi-events.response.schema.json'), 'utf8')) as object;

/** ajv for Pinterest's draft-07 schemas; `int64` is the OpenAPI format of `event_time`, `num_items`, `quantity`. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  return ajv;
}

const ajv = createAjv();
export const validateRequest = ajv.compile(requestSchema);
export const validateResponse = ajv.compile(responseSchema);

/**
 * A fault the fake can answer with instead of the real thing: an HTTP status, a dropped connection, a slow answer,
 * or `'hold'`: no answer until `release()` (then a 503) or until the client goes away (its events never count).
 */
export type Fault = 429 | 500 | 503 | 'drop' | 'slow' | 'hold';

export interface FakeCapiOptions {
  /** The bearer token it accepts. Defaults to `'test-token'`. */
  token?: string;
  faults?: {
    /** Played first, one per request; `'ok'` lets a request through. */
    script?: (Fault | 'ok')[];
    /** After the script: the chance (0–1) that a request gets a fault, drawn from `kinds`. */
    rate?: number;
    kinds?: Fault[];
    /** Seed of the fault draws, so a run can be repeated. Defaults to 1. */
    seed?: number;
    /** How long a `'slow'` answer waits. Defaults to 1000 ms. */
    slowMs?: number;
    /** The `Retry-After` of a 429. Defaults to `'0'`. */
    retryAfter?: string;
    /** After a `'hold'`, hold every later request from the same sender (`X-Sender`) too, as an API that hangs for it would. */
    holdSender?: boolean;
  };
  /** Pinterest's verdict per event; defaults to processed. */
  eventStatus?: (event: Record<string, unknown>) => { status: 'processed' | 'failed'; error_message?: string | null; warning_message?: string | null };
  /** Echo the request's Authorization header in error messages, as a careless server might (to check the client never passes a token on). */
  echoAuthorization?: boolean;
  /** The clock for the event_time check (Pinterest refuses events older than 7 days). Defaults to Date.now. */
  now?: () => number;
  /** Called when a request is held (`'hold'`), with its record. */
  onHold?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  path: string;
  test: boolean;
  /** The status answered, or 'drop'. */
  outcome: number | 'drop';
  fault?: Fault;
  events: number;
  /** When it arrived, by `Date.now()`. */
  at: number;
  /** The request's `X-Sender` header, which test senders set to tell themselves apart. */
  sender?: string;
}

export interface FakeCapi {
  /** Base URL, e.g. `http://127.0.0.1:41234`, to give as the client's `endpoint`. */
  url: string;
  /** Every event answered 200, in arrival order. */
  events: Record<string, unknown>[];
  /** Every request, faults included. */
  requests: RecordedRequest[];
  /** Every 200 body sent. */
  responses: unknown[];
  /** How many times the event with this ID was accepted. */
  arrivals(eventId: string): number;
  /** Answers every held request with a 503. */
  release(): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded PRNG, so fault runs repeat. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ERRORS: Record<number, { code: number; message: string }> = {
  401: { code: 2, message: 'Authentication failed.' },
  429: { code: 8, message: 'Rate limit exceeded.' },
  500: { code: 1, message: 'Internal error.' },
  503: { code: 4197, message: 'The endpoint has been ramped down and is currently not accepting any traffic.' },
};

export async function startFakeCapi(options: FakeCapiOptions = {}): Promise<FakeCapi> {
  const token = options.token ?? 'test-token';
  const faults = options.faults ?? {};
  const script = [...(faults.script ?? [])];
  const draw = random(faults.seed ?? 1);
  const now = options.now ?? Date.now;
  const events: Record<string, unknown>[] = [];
  const requests: RecordedRequest[] = [];
  const responses: unknown[] = [];
  const counts = new Map<string, number>();
  const held = new Set<() => void>();
  const heldSenders = new Set<string>();

  const nextFault = (): Fault | undefined => {
    if (script.length) {
      const next = script.shift()!;
      return next === 'ok' ? undefined : next;
    }
    const kinds = faults.kinds ?? [429, 500, 503, 'drop'];
    if (!faults.rate || draw() >= faults.rate) return undefined;
    return kinds[Math.floor(draw() * kinds.length)];
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const record: RecordedRequest = { path: req.url ?? '', test: false, outcome: 0, events: 0, at: Date.now() };
    if (typeof req.headers['x-sender'] === 'string') record.sender = req.headers['x-sender'];
    requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.outcome = status;
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string, headers?: Record<string, string>): void =>
      send(status, { code, message: options.echoAuthorization ? `${message} (${req.headers.authorization})` : message }, headers);

    const url = new URL(req.url ?? '/', 'http://fake');
    record.test = url.searchParams.get('test') === 'true';
    if (req.method !== 'POST' || !/^\/v5\/ad_accounts\/\d{1,18}\/events$/.test(url.pathname)) return error(404, 404, 'Not found.');
    if (req.headers.authorization !== `Bearer ${token}`) return error(401, ERRORS[401]!.code, ERRORS[401]!.message);

    const fault = record.sender !== undefined && heldSenders.has(record.sender) ? 'hold' : nextFault();
    if (fault === 'hold' && faults.holdSender && record.sender !== undefined) heldSenders.add(record.sender);
    if (fault) record.fault = fault;
    if (fault === 'drop') {
      record.outcome = 'drop';
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (typeof fault === 'number') {
      return error(fault, ERRORS[fault]!.code, ERRORS[fault]!.message, fault === 429 ? { 'Retry-After': faults.retryAfter ?? '0' } : {});
    }
    if (fault === 'hold') {
      // Held until released or until the client goes away: a sender killed meanwhile never gets an answer, and
      // Pinterest never counted its events.
      const gone = await new Promise<boolean>((resolve) => {
        res.on('close', () => resolve(!res.writableFinished));
        held.add(() => resolve(false));
        options.onHold?.(record);
      });
      if (gone) {
        record.outcome = 'drop';
        return;
      }
      return error(503, ERRORS[503]?.code ?? 4197, ERRORS[503]?.message ?? '');
    }
    if (fault === 'slow') {
      // A client that gave up meanwhile never gets the answer: the events count as not received.
      let gone = false;
      res.on('close', () => (gone = !res.writableFinished));
      await new Promise((resolve) => setTimeout(resolve, faults.slowMs ?? 1000));
      if (gone) {
        record.outcome = 'drop';
        return;
      }
    }

    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return error(415, 415, 'Unsupported media type.');
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return error(400, 4196, 'Invalid request: body is not JSON.');
    }
    if (!validateRequest(body)) {
      const reasons = (validateRequest.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` ('${e.params.additionalProperty}')` : ''}`,
      );
      return error(400, 4196, `Invalid request: ${reasons.join('; ')}`);
    }
    const data = (body as { data: Record<string, unknown>[] }).data;
    record.events = data.length;
    // As Pinterest does (SPEC §7.5, observed): a stale event_time fails the whole request with 422 / 953.
    const stale = data.map((event) => (event.event_time as number) < now() / 1000 - 7 * 86400);
    if (stale.some(Boolean)) {
      const statuses = stale.map((old) => ({
        status: old ? 'failed' : 'processed',
        error_message: old ? 'Invalid event_timestamp parameter. Given timestamp is in the past.' : null,
        warning_message: null,
      }));
      return send(422, {
        code: 953,
        message: 'The action could not be processed properly due to some or all data provided being invalid.',
        details: { num_events_received: data.length, num_events_processed: 0, events: statuses },
      });
    }
    const statuses = data.map((event) => {
      const verdict = options.eventStatus?.(event) ?? { status: 'processed' as const };
      return { status: verdict.status, error_message: verdict.error_message ?? null, warning_message: verdict.warning_message ?? null };
    });
    for (const [index, event] of data.entries()) {
      if (statuses[index]!.status !== 'processed' || record.test) continue;
      events.push(event);
      counts.set(event.event_id as string, (counts.get(event.event_id as string) ?? 0) + 1);
    }
    const answer = { num_events_received: data.length, num_events_processed: statuses.filter((s) => s.status === 'processed').length, events: statuses };
    responses.push(answer);
    send(200, answer);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    requests,
    responses,
    arrivals: (eventId) => counts.get(eventId) ?? 0,
    release: () => {
      for (const release of held) release();
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
