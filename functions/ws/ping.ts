/** `{ action: 'ping' }` → `{ type: 'pong' }` (clients ping to stay under API Gateway's 10-minute idle limit). */
import { PingMessageSchema } from '../../shared/ws/messages';
import { wsRoute } from '../../shared/ws/route';

export const handler = wsRoute(PingMessageSchema, async () => ({ type: 'pong' }));
