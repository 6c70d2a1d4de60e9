// Type tests: compiled by `npm run typecheck` (tsc --noEmit). Each @ts-expect-error must be an error, or the
// compile fails: the public types reject these misuses at the call site.
import { checkoutEventId, createPinterestTag, type TrackedEvent, type TrackResult } from '../../src/index';

const tag = createPinterestTag({ tagId: '2612345678901', currency: 'USD' });

// @ts-expect-error tagId is required
createPinterestTag({ currency: 'USD' });
// @ts-expect-error consent has three states
createPinterestTag({ tagId: '1', consent: 'yes' });
// @ts-expect-error limitedDataProcessing takes a boolean or { state, country }
createPinterestTag({ tagId: '1', limitedDataProcessing: 'CA' });

// @ts-expect-error search needs a query
tag.search({});
// @ts-expect-error checkout needs an orderId
tag.checkout({ items: [{ id: 1 }] });
// @ts-expect-error a line item needs an id
tag.addToCart({ items: [{ price: 10 }] });
// @ts-expect-error a price is a number or a numeric string, not an object
tag.addToCart({ product: { id: 1, price: { amount: 10 } } });
// @ts-expect-error eventId is a string
tag.lead({ eventId: 42 });
// @ts-expect-error setConsent takes 'granted' or 'denied' ('pending' is only a starting state)
tag.setConsent('pending');
// @ts-expect-error identify takes a Customer
tag.identify('jane@example.com');
// @ts-expect-error there is no purchase action: a completed order is a checkout
tag.purchase({ orderId: '1' });
// @ts-expect-error checkoutEventId takes the order ID
checkoutEventId({ orderId: '1' });

// What correct calls give back.
const result: TrackResult = tag.checkout({ orderId: 1001, items: [{ id: 'SKU-1', price: '9.99', quantity: 2 }], promoCode: 'SPRING' });
const off: () => void = tag.onEvent((event: TrackedEvent) => {
  // @ts-expect-error match values are hashes, keyed by Pinterest's names
  event.match?.email;
});

export { off, result };
