// Type tests: compiled by `npm run typecheck` (tsc --noEmit). Each @ts-expect-error must be an error, or the
// compile fails: the public types reject these misuses at the call site.
import { checkoutEventId, createPinterestTag, type PinterestTagCommand, type TrackedEvent, type TrackResult } from '../../src/index';

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
// @ts-expect-error an event takes only its own fields: an add to cart has no order ID (the table says which)
tag.addToCart({ orderId: '1001', items: [{ id: 1 }] });
// @ts-expect-error Pinterest's spelling is not this SDK's input: product_id is items[].id
tag.addToCart({ product_id: 'SKU-1' });
// @ts-expect-error a user-defined event needs its name
tag.userDefined();
// @ts-expect-error the status is one of TrackStatus
const wrong: TrackResult['status'] = 'queued';

// Every event of Pinterest's table is a method, with its own fields.
tag.initiateCheckout({ items: [{ id: 'SKU-1', price: 5 }], promoCode: 'SPRING' });
tag.viewContent({ product: { id: 'SKU-1' }, category: 'Guides' });
tag.submitApplication({ leadType: 'credit' });
tag.userDefined('Quiz Completed', { value: 5, currency: 'USD' });

// The opt-in globals type the command function and the DOM event.
declare const command: PinterestTagCommand;
command('addToCart', { product: { id: 'SKU-1' } });
command('userDefined', 'Quiz Completed');
// @ts-expect-error the command function knows each command's argument
command('search', { orderId: '1' });
const listener = (event: CustomEvent<TrackedEvent>) => event.detail.eventId;

// What correct calls give back.
const result: TrackResult = tag.checkout({ orderId: 1001, items: [{ id: 'SKU-1', price: '9.99', quantity: 2 }], promoCode: 'SPRING' });
const off: () => void = tag.onEvent((event: TrackedEvent) => {
  // @ts-expect-error match values are hashes, keyed by Pinterest's names
  event.match?.email;
});

export { listener, off, result, wrong };
