/**
 * `{ action: 'subscribe', topics }`: subscribes to each topic the caller may see;
 * each refused one is answered `{ type: 'error', status: 403, topic }` and skipped.
 */
import { z } from 'zod';
import { countSubscriptions, subscribe } from '../../shared/ws/connections';
import { postToConnection } from '../../shared/ws/post';
import { wsRoute } from '../../shared/ws/route';
import { authorizeTopic, MAX_TOPIC_LENGTH } from '../../shared/ws/topics';

export const MAX_TOPICS_PER_MESSAGE = 50;
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 200;

const SubscribeSchema = z.object({
  action: z.literal('subscribe'),
  topics: z.array(z.string().min(1).max(MAX_TOPIC_LENGTH)).min(1).max(MAX_TOPICS_PER_MESSAGE),
});

export const handler = wsRoute(SubscribeSchema, async ({ connectionId, connection, message }) => {
  const caller = { userId: connection.userId, isAdmin: connection.roles.includes('admin') };
  const topics = [...new Set(message.topics)];
  if ((await countSubscriptions(connectionId)) + topics.length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
    return { type: 'error', status: 400, detail: `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection.` };
  }
  const subscribed: string[] = [];
  for (const clientTopic of topics) {
    const decision = await authorizeTopic(caller, clientTopic);
    if (decision.allowed) {
      await subscribe(connectionId, decision.topic, clientTopic);
      subscribed.push(clientTopic);
    } else {
      await postToConnection(connectionId, { type: 'error', status: 403, topic: clientTopic });
    }
  }
  return { type: 'subscribed', topics: subscribed };
});
