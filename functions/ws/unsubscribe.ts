/** `{ action: 'unsubscribe', topics }`: stops delivery of those topics → `{ type: 'unsubscribed', topics }`. */
import { unsubscribeTopics } from '../../shared/ws/actions';
import { UnsubscribeMessageSchema } from '../../shared/ws/messages';
import { wsRoute } from '../../shared/ws/route';

export const handler = wsRoute(UnsubscribeMessageSchema, ({ connection, message }) => unsubscribeTopics(connection, message.topics));
