/** POST /admin/queues/{name}/redrive: admins move a queue's dead letters back after a fix. */
import { dlqEnvVar, manifest } from '../../infra/manifest';
import { redrive } from '../../shared/bus/redrive';
import { requireEnv } from '../../shared/config/env';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

export const handler = httpHandler({}, async ({ caller, params }) => {
  const queue = manifest.queues.find((q) => q.name === params.name);
  // Not an admin, or no such queue: the same 404, so neither can be probed.
  if (!caller.isAdmin || !queue) throw notFound('queue');
  const moved = await redrive({ dlqUrl: requireEnv(dlqEnvVar(queue)), queueUrl: requireEnv(queue.envVar), fifo: queue.fifo });
  return json(200, { queue: queue.name, moved });
});
