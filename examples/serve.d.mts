// Types of examples/serve.mjs, for the tests that start the demo server (test/browser/examples.test.ts).

/** A beacon the demo server received at `/v3/`: its parameters, `ed`, `pd`, `ad` and `ov` decoded from JSON. */
export interface DemoBeacon {
  id: number;
  /** When it arrived (ms since epoch). */
  time: number;
  method: 'GET' | 'HEAD' | 'POST';
  event?: string;
  tid?: string;
  ed?: Record<string, unknown>;
  pd?: Record<string, unknown>;
  ad?: Record<string, unknown>;
  ov?: Record<string, unknown>;
  cb?: string;
  noscript?: string;
}

/** An event the SDK relayed to `POST /pinterest-relay`: the `TrackedEvent` as posted, and when it arrived. */
export interface RelayedEvent {
  event?: string;
  apiEvent?: string;
  eventId?: string;
  data?: Record<string, unknown>;
  time?: number;
  url?: string;
  match?: Record<string, string>;
  receivedAt: number;
  [key: string]: unknown;
}

export interface DemoServer {
  /** `http://127.0.0.1:<port>/`, with the trailing slash. */
  url: string;
  close(): Promise<void>;
  /** The live list behind `/__beacons`, oldest first. */
  beacons: DemoBeacon[];
  /** The live list behind `/__relayed`, oldest first. */
  relayed: RelayedEvent[];
}

export function decodeBeacon(params: URLSearchParams): Omit<DemoBeacon, 'id' | 'time' | 'method'>;

export function startDemoServer(options?: { port?: number; log?: (line: string) => void }): Promise<DemoServer>;
