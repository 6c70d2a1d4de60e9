// The npm entry in plain Node (SSR, build tools): importing it touches no browser global, and every export is
// harmless there. Run in a child `node` process so that nothing from the test runner's environment leaks in.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const script = (load: string) => `
  const lib = ${load};
  const seen = {};
  for (const name of Object.keys(lib).sort()) seen[name] = typeof lib[name];
  const tag = lib.createPinterestTag({ tagId: '2612345678901', consent: 'granted' });
  const calls = {};
  for (const action of Object.keys(lib.EVENTS)) calls[action] = tag[action]({ orderId: 'A1', query: 'q', product: { id: 1, price: 2 } });
  calls.userDefined = tag.userDefined('Quiz Done');
  tag.identify({ email: 'jane@example.com' });
  tag.setConsent('denied');
  const off = tag.onEvent(() => {});
  off();
  console.log(JSON.stringify({
    seen, calls,
    clickId: tag.clickId() ?? null,
    checkoutId: lib.checkoutEventId('1001'),
    globals: ['window', 'document', 'localStorage', 'location'].filter((g) => g in globalThis),
  }));`;

function run(code: string, type: 'module' | 'commonjs'): Record<string, any> {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: 'utf8' }));
}

describe.each([
  ['dist/index.mjs', 'module', `await import(${JSON.stringify(`${process.cwd()}/dist/index.mjs`)})`],
  ['dist/index.cjs', 'commonjs', `require(${JSON.stringify(`${process.cwd()}/dist/index.cjs`)})`],
] as const)('%s in plain Node', (_file, type, load) => {
  const result = run(script(load), type);

  it('exports the public API the README documents, and nothing else', () => {
    expect(result.seen).toStrictEqual({
      createPinterestTag: 'function',
      EVENT_NAME: 'string',
      EVENTS: 'object',
      checkoutEventId: 'function',
      hashCustomer: 'function',
      hashMatchValue: 'function',
      normalizeMatchValue: 'function',
      sha256: 'function',
    });
  });

  it("returns an inactive instance whose calls do nothing and throw nothing; a checkout still gets its order's ID", () => {
    for (const [action, call] of Object.entries(result.calls)) {
      expect(call, action).toMatchObject({ status: 'inactive', eventId: action === 'checkout' ? 'checkout_A1' : '' });
    }
    expect(Object.keys(result.calls)).toHaveLength(21);
    expect(result.calls.addToCart).toEqual({ event: 'addtocart', apiEvent: 'add_to_cart', eventId: '', status: 'inactive' });
    expect(result.clickId).toBeNull();
  });

  it('defines no browser global', () => {
    expect(result.globals).toEqual([]);
  });

  it('computes checkout IDs on the server as in the browser', () => {
    expect(result.checkoutId).toBe('checkout_1001');
  });
});
