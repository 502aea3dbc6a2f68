/** POST /admin/queues/{name}/redrive: admins move a queue's dead letters back after a fix. */
import { dlqEnvVar, manifest } from '../../infra/manifest';
import { redrive } from '../../shared/bus/redrive';
import { requireEnv } from '../../shared/config/env';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

/**
 * How long one request may spend moving messages. API Gateway ends a REST integration at
 * 29 s, cold start included; the last batch (one receive, then a send and a delete for each
 * of up to 10 messages) must finish well inside what is left.
 */
export const REDRIVE_TIME_BUDGET_MS = 20_000;

export const handler = httpHandler({}, async ({ caller, params }) => {
  const startedAtEpochMs = Date.now();
  const queue = manifest.queues.find((q) => q.name === params.name);
  // Not an admin, or no such queue: the same 404, so neither can be probed.
  if (!caller.isAdmin || !queue) throw notFound('queue');
  const { moved, hasMore } = await redrive(
    { dlqUrl: requireEnv(dlqEnvVar(queue)), queueUrl: requireEnv(queue.envVar), fifo: queue.fifo },
    { deadlineEpochMs: startedAtEpochMs + REDRIVE_TIME_BUDGET_MS },
  );
  return json(200, { queue: queue.name, moved, hasMore });
});
