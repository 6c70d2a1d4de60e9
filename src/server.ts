// storefront-pinterest-tag/server: the Conversions API half of deduplication (Node >= 20.19). Re-exports only.
export { EVENTS } from './common/catalog';
export { checkoutEventId } from './common/event-id';
// The browser's normalization and hashing, for a server that hashes its own customer records the same way.
export { hashCustomer, hashMatchValue, normalizeMatchValue } from './common/match-keys';
export { sha256 } from './common/sha256';
export type { ActionInputs, ActionName, ApiEventName, Customer, LineItem, MatchData, MatchKey, TagEventName, TrackedEvent } from './common/types';
export type { CallLimiter, CallRate } from './server/call-limiter';
export type { ClientStats, ConversionsClient, ConversionsClientOptions, EventResult, SendOptions, SendResult } from './server/client';
export { ConversionsApiError, createConversionsClient } from './server/client';
export { toConversionEvent } from './server/conversion-event';
export type * from './server/conversion-types';
export type { DeliveryItem, DeliveryQueue, EnqueueOutcome, EventCopy, FlushResult, QueueDepth, QueueStats } from './server/delivery-queue';
export type { DeliveryWorker, DeliveryWorkerOptions, WorkerStats } from './server/delivery-worker';
export { createDeliveryWorker } from './server/delivery-worker';
export type { MemoryQueueOptions } from './server/memory-queue';
export { createMemoryQueue } from './server/memory-queue';
export type { ItemIdSource, OrderCheckout, OrderMappingOptions } from './server/order-mapping';
export { shopifyOrderToCheckout, shoplineOrderToCheckout } from './server/order-mapping';
export type {
  OrderWebhookHandler,
  OrderWebhookOptions,
  WebhookCheck,
  WebhookCheckOptions,
  WebhookOutcome,
  WebhookPlatform,
  WebhookStats,
} from './server/order-webhooks';
export { createOrderWebhookHandler, verifyShopifyWebhook, verifyShoplineWebhook } from './server/order-webhooks';
export type { DeadLetter, RedisConnection, RedisQueueOptions } from './server/redis-queue';
export { createRedisQueue } from './server/redis-queue';
export type { RelayHandler, RelayOptions, RelayRequest, RelayRequestOutcome, RelayStats } from './server/relay';
export { createRelayHandler } from './server/relay';
export type { TrustProxy } from './server/request-context';
export { requestContext } from './server/request-context';
export type { EventOutcome, EventStats, FailureReason } from './server/stats';
