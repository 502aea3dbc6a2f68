/**
 * What `subscribe` and `unsubscribe` decide, apart from the Lambda plumbing: which
 * topics the caller may have, which are refused (403 each, nothing stored for them),
 * and the per-connection subscription limit. The store and the authorizer are
 * injected so the rules are tested without DynamoDB.
 */
import type { ConnectionItem, Subscription } from './connections';
import * as connections from './connections';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION, type Reply } from './messages';
import { authorizeTopic, resolveTopic, type TopicCaller, type TopicDecision } from './topics';

export interface SubscriptionDeps {
  readonly authorize: (caller: TopicCaller, clientTopic: string) => Promise<TopicDecision>;
  readonly subscribedTopics: (connectionId: string) => Promise<ReadonlySet<string>>;
  readonly subscribe: (connection: ConnectionItem, subscriptions: readonly Subscription[]) => Promise<void>;
  readonly unsubscribe: (connectionId: string, topics: readonly string[]) => Promise<void>;
}

const defaultDeps: SubscriptionDeps = {
  authorize: (caller, clientTopic) => authorizeTopic(caller, clientTopic),
  subscribedTopics: connections.subscribedTopics,
  subscribe: connections.subscribe,
  unsubscribe: connections.unsubscribe,
};

export const callerOfConnection = (connection: ConnectionItem): TopicCaller => ({
  userId: connection.userId,
  isAdmin: connection.roles.includes('admin'),
});

export async function subscribeTopics(
  connection: ConnectionItem,
  clientTopics: readonly string[],
  deps: SubscriptionDeps = defaultDeps,
): Promise<Reply[]> {
  const caller = callerOfConnection(connection);
  const requested = [...new Set(clientTopics)];
  const decisions = await Promise.all(requested.map((clientTopic) => deps.authorize(caller, clientTopic)));
  const refusals: Reply[] = [];
  const accepted: string[] = [];
  // Keyed by the stored topic: `user:me` and `user:<own id>` are one subscription.
  const toStore = new Map<string, Subscription>();
  requested.forEach((clientTopic, i) => {
    const decision = decisions[i];
    if (!decision?.allowed) return void refusals.push({ type: 'error', status: 403, topic: clientTopic });
    accepted.push(clientTopic);
    if (!toStore.has(decision.topic)) toStore.set(decision.topic, { topic: decision.topic, clientTopic });
  });
  // Read-then-write: two racing subscribe messages can overshoot by one message's worth
  // (MAX_TOPICS_PER_MESSAGE). Acceptable: the limit bounds storage, it guards no money.
  const existing = await deps.subscribedTopics(connection.connectionId);
  const added = [...toStore.keys()].filter((topic) => !existing.has(topic)).length;
  if (existing.size + added > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
    return [
      ...refusals,
      {
        type: 'error',
        status: 400,
        detail: `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection; nothing was subscribed.`,
      },
    ];
  }
  await deps.subscribe(connection, [...toStore.values()]);
  return [...refusals, { type: 'subscribed', topics: accepted }];
}

/** Unsubscribing from something never subscribed is not an error: the outcome is the same. */
export async function unsubscribeTopics(
  connection: ConnectionItem,
  clientTopics: readonly string[],
  deps: SubscriptionDeps = defaultDeps,
): Promise<Reply[]> {
  const caller = callerOfConnection(connection);
  const stored = new Set(clientTopics.map((t) => resolveTopic(caller, t)).filter((t): t is string => t !== undefined));
  await deps.unsubscribe(connection.connectionId, [...stored]);
  return [{ type: 'unsubscribed', topics: [...new Set(clientTopics)] }];
}
