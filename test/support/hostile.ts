// The one list of hostile values the tests give the SDK: values that break careless code (a revoked Proxy, getters
// that throw, a cyclic object, a sparse array…), and the things code might throw. The fuzz suites draw from them
// through fast-check (`hostile`, `wild`), the unit tests name each (`HOSTILE_VALUES`).
import fc from 'fast-check';

/**
 * A stand-in for a value that breaks careless code: a revoked Proxy, a getter that throws, a cyclic object….
 * fast-check prints its cases, and printing such a value would throw in fast-check itself; so cases hold this
 * printable token, and `arm()` swaps in a fresh real value just before the SDK sees it.
 */
export class Hostile {
  constructor(readonly kind: HostileKind) {}
  [fc.toStringMethod](): string {
    return `hostile(${this.kind})`;
  }
}

const KINDS = [
  'revoked proxy',
  'throwing proxy',
  'throwing getters',
  'throwing toString',
  'cyclic',
  'null prototype',
  'long string',
  'symbol',
  'bigint',
  'throwing function',
  'frozen',
  'sparse array',
  'invalid date',
  'changing getter',
] as const;
export type HostileKind = (typeof KINDS)[number];

const boom = (): never => {
  throw new Error('hostile value');
};
/** Every field name the SDK reads, so that a getter is hit wherever the SDK looks. */
const FIELDS = [
  'items',
  'product',
  'eventId',
  'orderId',
  'query',
  'value',
  'currency',
  'category',
  'id',
  'price',
  'quantity',
  'name',
  'email',
  'phone',
  'state',
  'tagId',
  'consent',
  'customer',
  'scriptUrl',
  'relay',
  'limitedDataProcessing',
  'onEvent',
  'toJSON',
  'then',
  'length',
];

function make(kind: HostileKind): unknown {
  switch (kind) {
    case 'revoked proxy': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'throwing proxy':
      return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom, set: boom, defineProperty: boom });
    case 'throwing getters':
      return Object.defineProperties({}, Object.fromEntries(FIELDS.map((field) => [field, { get: boom, enumerable: true }])));
    case 'throwing toString':
      return { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom };
    case 'cyclic': {
      const cyclic: Record<string, unknown> = { id: 'SKU-1' };
      cyclic.self = cyclic;
      cyclic.items = [cyclic];
      cyclic.product = cyclic;
      return cyclic;
    }
    case 'null prototype':
      return Object.assign(Object.create(null), { id: 'SKU-1', price: 1, orderId: 'A-1', query: 'boots' });
    case 'long string':
      return 'x'.repeat(100_000);
    case 'symbol':
      return Symbol('hostile');
    case 'bigint':
      return BigInt(10);
    case 'throwing function':
      return boom;
    case 'frozen':
      return Object.freeze({ items: Object.freeze([Object.freeze({ id: 'SKU-1', price: 1 })]), orderId: 'F-1', query: 'frozen' });
    case 'sparse array':
      // eslint-disable-next-line no-sparse-arrays -- the point: holes.
      return [, { id: 'SKU-1' }, ,];
    case 'invalid date':
      return new Date(NaN);
    case 'changing getter': {
      // Well-formed when first read, garbage when read again: a check and a use that read twice disagree.
      let reads = 0;
      return Object.defineProperties(
        {},
        Object.fromEntries(
          FIELDS.filter((f) => f !== 'toJSON' && f !== 'then' && f !== 'length').map((field) => [
            field,
            { get: () => (reads++ % 2 ? { nested: boom } : field === 'items' ? [{ id: 'SKU-1', price: 2 }] : 'SKU-1'), enumerable: true },
          ]),
        ),
      );
    }
  }
}

export const hostile: fc.Arbitrary<Hostile> = fc.constantFrom(...KINDS).map((kind) => new Hostile(kind));

/** A copy of a generated case with each `Hostile` token replaced by a fresh real value (holes kept). */
export function arm<T>(value: T): T {
  if (value instanceof Hostile) return make(value.kind) as T;
  if (Array.isArray(value)) return value.map(arm) as T;
  if (value && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const copy = Object.create(proto) as Record<string, unknown>;
    for (const key of Object.keys(value)) copy[key] = arm((value as Record<string, unknown>)[key]);
    return copy as T;
  }
  return value;
}

/** Anything at all: fast-check's `anything` with every option, or a hostile value. */
export const wild: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      maxDepth: 2,
    }),
  },
  { weight: 1, arbitrary: hostile },
);

/** Mostly `good`, sometimes anything: well-formed cases reach deep into the SDK, wild ones try its guards. */
export const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> => fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: wild });

/** Things code might throw, including values whose string conversion itself throws. */
export const THROWN: Array<[string, unknown]> = [
  ['an Error', new Error('boom')],
  ['a string', 'boom'],
  ['undefined', undefined],
  ['a Symbol', Symbol('boom')],
  ['a null-prototype object', Object.create(null)],
  [
    'an object whose toString throws',
    {
      toString() {
        throw new Error('toString boom');
      },
    },
  ],
];

const throwing = (thrown: unknown) => () => {
  throw thrown;
};

/**
 * Every hostile kind by its name, and, for each thing code might throw, a Proxy whose traps throw it and an object
 * whose getters throw it: fresh values, by label, since neither fast-check nor vitest can print them.
 */
export function hostileValues(): Array<[string, unknown]> {
  return [
    ...KINDS.map((kind): [string, unknown] => [kind, make(kind)]),
    ...THROWN.flatMap(
      ([what, thrown]): Array<[string, unknown]> => [
        [
          `a Proxy whose traps throw ${what}`,
          new Proxy(
            {},
            {
              get: throwing(thrown),
              has: throwing(thrown),
              ownKeys: throwing(thrown),
              getOwnPropertyDescriptor: throwing(thrown),
              getPrototypeOf: throwing(thrown),
            },
          ),
        ],
        [
          `an object whose getters throw ${what}`,
          Object.defineProperties({}, Object.fromEntries(FIELDS.map((field) => [field, { enumerable: true, get: throwing(thrown) }]))),
        ],
      ],
    ),
  ];
}
