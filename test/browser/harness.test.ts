// The harness itself: it finds Chromium or says how to install it, lets nothing leave the machine, and decodes
// Pinterest requests exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBeacon } from '../../stand-ins/pinterest-tag/decode';
import { chromiumPath, useChromium } from '../support/chromium';

const chromium = useChromium();
const saved = process.env.CHROME_PATH;

afterEach(() => {
  if (saved === undefined) delete process.env.CHROME_PATH;
  else process.env.CHROME_PATH = saved;
});

describe('harness', () => {
  it('chromiumPath: CHROME_PATH when it exists, else an error that says how to install Chromium', () => {
    process.env.CHROME_PATH = process.execPath;
    expect(chromiumPath()).toBe(process.execPath);
    process.env.CHROME_PATH = '/nonexistent/chromium';
    expect(() => chromiumPath()).toThrow(/Chromium not found at \/nonexistent\/chromium\..*`apt-get install chromium`/);
  });

  it('aborts every request off this machine except the Pinterest hosts it answers, and reports page errors', async () => {
    const session = await chromium.open();
    await session.goto('/fixtures/pintrk-stub.html');
    const outcome = await session.page.evaluate(async () => {
      const results: string[] = [];
      for (const url of ['https://example.com/analytics.js', 'https://ct.pinterest.com/user/?tid=1']) {
        results.push(
          await fetch(url, { mode: 'no-cors' }).then(
            () => 'answered',
            () => 'failed',
          ),
        );
      }
      setTimeout(() => {
        throw new Error('boom from the page');
      });
      return results;
    });
    expect(outcome).toEqual(['failed', 'answered']);
    expect(session.blocked).toEqual(['https://example.com/analytics.js']);
    expect(session.otherPinterestRequests).toEqual(['https://ct.pinterest.com/user/?tid=1']);
    await expect.poll(() => session.pageErrors.length).toBe(1);
    expect(() => session.assertNoTagProblems()).toThrow(/page error: Error: boom from the page/);
  });

  it('decodeBeacon reads a GET query and a POST form body, keeping the parameter order', () => {
    const get = decodeBeacon(
      'https://ct.pinterest.com/v3/?event=checkout&ed=%7B%22value%22%3A116%2C%22line_items%22%3A%5B%7B%22product_name%22%3A%22Pillows%20(Set%20of%202)%22%7D%5D%7D&tid=abc123&pd=%7B%22em%22%3A%22f660%22%7D&ad=%7B%22loc%22%3A%22https%3A%2F%2Fwww.example.com%2F%22%2C%22if%22%3Afalse%7D&cb=1583538017548',
    );
    expect(get).toEqual({
      method: 'GET',
      url: expect.stringMatching(/^https:\/\/ct\.pinterest\.com\/v3\/\?event=checkout&/),
      params: ['event', 'ed', 'tid', 'pd', 'ad', 'cb'],
      event: 'checkout',
      tid: 'abc123',
      ed: { value: 116, line_items: [{ product_name: 'Pillows (Set of 2)' }] },
      pd: { em: 'f660' },
      ad: { loc: 'https://www.example.com/', if: false },
      cb: 1583538017548,
    });
    const post = decodeBeacon('https://ct.pinterest.com/v3/', 'tid=1&pd=%7B%7D&event=init&ad=%7B%7D&cb=2');
    expect(post).toEqual({
      method: 'POST',
      url: 'https://ct.pinterest.com/v3/',
      params: ['tid', 'pd', 'event', 'ad', 'cb'],
      event: 'init',
      tid: '1',
      pd: {},
      ad: {},
      cb: 2,
    });
    expect(() => decodeBeacon('https://ct.pinterest.com/v3/?event=init&tid=1&cb=1&ed=%5B%5D')).toThrow(/'ed' is not a JSON object/);
    expect(() => decodeBeacon('https://ct.pinterest.com/v3/?event=init&cb=1')).toThrow(/expected one 'tid', found 0/);
  });
});
