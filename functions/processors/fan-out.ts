/** Pushes every completed or failed outcome to the WebSocket subscribers of its topics. */
import { queueProcessor } from '../../shared/processing/queue-processor';
import { fanOut } from '../../shared/ws/fan-out';

export const handler = queueProcessor({ queue: 'notify' }, async (event) => {
  await fanOut(event);
});
