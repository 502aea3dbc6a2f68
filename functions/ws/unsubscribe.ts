/** `{ action: 'unsubscribe', topics }`: stops delivery of those topics. */
import { z } from 'zod';
import { unsubscribe } from '../../shared/ws/connections';
import { wsRoute } from '../../shared/ws/route';
import { MAX_TOPIC_LENGTH } from '../../shared/ws/topics';

const UnsubscribeSchema = z.object({
  action: z.literal('unsubscribe'),
  topics: z.array(z.string().min(1).max(MAX_TOPIC_LENGTH)).min(1).max(50),
});

export const handler = wsRoute(UnsubscribeSchema, async ({ connectionId, connection, message }) => {
  const caller = { userId: connection.userId, isAdmin: connection.roles.includes('admin') };
  for (const clientTopic of message.topics) {
    // Only the stored spelling matters: `user:me` resolves to the caller's own topic.
    const resolved = clientTopic === 'user:me' ? `user:${caller.userId}` : clientTopic;
    await unsubscribe(connectionId, resolved);
  }
  return { type: 'unsubscribed', topics: message.topics };
});
