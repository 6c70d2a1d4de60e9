// The browser files ship ES2020 syntax (Chrome 80, Firefox 74, Safari 13.1), as the README promises: a bundled
// dependency with newer syntax (uuid ships ES2020; a future version may not) would fail here, not on a shopper's
// older phone.
import { readFileSync } from 'node:fs';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { FILES } from '../../scripts/budgets.mjs';

// Every file of the script tag (each has a size budget).
describe.each(Object.keys(FILES))('%s', (file) => {
  const code = readFileSync(file, 'utf8');

  it('parses as ES2020', () => {
    expect(() => parse(code, { ecmaVersion: 2020, sourceType: 'script' })).not.toThrow();
  });

  it('would not parse as ES2019 only because of what ES2020 adds (the check above can fail)', () => {
    expect(() => parse(code, { ecmaVersion: 2019, sourceType: 'script' })).toThrow();
  });
});
