import { describe, expect, it } from 'vitest';
import { createPinterestTag } from '../../src/index';
import { settle } from '../support/page';

describe('smoke', () => {
  it('queues load, page and a pagevisit with an event id', async () => {
    const tag = createPinterestTag({ tagId: '2612345678901' });
    await settle();
    const queue = (window as unknown as { pintrk: { queue: unknown[][] } }).pintrk.queue;
    expect(queue.map((c) => c[0])).toEqual(['load', 'page', 'track']);
    const result = tag.addToCart({ product: { id: 'SKU-1', price: '9.50', quantity: 2 } });
    expect(result.status).toBe('sent');
    expect(queue.at(-1)).toEqual([
      'track',
      'addtocart',
      { line_items: [{ product_id: 'SKU-1', product_price: 9.5, product_quantity: 2 }], order_quantity: 2, value: 19, event_id: result.eventId },
    ]);
  });
});
