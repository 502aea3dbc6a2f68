/**
 * The WebSocket message contract (API.md, "WebSocket"): what clients send and what
 * they are answered. Limits are named here so every route enforces the same ones.
 */
import * as z from '../validation/zod';

/**
 * Keeps one subscribe message to a bounded number of authorization reads, and its
 * subscriptions within one transaction (TransactWriteItems: 100 items), so they are
 * stored all or nothing.
 */
export const MAX_TOPICS_PER_MESSAGE = 50;
/**
 * Bounds a message's topics together. A single malformed topic, however long or empty, is
 * refused on its own (403, like any topic the caller may not see) and the others are still
 * subscribed; only a message too large as a whole is refused with one 400.
 */
export const MAX_TOPIC_CHARS_PER_MESSAGE = 10_000;
/** Keeps one connection's partition (and its $disconnect cleanup) small. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 200;

const TopicsSchema = z.array(z.string()).check(
  z.minLength(1),
  z.maxLength(MAX_TOPICS_PER_MESSAGE),
  z.refine((topics) => topics.reduce((chars, topic) => chars + topic.length, 0) <= MAX_TOPIC_CHARS_PER_MESSAGE, {
    error: `Topics may hold at most ${MAX_TOPIC_CHARS_PER_MESSAGE} characters together.`,
  }),
);

export const SubscribeMessageSchema = z.object({ action: z.literal('subscribe'), topics: TopicsSchema });
export const UnsubscribeMessageSchema = z.object({ action: z.literal('unsubscribe'), topics: TopicsSchema });
export const PingMessageSchema = z.object({ action: z.literal('ping') });

export type Reply =
  | { readonly type: 'subscribed'; readonly topics: readonly string[] }
  | { readonly type: 'unsubscribed'; readonly topics: readonly string[] }
  | { readonly type: 'pong' }
  | { readonly type: 'error'; readonly status: 403; readonly topic: string }
  | { readonly type: 'error'; readonly status: 400 | 401 | 500; readonly detail: string };

/** The connection is not (or no longer) known: it closed, or its item expired. */
export const UNKNOWN_CONNECTION: Reply = { type: 'error', status: 401, detail: 'Unknown connection; reconnect.' };

/**
 * A push to a subscriber: API.md's shape, `topic` spelled as the client subscribed. `seq`
 * numbers the pushes of one stored topic 1, 2, 3, … (all spellings and connections share it),
 * so a number skipped tells the client it missed one and should re-read the resource.
 */
export interface Push {
  readonly type: 'event';
  readonly topic: string;
  readonly seq: number;
  readonly event: {
    readonly id: string;
    readonly type: string;
    readonly occurredAt: string;
    readonly data: Record<string, unknown>;
  };
}
