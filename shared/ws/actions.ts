/**
 * What `subscribe` and `unsubscribe` decide, apart from the Lambda plumbing: which
 * topics the caller may have, which are refused (403 each, nothing stored for them),
 * and the per-connection subscription limit. The store and the authorizer are
 * injected so the rules are tested without DynamoDB.
 *
 * A subscription is the topic as the client spelled it: `user:me` and `user:<own id>`
 * name one stored topic, but each spelling is its own subscription and pushes echo it,
 * so a client filtering on the topic it subscribed to always finds its pushes.
 */
import type { ConnectionItem, Subscription } from './connections';
import * as connections from './connections';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION, type Reply, UNKNOWN_CONNECTION } from './messages';
import { authorizeTopic, resolveTopic, type TopicCaller, type TopicDecision } from './topics';

export interface SubscriptionDeps {
  readonly authorize: (caller: TopicCaller, clientTopic: string) => Promise<TopicDecision>;
  readonly subscribedClientTopics: (connectionId: string) => Promise<ReadonlySet<string>>;
  /** False when the connection is gone (nothing was stored then). */
  readonly subscribe: (connection: ConnectionItem, subscriptions: readonly Subscription[]) => Promise<boolean>;
  readonly unsubscribe: (connectionId: string, clientTopics: readonly string[]) => Promise<void>;
}

const defaultDeps: SubscriptionDeps = {
  authorize: (caller, clientTopic) => authorizeTopic(caller, clientTopic),
  subscribedClientTopics: connections.subscribedClientTopics,
  subscribe: (connection, subscriptions) => connections.subscribe(connection, subscriptions),
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
  const toStore: Subscription[] = [];
  requested.forEach((clientTopic, i) => {
    const decision = decisions[i];
    if (!decision?.allowed) {
      refusals.push({ type: 'error', status: 403, topic: clientTopic });
      return;
    }
    toStore.push({ topic: decision.topic, clientTopic });
  });
  // Read-then-write: two racing subscribe messages can overshoot by one message's worth
  // (MAX_TOPICS_PER_MESSAGE). Acceptable: the limit bounds storage, it guards no money.
  const existing = await deps.subscribedClientTopics(connection.connectionId);
  const added = toStore.filter(({ clientTopic }) => !existing.has(clientTopic)).length;
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
  // The connection was checked before; a client that closed since must not leave subscriptions behind.
  if (!(await deps.subscribe(connection, toStore))) return [...refusals, UNKNOWN_CONNECTION];
  return [...refusals, { type: 'subscribed', topics: toStore.map(({ clientTopic }) => clientTopic) }];
}

/** Unsubscribing from something never subscribed is not an error: the outcome is the same. */
export async function unsubscribeTopics(
  connection: ConnectionItem,
  clientTopics: readonly string[],
  deps: SubscriptionDeps = defaultDeps,
): Promise<Reply[]> {
  const caller = callerOfConnection(connection);
  const requested = [...new Set(clientTopics)];
  // Only well-formed topics can have been stored (and only they fit a key).
  await deps.unsubscribe(
    connection.connectionId,
    requested.filter((clientTopic) => resolveTopic(caller, clientTopic) !== undefined),
  );
  return [{ type: 'unsubscribed', topics: requested }];
}
