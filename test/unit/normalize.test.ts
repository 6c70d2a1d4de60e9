import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_KEYS, hashCustomer, hashMatchValue, normalizeMatchValue } from '../../src/common/match-keys';
import { explain } from '../../src/common/messages';
import type { Customer, MatchKey } from '../../src/common/types';
import { isTagId } from '../../src/common/values';

// node:crypto as the independent oracle, so these tests do not trust src/hash.ts.
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const HEX64 = /^[a-f0-9]{64}$/;
const KEYS: MatchKey[] = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country', 'external_id'];

/** Runs hashCustomer and collects every report. */
function hashAll(customer: unknown) {
  const reports: string[] = [];
  const match = hashCustomer(customer, (code, field, got) => reports.push(explain(code, field, got)));
  return { match, reports };
}

describe('CUSTOMER_KEYS', () => {
  it('maps every Customer field to its Pinterest match key (SPEC §4.1, §7.3)', () => {
    expect(CUSTOMER_KEYS).toStrictEqual({
      email: 'em',
      phone: 'ph',
      firstName: 'fn',
      lastName: 'ln',
      gender: 'ge',
      dateOfBirth: 'db',
      city: 'ct',
      state: 'st',
      zip: 'zp',
      country: 'country',
      externalId: 'external_id',
    });
  });
});

describe('normalizeMatchValue', () => {
  describe('em', () => {
    it.each([
      [' Jane.Doe@Example.COM ', 'jane.doe@example.com'],
      ['JANE+shop@mail.example.co.uk', 'jane+shop@mail.example.co.uk'],
      ['\tjane@example.com\n', 'jane@example.com'],
      ['JÖRG@exämple.de', 'jörg@exämple.de'],
    ])('normalizes %j to %j', (input, expected) => {
      expect(normalizeMatchValue('em', input)).toBe(expected);
    });

    it.each([
      '',
      '   ',
      'not-an-email',
      'jane@',
      '@example.com',
      'jane@example',
      'jane @example.com',
      'jane@@example.com',
      'jane@example..com',
      'jane@.com',
      'jane@example.com.',
    ])('rejects %j', (input) => {
      expect(normalizeMatchValue('em', input)).toBe('');
    });

    it('trims and lower-cases any generated email address', () => {
      fc.assert(
        fc.property(fc.emailAddress(), (email) => {
          expect(normalizeMatchValue('em', `  ${email.toUpperCase()} `)).toBe(email.toLowerCase());
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('ph', () => {
    it.each([
      ['+1 (555) 010-9999', '15550109999'],
      ['0044 20 7946 0958', '442079460958'],
      ['+44 (0)20 7946 0958', '4402079460958'],
      ['1.555.010.9999', '15550109999'],
      [15550109999, '15550109999'],
      ['1234567', '1234567'],
      ['123456789012345', '123456789012345'],
    ])('normalizes %j to %j', (input, expected) => {
      expect(normalizeMatchValue('ph', input)).toBe(expected);
    });

    // Fewer than 7 or more than 15 digits (E.164's maximum) cannot be a phone number with its country code.
    it.each(['', 'abc', '12345', '123456', '000 123 45', '1234567890123456', '+'])('rejects %j', (input) => {
      expect(normalizeMatchValue('ph', input)).toBe('');
    });
  });

  describe('ge', () => {
    it.each([
      ['f', 'f'],
      ['F', 'f'],
      ['Female', 'f'],
      [' male ', 'm'],
      ['M', 'm'],
      ['n', 'n'],
      ['non-binary', 'n'],
      ['Non-Binary', 'n'],
      ['nonbinary', 'n'],
    ])('normalizes %j to %j', (input, expected) => {
      expect(normalizeMatchValue('ge', input)).toBe(expected);
    });

    it.each(['', 'x', 'woman', 'females', 'fm', 'unknown', 'malee'])('rejects %j', (input) => {
      expect(normalizeMatchValue('ge', input)).toBe('');
    });
  });

  describe('db', () => {
    it.each<[string, unknown, string]>([
      ['ISO date', '1990-05-17', '19900517'],
      ['slashes', '1990/05/17', '19900517'],
      ['dots', '1990.05.17', '19900517'],
      ['compact', '19900517', '19900517'],
      ['compact number', 19900517, '19900517'],
      ['padded', ' 1990-05-17 ', '19900517'],
      ['Date from an ISO date', new Date('1990-05-17'), '19900517'],
      // A Date is read in UTC, whatever the shopper's time zone.
      ['Date late in the UTC day', new Date(Date.UTC(1990, 4, 17, 23, 59)), '19900517'],
      ['leap day', '2000-02-29', '20000229'],
      ['end of year', '2009-12-31', '20091231'],
    ])('normalizes a %s to YYYYMMDD', (_label, input, expected) => {
      expect(normalizeMatchValue('db', input)).toBe(expected);
    });

    it.each<[string, unknown]>([
      ['invalid Date', new Date('not a date')],
      ['month 13', '1990-13-01'],
      ['month 0', '1990-00-10'],
      ['day 0', '1990-05-00'],
      ['day 32', '1990-05-32'],
      ['day-first date', '17/05/1990'],
      ['unpadded month', '1990-5-17'],
      ['two-digit year', '90-05-17'],
      ['year 1899', '1899-12-31'],
      ['words', 'May 17, 1990'],
      ['empty', ''],
    ])('rejects a %s', (_label, input) => {
      expect(normalizeMatchValue('db', input)).toBe('');
    });

    // These days do not exist: hashing them sends a birthday no shopper has.
    it.each([
      ['30 February', '1990-02-30'],
      ['31 February', '1990-02-31'],
      ['29 February of a common year', '2001-02-29'],
      ['31 April', '1990-04-31'],
      ['31 June', '1990-06-31'],
    ])('rejects %s, a day that does not exist', (_label, input) => {
      expect(normalizeMatchValue('db', input)).toBe('');
    });
  });

  describe('ct', () => {
    it.each([
      ['New York', 'newyork'],
      ['  SAN FRANCISCO ', 'sanfrancisco'],
      ["St. John's", 'stjohns'],
      ['Winston-Salem', 'winstonsalem'],
      ['São Paulo', 'sãopaulo'],
      ['Zürich', 'zürich'],
      ['東京', '東京'],
      ['Москва', 'москва'],
      ['29 Palms', '29palms'],
    ])('normalizes %j to %j', (input, expected) => {
      expect(normalizeMatchValue('ct', input)).toBe(expected);
    });

    it.each(['', '   ', '!!!', '-'])('rejects %j', (input) => {
      expect(normalizeMatchValue('ct', input)).toBe('');
    });

    // A decomposed "ã" (a + U+0303, as macOS and some keyboards produce) is a letter, not punctuation: dropping
    // its combining mark would hash "saopaulo", a city the precomposed spelling never matches.
    it('keeps combining marks of decomposed letters', () => {
      expect(normalizeMatchValue('ct', 'São Paulo'.normalize('NFD')).normalize('NFC')).toBe('sãopaulo');
    });
  });

  describe.each<[MatchKey, string]>([
    ['st', 'state'],
    ['country', 'country'],
  ])('%s', (key, name) => {
    it.each([
      ['CA', 'ca'],
      [' ny ', 'ny'],
      ['US', 'us'],
      ['de', 'de'],
    ])(`normalizes the ${name} %j to %j`, (input, expected) => {
      expect(normalizeMatchValue(key, input)).toBe(expected);
    });

    it.each(['California', 'USA', 'United States', 'C1', 'c', '', 'c a', 'ç'])(`rejects the ${name} %j`, (input) => {
      expect(normalizeMatchValue(key, input)).toBe('');
    });
  });

  describe('zp', () => {
    it.each<[unknown, string]>([
      ['94103', '94103'],
      ['02134', '02134'],
      ['94103-1234', '94103'],
      ['941031234', '94103'],
      [' 10115 ', '10115'],
      ['SW1A 1AA', 'sw1a1aa'],
      ['K1A 0B1', 'k1a0b1'],
      [94103, '94103'],
    ])('normalizes %j to %j', (input, expected) => {
      expect(normalizeMatchValue('zp', input)).toBe(expected);
    });

    it.each(['', '  ', '-', ' - '])('rejects %j', (input) => {
      expect(normalizeMatchValue('zp', input)).toBe('');
    });
  });

  describe('fn, ln, external_id', () => {
    it.each<[MatchKey, unknown, string]>([
      ['fn', ' Jane ', 'jane'],
      ['fn', 'JÖRG', 'jörg'],
      ['ln', "O'Brien", "o'brien"],
      ['ln', 'van der Berg', 'van der berg'],
      ['external_id', ' User-42 ', 'user-42'],
      ['external_id', 42, '42'],
    ])('%s: normalizes %j to %j', (key, input, expected) => {
      expect(normalizeMatchValue(key, input)).toBe(expected);
    });

    it.each<MatchKey>(['fn', 'ln', 'external_id'])('%s: rejects blank text', (key) => {
      expect(normalizeMatchValue(key, '   ')).toBe('');
    });
  });

  describe('every key', () => {
    // DESIGN rule 3: a value that is already SHA-256 hex is passed through, only lower-cased.
    it.each(KEYS)('%s: passes an already-hashed value through, lower-cased', (key) => {
      const hash = sha('jane@example.com');
      expect(normalizeMatchValue(key, hash)).toBe(hash);
      expect(normalizeMatchValue(key, ` ${hash.toUpperCase()} `)).toBe(hash);
      expect(hashMatchValue(key, hash.toUpperCase())).toBe(hash);
    });

    it.each(KEYS)('%s: gives "" for a value that is not text or a finite number', (key) => {
      for (const value of [null, undefined, NaN, Infinity, -Infinity, true, {}, [], ['x@y.com'], () => 'x', Symbol('x')]) {
        expect(normalizeMatchValue(key, value)).toBe('');
        expect(hashMatchValue(key, value)).toBe('');
      }
    });

    // 63 or 65 hex characters are not a SHA-256: they are normalized and hashed like any other value.
    it('does not take 63 or 65 hex characters for a hash', () => {
      expect(hashMatchValue('external_id', 'a'.repeat(63))).toBe(sha('a'.repeat(63)));
      expect(hashMatchValue('external_id', 'a'.repeat(65))).toBe(sha('a'.repeat(65)));
      expect(hashMatchValue('fn', 'A'.repeat(63))).toBe(sha('a'.repeat(63)));
    });

    // Only the value as given may be a hash: one that becomes 64 hex characters only after the rewrite
    // (digits of a long "phone", a zip with spaces) is plain data and must be validated and hashed.
    it('does not take a value that only looks like a hash after normalization for one', () => {
      const phone = `+1 ${'2'.repeat(63)}`;
      expect(hashMatchValue('ph', phone)).toBe('');
      const zip = '1234 '.repeat(16).trim();
      expect(hashMatchValue('zp', zip)).toBe(sha('1234'.repeat(16)));
    });

    it('gives the same result when normalizing twice, so server and browser agree', () => {
      fc.assert(
        fc.property(fc.constantFrom(...KEYS), fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.emailAddress()), (key, value) => {
          const once = normalizeMatchValue(key, value);
          expect(normalizeMatchValue(key, once)).toBe(once);
        }),
        { numRuns: 500 },
      );
    });
  });
});

describe('hashMatchValue', () => {
  it.each<[MatchKey, unknown, string]>([
    ['em', ' Jane.Doe@Example.COM ', 'jane.doe@example.com'],
    ['ph', '+1 (555) 010-9999', '15550109999'],
    ['fn', ' Jane ', 'jane'],
    ['ln', 'Doe', 'doe'],
    ['ge', 'Female', 'f'],
    ['db', '1990-05-17', '19900517'],
    ['ct', 'New York', 'newyork'],
    ['st', 'CA', 'ca'],
    ['zp', '94103-1234', '94103'],
    ['country', 'US', 'us'],
    ['external_id', ' User-42 ', 'user-42'],
  ])('%s: hashes %j as the SHA-256 of %j', (key, input, normalized) => {
    expect(hashMatchValue(key, input)).toBe(sha(normalized));
  });

  // SPEC §7.3 quotes sha256("us") = 9b202ecb…, which is the hash of "US"; the lower-case code gives 79adb2a2….
  it('hashes country US as the lower-case code', () => {
    expect(hashMatchValue('country', 'US')).toBe('79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621');
    expect(hashMatchValue('country', 'US')).not.toBe('9b202ecbc6d45c6d8901d989a918878397a3eb9d00e8f48022fc051b19d21a1d');
  });

  it('gives "" for an invalid value, never the hash of ""', () => {
    expect(hashMatchValue('em', 'not-an-email')).toBe('');
    expect(hashMatchValue('st', 'California')).toBe('');
    expect(hashMatchValue('ct', '   ')).toBe('');
  });
});

describe('hashCustomer', () => {
  it('matches its documented example', () => {
    expect(hashAll({ email: 'Jane@Example.com', country: 'US' })).toStrictEqual({
      match: {
        em: '8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d',
        country: '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621',
      },
      reports: [],
    });
  });

  it('hashes every field of a full customer under its match key', () => {
    const customer: Customer = {
      email: ' Jane.Doe@Example.COM ',
      phone: '+1 (555) 010-9999',
      firstName: 'Jane',
      lastName: 'Doe',
      gender: 'female',
      dateOfBirth: new Date('1990-05-17'),
      city: 'New York',
      state: 'NY',
      zip: '10001-0001',
      country: 'US',
      externalId: 'User-42',
    };
    expect(hashAll(customer)).toStrictEqual({
      match: {
        em: sha('jane.doe@example.com'),
        ph: sha('15550109999'),
        fn: sha('jane'),
        ln: sha('doe'),
        ge: sha('f'),
        db: sha('19900517'),
        ct: sha('newyork'),
        st: sha('ny'),
        zp: sha('10001'),
        country: sha('us'),
        external_id: sha('user-42'),
      },
      reports: [],
    });
  });

  it('passes already-hashed values through, lower-cased', () => {
    const hash = sha('jane@example.com');
    expect(hashAll({ email: hash.toUpperCase(), phone: hash })).toStrictEqual({ match: { em: hash, ph: hash }, reports: [] });
  });

  it('leaves out empty and missing fields without a report', () => {
    expect(hashAll({ email: '', phone: null, firstName: undefined, city: 'Paris' })).toStrictEqual({ match: { ct: sha('paris') }, reports: [] });
  });

  it('gives nothing and reports nothing for no customer', () => {
    expect(hashAll(undefined)).toStrictEqual({ match: {}, reports: [] });
    expect(hashAll(null)).toStrictEqual({ match: {}, reports: [] });
    expect(hashAll({})).toStrictEqual({ match: {}, reports: [] });
  });

  it('reports each invalid field once, by name, and leaves it out', () => {
    const customer = {
      email: 'jane.doe-at-example',
      phone: '555-12',
      firstName: '   ',
      lastName: { text: 'Doe' },
      gender: 'woman',
      dateOfBirth: '1990-13-45',
      city: '!!!',
      state: 'California',
      zip: '-',
      country: 'USA',
      externalId: true,
    };
    expect(hashAll(customer)).toStrictEqual({
      match: {},
      reports: [
        'customer.email is not valid for this field, and was left out',
        'customer.phone is not valid for this field, and was left out',
        'customer.firstName is not valid for this field, and was left out',
        'customer.lastName is not valid for this field, and was left out',
        'customer.gender is not valid for this field, and was left out',
        'customer.dateOfBirth is not valid for this field, and was left out',
        'customer.city is not valid for this field, and was left out',
        'customer.state is not valid for this field, and was left out',
        'customer.zip is not valid for this field, and was left out',
        'customer.country is not valid for this field, and was left out',
        'customer.externalId is not valid for this field, and was left out',
      ],
    });
  });

  it('keeps the valid fields when others are invalid', () => {
    expect(hashAll({ email: 'jane@example.com', state: 'California' })).toStrictEqual({
      match: { em: sha('jane@example.com') },
      reports: ['customer.state is not valid for this field, and was left out'],
    });
  });

  // The report goes to the console: a plain email there is the very leak hashing exists to prevent.
  it.each(['jane.doe@example.com', '+1 555 010 9999'])('reports a customer given as the plain text %j without repeating it', (customer) => {
    const { match, reports } = hashAll(customer);
    expect(match).toStrictEqual({});
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/^customer must be an object such as \{ email: 'jane@example.com' \}, not a/);
    expect(reports[0]).not.toContain('jane.doe');
    expect(reports[0]).not.toContain('555');
  });

  it('reports a customer given as a number, without repeating it (it may be a phone number)', () => {
    expect(hashAll(15550109999)).toStrictEqual({
      match: {},
      reports: ["customer must be an object such as { email: 'jane@example.com' }, not a number that is not shown"],
    });
  });

  describe('properties', () => {
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.emailAddress(),
      fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/),
      fc.stringMatching(/^[0-9a-fA-F]{60,66}$/),
      fc.integer(),
      fc.double(),
      fc.date(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.object({ maxDepth: 1 }),
      fc.array(fc.string(), { maxLength: 2 }),
    );
    const customer = fc.record(Object.fromEntries(Object.keys(CUSTOMER_KEYS).map((field) => [field, value])), { requiredKeys: [] });
    const REPORT = /^customer\.(\w+) is not valid for this field, and was left out$/;

    it('never returns a plain value, and reports only by field name', () => {
      fc.assert(
        fc.property(customer, (given) => {
          const { match, reports } = hashAll(given);
          for (const [key, hash] of Object.entries(match)) {
            expect(KEYS).toContain(key);
            expect(hash).toMatch(HEX64);
          }
          // Every report is the fixed template, which has no room for the value.
          const reported = reports.map((message) => REPORT.exec(message)?.[1]);
          for (const field of reported) expect(Object.keys(CUSTOMER_KEYS)).toContain(field);
          for (const [field, key] of Object.entries(CUSTOMER_KEYS)) {
            const input = (given as Record<string, unknown>)[field];
            const expected = hashMatchValue(key, input);
            // Each field is either hashed, reported once, or was empty.
            expect(match[key] ?? '').toBe(expected);
            expect(reported.filter((name) => name === field)).toHaveLength(!expected && input != null && input !== '' ? 1 : 0);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('hashes each valid value as the SHA-256 of its normalized form', () => {
      fc.assert(
        fc.property(customer, (given) => {
          const { match } = hashAll(given);
          for (const [field, key] of Object.entries(CUSTOMER_KEYS)) {
            const normalized = normalizeMatchValue(key, (given as Record<string, unknown>)[field]);
            expect(match[key]).toBe(!normalized ? undefined : HEX64.test(normalized) ? normalized : sha(normalized));
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('isTagId', () => {
  it('takes 1 to 20 ASCII digits and nothing else, as the pattern /^\\d{1,20}$/ would', () => {
    const digits = fc.stringMatching(/^\d{0,22}$/);
    const near = fc.string({ unit: fc.constantFrom('0', '9', '/', ':', '٣', ' ', '\n', 'a'), maxLength: 22 });
    fc.assert(
      fc.property(fc.oneof(digits, near, fc.string()), (text) => {
        expect(isTagId(text)).toBe(/^\d{1,20}$/.test(text));
      }),
    );
    expect(isTagId('2612345678901')).toBe(true);
    expect(isTagId('')).toBe(false);
    expect(isTagId('1'.repeat(21))).toBe(false);
  });
});
