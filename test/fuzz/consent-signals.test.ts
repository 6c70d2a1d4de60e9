// Consent signals (`consentFrom`), fuzzed: any set of signals, any sequence of what the signals say (Consent Mode
// defaults and updates through the real gtag snippet, the IAB CMP API's TC data, Shopify's banner choices, GPC),
// of the store's setConsent(), of events and of time passing. Two properties, checked after every step against a
// model of what the signals say *now* (written from their documentation, not from the SDK):
// 1. no Pinterest request (`load`, `page`, `track`, core.js) while any listed signal, or the store, does not grant;
//    nothing stored or cookied before the first grant;
// 2. no match key leaves while Consent Mode's `ad_user_data` is not granted: the tag's partner data holds none at any
//    `track`, and no released event (listeners, the DOM event, the relay) carries match keys or the click ID.
import { CmpApi } from '@iabtechlabtcf/cmpapi';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsentSignal, TrackedEvent } from '../../src/common/types';
import { SIGNAL_TIMEOUT_MS, stopSignals } from '../../src/consent-signals/resolver';
import { LOOK_MS } from '../../src/consent-signals/signal';
import { TCF_PURPOSES } from '../../src/consent-signals/tcf';
import { createPinterestTag } from '../../src/index';
import { ACCEPT_ALL, fakeShopifyTheme, installGtag, removeConsentPlaces, setGpc, tcString } from '../support/consent';
import { recordPageListeners, resetPage, setUrl } from '../support/page';
import { arm, mostly, params, tally, timeout, wild } from './support';

recordPageListeners();

const TAG_ID = '2612345678901';
const EPIK = 'dj0yJnU9b2JDcFFH';
const MATCH_KEYS = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country', 'external_id'];

type Value = 'granted' | 'denied';
type Tcf = 'banner' | 'all' | 'partial' | 'notApplies';
type Step =
  | { kind: 'gcm'; command: 'default' | 'update'; storage?: Value; userData?: Value; wait?: number }
  | { kind: 'tcf'; to: Tcf }
  | { kind: 'shopify'; marketing: boolean; saleOfData: boolean }
  | { kind: 'store'; to: Value }
  | { kind: 'event'; action: 'addToCart' | 'lead' | 'pageVisit' | 'identify' }
  | { kind: 'wait'; ms: number };

const value = fc.constantFrom<Value>('granted', 'denied');
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        kind: fc.constant('gcm' as const),
        command: fc.constantFrom('default' as const, 'update' as const),
        storage: value,
        userData: value,
        wait: fc.constantFrom(100, 500, 2000),
      },
      { requiredKeys: ['kind', 'command'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tcf' as const), to: fc.constantFrom<Tcf>('banner', 'all', 'partial', 'notApplies') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('shopify' as const), marketing: fc.boolean(), saleOfData: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('store' as const), to: value }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      action: fc.constantFrom('addToCart' as const, 'lead' as const, 'pageVisit' as const, 'identify' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(50, 300, 1000, SIGNAL_TIMEOUT_MS + 10) }) },
);
const scenario = fc.record({
  signals: fc.subarray<ConsentSignal>(['gcm', 'tcf', 'gpc', 'shopify'], { minLength: 1 }),
  gpc: fc.boolean(),
  gpcMode: fc.constantFrom('ldp' as const, 'deny' as const, 'ignore' as const),
  customer: fc.boolean(),
  steps: fc.array(step, { minLength: 1, maxLength: 25 }),
});

/** TC strings made once (encoding is the slow part): what each CMP state gives. */
let TC: Record<'all' | 'partial', string>;

beforeAll(async () => {
  TC = { all: tcString(ACCEPT_ALL), partial: tcString({ purposes: TCF_PURPOSES.filter((p) => p !== 4), vendors: ACCEPT_ALL.vendors }) };
  // The consent files are dynamic imports: loaded once here, they resolve at once under fake timers below.
  await Promise.all([import('../../src/consent-signals/resolver'), import('../../src/consent-signals/gcm'), import('../../src/consent-signals/tcf')]);
  await Promise.all([import('../../src/consent-signals/gpc'), import('../../src/consent-signals/shopify')]);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/** What the signals say now, modelled from their documentation (not from the SDK). */
function createModel(signals: ConsentSignal[], gpc: boolean, gpcMode: 'ldp' | 'deny' | 'ignore') {
  const defaults: Array<Partial<Record<'ad_storage' | 'ad_user_data', Value>>> = [];
  const updates: Partial<Record<'ad_storage' | 'ad_user_data', Value>> = {};
  let updated = false;
  let waitUntil = 0;
  let tcf: Tcf | 'none' = 'none';
  let marketing = false;
  let store: Value = 'granted';
  /** Consent Mode's value of `key`: the update, else the defaults (the region unknown: the most restrictive). */
  const gcm = (key: 'ad_storage' | 'ad_user_data'): Value | undefined =>
    updates[key] ?? (defaults.some((d) => d[key] === 'denied') ? 'denied' : defaults.some((d) => d[key] === 'granted') ? 'granted' : undefined);
  const grants: Record<ConsentSignal, () => boolean> = {
    gcm: () => (updated || Date.now() >= waitUntil) && gcm('ad_storage') === 'granted',
    tcf: () => tcf === 'all' || tcf === 'notApplies',
    gpc: () => !(gpc && gpcMode === 'deny'),
    shopify: () => marketing,
  };
  return {
    take(step: Step): void {
      if (step.kind === 'gcm') {
        const values: Partial<Record<'ad_storage' | 'ad_user_data', Value>> = {};
        if (step.storage) values.ad_storage = step.storage;
        if (step.userData) values.ad_user_data = step.userData;
        if (step.command === 'update') {
          Object.assign(updates, values);
          updated = true;
        } else {
          defaults.push(values);
          if (step.wait) waitUntil = Math.max(waitUntil, Date.now() + step.wait);
        }
      }
      if (step.kind === 'tcf') tcf = step.to;
      if (step.kind === 'shopify') marketing = step.marketing;
      if (step.kind === 'store') store = step.to;
    },
    granted: (): boolean => store === 'granted' && signals.every((name) => grants[name]()),
    /** Consent Mode listed and its `ad_user_data` not granted: no match key may leave. */
    userDataDenied: (): boolean => signals.includes('gcm') && gcm('ad_user_data') !== 'granted',
  };
}

type Command = unknown[];
const queue = (): Command[] => (window as unknown as { pintrk?: { queue?: Command[] } }).pintrk?.queue ?? [];
const coreScripts = (): number => document.querySelectorAll('script[src*="/ct/core.js"]').length;

describe('consent signals, fuzzed', () => {
  it(
    'no Pinterest request while a signal or the store does not grant; no match key while ad_user_data is denied',
    async () => {
      const run = tally('consent signals');
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(scenario, async ({ signals, gpc, gpcMode, customer, steps }) => {
          run.count();
          vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
          resetPage();
          setUrl(`/?epik=${EPIK}`);
          const relayed: string[] = [];
          Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_url: string, body: string) => relayed.push(body) > 0 });
          const released: TrackedEvent[] = [];
          setGpc(gpc);
          const gtag = installGtag();
          const cmp = signals.includes('tcf') ? new CmpApi(10, 1, false) : undefined;
          const shopify = fakeShopifyTheme({ banner: true });
          const model = createModel(signals, gpc, gpcMode);
          try {
            const tag = createPinterestTag({
              tagId: TAG_ID,
              consentFrom: signals,
              gpc: gpcMode,
              relay: 'https://shop.example/relay',
              customer: customer ? { email: 'jane@shop.example', phone: '+44 7700 900123' } : undefined,
              onEvent: (event) => released.push(event),
            });
            let everGranted = false;
            let seen = 0;
            let seenReleased = 0;
            const partner: Record<string, unknown> = {};
            const check = (): void => {
              const granted = model.granted();
              everGranted ||= granted;
              const commands = queue();
              for (const [name, first, second] of commands.slice(seen)) {
                if (name === 'load' || name === 'page' || name === 'track') expect(granted, `${String(name)} while not granted`).toBe(true);
                if (name === 'load') Object.assign(partner, second);
                if (name === 'set') Object.assign(partner, first);
                if (name === 'track' && model.userDataDenied())
                  expect(
                    MATCH_KEYS.filter((key) => partner[key]),
                    'match keys in partner data at a track with ad_user_data denied',
                  ).toEqual([]);
              }
              seen = commands.length;
              for (const event of released.slice(seenReleased)) {
                if (model.userDataDenied()) {
                  expect(event.match, 'released match keys with ad_user_data denied').toBeUndefined();
                  expect(event.clickId).toBeUndefined();
                  expect(event.adUserData).toBe('denied');
                }
              }
              seenReleased = released.length;
              if (!granted) expect(coreScripts() === 0 || everGranted).toBe(true);
              if (!everGranted) {
                expect(document.cookie).toBe('');
                expect(localStorage.length).toBe(0);
                expect(relayed).toEqual([]);
              }
            };
            await vi.advanceTimersByTimeAsync(0);
            check();
            for (const s of steps) {
              model.take(s);
              if (s.kind === 'gcm') {
                const params: Record<string, unknown> = {};
                if (s.storage) params.ad_storage = s.storage;
                if (s.userData) params.ad_user_data = s.userData;
                if (s.command === 'default' && s.wait) params.wait_for_update = s.wait;
                gtag('consent', s.command, params);
              } else if (s.kind === 'tcf') {
                if (s.to === 'notApplies') cmp?.update(null);
                else if (s.to === 'banner') cmp?.update('', true);
                else cmp?.update(TC[s.to], false);
              } else if (s.kind === 'shopify') shopify.choose({ marketing: s.marketing, saleOfData: s.saleOfData });
              else if (s.kind === 'store') tag.setConsent(s.to);
              else if (s.kind === 'event') {
                if (s.action === 'identify') tag.identify({ email: 'typed@shop.example', firstName: 'Jane' });
                else if (s.action === 'addToCart') tag.addToCart({ product: { id: 'SKU-1', price: 5 } });
                else tag[s.action]();
              } else await vi.advanceTimersByTimeAsync(s.ms);
              await vi.advanceTimersByTimeAsync(0);
              check();
            }
            // And the relay saw nothing the listeners did not: the same released events.
            expect(relayed.map((body) => (JSON.parse(body) as TrackedEvent).eventId)).toEqual(released.map((event) => event.eventId));
          } finally {
            stopSignals();
            removeConsentPlaces();
            Reflect.deleteProperty(navigator, 'sendBeacon');
            vi.useRealTimers();
          }
        }),
        params(60),
      );
      run.report(started);
    },
    timeout(60, 400),
  );

  it(
    'hostile consent options and hostile consent places: nothing throws into the page, nothing is sent that no signal granted',
    async () => {
      const run = tally('consent signals: hostile options and places');
      const started = Date.now();
      const errors: string[] = [];
      document.defaultView!.addEventListener('error', (event) => errors.push(String((event as ErrorEvent).error ?? (event as ErrorEvent).message)));
      const names = fc.constantFrom('gcm', 'tcf', 'gpc', 'shopify', 'GCM', ' tcf ');
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              consentFrom: fc.oneof(wild, fc.array(fc.oneof(names, wild), { maxLength: 5 }), fc.constantFrom('gcm,tcf', 'gpc shopify', '', 'x')),
              gpc: mostly(fc.constantFrom('ldp', 'deny', 'ignore')),
              tcfVendorId: mostly(fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('1001', ' 7 '))),
              shopifyPixel: fc.oneof(wild, fc.record({ init: wild, customerPrivacy: wild })),
              limitedDataProcessing: mostly(fc.record({ state: fc.constantFrom('CA', 'ca', 'California'), country: fc.constantFrom('US', 'us', 'USA') })),
              dataLayer: fc.oneof(
                wild,
                fc.array(fc.oneof(wild, fc.tuple(fc.constant('consent'), fc.constantFrom('default', 'update'), wild)), { maxLength: 4 }),
              ),
              tcfapi: wild,
              shopify: wild,
            },
            { requiredKeys: ['consentFrom'] },
          ),
          async (given) => {
            run.count();
            vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
            resetPage();
            errors.length = 0;
            const c = arm(given);
            const win = window as unknown as Record<string, unknown>;
            try {
              if ('dataLayer' in c) win.dataLayer = c.dataLayer;
              if ('tcfapi' in c) win.__tcfapi = c.tcfapi;
              if ('shopify' in c) win.Shopify = c.shopify;
              const tag = createPinterestTag({
                tagId: TAG_ID,
                consentFrom: c.consentFrom as never,
                gpc: c.gpc as never,
                tcfVendorId: c.tcfVendorId as never,
                shopifyPixel: c.shopifyPixel as never,
                limitedDataProcessing: c.limitedDataProcessing as never,
              });
              tag.addToCart({ product: { id: 'SKU-1', price: 5 } });
              tag.setConsent('granted');
              await vi.advanceTimersByTimeAsync(SIGNAL_TIMEOUT_MS + LOOK_MS + 100);
              tag.lead();
              await vi.advanceTimersByTimeAsync(0);
              expect(errors).toEqual([]);
              // GPC is the one signal that grants without the page's help (it is off here): only it can let requests go.
              let text = '';
              try {
                const listed: unknown[] = typeof c.consentFrom === 'string' ? [c.consentFrom] : Array.isArray(c.consentFrom) ? c.consentFrom : [];
                text = listed.filter((name) => typeof name === 'string').join(',');
              } catch {
                // A revoked proxy lists nothing.
              }
              // No consentFrom at all (null, undefined) is no signal: the `consent` option's default, granted, applies.
              if (c.consentFrom != null && !/gpc/i.test(text)) expect(queue().filter((command) => command[0] === 'track')).toEqual([]);
            } finally {
              stopSignals();
              removeConsentPlaces();
              vi.useRealTimers();
            }
          },
        ),
        params(100),
      );
      run.report(started);
    },
    timeout(100, 200),
  );
});
