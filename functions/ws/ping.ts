/** `{ action: 'ping' }` → `{ type: 'pong' }` (clients ping to stay under API Gateway's 10-minute idle limit). */
import { z } from 'zod';
import { wsRoute } from '../../shared/ws/route';

export const handler = wsRoute(z.object({ action: z.literal('ping') }), async () => ({ type: 'pong' }));
