/** WebSocket $default: a message with an unknown action (non-JSON is answered by `wsRoute` itself). */
import * as z from '../../shared/validation/zod';
import { wsRoute } from '../../shared/ws/route';

export const handler = wsRoute(z.unknown(), async () => ({
  type: 'error',
  status: 400,
  detail: 'Unknown action. Use subscribe, unsubscribe or ping.',
}));
