/** Pushes every completed or failed outcome to the WebSocket subscribers of its topics. */
import { logger } from '../../shared/observability/logger';
import { eventProcessor } from '../../shared/processing/queue-processor';
import { fanOut } from '../../shared/ws/fan-out';

export const handler = eventProcessor({ queue: 'notify' }, async (event) => {
  const result = await fanOut(event);
  logger.debug('fan-out done', { detailType: event['detail-type'], eventId: event.id, ...result });
});
