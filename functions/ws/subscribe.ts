/**
 * `{ action: 'subscribe', topics }`: subscribes to each topic the caller may see;
 * each refused one is answered `{ type: 'error', status: 403, topic }` and not stored.
 */
import { subscribeTopics } from '../../shared/ws/actions';
import { SubscribeMessageSchema } from '../../shared/ws/messages';
import { wsRoute } from '../../shared/ws/route';

export const handler = wsRoute(SubscribeMessageSchema, ({ connection, message }) => subscribeTopics(connection, message.topics));
