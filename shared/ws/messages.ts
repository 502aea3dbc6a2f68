/**
 * The WebSocket message contract (API.md, "WebSocket"): what clients send and what
 * they are answered. Limits are named here so every route enforces the same ones.
 */
import * as z from '../validation/zod';

/** Topic strings are short (`account:<ulid>`); anything longer is malformed. */
export const MAX_TOPIC_LENGTH = 200;
/** Keeps one subscribe message to a bounded number of authorization reads. */
export const MAX_TOPICS_PER_MESSAGE = 50;
/** Keeps one connection's partition (and its $disconnect cleanup) small. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 200;

const TopicsSchema = z
  .array(z.string().check(z.minLength(1), z.maxLength(MAX_TOPIC_LENGTH)))
  .check(z.minLength(1), z.maxLength(MAX_TOPICS_PER_MESSAGE));

export const SubscribeMessageSchema = z.object({ action: z.literal('subscribe'), topics: TopicsSchema });
export const UnsubscribeMessageSchema = z.object({ action: z.literal('unsubscribe'), topics: TopicsSchema });
export const PingMessageSchema = z.object({ action: z.literal('ping') });

export type Reply =
  | { readonly type: 'subscribed'; readonly topics: readonly string[] }
  | { readonly type: 'unsubscribed'; readonly topics: readonly string[] }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly status: 403; readonly topic: string }
  | { readonly type: 'error'; readonly status: 400 | 401 | 500; readonly detail: string };

/** A push to a subscriber: API.md's shape, `topic` spelled as the client subscribed. */
export interface Push {
  readonly type: 'event';
  readonly topic: string;
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly occurredAt: string;
    readonly data: Record<string, unknown>;
  };
}
